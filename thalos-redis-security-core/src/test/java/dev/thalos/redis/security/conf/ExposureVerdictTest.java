package dev.thalos.redis.security.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.check.Location;
import dev.thalos.redis.security.check.Severity;
import dev.thalos.redis.security.conf.ExposureVerdict.Authentication;
import dev.thalos.redis.security.conf.ExposureVerdict.Level;
import dev.thalos.redis.security.conf.ExposureVerdict.Reach;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Tag("unit")
class ExposureVerdictTest {

  static ExposureVerdict verdict(String conf) {
    return ConfigAudit.defaults().exposure(
        RedisConfigParser.defaults().parse(conf.replace(';', '\n'), Path.of("redis.conf")));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', value = {
      // config (';' = newline)                                  | level               | reach            | auth
      "''                                                        | PROTECTED_MODE_ONLY | PUBLIC_NETWORK   | NONE",
      "protected-mode no                                         | OPEN                | PUBLIC_NETWORK   | NONE",
      "bind 127.0.0.1 -::1;protected-mode no                     | LOOPBACK_ONLY       | LOOPBACK         | NONE",
      "bind 10.0.0.5 127.0.0.1;protected-mode no                 | OPEN                | PRIVATE_NETWORK  | NONE",
      "bind 10.0.0.5;requirepass x                               | AUTHENTICATED       | PRIVATE_NETWORK  | PASSWORD",
      "bind 0.0.0.0;user default off                             | AUTHENTICATED       | PUBLIC_NETWORK   | DISABLED",
      "bind redis.internal;protected-mode no                     | OPEN                | UNKNOWN          | NONE",
      "bind 8.8.8.8 redis.internal;protected-mode no             | OPEN                | PUBLIC_NETWORK   | NONE",
      "port 0                                                    | NOT_LISTENING       | NONE             | NONE",
      "port 0;tls-port 6380;protected-mode no                    | OPEN                | PUBLIC_NETWORK   | NONE",
      "requirepass x;user default on nopass;protected-mode no    | OPEN                | PUBLIC_NETWORK   | NONE",
      "user default on nopass >pw                                | AUTHENTICATED       | PUBLIC_NETWORK   | PASSWORD",
      "user default on >pw nopass;protected-mode no              | OPEN                | PUBLIC_NETWORK   | NONE",
      "user default on >pw resetpass;protected-mode no           | AUTHENTICATED       | PUBLIC_NETWORK   | DISABLED",
      "user default on #abc <x                                   | AUTHENTICATED       | PUBLIC_NETWORK   | PASSWORD",
      "user default on >a <a;bind 10.0.0.1                       | AUTHENTICATED       | PRIVATE_NETWORK  | DISABLED",
      "user default on #ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb <a | AUTHENTICATED | PUBLIC_NETWORK | DISABLED",
      "user default on >a !CA978112CA1BBDCAFAC231B39A23DC4DA786EFF8147C4E72B9807785AFEE48BB | AUTHENTICATED | PUBLIC_NETWORK | DISABLED",
      "user default on ~* +@all                                  | AUTHENTICATED       | PUBLIC_NETWORK   | DISABLED",
      "requirepass \"\";protected-mode no                        | OPEN                | PUBLIC_NETWORK   | NONE",
      "bind 127.0.0.1;bind 0.0.0.0;protected-mode no             | OPEN                | PUBLIC_NETWORK   | NONE",
      "bind 0.0.0.0;bind 127.0.0.1;protected-mode no             | LOOPBACK_ONLY       | LOOPBACK         | NONE",
      "protected-mode yes;protected-mode no;bind -::*            | OPEN                | PUBLIC_NETWORK   | NONE",
      "bind fe80::1%eth0;protected-mode no                       | OPEN                | PRIVATE_NETWORK  | NONE",
      "bind \"127.0.0.1 -::1\";protected-mode no                 | LOOPBACK_ONLY       | LOOPBACK         | NONE",
      "bind \"10.0.0.5 127.0.0.1\";protected-mode no             | OPEN                | PRIVATE_NETWORK  | NONE",
      "bind \"\";protected-mode no                                | NOT_LISTENING       | NONE             | NONE",
      "bind;protected-mode no                                    | NOT_LISTENING       | NONE             | NONE",
      "bind \"\\\"127.0.0.1\";protected-mode no                | NOT_LISTENING       | NONE             | NONE",
      "bind \"\\\"\\\"\";tls-port 6380;protected-mode no          | NOT_LISTENING       | NONE             | NONE"})
  void configuration_getsItsVerdict(String conf, Level level, Reach reach, Authentication auth) {
    ExposureVerdict v = verdict(conf);
    assertEquals(level, v.level(), v.toString());
    assertEquals(reach, v.reach(), v.toString());
    assertEquals(auth, v.authentication(), v.toString());
  }

  @Test
  void bindWithoutAddress_opensNoTcpSocket_andSaysSo() {
    ExposureVerdict v = verdict("bind \"\";protected-mode no");
    assertEquals("no TCP port is open (bind names no address)", v.summary());
    assertEquals(List.of(), v.bindAddresses());
    assertTrue(v.bindExplicit());
    assertTrue(v.evidence().get(0).endsWith(": no address: redis-server opens no TCP socket, neither port nor "
        + "tls-port"), v.evidence().toString());
    assertEquals("no TCP port is open (port 0, no tls-port)", verdict("port 0").summary());
  }

  @Test
  void bindWithOneQuotedArgument_isSplitAsRedisSplitsIt() {
    assertEquals("[127.0.0.1 (loopback), -::1 (loopback)]",
        verdict("bind \"127.0.0.1 -::1\"").bindAddresses().toString());
    assertEquals("[10.0.0.5 (private), redis.internal (unresolved-name)]",
        verdict("bind '10.0.0.5 \"redis.internal\"'").bindAddresses().toString());
  }

  @Test
  void missingBind_meansEveryInterface() {
    ExposureVerdict v = verdict("protected-mode no");
    assertFalse(v.bindExplicit());
    assertEquals("[* (wildcard), -::* (wildcard)]", v.bindAddresses().toString());
    assertTrue(v.evidence().contains("no bind directive: Redis listens on every interface (bind * -::*)"));
    assertEquals(6379, v.plaintextPort());
  }

  @Test
  void openToPublic_isCritical_andOpenToPrivate_isHigh() {
    assertEquals(Severity.CRITICAL, verdict("protected-mode no").severity());
    assertEquals(Severity.HIGH, verdict("bind 10.0.0.1;protected-mode no").severity());
    assertEquals(Severity.INFO, verdict("bind 10.0.0.1;requirepass x").severity());
    assertTrue(verdict("protected-mode no").remediation().contains("user default off"));
    assertEquals("", verdict("bind 127.0.0.1").remediation());
  }

  @Test
  void evidence_neverContainsThePassword() {
    ExposureVerdict v = verdict("bind 10.0.0.1;requirepass hunter2;user default on >hunter3");
    assertFalse(v.evidence().toString().contains("hunter"), v.evidence().toString());
    assertEquals(Authentication.PASSWORD, v.authentication());
  }

  @Test
  void aclFile_decidesTheDefaultUser_andAnUnreadableOneLeavesItUnknown(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("users.acl"), "user default on nopass ~* +@all\nuser thalos on >pw\n");
    Files.writeString(dir.resolve("redis.conf"), "aclfile users.acl\nprotected-mode no\n");
    ExposureVerdict open = ConfigAudit.defaults().exposure(
        RedisConfigParser.defaults().parse(dir.resolve("redis.conf")));
    assertEquals(Level.OPEN, open.level());
    Files.writeString(dir.resolve("users.acl"), "user default off\n");
    assertEquals(Level.AUTHENTICATED, ConfigAudit.defaults().exposure(
        RedisConfigParser.defaults().parse(dir.resolve("redis.conf"))).level());
    Files.writeString(dir.resolve("redis.conf"), "aclfile missing.acl\nprotected-mode no\n");
    ExposureVerdict unknown = ConfigAudit.defaults().exposure(
        RedisConfigParser.defaults().parse(dir.resolve("redis.conf")));
    assertEquals(Level.UNKNOWN, unknown.level());
    assertEquals(Authentication.UNKNOWN, unknown.authentication());
  }

  @Test
  void aclFileWithoutDefault_isOpen_thoughRequirepassIsSet(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("users.acl"), "user thalos on >pw ~thalos::* +get\n");
    Path conf = dir.resolve("redis.conf");
    Files.writeString(conf, "bind 0.0.0.0\nprotected-mode no\nrequirepass s3cret\naclfile users.acl\n");
    ExposureVerdict open = ConfigAudit.defaults().exposure(RedisConfigParser.defaults().parse(conf));
    assertEquals(Level.OPEN, open.level(), open.toString());
    assertEquals(Authentication.NONE, open.authentication());
    assertEquals(Severity.CRITICAL, open.severity());
    assertTrue(open.locations().contains(Location.of(conf, 4)), open.locations().toString());
    assertTrue(open.evidence().toString().contains("the aclfile does not define the default user"),
        open.evidence().toString());
    assertFalse(open.evidence().toString().contains("s3cret"));

    // protected mode still refuses remote clients: Redis checks the default user's nopass flag
    Files.writeString(conf, "bind 0.0.0.0\nrequirepass s3cret\naclfile users.acl\n");
    assertEquals(Level.PROTECTED_MODE_ONLY,
        ConfigAudit.defaults().exposure(RedisConfigParser.defaults().parse(conf)).level());
    // and with a default user the aclfile closes, requirepass is still beside the point
    Files.writeString(dir.resolve("users.acl"), "user default off\nuser thalos on >pw ~thalos::* +get\n");
    Files.writeString(conf, "bind 0.0.0.0\nprotected-mode no\nrequirepass s3cret\naclfile users.acl\n");
    ExposureVerdict closed = ConfigAudit.defaults().exposure(RedisConfigParser.defaults().parse(conf));
    assertEquals(Level.AUTHENTICATED, closed.level());
    assertEquals(Authentication.DISABLED, closed.authentication());
  }
}
