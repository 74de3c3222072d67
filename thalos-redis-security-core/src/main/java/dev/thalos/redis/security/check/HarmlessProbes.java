package dev.thalos.redis.security.check;

import java.util.Locale;

/**
 * The exact command shapes a self-check may send although the command itself could change the server: each is
 * built so that Redis checks its arity and the ACL (which is what the probe wants to learn) and then fails
 * harmlessly, or acts on a random key that does not exist. {@link GuardedProbe} lets these through and nothing
 * else of their kind.
 *
 * <ul>
 *   <li>{@code CLIENT PAUSE -1}: "ERR timeout is negative" when permitted; nothing is paused.</li>
 *   <li>{@code CLIENT LIST TYPE thalos-selfcheck}, {@code CLIENT NO-EVICT thalos-selfcheck}: "unknown client
 *       type" / "syntax error"; plain {@code CLIENT LIST} is read-only.</li>
 *   <li>{@code CONFIG SET thalos-selfcheck-<random> x}: "Unknown option"; nothing is set.</li>
 *   <li>{@code FLUSHALL thalos-selfcheck}, {@code FLUSHDB thalos-selfcheck}: "syntax error"; nothing is
 *       flushed.</li>
 *   <li>{@code DEBUG HELP}, {@code MODULE HELP}, {@code MODULE LIST}: help texts.</li>
 *   <li>{@code EVAL "return type(package)" 0}: reads the type of a Lua global (CVE-2022-0543).</li>
 *   <li>{@code EXPIRE <key containing "thalos-selfcheck-"> 1}: 0 on a key that does not exist.</li>
 *   <li>{@code SET <key containing "thalos-selfcheck-"> "" XX}: nil on a key that does not exist.</li>
 * </ul>
 */
final class HarmlessProbes {

  /** Marker in every argument a probe invents, so that an operator recognises probes in {@code ACL LOG}. */
  static final String MARKER = "thalos-selfcheck";

  /** The Lua script of the CVE-2022-0543 probe. */
  static final String LUA_PACKAGE_PROBE = "return type(package)";

  private HarmlessProbes() {}

  static boolean isHarmless(String... a) {
    if (a == null || a.length == 0 || a[0] == null) {
      return false;
    }
    for (String s : a) {
      if (s == null) {
        return false;
      }
    }
    switch (a[0].toUpperCase(Locale.ROOT)) {
      case "DEBUG":
        return a.length == 2 && is(a[1], "HELP");
      case "MODULE":
        return a.length == 2 && (is(a[1], "HELP") || is(a[1], "LIST"));
      case "EVAL":
        return a.length == 3 && a[1].equals(LUA_PACKAGE_PROBE) && a[2].equals("0");
      case "EXPIRE":
        return a.length == 3 && isProbeKey(a[1]) && a[2].equals("1");
      case "SET":
        return a.length == 4 && isProbeKey(a[1]) && a[2].isEmpty() && is(a[3], "XX");
      case "FLUSHALL":
      case "FLUSHDB":
        return a.length == 2 && a[1].equals(MARKER);
      case "CONFIG":
        return a.length == 4 && is(a[1], "SET") && a[2].startsWith(MARKER + "-") && a[2].indexOf('.') < 0;
      case "CLIENT":
        return a.length == 3 && is(a[1], "PAUSE") && a[2].equals("-1")
            || a.length == 4 && is(a[1], "LIST") && is(a[2], "TYPE") && a[3].equals(MARKER)
            || a.length == 3 && is(a[1], "NO-EVICT") && a[2].equals(MARKER)
            || a.length == 2 && is(a[1], "LIST");
      default:
        return false;
    }
  }

  private static boolean isProbeKey(String key) {
    return key.contains(MARKER + "-") && key.length() <= 200;
  }

  private static boolean is(String arg, String word) {
    return arg.equalsIgnoreCase(word);
  }
}
