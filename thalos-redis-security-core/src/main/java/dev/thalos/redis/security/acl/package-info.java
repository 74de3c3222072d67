/**
 * Redis 7 ACLs for Thalos deployments: generate least-privilege users, parse existing ACLs, and decide offline
 * what a user may do.
 *
 * <ul>
 *   <li><b>Generate</b>: {@link dev.thalos.redis.security.acl.ThalosAclPlan} describes the roles (Thalos server,
 *       clients per chain, admin, the {@code default} user) and produces a
 *       {@link dev.thalos.redis.security.acl.GeneratedAcl}: a {@code users.acl} file, the equivalent
 *       {@code ACL SETUSER} commands and, once, the generated passwords.</li>
 *   <li><b>Parse</b>: {@link dev.thalos.redis.security.acl.AclParser} reads {@code users.acl}, the {@code user}
 *       lines of a {@code redis.conf}, {@code ACL LIST} output and {@code ACL SETUSER} arguments into an immutable
 *       {@link dev.thalos.redis.security.acl.AclUser} (selectors, ordered command rules, key patterns with
 *       {@code %R~}/{@code %W~}, channel patterns); {@link dev.thalos.redis.security.acl.AclUser#toAclLine()}
 *       writes it back canonically.</li>
 *   <li><b>Evaluate</b>: {@link dev.thalos.redis.security.acl.AclEvaluator} answers like {@code ACL DRYRUN}
 *       (allowed, or denied for the command, a key or a channel, with Redis's message), using a command table
 *       generated from a real redis-server ({@code src/main/scripts/generate-command-table.sh}).
 *       {@link dev.thalos.redis.security.acl.AclAudit} asks the self-check's questions (outside the namespace?
 *       outside the key prefix? dangerous commands? passwordless?) and answers with evidence.</li>
 * </ul>
 *
 * <p>The evaluator is checked against {@code ACL DRYRUN} of redis-server 7.0.15 by a differential test
 * ({@code AclEvaluatorDifferentialTest}: 2,000 random user × command cases by default,
 * {@code -Dthalos.acl.differential.cases=10000} for more).
 */
package dev.thalos.redis.security.acl;
