package dev.thalos.redis.security.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.thalos.redis.security.channel.ThalosNamespace;
import dev.thalos.redis.security.testkit.RedisServer;
import dev.thalos.redis.security.testkit.RespClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every piece of evidence {@link AclAudit} gives against the ACLs Thalos recommends is confirmed by
 * {@code ACL DRYRUN} on a real redis-server: the attacks work there.
 */
@Tag("integration")
class AclAuditDryrunTest {

  private static final List<ThalosNamespace> WAX = List.of(ThalosNamespace.of("wax"));

  @Test
  void evidenceAgainstThalosDocsAndToolsAcls_isAllowedByTheRealServer() {
    try (RedisServer server = RedisServer.builder().start()) {
      RespClient admin = server.admin();
      int confirmed = 0;
      for (String fixture : List.of("thalos-docs-users.acl", "thalos-tools-users.acl")) {
        for (String line : ThalosFixtures.text(fixture).split("\n")) {
          String[] tokens = line.split(" ");
          String name = tokens[1] + "-" + (fixture.contains("docs") ? "docs" : "tools");
          List<String> setUser = new ArrayList<>(List.of("ACL", "SETUSER", name, "reset"));
          setUser.addAll(List.of(tokens).subList(2, tokens.length));
          assertEquals("OK", admin.command(setUser.toArray(new String[0])), line);
          AclUser user = AclParser.redis7().parseUserLine(line);
          AclAudit audit = AclAudit.of(user);
          List<AclFinding> findings = new ArrayList<>(audit.reviewClient(WAX));
          findings.addAll(audit.reviewServer(WAX, ThalosAclPlan.DEFAULT_CACHE_KEY_PREFIX));
          for (AclFinding f : findings) {
            if (f.evidence().isEmpty()) {
              continue;
            }
            List<String> dry = new ArrayList<>(List.of("ACL", "DRYRUN", name));
            dry.addAll(f.evidence());
            assertEquals("OK", admin.command(dry.toArray(new String[0])), f + " for " + line);
            confirmed++;
          }
        }
      }
      assertFalse(confirmed < 10, "only " + confirmed + " pieces of evidence");
    }
  }
}
