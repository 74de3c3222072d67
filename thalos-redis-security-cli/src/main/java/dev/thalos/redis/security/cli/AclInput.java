package dev.thalos.redis.security.cli;

import dev.thalos.redis.security.ThalosSecurityException;
import dev.thalos.redis.security.acl.AclParser;
import dev.thalos.redis.security.acl.AclSyntaxException;
import dev.thalos.redis.security.acl.AclUser;
import java.util.List;

/**
 * Parses ACL text a user hands the tool, which may not be ACL at all: a password file or a password on standard
 * input given by mistake. A line that does not start with {@code user} is refused without quoting its first
 * word, which may be that password; every other syntax error names its token as {@link AclSyntaxException} does
 * (clear-text passwords redacted).
 */
final class AclInput {

  private AclInput() {}

  /** The users of an ACL file; {@code source} names it in messages (already escaped). */
  static List<AclUser> file(String text, String source) {
    try {
      return AclParser.redis7().parseAclFile(text);
    } catch (AclSyntaxException e) {
      throw withoutFirstWord(e, source);
    }
  }

  /** One user line; {@code source} names it in messages. */
  static AclUser line(String text, String source) {
    try {
      return AclParser.redis7().parseUserLine(text);
    } catch (AclSyntaxException e) {
      throw withoutFirstWord(e, source);
    }
  }

  private static ThalosSecurityException withoutFirstWord(AclSyntaxException e, String source) {
    if (e.position() != 1) {
      return e;
    }
    return new ThalosSecurityException(e.reason(), source + (e.line() > 0 ? " line " + e.line() : "")
        + " is not an ACL user line: it must start with the 'user' keyword and a user name (the line is not "
        + "shown: it may hold a password)");
  }
}
