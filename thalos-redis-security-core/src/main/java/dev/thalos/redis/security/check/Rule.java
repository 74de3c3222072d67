package dev.thalos.redis.security.check;

import java.util.EnumSet;
import java.util.Set;

/**
 * One security check with a stable identity. A rule looks at what its {@link CheckContext} offers — a
 * {@link RedisProbe} connected to the instance, a parsed configuration — and returns exactly one
 * {@link Finding}.
 *
 * <h2>Contract for rule writers</h2>
 * <ul>
 *   <li>{@link #id()} is stable across releases (reports, SARIF baselines and suppressions refer to it): lower
 *       case words separated by {@code .} and {@code -}, e.g. {@code live.acl.dangerous-commands}.</li>
 *   <li>{@link #evaluate(CheckContext)} returns a finding built with {@link Finding#builder(Rule)}; a
 *       {@link Outcome#FAIL FAIL} or {@link Outcome#WARN WARN} carries evidence and the exact configuration or ACL
 *       line that fixes it; evidence never contains a secret.</li>
 *   <li>A rule that cannot decide — no probe, {@code NOPERM}, an older Redis that lacks a command — returns
 *       {@link Finding#skipped(Rule, String)} with the reason, or lets the {@link ProbeException} propagate: the
 *       {@link CheckEngine} turns it into a skipped finding. Never return {@code PASS} when you could not
 *       look.</li>
 *   <li>Talk to Redis only through {@link CheckContext#probe()}, and only with side-effect-free commands (see
 *       {@link RedisProbe}).</li>
 * </ul>
 *
 * <pre>{@code
 * final class DebugCommandRule implements Rule {
 *   public String id() { return "live.debug-command"; }
 *   public String title() { return "DEBUG command is disabled"; }
 *   public Severity severity() { return Severity.HIGH; }
 *   public String description() { return "DEBUG can crash the server and read memory ..."; }
 *   public Finding evaluate(CheckContext context) {
 *     RedisProbe probe = context.requireProbe(this);  // skipped when there is no connection
 *     ProbeReply reply = probe.command("CONFIG", "GET", "enable-debug-command").requireOk();
 *     ...
 *   }
 * }
 * }</pre>
 */
public interface Rule {

  /** Stable identifier, e.g. {@code conf.tls.plaintext-port}. */
  String id();

  /** One-line title that reads as the desired state, e.g. "Plaintext port is closed when TLS is on". */
  String title();

  /** Severity of a failure of this rule; a finding may state a different one when the evidence warrants. */
  Severity severity();

  /** What the rule checks and why it matters, a few sentences (SARIF {@code help}). */
  String description();

  /** The roles this rule applies to; all roles unless overridden. */
  default Set<Role> roles() {
    return EnumSet.allOf(Role.class);
  }

  /** Whether the rule runs for a check done in {@code role}. */
  default boolean appliesTo(Role role) {
    return roles().contains(role);
  }

  /**
   * Runs the rule. May throw {@link ProbeException} (the engine reports the rule as skipped with the reason);
   * any other exception is a defect in the rule and is also reported as skipped, naming the exception type.
   */
  Finding evaluate(CheckContext context);
}
