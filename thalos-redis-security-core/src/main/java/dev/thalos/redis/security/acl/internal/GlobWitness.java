package dev.thalos.redis.security.acl.internal;

import dev.thalos.redis.security.channel.GlobPattern;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answers "does this Redis glob pattern admit a name outside these prefixes?" with a witness: a non-empty
 * string the pattern matches ({@link GlobPattern}, Redis's glob semantics) that starts with none of the
 * prefixes. Exact for classes, ranges, negation, escapes and an unterminated {@code [}; every witness is
 * re-checked with {@link GlobPattern} before it is returned. Works on UTF-8 bytes (held as chars 0..255).
 */
public final class GlobWitness {

  private static final int LIT = 0;
  private static final int ANY = 1;
  private static final int STAR = 2;
  private static final int CLASS = 3;

  private final int[] kinds;
  private final char[] lits;
  private final boolean[][] classes;
  private final String[] prefixes;

  private GlobWitness(String pattern, List<String> prefixes) {
    List<Integer> k = new ArrayList<>();
    List<Character> l = new ArrayList<>();
    List<boolean[]> c = new ArrayList<>();
    int n = pattern.length();
    int i = 0;
    while (i < n) {
      char ch = pattern.charAt(i);
      if (ch == '*') {
        while (i < n && pattern.charAt(i) == '*') {
          i++;
        }
        k.add(STAR);
        l.add('\0');
        c.add(null);
      } else if (ch == '?') {
        i++;
        k.add(ANY);
        l.add('\0');
        c.add(null);
      } else if (ch == '[') {
        int end = classEnd(pattern, i);
        String cls = pattern.substring(i, end);
        boolean[] members = new boolean[256];
        GlobPattern clsPattern = GlobPattern.of(latin1(cls));
        for (int b = 1; b < 256; b++) {
          members[b] = clsPattern.matches(new byte[] {(byte) b});
        }
        k.add(CLASS);
        l.add('\0');
        c.add(members);
        i = end;
      } else if (ch == '\\' && i + 1 < n) {
        k.add(LIT);
        l.add(pattern.charAt(i + 1));
        c.add(null);
        i += 2;
      } else {
        k.add(LIT);
        l.add(ch);
        c.add(null);
        i++;
      }
    }
    this.kinds = k.stream().mapToInt(Integer::intValue).toArray();
    this.lits = new char[l.size()];
    for (int j = 0; j < l.size(); j++) {
      lits[j] = l.get(j);
    }
    this.classes = c.toArray(new boolean[0][]);
    this.prefixes = prefixes.toArray(new String[0]);
  }

  /** End (exclusive) of the class starting at {@code start} ('['), as Redis's matcher consumes it. */
  private static int classEnd(String p, int start) {
    int n = p.length();
    int i = start + 1;
    if (i < n && p.charAt(i) == '^') {
      i++;
    }
    while (true) {
      int rem = n - i;
      if (rem >= 2 && p.charAt(i) == '\\') {
        i += 2;
      } else if (rem > 0 && p.charAt(i) == ']') {
        return i + 1;
      } else if (rem == 0) {
        return n;
      } else if (rem >= 3 && p.charAt(i + 1) == '-') {
        i += 3;
      } else {
        i++;
      }
    }
  }

  /**
   * A name the pattern matches that starts with none of {@code prefixes}, or {@code null} when every name the
   * pattern matches starts with one of them.
   */
  public static String outside(String pattern, List<String> prefixes) {
    String p = byteString(pattern);
    List<String> pre = new ArrayList<>();
    for (String s : prefixes) {
      pre.add(byteString(s));
    }
    GlobWitness g = new GlobWitness(p, pre);
    String found = g.search();
    if (found == null) {
      return null;
    }
    String w = found;
    if (!GlobPattern.of(latin1(p)).matches(latin1(w))) {
      return null;
    }
    for (String s : pre) {
      if (w.startsWith(s)) {
        return null;
      }
    }
    return new String(latin1(w), StandardCharsets.UTF_8);
  }

  /** The UTF-8 bytes of s, one char per byte. */
  private static String byteString(String s) {
    return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
  }

  private static byte[] latin1(String byteString) {
    return byteString.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Advances the prefix trackers by one char; null when some prefix is now fully matched (dead end). */
  private int[] step(int[] js, char c) {
    int[] next = js.clone();
    for (int i = 0; i < prefixes.length; i++) {
      if (next[i] < 0) {
        continue;
      }
      if (prefixes[i].charAt(next[i]) == c) {
        next[i]++;
        if (next[i] == prefixes[i].length()) {
          return null;
        }
      } else {
        next[i] = -1;
      }
    }
    return next;
  }

  /** A search state: element index, how far each prefix is still matched (-1: left), name non-empty. */
  private record State(int e, List<Integer> js, boolean nonEmpty) {
  }

  /** How a state was reached: from which state, appending which char (or none for an empty star). */
  private record Edge(State from, char c, boolean appended) {
  }

  /**
   * Breadth-first search over states (iterative, so long patterns cannot overflow the stack); returns the
   * witness as a byte string, or {@code null}.
   */
  private String search() {
    Map<State, Edge> seen = new HashMap<>();
    ArrayDeque<State> queue = new ArrayDeque<>();
    State start = new State(0, toList(new int[prefixes.length]), false);
    seen.put(start, new Edge(null, '\0', false));
    queue.add(start);
    while (!queue.isEmpty()) {
      State st = queue.poll();
      if (st.e == kinds.length) {
        if (st.nonEmpty) { // Redis never matches the empty name
          return rebuild(st, seen);
        }
        continue;
      }
      int[] js = toArray(st.js);
      List<Character> cands = candidates(st.e, js);
      for (int ci = 0; ci < cands.size(); ci++) {
        char c = cands.get(ci);
        int[] next = step(js, c);
        if (next == null) {
          continue;
        }
        // under a star, the first candidate leaves every prefix track and ends the star; the others are
        // on-track chars the star consumes before going on
        boolean starContinues = kinds[st.e] == STAR && ci > 0;
        State n = new State(starContinues ? st.e : st.e + 1, toList(next), true);
        if (seen.putIfAbsent(n, new Edge(st, c, true)) == null) {
          queue.add(n);
        }
      }
      if (kinds[st.e] == STAR) {
        State n = new State(st.e + 1, st.js, st.nonEmpty);
        if (seen.putIfAbsent(n, new Edge(st, '\0', false)) == null) {
          queue.add(n);
        }
      }
    }
    return null;
  }

  private static String rebuild(State end, Map<State, Edge> seen) {
    StringBuilder sb = new StringBuilder();
    for (State s = end; s != null; ) {
      Edge edge = seen.get(s);
      if (edge.appended) {
        sb.append(edge.c);
      }
      s = edge.from;
    }
    return sb.reverse().toString();
  }

  private static List<Integer> toList(int[] a) {
    List<Integer> l = new ArrayList<>(a.length);
    for (int v : a) {
      l.add(v);
    }
    return l;
  }

  private static int[] toArray(List<Integer> l) {
    int[] a = new int[l.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = l.get(i);
    }
    return a;
  }

  /** Chars worth trying for element e: one off every prefix track, plus each on-track next char it admits. */
  private List<Character> candidates(int e, int[] js) {
    Set<Character> onTrack = new HashSet<>();
    for (int i = 0; i < prefixes.length; i++) {
      if (js[i] >= 0) {
        onTrack.add(prefixes[i].charAt(js[i]));
      }
    }
    List<Character> out = new ArrayList<>();
    if (kinds[e] == LIT) {
      out.add(lits[e]);
      return out;
    }
    String preferred = "xyzq0123456789abcdefghijklmnoprstuvw_-.XYZ";
    char off = 0;
    for (char c : preferred.toCharArray()) {
      if (!onTrack.contains(c) && admits(e, c)) {
        off = c;
        break;
      }
    }
    if (off == 0) {
      for (int b = 1; b < 256; b++) {
        if (!onTrack.contains((char) b) && admits(e, (char) b)) {
          off = (char) b;
          break;
        }
      }
    }
    if (off != 0) {
      out.add(off);
    }
    if (kinds[e] != STAR) {
      for (char c : onTrack) {
        if (admits(e, c)) {
          out.add(c);
        }
      }
    } else {
      // a star may also consume an on-track char and stay: model it as the char then the same star again
      for (char c : onTrack) {
        out.add(c);
      }
    }
    return out;
  }

  private boolean admits(int e, char c) {
    return switch (kinds[e]) {
      case LIT -> lits[e] == c;
      case CLASS -> c < 256 && classes[e][c];
      default -> true;
    };
  }
}
