package dev.thalos.redis.security.acl.internal;

/** ASCII-only case folding, as C's {@code strcasecmp}/{@code tolower} in the "C" locale Redis runs in. */
public final class Ascii {

  private Ascii() {
  }

  /** Whether a and b are equal ignoring the case of ASCII letters only (unlike {@link String#equalsIgnoreCase}). */
  public static boolean equalsIgnoreCase(String a, String b) {
    int n = a.length();
    if (n != b.length()) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y && lower(x) != lower(y)) {
        return false;
      }
    }
    return true;
  }

  /** Lower-cases ASCII letters only. */
  public static String toLowerCase(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        char[] out = s.toCharArray();
        for (int j = i; j < out.length; j++) {
          out[j] = lower(out[j]);
        }
        return new String(out);
      }
    }
    return s;
  }

  static char lower(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
  }
}
