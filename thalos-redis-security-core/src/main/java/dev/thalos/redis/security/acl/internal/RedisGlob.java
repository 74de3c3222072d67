package dev.thalos.redis.security.acl.internal;

/**
 * Redis's glob matcher ({@code stringmatchlen} of Redis 7.0), byte for byte: {@code *}, {@code ?},
 * {@code [...]} with {@code ^} negation, {@code a-z} ranges (bounds in either order) and {@code \} escapes,
 * an unterminated {@code [} that swallows the rest of the pattern, and the early exit that keeps patterns
 * with many {@code *} linear instead of exponential. An empty subject never matches (not even {@code *}),
 * as in Redis.
 *
 * <p>Operates on the UTF-8 bytes of both arguments; bytes compare as signed {@code char} values like Redis
 * on x86. ASCII strings are matched in place, without copying.
 */
public final class RedisGlob {

  private static final int MAX_NESTING = 1000;

  private RedisGlob() {
  }

  /** Whether {@code subject} matches {@code pattern} as Redis matches ACL key and channel patterns. */
  public static boolean matches(String pattern, String subject) {
    return matchesBytes(byteString(pattern), byteString(subject));
  }

  /**
   * Like {@link #matches(String, String)} for arguments already in {@link #byteString(String)} form (each char
   * one UTF-8 byte).
   */
  public static boolean matchesBytes(String pattern, String subject) {
    return match(pattern, 0, pattern.length(), subject, 0, subject.length(), 0) == MATCH;
  }

  /** The string itself when it is ASCII, else its UTF-8 bytes as chars 0..255. */
  public static String byteString(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return new String(Utf8.bytes(s), java.nio.charset.StandardCharsets.ISO_8859_1);
      }
    }
    return s;
  }

  private static int at(String a, int i) {
    // Redis reads one byte past the length (the sds terminator is NUL); mirror that.
    return i < a.length() ? (byte) a.charAt(i) : 0;
  }

  private static final int NO_MATCH = 0;
  private static final int MATCH = 1;
  /** No match, and Redis's {@code skipLongerMatches} is set: every enclosing {@code *} gives up too. */
  private static final int NO_MATCH_SKIP_LONGER = 2;

  private static int match(String p, int pi, int plen, String s, int si, int slen, int nesting) {
    if (nesting > MAX_NESTING) {
      return NO_MATCH;
    }
    while (plen > 0 && slen > 0) {
      switch (at(p, pi)) {
        case '*': {
          while (plen > 0 && at(p, pi + 1) == '*') {
            pi++;
            plen--;
          }
          if (plen == 1) {
            return MATCH;
          }
          while (slen > 0) {
            int r = match(p, pi + 1, plen - 1, s, si, slen, nesting + 1);
            if (r != NO_MATCH) {
              return r;
            }
            si++;
            slen--;
          }
          return NO_MATCH_SKIP_LONGER;
        }
        case '?':
          si++;
          slen--;
          break;
        case '[': {
          pi++;
          plen--;
          boolean not = at(p, pi) == '^';
          if (not) {
            pi++;
            plen--;
          }
          boolean matched = false;
          while (true) {
            if (at(p, pi) == '\\' && plen >= 2) {
              pi++;
              plen--;
              if (at(p, pi) == at(s, si)) {
                matched = true;
              }
            } else if (at(p, pi) == ']') {
              break;
            } else if (plen == 0) {
              pi--;
              plen++;
              break;
            } else if (plen >= 3 && at(p, pi + 1) == '-') {
              int start = at(p, pi);
              int end = at(p, pi + 2);
              int c = at(s, si);
              if (start > end) {
                int t = start;
                start = end;
                end = t;
              }
              pi += 2;
              plen -= 2;
              if (c >= start && c <= end) {
                matched = true;
              }
            } else if (at(p, pi) == at(s, si)) {
              matched = true;
            }
            pi++;
            plen--;
          }
          if (not) {
            matched = !matched;
          }
          if (!matched) {
            return NO_MATCH;
          }
          si++;
          slen--;
          break;
        }
        case '\\':
          if (plen >= 2) {
            pi++;
            plen--;
          }
          if (at(p, pi) != at(s, si)) {
            return NO_MATCH;
          }
          si++;
          slen--;
          break;
        default:
          if (at(p, pi) != at(s, si)) {
            return NO_MATCH;
          }
          si++;
          slen--;
          break;
      }
      pi++;
      plen--;
      if (slen == 0) {
        while (at(p, pi) == '*') {
          pi++;
          plen--;
        }
        break;
      }
    }
    return plen == 0 && slen == 0 ? MATCH : NO_MATCH;
  }
}
