package dev.thalos.redis.security.internal;

/**
 * Lone surrogates: UTF-16 code units that are not half of a surrogate pair. UTF-8 has no form for one (Java's
 * encoder writes {@code ?} instead), so a name sent to Redis or written to a file must not hold one: it would
 * become another name.
 */
public final class LoneSurrogates {

  /**
   * The rule a secret with a lone surrogate breaks, worded to follow the field name ({@code "password " + RULE}).
   * Messages about secrets use it alone: never {@link #escape} or an index, which would show part of the secret.
   */
  public static final String RULE = "must not contain a lone surrogate: UTF-8 cannot encode one";

  private LoneSurrogates() {}

  /**
   * The index of the first lone surrogate in {@code s}, or -1 when {@code s} is well-formed UTF-16. Reads
   * {@code s} in place, so a secret can be checked through {@code CharBuffer.wrap(chars)} without a copy.
   */
  public static int indexIn(CharSequence s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        i++; // a surrogate pair: one supplementary character
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }

  /**
   * {@code s} for a message: each lone surrogate and each ISO control character written as
   * {@code \}{@code uXXXX} (as {@link ControlCharacters#escape} writes control characters); surrogate pairs and
   * other characters as they are.
   */
  public static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(c).append(s.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return ControlCharacters.escape(out.toString());
  }
}
