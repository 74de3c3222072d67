package dev.thalos.redis.security.testkit;

/**
 * Makes text safe to quote in an exception message: every ISO control character (C0, DEL, C1) becomes a visible
 * {@code \}{@code uXXXX} escape. The same escapes as the library's {@code internal.ControlCharacters}, copied
 * because the test kit cannot depend on the library: the library's tests depend on the kit, a cycle Maven refuses.
 */
final class ControlCharacters {

  private ControlCharacters() {}

  /** {@code s} with each ISO control character written as {@code \}{@code uXXXX}; other characters as they are. */
  static String escape(String s) {
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
