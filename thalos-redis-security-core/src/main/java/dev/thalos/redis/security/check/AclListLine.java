package dev.thalos.redis.security.check;

import dev.thalos.redis.security.acl.AclParser;
import dev.thalos.redis.security.acl.AclSyntaxException;
import dev.thalos.redis.security.acl.AclUser;
import java.util.Optional;

/**
 * One line of the server's {@code ACL LIST} reply and the user it describes, parsed on first use and then kept:
 * the rules of one run that read the same line share one parse ({@link LiveFacts#aclLines}).
 */
final class AclListLine {

  final String line;
  private Optional<AclUser> user;

  AclListLine(String line) {
    this.line = line;
  }

  /** The user of this line, or empty if the line does not parse as a Redis 7 ACL line. */
  synchronized Optional<AclUser> user() {
    if (user == null) {
      try {
        user = Optional.of(AclParser.redis7().parseUserLine(line));
      } catch (AclSyntaxException | IllegalArgumentException e) {
        user = Optional.empty();
      }
    }
    return user;
  }

  /** Whether this is the line of {@code name}: it starts with {@code user <name> }. */
  boolean names(String name) {
    return line.startsWith("user " + name + " ");
  }
}
