package dev.thalos.redis.security.acl.internal;

import dev.thalos.redis.security.internal.RedisNumbers;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Finds the key arguments of a command and their access flags as Redis 7.0's
 * {@code getKeysFromCommandWithSpecs} does: key specifications first, and the command's own key finder when a
 * specification is unknown, incomplete or has variable flags ({@code SET} with {@code GET}, {@code BITFIELD},
 * {@code SORT ... STORE}, {@code MIGRATE ... KEYS}) or does not fit the arguments (a bad {@code numkeys}).
 */
public final class KeyFinder {

  /** Commands that have a key finder of their own in Redis 7.0 (a {@code getkeys_proc}). */
  private static final Set<String> WITH_PROC = Set.of("set", "bitfield", "sort", "sort_ro", "migrate",
      "georadius", "georadiusbymember", "xread", "xreadgroup", "eval", "evalsha", "eval_ro", "evalsha_ro",
      "fcall", "fcall_ro", "zunionstore", "zinterstore", "zdiffstore", "zunion", "zinter", "zdiff",
      "sintercard", "zintercard", "lmpop", "blmpop", "zmpop", "bzmpop");

  private KeyFinder() {
  }

  /** Whether Redis considers the command to have keys (so a key check applies). */
  public static boolean hasKeys(RedisCommand cmd) {
    if (WITH_PROC.contains(cmd.fullName)) {
      return true;
    }
    for (KeySpec s : cmd.keySpecs) {
      if ((s.flags & KeySpec.NOT_KEY) == 0) {
        return true;
      }
    }
    return false;
  }

  /** Key references: even entries argument positions, odd entries {@link KeySpec} flag bits. */
  public static int[] find(RedisCommand cmd, List<String> argv) {
    boolean hasKeySpec = false;
    boolean hasVarFlags = false;
    for (KeySpec s : cmd.keySpecs) {
      hasKeySpec |= (s.flags & KeySpec.NOT_KEY) == 0;
      hasVarFlags |= (s.flags & KeySpec.VARIABLE_FLAGS) != 0;
    }
    if (hasKeySpec && !hasVarFlags) {
      int[] r = usingSpecs(cmd, argv);
      if (r != null) {
        return r;
      }
    }
    if (WITH_PROC.contains(cmd.fullName)) {
      return usingProc(cmd.fullName, argv);
    }
    return new int[0];
  }

  private static int[] usingSpecs(RedisCommand cmd, List<String> argv) {
    int argc = argv.size();
    Refs out = new Refs();
    for (KeySpec spec : cmd.keySpecs) {
      if ((spec.flags & KeySpec.NOT_KEY) != 0) {
        continue;
      }
      int first = 0;
      if (spec.beginSearch == KeySpec.BeginSearch.INDEX) {
        first = spec.index;
      } else if (spec.beginSearch == KeySpec.BeginSearch.KEYWORD) {
        int start = spec.startFrom > 0 ? spec.startFrom : argc + spec.startFrom;
        int end = spec.startFrom > 0 ? argc - 1 : 1;
        for (int i = start; i != end; i = start <= end ? i + 1 : i - 1) {
          if (i >= argc || i < 1) {
            break;
          }
          if (Ascii.equalsIgnoreCase(argv.get(i), spec.keyword)) {
            first = i + 1;
            break;
          }
        }
        if (first == 0) {
          continue;
        }
      } else {
        return null;
      }
      int last;
      int step;
      if (spec.findKeys == KeySpec.FindKeys.RANGE) {
        step = spec.keyStep;
        int lastKey = spec.lastKeyOrKeyNumIdx;
        int limit = spec.limitOrFirstKey;
        if (lastKey >= 0) {
          last = first + lastKey;
        } else if (limit == 0) {
          last = argc + lastKey;
        } else {
          last = first + ((argc - first) / limit + lastKey);
        }
      } else if (spec.findKeys == KeySpec.FindKeys.KEYNUM) {
        step = spec.keyStep;
        int keyNumIdx = spec.lastKeyOrKeyNumIdx;
        if (first + keyNumIdx >= argc) {
          return null;
        }
        Long numKeys = parseLong(argv.get(first + keyNumIdx));
        if (numKeys == null || numKeys < 0) {
          return null;
        }
        first += spec.limitOrFirstKey;
        last = first + (int) (long) numKeys - 1;
      } else {
        return null;
      }
      if (last >= argc || last < first || first >= argc) {
        return null;
      }
      for (int i = first; i <= last; i += step) {
        out.add(i, spec.flags);
      }
      if ((spec.flags & KeySpec.INCOMPLETE) != 0) {
        return null;
      }
    }
    return out.toArray();
  }

