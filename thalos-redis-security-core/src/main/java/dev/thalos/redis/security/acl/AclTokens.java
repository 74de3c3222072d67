package dev.thalos.redis.security.acl;

import dev.thalos.redis.security.internal.LoneSurrogates;

/** Checks on the text that goes into one ACL rule token. */
final class AclTokens {

  /** The rule a token with a lone surrogate breaks. */
  static final String LONE_SURROGATE = "lone surrogates are not allowed: UTF-8 cannot encode them";

  private AclTokens() {
  }

  /**
   * Rejects null, empty, blanks, control characters and lone surrogates, naming the field and quoting the value.
   */
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

  /**
   * Why a token cannot be written to an ACL file, or {@code null}: it holds a blank, an ISO control character
   * (C0, DEL or C1: a C1 control such as NEL or CSI acts on a terminal that shows the token) or a lone surrogate
   * (UTF-8, which the token is written and sent in, has no form for one).
   */
  static String problem(String value) {
    int lone = LoneSurrogates.indexIn(value);
    for (int i = 0; i < (lone < 0 ? value.length() : lone); i++) {
      char c = value.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        return "blanks are not allowed";
      }
      if (Character.isISOControl(c)) {
        return "control characters are not allowed";
      }
    }
    return lone >= 0 ? LONE_SURROGATE : null;
  }

  /**
   * Quotes a value for a message, escaping control characters (C0, DEL and C1) and lone surrogates and keeping it
   * short.
   */
  static String quote(String value) {
    int end = value.length() > 80 ? 80 : value.length();
    if (end < value.length() && Character.isHighSurrogate(value.charAt(end - 1))
        && Character.isLowSurrogate(value.charAt(end))) {
      end--; // do not cut a surrogate pair in two
    }
    boolean cut = end < value.length();
    return "'" + LoneSurrogates.escape(value.substring(0, end)) + (cut ? "..." : "") + "'";
  }
}
