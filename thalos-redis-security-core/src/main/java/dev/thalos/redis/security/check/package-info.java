/**
 * Security self-checks: rules, the engine that runs them, and reports.
 *
 * <h2>Model</h2>
 * A {@link dev.thalos.redis.security.check.Rule} has a stable id, a title, a
 * {@link dev.thalos.redis.security.check.Severity} and the {@link dev.thalos.redis.security.check.Role}s it
 * applies to, and returns one {@link dev.thalos.redis.security.check.Finding}: an
 * {@link dev.thalos.redis.security.check.Outcome} (pass, fail, warn, or skipped with the reason), evidence with
 * secrets redacted, the remediation (the configuration or ACL line to change) and, for offline findings,
 * {@link dev.thalos.redis.security.check.Location}s in files. The
 * {@link dev.thalos.redis.security.check.CheckEngine} runs the applicable rules against a
 * {@link dev.thalos.redis.security.check.CheckContext} and collects a
 * {@link dev.thalos.redis.security.check.CheckReport} with the round trips, extra connections and wall time
 * the run cost. A {@link dev.thalos.redis.security.check.Policy} turns the report into pass or fail;
 * {@link dev.thalos.redis.security.check.CheckReport#requirePassing(Policy)} throws
 * {@link dev.thalos.redis.security.check.CheckFailedException} listing the failures.
 *
 * <h2>Live rules</h2>
 * Live rules talk to Redis only through {@link dev.thalos.redis.security.check.RedisProbe} (implemented by the
 * Lettuce module), which keeps the engine adapter-neutral and testable against a real server. Read the probe's
 * Javadoc before writing a rule: every command must be side-effect free even when the user is allowed to run it
 * (prefer {@code ACL DRYRUN} over trying), and a rule that cannot decide — {@code NOPERM}, an unknown command, no
 * connection — reports itself skipped (throwing {@link dev.thalos.redis.security.check.ProbeException} is
 * enough), never passed. The engine counts every command and refuses the most dangerous ones before they are
 * sent.
 *
 * <pre>{@code
 * final class WhoAmIRule implements Rule {
 *   public String id() { return "live.acl.not-default-user"; }
 *   public String title() { return "The connection is not logged in as the default user"; }
 *   public Severity severity() { return Severity.MEDIUM; }
 *   public String description() { return "The default user is what anonymous connections get; ..."; }
 *   public Finding evaluate(CheckContext context) {
 *     String user = context.requireProbe().command("ACL", "WHOAMI").requireOk().asString();
 *     if (!user.equals("default")) {
 *       return Finding.pass(this, "logged in as " + user);
 *     }
 *     return Finding.builder(this).outcome(Outcome.FAIL).summary("logged in as the default user")
 *         .evidence("ACL WHOAMI: default").remediation("user default off").build();
 *   }
 * }
 * CheckReport report = CheckEngine.builder().rule(new WhoAmIRule()).build()
 *     .run(CheckContext.builder().role(Role.SUBSCRIBER).target(probe.describe()).probe(probe).build());
 * }</pre>
 *
 * <h2>Reports</h2>
 * {@link dev.thalos.redis.security.check.ReportFormat} writes a report as text (grouped by severity, coloured
 * only on a terminal, control characters escaped), as JSON following the JSON Schema resource
 * {@code dev/thalos/redis/security/check/check-report.schema.json}, or as SARIF 2.1.0 for code-scanning tools.
 * No JSON library is needed at run time.
 */
package dev.thalos.redis.security.check;
