package dev.thalos.redis.security.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.Charset;

/**
 * A log-injection attempt for tests of what the command line prints: a value that, printed raw, would end the
 * line, forge a second one and drive the terminal. Output must carry {@link #ESCAPED} instead.
 */
final class LogInjection {

  /** CR LF, a forged line and an ANSI escape, then two C1 controls (NEL, CSI). */
  static final String INJECTED = "evil\r\n2026-01-01 info forged\u001b[31m\u0085\u009b";

  /** {@link #INJECTED} with each control character written as a {@code \}{@code uXXXX} escape. */
  static final String ESCAPED = "evil\\u000d\\u000a2026-01-01 info forged\\u001b[31m\\u0085\\u009b";

  /**
   * A file name for the attempt: {@link #INJECTED}, without its C1 controls where the platform cannot name files
   * with them (its file-name encoding is ASCII, say).
   */
  static final String FILE_NAME = canNameFilesWith(INJECTED) ? INJECTED : INJECTED.replaceAll("[\u0080-\u009f]", "");

  /** {@link #FILE_NAME} escaped. */
  static final String FILE_NAME_ESCAPED =
      FILE_NAME.equals(INJECTED) ? ESCAPED : ESCAPED.replace("\\u0085\\u009b", "");

  private LogInjection() {}

  private static boolean canNameFilesWith(String s) {
    String encoding = System.getProperty("sun.jnu.encoding");
    try {
      return encoding != null && Charset.forName(encoding).newEncoder().canEncode(s);
    } catch (RuntimeException e) {
      return false;
    }
  }

  /**
   * Asserts that {@code output} shows {@code escaped} and has no control character but its own line breaks, so
   * that no line can be forged.
   */
  static void assertEscaped(String output, String escaped) {
    assertTrue(output.contains(escaped), output);
    assertNoControlCharacters(output);
  }

  /** {@link #assertEscaped(String, String)} with {@link #ESCAPED}. */
  static void assertEscaped(String output) {
    assertEscaped(output, ESCAPED);
  }

  /** Asserts that {@code output} has no control character but {@code \n} line breaks. */
  static void assertNoControlCharacters(String output) {
    assertFalse(output.replace("\n", "").chars().anyMatch(Character::isISOControl),
        () -> "raw control character in: " + output.replace("\r", "<CR>").replace("\u001b", "<ESC>")
            .replace("\u0085", "<NEL>").replace("\u009b", "<CSI>"));
  }
}
