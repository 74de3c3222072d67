package dev.thalos.redis.security.channel;

import java.nio.ByteBuffer;

/**
 * Redis glob matching ({@code stringmatchlen} with {@code nocase = 0}, as ACL channel checks and
 * {@code PSUBSCRIBE} delivery use it) in bounded time and without allocation.
 *
 * <p>Semantics, as established from Redis 7.0's {@code src/util.c} and checked against a real server:
 * <ul>
 *   <li>The pattern is a sequence of tokens; every token except {@code *} consumes exactly one byte:
 *       {@code ?} any byte; {@code \x} the byte {@code x} ({@code \} as the last pattern byte is a literal
 *       {@code \}); {@code [...]} a byte class; any other byte itself. A run of {@code *} matches zero or more
 *       bytes.
 *   <li>A class starts after {@code [}, is negated by a leading {@code ^}, and ends at the first unescaped
 *       {@code ]} or, if there is none, at the end of the pattern. Inside, {@code \x} is the byte {@code x}
 *       (a {@code \} that is the last pattern byte is itself), {@code a-b} is a range whose bounds are swapped
 *       when reversed and compared as <em>signed</em> bytes (x86 {@code char}), and the range end may be
 *       {@code ]}, which then does not close the class. {@code []} never matches; {@code [^]} and an
 *       unterminated {@code [^} match any byte.
 *   <li>The empty subject matches only the empty pattern (so {@code *} does not match the empty channel).
 * </ul>
 *
 * <p>The algorithm keeps one backtracking point (the last {@code *}), so it runs in
 * O(pattern length × subject length) time whatever the number of {@code *}; Redis' own recursive matcher
 * needs its {@code skipLongerMatches} guard for that.
 */
final class GlobMatcher {

  private static final int NO_MATCH = -1;

  private GlobMatcher() {}

  /**
   * Whether the subject (String of chars below 0x80, byte[] range or ByteBuffer range; see
   * {@link ChannelScanner#at}) matches {@code pattern[0, m)}.
   */
  static boolean matches(byte[] pattern, int m, Object s, int k, int off, int n) {
    if (n == 0) {
      return m == 0;
    }
    int p = 0;
    int i = 0;
    int starP = -1;
    int starI = -1;
    while (i < n) {
      if (p < m && pattern[p] == '*') {
        while (p < m && pattern[p] == '*') {
          p++;
        }
        if (p == m) {
          return true;
        }
        starP = p;
        starI = i;
        continue;
      }
      if (p < m) {
        int next = token(pattern, p, m, (byte) ChannelScanner.at(s, k, off, i));
        if (next != NO_MATCH) {
          p = next;
          i++;
          continue;
        }
      }
      if (starP < 0) {
        return false;
      }
      starI++;
      i = starI;
      p = starP;
    }
    while (p < m && pattern[p] == '*') {
      p++;
    }
    return p == m;
  }

  /** Matches the token at {@code p} (not {@code *}) against byte {@code b}: index after the token, or -1. */
  private static int token(byte[] pat, int p, int m, byte b) {
    byte c = pat[p];
    if (c == '?') {
      return p + 1;
    }
    if (c == '\\') {
      if (m - p >= 2) {
        return pat[p + 1] == b ? p + 2 : NO_MATCH;
      }
      return b == '\\' ? p + 1 : NO_MATCH;
    }
    if (c != '[') {
      return c == b ? p + 1 : NO_MATCH;
    }
    int q = p + 1;
    boolean negated = q < m && pat[q] == '^';
    if (negated) {
      q++;
    }
    boolean match = false;
    while (true) {
      if (q >= m) {
        break;
      }
      byte x = pat[q];
      if (x == '\\' && m - q >= 2) {
        match |= pat[q + 1] == b;
        q += 2;
      } else if (x == ']') {
        q++;
        break;
      } else if (m - q >= 3 && pat[q + 1] == '-') {
        int lo = x;
        int hi = pat[q + 2];
        if (lo > hi) {
          int t = lo;
          lo = hi;
          hi = t;
        }
        match |= b >= lo && b <= hi;
        q += 3;
      } else {
        match |= x == b;
        q++;
      }
    }
    return match != negated ? q : NO_MATCH;
  }

  /** C {@code strcmp} equality: equal up to and including the first NUL of either, or to the end. */
  static boolean cStringEquals(byte[] a, int m, Object s, int k, int off, int n) {
    int i = 0;
    while (true) {
      int x = i < m ? a[i] & 0xFF : 0;
      int y = i < n ? ChannelScanner.at(s, k, off, i) : 0;
      if (x != y) {
        return false;
      }
      if (x == 0) {
        return true;
      }
      i++;
    }
  }

  static boolean isAscii(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  static boolean matches(byte[] pattern, ByteBuffer buffer) {
    return matches(pattern, pattern.length, buffer, ChannelScanner.BUFFER, buffer.position(), buffer.remaining());
  }
}
