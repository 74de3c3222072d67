package dev.thalos.redis.security.acl;

/** Checks on the text that goes into one ACL rule token. */
final class AclTokens {

  private AclTokens() {
  }

  /** Rejects null, empty, blanks and control characters, naming the field and quoting the value. */
  static String requireToken(String field, String value) {
    if (value == null) {
      throw new IllegalArgumentException(field + " must not be null");
    }
    if (value.isEmpty()) {
      throw new IllegalArgumentException(field + " must not be empty");
    }
    String problem = problem(value);
    if (problem != null) {
      throw new IllegalArgumentException("invalid " + field + ": " + quote(value) + " (" + problem + ")");
    }
    return value;
  }

  /** Why a token cannot be written to an ACL file, or {@code null}. */
  static String problem(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        return "blanks are not allowed";
      }
      if (c < 0x20 || c == 0x7f) {
        return "control characters are not allowed";
      }
    }
    return null;
  }

  /** Quotes a value for a message, escaping control characters and keeping it short. */
  static String quote(String value) {
    StringBuilder sb = new StringBuilder("'");
    int n = Math.min(value.length(), 80);
    for (int i = 0; i < n; i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        sb.append(String.format("\\x%02x", (int) c));
      } else {
        sb.append(c);
      }
    }
    if (value.length() > n) {
      sb.append("...");
    }
    return sb.append('\'').toString();
  }
}
