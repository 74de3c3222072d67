package dev.thalos.redis.security.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A log-injection attempt for tests of exception messages: a value that, quoted raw, would end the log line,
 * forge a second one and colour the terminal. Messages must carry {@link #ESCAPED} instead.
 */
public final class LogInjection {

  /** CR LF, a forged log line and an ANSI escape (all lower case, for parsers that lower-case their input). */
  public static final String INJECTED = "evil\r\n2026-01-01 info forged\u001b[31m";

  /** {@link #INJECTED} as {@link ControlCharacters#escape} writes it. */
  public static final String ESCAPED = "evil\\u000d\\u000a2026-01-01 info forged\\u001b[31m";

  private LogInjection() {}

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
