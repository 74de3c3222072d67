package dev.thalos.redis.security.internal;

/**
 * Makes text safe to quote in an exception message or a log line: every ISO control character (C0, DEL, C1)
 * becomes a visible {@code \}{@code uXXXX} escape, so that a value cannot break a line or smuggle terminal
 * escapes into a log.
 */
public final class ControlCharacters {

  private ControlCharacters() {}

  /** {@code s} with each ISO control character written as {@code \}{@code uXXXX}; other characters as they are. */
  public static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
