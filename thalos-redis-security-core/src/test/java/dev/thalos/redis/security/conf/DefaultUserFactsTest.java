package dev.thalos.redis.security.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.conf.ExposureVerdict.Authentication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class DefaultUserFactsTest {

  private static final String REFUSED = "the ACL toolkit refuses this line";

  private static DefaultUserFacts facts(String conf) {
    return new AuditInput(RedisConfigParser.defaults().parse(conf, Path.of("redis.conf")), Optional.empty(),
        Optional.empty(), false, 0).defaultUser;
  }

  private static DefaultUserFacts factsWithAclFile(Path dir, String aclText) throws IOException {
    return factsWithAclFile(dir, "aclfile users.acl\n", aclText);
  }

  /** The facts of {@code confText} with {@code aclText} as users.acl, read as the audit reads them. */
  private static DefaultUserFacts factsWithAclFile(Path dir, String confText, String aclText) throws IOException {
    Path acl = dir.resolve("users.acl");
    Files.writeString(acl, aclText);
    Path conf = dir.resolve("redis.conf");
    Files.writeString(conf, confText);
    return ConfigAudit.defaults().input(RedisConfigParser.defaults().parse(conf)).defaultUser;
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
    assertTrue(notDefault.evidence().toString().contains("the aclfile does not define the default user"),
        notDefault.evidence().toString());
  }

  @Test
  void aclFileWithoutDefault_leavesTheDefaultUserOpen_andRequirepassDoesNotApply(@TempDir Path dir)
      throws IOException {
    // redis-server 7 gives requirepass to the default user, then loads the aclfile, which replaces every user:
    // with no 'user default' line the default user is created again as 'on nopass ~* &* +@all'
    for (String conf : List.of("requirepass s3cret\naclfile users.acl\n",
        "aclfile users.acl\nrequirepass s3cret\n")) {
      DefaultUserFacts f = factsWithAclFile(dir, conf, "user admin on >adminpw ~* &* +@all\n");
      assertEquals(Authentication.NONE, f.authentication(), conf + f.evidence());
      String evidence = f.evidence().toString();
      assertTrue(evidence.contains("the aclfile does not define the default user"), evidence);
      assertTrue(evidence.contains("'user default on nopass ~* &* +@all'"), evidence);
      assertTrue(evidence.contains("requirepass **** (" + dir.resolve("redis.conf") + ":"), evidence);
      assertTrue(evidence.contains("does not apply"), evidence);
      assertFalse(evidence.contains("s3cret") || evidence.contains("adminpw"), evidence);
      assertEquals("aclfile", f.source().orElseThrow().name());
    }
  }

  @Test
  void aclFileDefiningDefault_decides_andRequirepassIsIgnoredEitherWay(@TempDir Path dir) throws IOException {
    String conf = "requirepass s3cret\naclfile users.acl\n";
    DefaultUserFacts off = factsWithAclFile(dir, conf, "user default off\n");
    assertEquals(Authentication.DISABLED, off.authentication());
    assertTrue(off.evidence().toString().contains("does not apply"), off.evidence().toString());
    DefaultUserFacts nopass = factsWithAclFile(dir, conf, "user default on nopass ~* +@all\n");
    assertEquals(Authentication.NONE, nopass.authentication());
    assertTrue(nopass.evidence().toString().contains("does not apply"), nopass.evidence().toString());
    DefaultUserFacts bare = factsWithAclFile(dir, conf, "user default on ~* +@all\n");
    assertEquals(Authentication.DISABLED, bare.authentication(), "on, but no password and no nopass");
    DefaultUserFacts password = factsWithAclFile(dir, "aclfile users.acl\n", "user default on >pw ~* +@all\n");
    assertEquals(Authentication.PASSWORD, password.authentication());
    assertFalse(password.evidence().toString().contains("requirepass"), password.evidence().toString());
  }

  @Test
  void userDefaultInRedisConf_besideAnAclFile_protectsNothing(@TempDir Path dir) throws IOException {
    // redis-server refuses to start with both; were the conf lines dropped, the aclfile alone would decide
    DefaultUserFacts f = factsWithAclFile(dir, "user default on >s3cret\naclfile users.acl\n",
        "user admin on >adminpw ~* &* +@all\n");
    assertEquals(Authentication.NONE, f.authentication());
    String evidence = f.evidence().toString();
    assertTrue(evidence.contains("user default on >**** (" + dir.resolve("redis.conf") + ":1)"), evidence);
    assertTrue(evidence.contains("refuses to start"), evidence);
    assertFalse(evidence.contains("s3cret"), evidence);
  }

  @Test
  void masterauth_isNotAPasswordOfTheDefaultUser(@TempDir Path dir) throws IOException {
    assertEquals(Authentication.NONE, facts("masterauth s3cret\n").authentication());
    assertEquals(Authentication.NONE,
        factsWithAclFile(dir, "masterauth s3cret\naclfile users.acl\n", "user admin on >pw +@all\n")
            .authentication());
  }

  @Test
  void anEmptyAclfileDirective_switchesTheAclFileOff(@TempDir Path dir) throws IOException {
    // the last aclfile wins, and "" means none: the user lines of redis.conf count again
    DefaultUserFacts f = factsWithAclFile(dir, "aclfile users.acl\naclfile \"\"\nuser default on >pw\n",
        "user default on nopass\n");
    assertEquals(Authentication.PASSWORD, f.authentication(), f.evidence().toString());
  }

  @Test
  void unreadableAclFile_isUnknown_andSaysRedisRefusesToStart(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("redis.conf"), "requirepass s3cret\naclfile missing.acl\n");
    DefaultUserFacts f = ConfigAudit.defaults().input(RedisConfigParser.defaults().parse(dir.resolve("redis.conf")))
        .defaultUser;
    assertEquals(Authentication.UNKNOWN, f.authentication());
    assertTrue(f.evidence().toString().contains("redis-server refuses to start"), f.evidence().toString());
  }

  @Test
  void defaultDefinedTwice_isNoted(@TempDir Path dir) throws IOException {
    DefaultUserFacts f = factsWithAclFile(dir, "user default off\nuser default on nopass\n");
    assertTrue(f.evidence().toString().contains("defined 2 times"), f.evidence().toString());
    DefaultUserFacts conf = facts("user default off\nuser default on nopass\n");
    assertTrue(conf.evidence().toString().contains("defined 2 times"), conf.evidence().toString());
  }

  @Test
  void anAclFileThatIsADirectory_isReadAsRedisReadsIt_empty(@TempDir Path dir) throws IOException {
    Files.createDirectory(dir.resolve("acl.d"));
    Files.writeString(dir.resolve("redis.conf"), "requirepass s3cret\naclfile acl.d\n");
    DefaultUserFacts f = ConfigAudit.defaults().input(RedisConfigParser.defaults().parse(dir.resolve("redis.conf")))
        .defaultUser;
    assertEquals(Authentication.NONE, f.authentication(), f.evidence().toString());
    assertTrue(f.evidence().toString().contains(dir.resolve("acl.d") + " is a directory"), f.evidence().toString());
  }

  @Test
  void aRelativeAclFile_isFoundInTheDirectoryRedisWorksIn(@TempDir Path dir) throws IOException {
    // Redis applies 'dir' with chdir() while it reads redis.conf, and loads the aclfile afterwards
    Files.createDirectory(dir.resolve("data"));
    Files.writeString(dir.resolve("users.acl"), "user default on nopass ~* +@all\n");
    Files.writeString(dir.resolve("data").resolve("users.acl"), "user default off\n");
    Path conf = dir.resolve("redis.conf");
    for (String dirLines : List.of("dir " + dir.resolve("data") + "\n", "dir /\ndir " + dir + "\ndir data\n")) {
      Files.writeString(conf, dirLines + "aclfile users.acl\n");
      DefaultUserFacts f = ConfigAudit.defaults().input(RedisConfigParser.defaults().parse(conf)).defaultUser;
      assertEquals(Authentication.DISABLED, f.authentication(), dirLines + f.evidence());
      assertTrue(f.evidence().toString().contains(dir.resolve("data").resolve("users.acl") + ":1"),
          f.evidence().toString());
    }
    // without an absolute dir: from the directory Redis starts in (the parser's, else that of redis.conf), moved
    // by the relative dirs as the includes are
    Files.writeString(conf, "aclfile users.acl\n");
    assertEquals(Authentication.NONE,
        ConfigAudit.defaults().input(RedisConfigParser.defaults().parse(conf)).defaultUser.authentication());
    Files.writeString(conf, "dir data\naclfile users.acl\n");
    assertEquals(Authentication.DISABLED,
        ConfigAudit.defaults().input(RedisConfigParser.defaults().parse(conf)).defaultUser.authentication());
    Files.writeString(conf, "aclfile users.acl\n");
    RedisConfigParser startsInData = RedisConfigParser.builder().workingDirectory(dir.resolve("data")).build();
    assertEquals(Authentication.DISABLED,
        ConfigAudit.defaults().input(startsInData.parse(conf)).defaultUser.authentication());
    Files.writeString(conf, "dir ..\naclfile users.acl\n");
    assertEquals(Authentication.NONE,
        ConfigAudit.defaults().input(startsInData.parse(conf)).defaultUser.authentication());
  }
}
