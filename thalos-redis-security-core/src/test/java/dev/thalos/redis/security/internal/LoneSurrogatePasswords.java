package dev.thalos.redis.security.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Passwords with a lone surrogate, which UTF-8 cannot encode, for tests that they are refused without a trace of
 * the password in the message.
 */
public final class LoneSurrogatePasswords {

  /** The text around the lone surrogate, long enough to be found if a message quotes any of it. */
  public static final String BEFORE = "Kn0wn-Pa55";
  public static final String AFTER = "w0rd-Tail";

  /** A high surrogate (U+D83D, half of an emoji) with no low surrogate after it. */
  public static final String LONE_HIGH = BEFORE + "\uD83D" + AFTER;
  /** A low surrogate (U+DE00, half of an emoji) with no high surrogate before it. */
  public static final String LONE_LOW = BEFORE + "\uDE00" + AFTER;
  /** A high surrogate as the last character. */
  public static final String TRAILING_HIGH = BEFORE + AFTER + "\uD800";

  /** All of them, for parameterized tests. */
  public static final List<String> ALL = List.of(LONE_HIGH, LONE_LOW, TRAILING_HIGH);

  /** A valid password with a character outside the BMP: U+1F600, the surrogate pair D83D DE00. */
  public static final String WITH_PAIR = BEFORE + "\uD83D\uDE00" + AFTER;

  /** The rule the messages state. */
  public static final String RULE = "must not contain a lone surrogate: UTF-8 cannot encode one";

  private LoneSurrogatePasswords() {}

  /**
   * Asserts that {@code message} names the field and the rule but holds no part of {@code password}: neither
   * the text around the surrogate, nor the surrogate raw or escaped, nor the password's length.
   */
  public static void assertRefusedWithoutTrace(String message, String password) {
    assertTrue(message.contains("password") && message.contains(RULE), message);
    assertFalse(message.contains(BEFORE) || message.contains(AFTER), message);
    for (int i = 0; i < password.length(); i++) {
      char c = password.charAt(i);
      if (Character.isSurrogate(c)) {
        String hex = String.format("%04x", (int) c);
        assertFalse(message.indexOf(c) >= 0, message);
        assertFalse(message.toLowerCase(Locale.ROOT).contains(hex), message);
      }
    }
    assertFalse(message.matches("(?s).*\\b" + password.length() + "\\b.*"), message);
  }

  /** {@link #WITH_PAIR} in UTF-8, spelled out: U+1F600 is the four bytes F0 9F 98 80. */
  public static byte[] withPairUtf8() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(BEFORE.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80});
    out.writeBytes(AFTER.getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  /** The SHA-256 of {@link #withPairUtf8()} in lower-case hex, as Redis stores {@code >}{@link #WITH_PAIR}. */
  public static String withPairSha256Hex() throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(withPairUtf8()));
  }
}
