package dev.thalos.redis.security.acl;

import dev.thalos.redis.security.internal.ControlCharacters;

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

  /** Quotes a value for a message, escaping control characters (C0, DEL and C1) and keeping it short. */
  static String quote(String value) {
    boolean cut = value.length() > 80;
    return "'" + ControlCharacters.escape(cut ? value.substring(0, 80) : value) + (cut ? "..." : "") + "'";
  }
}
