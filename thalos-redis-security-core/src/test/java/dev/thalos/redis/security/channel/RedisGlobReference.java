package dev.thalos.redis.security.channel;

import java.util.ArrayList;
import java.util.List;

/**
 * A slow reference for Redis 7.0 glob matching, used only to cross-check {@link GlobPattern}: the pattern is
 * first turned into a list of tokens (a star, or a set of the 256 byte values one position may hold), then
 * matched by dynamic programming over (token, subject position).
 */
final class RedisGlobReference {

  private RedisGlobReference() {}

  static boolean matches(byte[] pattern, byte[] subject) {
    if (subject.length == 0) {
      return pattern.length == 0;
    }
    List<boolean[]> tokens = tokens(pattern); // null element = star
    int t = tokens.size();
    int n = subject.length;
    boolean[][] ok = new boolean[t + 1][n + 1]; // ok[a][b]: tokens[a..] match subject[b..]
    ok[t][n] = true;
    for (int a = t - 1; a >= 0; a--) {
      boolean[] set = tokens.get(a);
      for (int b = n; b >= 0; b--) {
        if (set == null) {
          ok[a][b] = ok[a + 1][b] || (b < n && ok[a][b + 1]);
        } else {
          ok[a][b] = b < n && set[subject[b] & 0xFF] && ok[a + 1][b + 1];
        }
      }
    }
    return ok[0][0];
  }

  static List<boolean[]> tokens(byte[] p) {
    List<boolean[]> out = new ArrayList<>();
    int m = p.length;
    int i = 0;
    while (i < m) {
      byte b = p[i];
      if (b == '*') {
        if (out.isEmpty() || out.get(out.size() - 1) != null) {
          out.add(null);
        }
        i++;
        continue;
      }
      boolean[] set = new boolean[256];
      if (b == '?') {
        java.util.Arrays.fill(set, true);
        i++;
      } else if (b == '\\') {
        if (i + 1 < m) {
          set[p[i + 1] & 0xFF] = true;
          i += 2;
        } else {
          set['\\'] = true;
          i++;
        }
      } else if (b == '[') {
        int j = i + 1;
        boolean negated = j < m && p[j] == '^';
        if (negated) {
          j++;
        }
        while (j < m) {
          if (p[j] == '\\' && j + 1 < m) {
            set[p[j + 1] & 0xFF] = true;
            j += 2;
          } else if (p[j] == ']') {
            j++;
            break;
          } else if (j + 2 < m && p[j + 1] == '-') {
            int lo = Math.min(p[j], p[j + 2]);
            int hi = Math.max(p[j], p[j + 2]);
            for (int v = lo; v <= hi; v++) {
              set[v & 0xFF] = true;
            }
            j += 3;
          } else {
            set[p[j] & 0xFF] = true;
            j++;
          }
        }
        if (negated) {
          for (int v = 0; v < 256; v++) {
            set[v] = !set[v];
          }
        }
        i = j;
      } else {
        set[b & 0xFF] = true;
        i++;
      }
      out.add(set);
    }
    return out;
  }
}