  private static int[] usingProc(String name, List<String> argv) {
    int argc = argv.size();
    Refs out = new Refs();
    switch (name) {
      case "set" -> {
        int flags = KeySpec.OW | KeySpec.UPDATE;
        for (int i = 3; i < argc; i++) {
          if (Ascii.equalsIgnoreCase(argv.get(i), "get")) {
            flags = KeySpec.RW | KeySpec.ACCESS | KeySpec.UPDATE;
            break;
          }
        }
        out.add(1, flags);
      }
      case "bitfield" -> {
        boolean readOnly = true;
        for (int i = 2; i < argc; i++) {
          int rem = argc - i - 1;
          String a = argv.get(i);
          if (Ascii.equalsIgnoreCase(a, "get") && rem >= 2) {
            i += 2;
          } else if ((Ascii.equalsIgnoreCase(a, "set") || Ascii.equalsIgnoreCase(a, "incrby")) && rem >= 3) {
            readOnly = false;
            break;
          } else if (Ascii.equalsIgnoreCase(a, "overflow") && rem >= 1) {
            i += 1;
          } else {
            readOnly = false;
            break;
          }
        }
        out.add(1, readOnly ? KeySpec.RO | KeySpec.ACCESS : KeySpec.RW | KeySpec.ACCESS | KeySpec.UPDATE);
      }
      case "sort" -> {
        out.add(1, KeySpec.RO | KeySpec.ACCESS);
        int store = -1;
        for (int i = 2; i < argc; i++) {
          String a = argv.get(i);
          if (Ascii.equalsIgnoreCase(a, "limit")) {
            i += 2;
          } else if (Ascii.equalsIgnoreCase(a, "get") || Ascii.equalsIgnoreCase(a, "by")) {
            i += 1;
          } else if (Ascii.equalsIgnoreCase(a, "store") && i + 1 < argc) {
            store = i + 1;
          }
        }
        if (store >= 0) {
          out.add(store, KeySpec.OW | KeySpec.UPDATE);
        }
      }
      case "sort_ro" -> out.add(1, KeySpec.RO | KeySpec.ACCESS);
      case "migrate" -> {
        int first = 3;
        int num = 1;
        if (argc > 6) {
          for (int i = 6; i < argc; i++) {
            String a = argv.get(i);
            if (Ascii.equalsIgnoreCase(a, "keys")) {
              if (!argv.get(3).isEmpty()) {
                return new int[0]; // KEYS with a non-empty key argument is a syntax error: no keys
              }
              first = i + 1;
              num = argc - first;
              break;
            }
            if (Ascii.equalsIgnoreCase(a, "auth")) {
              i += 1;
            } else if (Ascii.equalsIgnoreCase(a, "auth2")) {
              i += 2;
            }
          }
        }
        for (int i = 0; i < num; i++) {
          out.add(first + i, KeySpec.RW | KeySpec.ACCESS | KeySpec.DELETE);
        }
      }
      case "xread", "xreadgroup" -> {
        int streamsPos = -1;
        for (int i = 1; i < argc; i++) {
          String a = argv.get(i);
          if (Ascii.equalsIgnoreCase(a, "block") || Ascii.equalsIgnoreCase(a, "count")) {
            i++;
          } else if (Ascii.equalsIgnoreCase(a, "group")) {
            i += 2;
          } else if (Ascii.equalsIgnoreCase(a, "noack")) {
            continue;
          } else if (Ascii.equalsIgnoreCase(a, "streams")) {
            streamsPos = i;
            break;
          } else {
            break;
          }
        }
        int num = argc - streamsPos - 1;
        if (streamsPos != -1 && num != 0 && num % 2 == 0) {
          for (int i = streamsPos + 1; i < argc - num / 2; i++) {
            out.add(i, KeySpec.RO | KeySpec.ACCESS);
          }
        }
      }
      case "zunionstore", "zinterstore", "zdiffstore" -> generic(out, argv, 1, 2, 3);
      case "zunion", "zinter", "zdiff", "sintercard", "zintercard", "lmpop", "zmpop" -> generic(out, argv, 0, 1, 2);
      case "eval", "evalsha", "eval_ro", "evalsha_ro", "fcall", "fcall_ro", "blmpop", "bzmpop" ->
          generic(out, argv, 0, 2, 3);
      default -> {
        // georadius/georadiusbymember: their specifications never fail for well-formed arity.
      }
    }
    return out.toArray();
  }

  /**
   * Redis's {@code genericGetKeys}: numkeys read with {@code atoi}; the keys carry no flags (so any key
   * pattern admits them), as in Redis 7.0, where only the finders that stand in for unknown, incomplete or
   * variable-flag specifications set flags.
   */
  private static void generic(Refs out, List<String> argv, int storeKeyOfs, int keyCountOfs, int firstKeyOfs) {
    int argc = argv.size();
    int num = keyCountOfs < argc ? atoi(argv.get(keyCountOfs)) : 0;
    if (num < 1 || num > (argc - firstKeyOfs)) {
      return;
    }
    for (int i = 0; i < num; i++) {
      out.add(firstKeyOfs + i, 0);
    }
    if (storeKeyOfs != 0) {
      out.add(storeKeyOfs, 0);
    }
  }

  /** C {@code atoi}: optional blanks and sign, then digits; anything else stops; overflow wraps. */
  static int atoi(String s) {
    int i = 0;
    int n = s.length();
    while (i < n && (s.charAt(i) == ' ' || (s.charAt(i) >= '\t' && s.charAt(i) <= '\r'))) {
      i++;
    }
    boolean neg = false;
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      neg = s.charAt(i) == '-';
      i++;
    }
    long v = 0;
    while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      v = v * 10 + (s.charAt(i) - '0');
      if (v > Integer.MAX_VALUE + 1L) {
        return neg ? Integer.MIN_VALUE : Integer.MAX_VALUE;
      }
      i++;
    }
    return (int) (neg ? -v : v);
  }

  /** Redis's {@code string2ll} ({@link RedisNumbers#string2ll}), or null where Redis refuses the number. */
  static Long parseLong(String s) {
    OptionalLong v = RedisNumbers.string2ll(s);
    return v.isPresent() ? v.getAsLong() : null;
  }

  private static final class Refs {
    private final List<int[]> refs = new ArrayList<>(2);

    void add(int pos, int flags) {
      refs.add(new int[] {pos, flags});
    }

    int[] toArray() {
      int[] a = new int[refs.size() * 2];
      for (int i = 0; i < refs.size(); i++) {
        a[2 * i] = refs.get(i)[0];
        a[2 * i + 1] = refs.get(i)[1];
      }
      return a;
    }
  }
}
