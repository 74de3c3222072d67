package dev.thalos.redis.security.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The exit codes of every {@code thalos-redis-security} command, listed in each command's {@code --help}.
 *
 * <table>
 *   <caption>Exit codes</caption>
 *   <tr><td>{@value #PASSED}</td><td>the command ran; no finding at or above the {@code --fail-on} severity</td></tr>
 *   <tr><td>{@value #FINDINGS}</td><td>findings at or above the {@code --fail-on} severity</td></tr>
 *   <tr><td>{@value #ERROR}</td><td>usage error (bad or missing arguments), unreadable file, or no connection
 *       (refused, timed out, TLS or authentication failure)</td></tr>
 *   <tr><td>{@value #INTERNAL_ERROR}</td><td>an unexpected internal error (a defect)</td></tr>
 * </table>
 */
public final class ExitCodes {

  /** The command ran and found nothing at or above the policy's severity. */
  public static final int PASSED = 0;
  /** Findings at or above the policy's severity. */
  public static final int FINDINGS = 1;
  /** Usage error, unreadable input, or no (secure) connection to Redis. */
  public static final int ERROR = 2;
  /** An unexpected error inside the tool: a defect. */
  public static final int INTERNAL_ERROR = 3;

  private ExitCodes() {}

  /** The list shown under "Exit codes:" in {@code --help}. */
  static Map<String, String> helpList() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(Integer.toString(PASSED), "passed: no finding at or above --fail-on (or the command succeeded)");
    m.put(Integer.toString(FINDINGS), "findings at or above --fail-on (default high)");
    m.put(Integer.toString(ERROR), "usage error, unreadable file, or no connection (refused, timeout, TLS, auth)");
    m.put(Integer.toString(INTERNAL_ERROR), "internal error (a defect; please report it)");
    return m;
  }
}
