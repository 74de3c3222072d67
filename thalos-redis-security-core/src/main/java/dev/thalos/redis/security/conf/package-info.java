/**
 * Offline audit of a Redis deployment from its files: {@code redis.conf} with its includes, and the
 * {@code aclfile}.
 *
 * <ul>
 *   <li>{@link dev.thalos.redis.security.conf.RedisConfigParser} reads redis.conf exactly as redis-server 7
 *       splits it (quotes, escapes, comments, case-insensitive names, includes with wildcards), keeps the file and
 *       line of every {@link dev.thalos.redis.security.conf.Directive}, and bounds nesting, size and file count.
 *       The aclfile is split the way redis-server 7.0 splits it: at spaces, without quoting.</li>
 *   <li>{@link dev.thalos.redis.security.conf.BindAddress} classifies {@code bind} addresses
 *       ({@link dev.thalos.redis.security.conf.AddressClass}) without any DNS lookup.</li>
 *   <li>{@link dev.thalos.redis.security.conf.ExposureVerdict} combines bind, ports, protected mode and the
 *       default user into who can use the instance.</li>
 *   <li>{@link dev.thalos.redis.security.conf.ConfigAudit} runs the offline rules and returns a
 *       {@link dev.thalos.redis.security.check.CheckReport}.</li>
 * </ul>
 *
 * <pre>{@code
 * CheckReport report = ConfigAudit.defaults().audit(Path.of("/etc/redis/redis.conf"));
 * ReportFormat.TEXT.print(report, System.out);
 * report.requirePassing(Policy.failOn(Severity.HIGH));
 * }</pre>
 */
package dev.thalos.redis.security.conf;
