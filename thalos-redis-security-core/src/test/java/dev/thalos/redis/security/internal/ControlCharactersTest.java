package dev.thalos.redis.security.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ControlCharactersTest {

  @Test
  void escape_writesC0DelAndC1Controls_asUnicodeEscapes() {
    assertEquals("a\\u0000\\u000d\\u000a\\u001b[31m\\u007f\\u0085\\u009b",
        ControlCharacters.escape("a\u0000\r\n\u001b[31m\u007f\u0085\u009b"));
    assertEquals(LogInjection.ESCAPED, ControlCharacters.escape(LogInjection.INJECTED));
    assertEquals(LogInjection.C1_ESCAPED, ControlCharacters.escape(LogInjection.C1));
    assertEquals(LogInjection.FILE_NAME_ESCAPED, ControlCharacters.escape(LogInjection.FILE_NAME));
  }

  @Test
  void escape_keepsOtherCharacters_includingSurrogatePairsAndBackslashes() {
    String text = "caf\u00e9 \uD83D\uDE00 \\u0041 \u2028";
    assertEquals(text, ControlCharacters.escape(text));
  }
}
