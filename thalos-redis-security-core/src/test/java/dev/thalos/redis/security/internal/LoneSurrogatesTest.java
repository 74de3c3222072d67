package dev.thalos.redis.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class LoneSurrogatesTest {

  @Test
  void indexIn_findsTheFirstUnpairedHalf_andSkipsPairs() {
    assertEquals(-1, LoneSurrogates.indexIn(""));
    assertEquals(-1, LoneSurrogates.indexIn("caf\u00e9 \uD83D\uDE00 \uD834\uDD1E"));
    assertEquals(1, LoneSurrogates.indexIn("a\uD800b"));
    assertEquals(1, LoneSurrogates.indexIn("a\uDE00\uD83D"));
    assertEquals(3, LoneSurrogates.indexIn("\uD83D\uDE00a\uD83D"));
    assertEquals(0, LoneSurrogates.indexIn("\uDE00\uD83D"));
  }

  @Test
  void escape_writesLoneSurrogatesAndControlCharacters_asUnicodeEscapes_andKeepsPairs() {
    assertEquals("a\\ud800 \uD83D\uDE00 \\ude00" + LogInjection.ESCAPED,
        LoneSurrogates.escape("a\uD800 \uD83D\uDE00 \uDE00" + LogInjection.INJECTED));
    assertEquals("\\ude00\\ud83d", LoneSurrogates.escape("\uDE00\uD83D"));
  }
}
