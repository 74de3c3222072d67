package dev.thalos.redis.security.acl;

import java.util.List;
import java.util.Objects;

/**
 * One thing an {@link AclAudit} found wrong with a user, with evidence: a command the user may run (as
 * {@code ACL DRYRUN} would confirm) that shows the problem.
 *
 * @param code stable code: {@code acl.passwordless}, {@code acl.default-user-enabled},
 *     {@code acl.publish-outside-namespace}, {@code acl.subscribe-outside-namespace},
 *     {@code acl.client-can-publish}, {@code acl.write-keys-outside-prefix},
 *     {@code acl.read-keys-outside-prefix}, {@code acl.client-can-access-keys}, {@code acl.dangerous-commands}
 * @param user the user's name
 * @param message what is wrong, for a person
 * @param evidence a command (argument vector) the user is allowed to run that shows it; empty when the finding
 *     is about the user's flags rather than a command
 */
public record AclFinding(String code, String user, String message, List<String> evidence) {

  public AclFinding {
    Objects.requireNonNull(code, "code must not be null");
    Objects.requireNonNull(user, "user must not be null");
    Objects.requireNonNull(message, "message must not be null");
    evidence = List.copyOf(evidence);
  }

  @Override
  public String toString() {
    return code + " [" + user + "]: " + message + (evidence.isEmpty() ? "" : " (e.g. " + String.join(" ", evidence)
        + ")");
  }
}
