package dev.thalos.redis.security.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Percent-decoding of the user name and the sentinel master name in endpoint URIs. */
@Tag("unit")
class EndpointUriTest {

  private static final String GRINNING = "\uD83D\uDE00"; // U+1F600, a surrogate pair in Java
  private static final String KNOWN = "Uri-Known-Pa55word";

  private static IllegalArgumentException rejected(String uri) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EndpointUri.parse(uri));
    assertTrue(e.getMessage().startsWith("invalid uri: '"), e.getMessage());
    assertEquals(-1, e.getMessage().indexOf("invalid uri", 1), "wrapped twice: " + e.getMessage());
    return e;
  }

  @Test
  void literalNonBmpCharacter_nextToAPercentEscape_isKeptIntact() {
    assertEquals("al-ice" + GRINNING, EndpointUri.parse("rediss://al%2Dice" + GRINNING + "@h").user);
    assertEquals(GRINNING + "@eu" + GRINNING,
        EndpointUri.parse("rediss://" + GRINNING + "%40eu" + GRINNING + "@h").user);
  }

  @Test
  void literalNonBmpCharacter_withoutEscapes_isKeptIntact() {
    assertEquals("alice" + GRINNING, EndpointUri.parse("rediss://alice" + GRINNING + "@h").user);
  }

  @Test
  void percentEncodedFourByteSequence_isDecoded_alsoBetweenLiteralNonBmpCharacters() {
    assertEquals(GRINNING, EndpointUri.parse("rediss://%F0%9F%98%80@h").user);
    assertEquals(GRINNING + "\uD83D\uDE01" + GRINNING,
        EndpointUri.parse("rediss://" + GRINNING + "%f0%9f%98%81" + GRINNING + "@h").user);
    // U+10FFFF, the last code point, and U+10000, the first outside the BMP
    assertEquals("\uDBFF\uDFFF\uD800\uDC00", EndpointUri.parse("rediss://%F4%8F%BF%BF%F0%90%80%80@h").user);
  }

  @Test
  void twoAndThreeByteSequences_areDecoded() {
    assertEquals("caf\u00e9-\u20ac", EndpointUri.parse("rediss://caf%C3%A9-%E2%82%AC@h").user);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      // truncated or non-hex escapes
      "rediss://alice%@h|malformed percent-encoding in the user name ('%' must be followed by two hex digits)",
      "rediss://alice%4@h|malformed percent-encoding in the user name",
      "rediss://alice%4g@h|malformed percent-encoding in the user name",
      "rediss://alice%%41@h|malformed percent-encoding in the user name",
      // Character.digit would read these Arabic-Indic and fullwidth digits as 3 and 1
      "rediss://alice%\u0663\u0663@h|malformed percent-encoding in the user name",
      "rediss://alice%\uFF11\uFF11@h|malformed percent-encoding in the user name",
      // malformed UTF-8: truncated sequence, lone continuation byte, overlong '/', encoded surrogates, > U+10FFFF
      "rediss://%F0%9F%98@h|the user name is not valid UTF-8 after percent-decoding",
      "rediss://a%80b@h|the user name is not valid UTF-8 after percent-decoding",
      "rediss://%C0%AF@h|the user name is not valid UTF-8 after percent-decoding",
      "rediss://%ED%A0%BD%ED%B8%80@h|the user name is not valid UTF-8 after percent-decoding",
      "rediss://%F4%90%80%80@h|the user name is not valid UTF-8 after percent-decoding",
      "rediss://%FF@h|the user name is not valid UTF-8 after percent-decoding",
      // a sequence cut in two by a literal character
      "rediss://%F0%9Fx%98%80@h|the user name is not valid UTF-8 after percent-decoding",
      // the same rules for the sentinel master name
      "rediss-sentinel://s#m%4|malformed percent-encoding in the master name",
      "rediss-sentinel://s#m%C0%AF|the master name is not valid UTF-8 after percent-decoding"})
  void malformedPercentEncoding_isRejected_namingTheFieldAndTheRule(String uri, String reason) {
    IllegalArgumentException e = rejected(uri);
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  @Test
  void loneSurrogates_areRejected_withOrWithoutEscapes() {
    for (String user : new String[] {
        "a\uD83Db%41", "a%41\uD83D", "\uDE00%41", "a\uDE00\uD83Db", "a\uD83D", "\uDE00b"}) {
      IllegalArgumentException e = rejected("rediss://" + user + "@h");
      assertTrue(e.getMessage().contains("the user name contains a lone surrogate"), e.getMessage());
    }
    IllegalArgumentException e = rejected("rediss-sentinel://s#m\uD83D");
    assertTrue(e.getMessage().contains("the master name contains a lone surrogate"), e.getMessage());
  }

  @Test
  void decodingErrors_neverRepeatTheUserInfoOrTheFragment() {
    for (String uri : new String[] {
        "rediss://" + KNOWN + "%C0%AF@h", "rediss://" + KNOWN + "%4@h", "rediss://" + KNOWN + "\uD83D@h",
        "rediss-sentinel://s#" + KNOWN + "%C0%AF", "rediss-sentinel://s#" + KNOWN + "%4"}) {
      IllegalArgumentException e = rejected(uri);
      assertFalse(e.getMessage().contains(KNOWN), e.getMessage());
      assertFalse(e.getMessage().contains("%C0"), e.getMessage());
    }
  }
}
