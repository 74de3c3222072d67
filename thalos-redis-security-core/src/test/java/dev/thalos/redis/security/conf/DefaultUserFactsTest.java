package dev.thalos.redis.security.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.conf.ExposureVerdict.Authentication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class DefaultUserFactsTest {

  private static final String REFUSED = "the ACL toolkit refuses this line";

  private static DefaultUserFacts facts(String conf) {
    return new AuditInput(RedisConfigParser.defaults().parse(conf, Path.of("redis.conf")), Optional.empty(),
        Optional.empty(), 0).defaultUser;
  }

  private static DefaultUserFacts factsWithAclFile(Path dir, String aclText) throws IOException {
    Path acl = dir.resolve("users.acl");
    Files.writeString(acl, aclText);
    RedisConfig conf = RedisConfigParser.defaults().parse("aclfile users.acl\n", dir.resolve("redis.conf"));
    return new AuditInput(conf, Optional.of(RedisConfigParser.defaults().parseAclFile(acl)), Optional.empty(), 0)
        .defaultUser;
  }

  @Test
  void aValidUserDefaultLine_isReadByTheAclToolkit() {
    DefaultUserFacts f = facts("user default on nopass >pw\n");
    assertEquals(Authentication.PASSWORD, f.authentication());
    assertFalse(f.evidence().toString().contains(REFUSED), f.evidence().toString());
  }

  @Test
  void aLineTheToolkitRefuses_isStillReadRuleByRule_andSaysSo() {
    // '#abc' is no hash and '<x' removes a password the user does not have: redis-server refuses both
    DefaultUserFacts f = facts("user default on #abc <x\n");
    assertEquals(Authentication.PASSWORD, f.authentication());
    assertTrue(f.evidence().toString().contains(REFUSED), f.evidence().toString());
  }

  @Test
  void aclFileLine_tabsAroundRulesAreTrimmed_butAUserNameWithATabIsNotDefault(@TempDir Path dir)
      throws IOException {
    DefaultUserFacts open = factsWithAclFile(dir, "user default on\t nopass\r\n");
    assertEquals(Authentication.NONE, open.authentication());
    assertFalse(open.evidence().toString().contains(REFUSED), open.evidence().toString());
    DefaultUserFacts off = factsWithAclFile(dir, "user default off\t\r\n");
    assertEquals(Authentication.DISABLED, off.authentication());
    // "default\t" is another name (one Redis refuses): this file does not define the default user
    DefaultUserFacts notDefault = factsWithAclFile(dir, "user default\t off\n");
    assertEquals(Authentication.NONE, notDefault.authentication());
    assertTrue(notDefault.evidence().toString().contains("the aclfile does not define it"),
        notDefault.evidence().toString());
  }
}
