package dev.thalos.redis.security.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;

/**
 * A log-injection attempt for tests of exception messages: a value that, quoted raw, would end the log line,
 * forge a second one and colour the terminal. Messages must carry {@link #ESCAPED} instead.
 */
public final class LogInjection {

  /** CR LF, a forged log line and an ANSI escape (all lower case, for parsers that lower-case their input). */
  public static final String INJECTED = "evil\r\n2026-01-01 info forged\u001b[31m";

  /** {@link #INJECTED} as {@link ControlCharacters#escape} writes it. */
  public static final String ESCAPED = "evil\\u000d\\u000a2026-01-01 info forged\\u001b[31m";

  /** Two C1 controls, NEL and CSI, that terminals act on like CR LF and ESC [. */
  public static final String C1 = "\u0085\u009b";

  /** {@link #C1} as {@link ControlCharacters#escape} writes it. */
  public static final String C1_ESCAPED = "\\u0085\\u009b";

  private static final boolean C1_IN_FILE_NAMES = canNameFilesWith(C1);

  /**
   * A file name for the attempt: {@link #INJECTED}, then {@link #C1} where the platform can name files with C1
   * characters (its file-name encoding is UTF-8, say; a C1 character cannot be a path's character in ASCII).
   */
  public static final String FILE_NAME = INJECTED + (C1_IN_FILE_NAMES ? C1 : "");

  /** {@link #FILE_NAME} as {@link ControlCharacters#escape} writes it. */
  public static final String FILE_NAME_ESCAPED = ESCAPED + (C1_IN_FILE_NAMES ? C1_ESCAPED : "");

  private LogInjection() {}

  private static boolean canNameFilesWith(String s) {
    String encoding = System.getProperty("sun.jnu.encoding");
    try {
      return encoding != null && Charset.forName(encoding).newEncoder().canEncode(s);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /** Asserts that {@code message} quotes {@link #FILE_NAME} escaped and contains no control character at all. */
  public static void assertFileNameEscaped(String message) {
    assertTrue(message.contains(FILE_NAME_ESCAPED), message);
    assertNoControlCharacters(message);
  }

  /** Asserts that {@code message} quotes {@link #INJECTED} escaped and contains no control character at all. */
  public static void assertEscaped(String message) {
    assertTrue(message.contains(ESCAPED), message);
    assertNoControlCharacters(message);
  }

  /** Asserts that {@code message} contains no ISO control character (C0, DEL, C1). */
  public static void assertNoControlCharacters(String message) {
    assertFalse(message.chars().anyMatch(Character::isISOControl),
        () -> "raw control character in: " + ControlCharacters.escape(message));
  }
}
