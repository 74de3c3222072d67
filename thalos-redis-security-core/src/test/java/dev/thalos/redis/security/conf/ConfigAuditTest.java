package dev.thalos.redis.security.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.check.CheckFailedException;
import dev.thalos.redis.security.check.CheckReport;
import dev.thalos.redis.security.check.Finding;
import dev.thalos.redis.security.check.Location;
import dev.thalos.redis.security.check.Outcome;
import dev.thalos.redis.security.check.Policy;
import dev.thalos.redis.security.check.ReportFormat;
import dev.thalos.redis.security.check.Rule;
import dev.thalos.redis.security.check.SchemaValidation;
import dev.thalos.redis.security.check.Severity;
import dev.thalos.redis.security.internal.LogInjection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every offline rule with a configuration that passes and one that fails, with evidence and remediation. */
@Tag("unit")
class ConfigAuditTest {

  private static final Path CONF = Path.of("redis.conf");

  /** TLS only, loopback plus a private address, ACL users with hashed passwords: passes every rule. */
  static final String HARDENED = String.join("\n",
      "bind 10.0.0.5 127.0.0.1 -::1",
      "protected-mode yes",
      "port 0",
      "tls-port 6380",
      "tls-cert-file /etc/redis/tls/redis.crt",
      "tls-key-file /etc/redis/tls/redis.key",
      "tls-ca-cert-file /etc/redis/tls/ca.crt",
      "tls-protocols \"TLSv1.2 TLSv1.3\"",
      "tls-ciphers \"ECDHE+AESGCM:ECDHE+CHACHA20\"",
      "user default off",
      "user thalos on #" + "a".repeat(64) + " resetchannels ~thalos::cache::* &ship::* -@all +publish +ping",
      "client-output-buffer-limit normal 0 0 0 replica 256mb 64mb 60 pubsub 32mb 8mb 60",
      "");

  private static CheckReport audit(String text) {
    return ConfigAudit.defaults().audit(RedisConfigParser.defaults().parse(text, CONF));
  }

  private static Finding finding(String text, String ruleId) {
    return audit(text).finding(ruleId).orElseThrow();
  }

  /** Replaces or appends directive lines of the hardened configuration. */
  private static String hardenedWith(String... lines) {
    return HARDENED + String.join("\n", lines) + "\n";
  }

  private static void assertProblem(Finding f, Outcome outcome, Severity severity, String remediationPart,
      int... lines) {
    assertEquals(outcome, f.outcome(), f.toString());
    assertEquals(severity, f.severity(), f.toString());
    assertFalse(f.evidence().isEmpty());
    assertTrue(f.remediation().contains(remediationPart), f.remediation());
    for (int line : lines) {
      assertTrue(f.locations().contains(Location.of(CONF, line)), f.locations() + " lacks line " + line);
    }
  }

  @Test
  void hardenedConfiguration_passesEveryRule() {
    CheckReport r = audit(HARDENED);
    for (Finding f : r.findings()) {
      assertEquals(Outcome.PASS, f.outcome(), f.toString());
    }
    assertEquals(ConfigAudit.offlineRules().size(), r.findings().size());
    assertEquals(0, r.roundTrips());
    assertEquals("redis.conf", r.target());
    r.requirePassing(Policy.builder().failOn(Severity.INFO).failOnWarnings(true).failOnSkipped(true).build());
  }

  @Test
  void ruleIds_areUniqueAndDocumented() {
    Set<String> ids = new HashSet<>();
    for (Rule rule : ConfigAudit.offlineRules()) {
      assertTrue(ids.add(rule.id()), rule.id());
      assertTrue(rule.id().startsWith("conf."), rule.id());
      assertTrue(rule.description().length() > 40, rule.id());
    }
  }

  @Test
  void defaultRedisConfiguration_isOnlyProtectedByProtectedMode() {
    Finding f = finding("", NetworkRules.Exposure.ID);
    assertProblem(f, Outcome.WARN, Severity.MEDIUM, "user default off");
    assertTrue(f.evidence().contains("no bind directive: Redis listens on every interface (bind * -::*)"));
  }

  @Test
  void exposure_failsCriticalWhenOpenToEveryInterface() {
    Finding f = finding("port 6379\nprotected-mode no\n", NetworkRules.Exposure.ID);
    assertProblem(f, Outcome.FAIL, Severity.CRITICAL, "bind 127.0.0.1 -::1", 1, 2);
    assertEquals("anyone who reaches the public network is logged in as the passwordless default user",
        f.summary());
  }

  @Test
  void exposure_failsHighWhenOpenToAPrivateNetwork_andPassesOnLoopback() {
    assertProblem(finding("bind 192.168.1.100 10.0.0.1\nprotected-mode no\n", NetworkRules.Exposure.ID),
        Outcome.FAIL, Severity.HIGH, "user default off", 1, 2);
    assertEquals(Outcome.PASS, finding("bind 127.0.0.1 ::1\nprotected-mode no\n", NetworkRules.Exposure.ID)
        .outcome());
  }

  @Test
  void exposure_isSkippedWhenTheAclFileCannotBeRead() {
    Finding f = finding("aclfile /nonexistent/users.acl\nprotected-mode no\n", NetworkRules.Exposure.ID);
    assertEquals(Outcome.SKIPPED, f.outcome());
    assertTrue(f.summary().contains("not a readable regular file: /nonexistent/users.acl"), f.summary());
  }

  @Test
  void protectedModeOff_withoutPassword_fails_andWithPasswordPasses() {
    assertProblem(finding("bind 10.0.0.1\nprotected-mode no\n", NetworkRules.ProtectedMode.ID),
        Outcome.FAIL, Severity.HIGH, "protected-mode yes", 2);
    assertProblem(finding("bind 127.0.0.1\nprotected-mode no\n", NetworkRules.ProtectedMode.ID),
        Outcome.WARN, Severity.LOW, "protected-mode yes", 2);
    assertEquals(Outcome.PASS,
        finding("protected-mode no\nrequirepass x\n", NetworkRules.ProtectedMode.ID).outcome());
    assertEquals(Outcome.PASS, finding(HARDENED, NetworkRules.ProtectedMode.ID).outcome());
  }

  @Test
  void hostNameInBind_warns() {
    Finding f = finding("bind redis.internal 127.0.0.1\n", NetworkRules.BindName.ID);
    assertProblem(f, Outcome.WARN, Severity.MEDIUM, "bind 10.0.0.5", 1);
    assertTrue(f.summary().contains("[redis.internal]"), f.summary());
  }

  @Test
  void noTlsWhileExposed_fails_andLoopbackWithoutTlsPasses() {
    assertProblem(finding("bind 10.0.0.5\nrequirepass x\n", TlsRules.Missing.ID), Outcome.FAIL, Severity.HIGH,
        "tls-port 6380", 1);
    assertEquals(Outcome.PASS, finding("bind 127.0.0.1\n", TlsRules.Missing.ID).outcome());
  }

  @Test
  void missingTlsRemediation_passesTheProtocolAndCipherRules() {
    String fix = finding("bind 10.0.0.5\nrequirepass x\n", TlsRules.Missing.ID).remediation();
    String fixed = "bind 10.0.0.5\nrequirepass x\n" + fix + "\n";
    assertEquals(Outcome.PASS, finding(fixed, TlsRules.Missing.ID).outcome());
    assertEquals(Outcome.PASS, finding(fixed, TlsRules.Protocols.ID).outcome());
    assertEquals(Outcome.PASS, finding(fixed, TlsRules.Ciphers.ID).outcome(), fixed);
  }

  @Test
  void tlsBesidePlaintextPort_fails_evenWhenPortIsOnlyImplied() {
    Finding implied = finding("bind 10.0.0.5\ntls-port 6380\n", TlsRules.PlaintextPort.ID);
    assertProblem(implied, Outcome.FAIL, Severity.HIGH, "port 0", 2);
    assertTrue(implied.evidence().contains("no port directive: the plaintext port defaults to 6379"));
    assertProblem(finding("bind 10.0.0.5\nport 6379\ntls-port 6380\n", TlsRules.PlaintextPort.ID),
        Outcome.FAIL, Severity.HIGH, "port 0", 2, 3);
    assertProblem(finding("bind 127.0.0.1\ntls-port 6380\n", TlsRules.PlaintextPort.ID), Outcome.WARN,
        Severity.LOW, "port 0", 2);
    assertEquals(Outcome.PASS, finding(HARDENED, TlsRules.PlaintextPort.ID).outcome());
  }

  @Test
  void oldTlsProtocols_fail() {
    assertProblem(finding(hardenedWith("tls-protocols \"TLSv1.1 TLSv1.2\""), TlsRules.Protocols.ID),
        Outcome.FAIL, Severity.MEDIUM, "tls-protocols \"TLSv1.2 TLSv1.3\"", 13);
    assertProblem(finding(hardenedWith("tls-protocols TLSv1"), TlsRules.Protocols.ID), Outcome.FAIL,
        Severity.MEDIUM, "TLSv1.3", 13);
    assertEquals(Outcome.PASS, finding(hardenedWith("tls-protocols TLSv1.3"), TlsRules.Protocols.ID).outcome());
    assertEquals(Outcome.PASS, finding("port 0\ntls-port 6380\n", TlsRules.Protocols.ID).outcome());
  }

  @Test
  void tlsCiphers_staticRsaOrBrokenFail_cbcWarns_unboundedAliasesWarn() {
    Finding rsa = finding(hardenedWith("tls-ciphers AES128-SHA"), TlsRules.Ciphers.ID);
    assertProblem(rsa, Outcome.FAIL, Severity.MEDIUM, "tls-ciphers \"ECDHE+AESGCM:ECDHE+CHACHA20\"", 13);
    assertTrue(rsa.summary().contains("static-RSA key exchange (no forward secrecy) via 'AES128-SHA'"),
        rsa.summary());
    assertProblem(finding(hardenedWith("tls-ciphers \"DEFAULT:@SECLEVEL=0\""), TlsRules.Ciphers.ID),
        Outcome.FAIL, Severity.MEDIUM, "ECDHE+AESGCM", 13);
    assertProblem(finding(hardenedWith("tls-ciphers ECDHE+AESGCM:eNULL"), TlsRules.Ciphers.ID),
        Outcome.FAIL, Severity.MEDIUM, "ECDHE+AESGCM", 13);
    Finding cbc = finding(hardenedWith("tls-ciphers ECDHE-RSA-AES128-SHA"), TlsRules.Ciphers.ID);
    assertProblem(cbc, Outcome.WARN, Severity.LOW, "ECDHE+AESGCM", 13);
    Finding high = finding(hardenedWith("tls-ciphers HIGH:!aNULL:!kRSA"), TlsRules.Ciphers.ID);
    assertProblem(high, Outcome.WARN, Severity.MEDIUM, "ECDHE+AESGCM", 13);
    assertTrue(high.summary().contains("cannot be told offline; ask the running server (check: live.tls.weak-suites-accepted"),
        high.summary());
    assertEquals(Outcome.PASS, finding(HARDENED, TlsRules.Ciphers.ID).outcome());
  }

  @Test
  void tlsCiphersUnset_failsWhileTls12IsOn_forOpenSslDefaultsHoldStaticRsa() {
    Finding unset = finding("port 0\ntls-port 6380\n", TlsRules.Ciphers.ID);
    assertEquals(Outcome.FAIL, unset.outcome(), unset.toString());
    assertTrue(unset.summary().startsWith("OpenSSL's default list (no tls-ciphers) allows static-RSA"),
        unset.summary());
    assertEquals(Outcome.FAIL, finding("port 0\ntls-port 6380\ntls-ciphers \"\"\n", TlsRules.Ciphers.ID)
        .outcome());
    Finding tls13 = finding("port 0\ntls-port 6380\ntls-protocols TLSv1.3\ntls-ciphers AES128-SHA\n",
        TlsRules.Ciphers.ID);
    assertEquals(Outcome.PASS, tls13.outcome(), tls13.toString());
    assertEquals(Outcome.FAIL, finding("port 0\ntls-port 6380\ntls-protocols \"TLSv1.3 TLSv1.2\"\n",
        TlsRules.Ciphers.ID).outcome());
    assertEquals(Outcome.PASS, finding("port 6379\n", TlsRules.Ciphers.ID).outcome());
  }

  @Test
  void tlsCiphersuitesWithCcm8_warnsLow_onlyWhileTls13IsOn() {
    Finding f = finding(hardenedWith("tls-ciphersuites TLS_AES_256_GCM_SHA384:TLS_AES_128_CCM_8_SHA256"),
        TlsRules.Ciphers.ID);
    assertProblem(f, Outcome.WARN, Severity.LOW, "tls-ciphersuites \"TLS_AES_256_GCM_SHA384", 13);
    assertEquals(Outcome.PASS, finding(hardenedWith("tls-ciphersuites TLS_AES_128_CCM_SHA256",
        "tls-protocols TLSv1.2"), TlsRules.Ciphers.ID).outcome());
    assertEquals(Outcome.PASS, finding(hardenedWith("tls-ciphersuites TLS_AES_128_CCM_8_SHA256",
        "tls-protocols TLSv1.2"), TlsRules.Ciphers.ID).outcome());
  }

  @Test
  void clientCertificatesNotRequired_warns() {
    assertProblem(finding(hardenedWith("tls-auth-clients no"), TlsRules.AuthClients.ID), Outcome.WARN,
        Severity.MEDIUM, "tls-auth-clients yes", 13);
    assertProblem(finding(hardenedWith("tls-auth-clients optional"), TlsRules.AuthClients.ID), Outcome.WARN,
        Severity.LOW, "tls-auth-clients yes", 13);
    assertEquals(Outcome.PASS, finding(hardenedWith("tls-auth-clients yes"), TlsRules.AuthClients.ID).outcome());
  }

  @Test
  void requirepass_warnsInFavourOfAclUsers_withoutRevealingIt() {
    Finding f = finding("requirepass hunter2\n", SecretRules.Requirepass.ID);
    assertProblem(f, Outcome.WARN, Severity.LOW, "user default off", 1);
    assertEquals("requirepass **** (redis.conf:1)", f.evidence().get(0));
    assertFalse(ReportFormat.JSON.render(audit("requirepass hunter2\n")).contains("hunter2"));
    assertEquals(Outcome.PASS, finding(HARDENED, SecretRules.Requirepass.ID).outcome());
  }

  @Test
  void renameCommand_warnsAndSuggestsAclRules_withoutRepeatingTheNewName() {
    Finding f = finding("rename-command FLUSHALL \"\"\nrename-command CONFIG secretcfg\n",
        CommandRules.RenameCommand.ID);
    assertProblem(f, Outcome.WARN, Severity.LOW, "-flushall -config", 1, 2);
    assertFalse(f.evidence().toString().contains("secretcfg"), f.evidence().toString());
    assertEquals(Outcome.PASS, finding(HARDENED, CommandRules.RenameCommand.ID).outcome());
  }

  @Test
  void debugAndModuleCommands_failWhenEnabled_warnWhenLocal() {
    assertProblem(finding("enable-debug-command yes\n", CommandRules.EnableCommand.DEBUG_ID), Outcome.FAIL,
        Severity.HIGH, "enable-debug-command no", 1);
    assertProblem(finding("enable-debug-command local\n", CommandRules.EnableCommand.DEBUG_ID), Outcome.WARN,
        Severity.LOW, "enable-debug-command no", 1);
    assertProblem(finding("enable-module-command yes\n", CommandRules.EnableCommand.MODULE_ID), Outcome.FAIL,
        Severity.HIGH, "enable-module-command no", 1);
    assertEquals(Outcome.PASS, finding("enable-module-command no\n", CommandRules.EnableCommand.MODULE_ID)
        .outcome());
  }

  @Test
  void plaintextPasswords_warn_andHashesPass() {
    Finding f = finding("user thalos on >s3cret ~*\nmasterauth m4ster\n", SecretRules.PlaintextPassword.ID);
    assertProblem(f, Outcome.WARN, Severity.LOW, "#<sha256", 1, 2);
    assertFalse(f.toString().contains("s3cret") || f.evidence().toString().contains("s3cret")
        || f.evidence().toString().contains("m4ster"));
    assertEquals(Outcome.PASS, finding(HARDENED, SecretRules.PlaintextPassword.ID).outcome());
  }

  @Test
  void plaintextPasswordInAGroupReadableFile_fails_andOwnerOnlyPasses(@TempDir Path dir) throws IOException {
    Path conf = dir.resolve("redis.conf");
    Path acl = dir.resolve("users.acl");
    Files.writeString(conf, "bind 127.0.0.1\naclfile users.acl\n");
    Files.writeString(acl, "user default off\nuser thalos on >s3cret ~thalos::*\n");
    Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(acl, PosixFilePermissions.fromString("rw-r-----"));
    Finding f = ConfigAudit.defaults().audit(conf).finding(SecretRules.FilePermissions.ID).orElseThrow();
    assertEquals(Outcome.FAIL, f.outcome(), f.toString());
    assertEquals(Severity.HIGH, f.severity());
    assertEquals("chmod 600 " + acl + "\n# (redis-server must own the files; or use #<sha256> hashes)",
        f.remediation());
    assertTrue(f.evidence().get(0).contains("rw-r----- (readable by its group)"), f.evidence().toString());
    assertEquals(List.of(Location.of(acl, 2)), f.locations());

    Files.setPosixFilePermissions(acl, PosixFilePermissions.fromString("rw-------"));
    assertEquals(Outcome.PASS,
        ConfigAudit.defaults().audit(conf).finding(SecretRules.FilePermissions.ID).orElseThrow().outcome());

    Files.writeString(conf, "bind 127.0.0.1\nrequirepass x\n");
    Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-rw-rw-"));
    Finding world = ConfigAudit.defaults().audit(conf).finding(SecretRules.FilePermissions.ID).orElseThrow();
    assertTrue(world.evidence().get(0).contains("(readable by everyone)"), world.evidence().toString());
  }

  @Test
  void pubsubBuffers_unlimitedFails_tooHighOrSoftOnlyWarns_missingWarnsLow() {
    assertProblem(finding("client-output-buffer-limit pubsub 0 0 0\n", PubsubBufferRule.ID), Outcome.FAIL,
        Severity.HIGH, "client-output-buffer-limit pubsub 32mb 8mb 60", 1);
    assertProblem(finding("client-output-buffer-limit pubsub 1gb 512mb 60\n", PubsubBufferRule.ID),
        Outcome.WARN, Severity.MEDIUM, "32mb 8mb 60", 1);
    assertProblem(finding("client-output-buffer-limit pubsub 0 8mb 60\n", PubsubBufferRule.ID), Outcome.WARN,
        Severity.MEDIUM, "32mb", 1);
    Finding missing = finding("port 6379\n", PubsubBufferRule.ID);
    assertProblem(missing, Outcome.WARN, Severity.LOW, "client-output-buffer-limit pubsub 32mb 8mb 60");
    assertProblem(finding("client-output-buffer-limit pubsub lots 8mb 60\n", PubsubBufferRule.ID),
        Outcome.WARN, Severity.LOW, "32mb", 1);
  }

  @Test
  void pubsubBuffers_lastLineForTheClassWins_andOtherClassesDoNotCount() {
    String conf = "client-output-buffer-limit pubsub 0 0 0\nclient-output-buffer-limit normal 0 0 0\n"
        + "client-output-buffer-limit pubsub 16mb 4mb 60\n";
    assertEquals(Outcome.PASS, finding(conf, PubsubBufferRule.ID).outcome());
    ConfigAudit strict = ConfigAudit.builder().maxPubsubHardLimit(8L * 1024 * 1024).build();
    assertEquals(Outcome.WARN, strict.audit(RedisConfigParser.defaults().parse(conf, CONF))
        .finding(PubsubBufferRule.ID).orElseThrow().outcome());
    assertEquals(Outcome.PASS,
        finding("client-output-buffer-limit pubsub 64MB 8mb 60\n", PubsubBufferRule.ID).outcome());
  }

  @Test
  void documentedThalosClientAcl_givesTheDefaultUserClientKillAndPause() {
    String conf = "user default on >client_password resetchannels &ship::* +@connection +subscribe\n"
        + "user admin on >admin_password ~* &* +@all\n"
        + "user thalos on >server_password resetchannels &ship::* ~thalos::* +@connection +@read +@write +publish\n";
    Finding f = finding(conf, AclRules.DangerousCommands.ID);
    assertProblem(f, Outcome.FAIL, Severity.HIGH, "user default off", 1, 2, 3);
    assertTrue(f.evidence().get(0).startsWith("user default may run"), f.evidence().toString());
    assertTrue(f.evidence().get(0).contains("client|kill"), f.evidence().toString());
    assertTrue(f.summary().endsWith("the default user among them"), f.summary());
    assertFalse(f.evidence().toString().contains("client_password"));
  }

  @Test
  void dangerousCommandsOfNamedUsersOnly_warn_andLeastPrivilegePasses() {
    assertProblem(finding("user default off\nuser admin on #" + "b".repeat(64) + " ~* &* +@all\n",
        AclRules.DangerousCommands.ID), Outcome.WARN, Severity.MEDIUM, "user admin -@all", 2);
    assertEquals(Outcome.PASS, finding(HARDENED, AclRules.DangerousCommands.ID).outcome());
    assertEquals(Outcome.PASS, finding("user default off ~* +@all\n", AclRules.DangerousCommands.ID).outcome(),
        "a disabled user cannot run anything");
  }

  @Test
  void namedPasswordlessUser_fails() {
    Finding f = finding("user default off\nuser reader on nopass resetchannels &ship::wax::* +subscribe\n",
        AclRules.PasswordlessUsers.ID);
    assertProblem(f, Outcome.FAIL, Severity.HIGH, "user reader resetpass", 2);
    assertEquals(Outcome.PASS, finding(HARDENED, AclRules.PasswordlessUsers.ID).outcome());
  }

  @Test
  void allChannels_warns() {
    Finding f = finding("user default off\nuser client on >pw &* +subscribe\n", AclRules.AllChannels.ID);
    assertProblem(f, Outcome.WARN, Severity.MEDIUM, "user client resetchannels &ship::<chain>::*", 2);
    assertEquals(Outcome.WARN, finding("acl-pubsub-default allchannels\nuser client on >pw +subscribe\n",
        AclRules.AllChannels.ID).outcome(), "allchannels by default is the Redis 6.2 behaviour");
    assertEquals(Outcome.PASS, finding(HARDENED, AclRules.AllChannels.ID).outcome());
  }

  @Test
  void aclLinesRedisRefuses_fail(@TempDir Path dir) throws IOException {
    Path conf = dir.resolve("redis.conf");
    Files.writeString(conf, "aclfile users.acl\nuser extra on >x\n");
    Files.writeString(dir.resolve("users.acl"), "# the users\nuser default off\nuser bad on +nosuchcommand\n");
    Finding f = ConfigAudit.defaults().audit(conf).finding(AclRules.Syntax.ID).orElseThrow();
    assertEquals(Outcome.FAIL, f.outcome(), f.toString());
    assertEquals(3, f.evidence().size(), f.evidence().toString());
    assertTrue(f.locations().contains(Location.of(conf, 2)));
    assertTrue(f.locations().contains(Location.of(dir.resolve("users.acl"), 1)));
    assertTrue(f.locations().contains(Location.of(dir.resolve("users.acl"), 3)));
    assertEquals(Outcome.PASS, finding(HARDENED, AclRules.Syntax.ID).outcome());
  }

  @Test
  void aclFileLines_areReadAsRedisReadsThem(@TempDir Path dir) throws IOException {
    Path conf = dir.resolve("redis.conf");
    Files.writeString(conf, "aclfile users.acl\n");
    Path acl = dir.resolve("users.acl");
    // tabs, CR and LF around a rule are trimmed off it
    Files.writeString(acl, "user default off\t resetchannels\r\nuser thalos on\t #" + "a".repeat(64)
        + "\t ~thalos::*\t resetchannels\t -@all\r\n");
    Finding ok = ConfigAudit.defaults().audit(conf).finding(AclRules.Syntax.ID).orElseThrow();
    assertEquals(Outcome.PASS, ok.outcome(), ok.toString());
    // the keyword must be exactly 'user', and a second space makes the user name empty
    Files.writeString(acl, "user default off\nUSER admin on nopass\nuser  extra on\nuser\tother on\n");
    Finding f = ConfigAudit.defaults().audit(conf).finding(AclRules.Syntax.ID).orElseThrow();
    assertEquals(Outcome.FAIL, f.outcome(), f.toString());
    assertEquals(List.of(Location.of(acl, 2), Location.of(acl, 3), Location.of(acl, 4)), f.locations());
  }

  @Test
  void aclFileWithoutDefaultUser_failsCritical_thoughRequirepassIsSet(@TempDir Path dir) throws IOException {
    Path conf = dir.resolve("redis.conf");
    Path acl = dir.resolve("users.acl");
    Files.writeString(conf, "bind 0.0.0.0\nprotected-mode no\nrequirepass s3cret\naclfile users.acl\n");
    Files.writeString(acl, "user thalos on #" + "a".repeat(64) + " ~thalos::* resetchannels &ship::* -@all +publish\n");
    CheckReport report = ConfigAudit.defaults().audit(conf);

    Finding exposure = report.finding(NetworkRules.Exposure.ID).orElseThrow();
    assertEquals(Outcome.FAIL, exposure.outcome(), exposure.toString());
    assertEquals(Severity.CRITICAL, exposure.severity());
    assertEquals("anyone who reaches the public network is logged in as the passwordless default user",
        exposure.summary());
    String evidence = exposure.evidence().toString();
    assertTrue(evidence.contains("the aclfile does not define the default user"), evidence);
    assertTrue(evidence.contains("does not apply"), evidence);
    assertTrue(exposure.locations().contains(Location.of(conf, 4)), exposure.locations().toString());

    assertEquals(Outcome.FAIL, report.finding(NetworkRules.ProtectedMode.ID).orElseThrow().outcome());

    Finding dangerous = report.finding(AclRules.DangerousCommands.ID).orElseThrow();
    assertEquals(Outcome.FAIL, dangerous.outcome(), dangerous.toString());
    assertTrue(dangerous.summary().endsWith("the default user among them"), dangerous.summary());
    assertTrue(dangerous.evidence().get(0).startsWith("user default may run"), dangerous.evidence().toString());
    assertTrue(dangerous.evidence().get(0).contains("does not define the default user"),
        dangerous.evidence().toString());
    assertTrue(dangerous.locations().contains(Location.of(conf, 4)), dangerous.locations().toString());
    assertTrue(dangerous.remediation().contains("user default off"), dangerous.remediation());

    Finding channels = report.finding(AclRules.AllChannels.ID).orElseThrow();
    assertEquals(Outcome.WARN, channels.outcome(), channels.toString());
    assertTrue(channels.summary().contains("[default]"), channels.summary());

    Finding requirepass = report.finding(SecretRules.Requirepass.ID).orElseThrow();
    assertTrue(requirepass.summary().contains("does not apply"), requirepass.summary());
    assertFalse(ReportFormat.TEXT.render(report).contains("s3cret"));
  }

  @Test
  void aGivenAclFile_replacesTheOneRedisConfNames(@TempDir Path dir) throws IOException {
    Path conf = dir.resolve("redis.conf");
    Path copy = dir.resolve("copy.acl");
    Files.writeString(conf, "bind 0.0.0.0\naclfile /var/lib/redis/not-here.acl\n");
    Files.writeString(copy, "user default off\n");
    ConfigAudit audit = ConfigAudit.builder().aclFile(copy).build();
    ExposureVerdict verdict = audit.exposure(RedisConfigParser.defaults().parse(conf));
    assertEquals(ExposureVerdict.Authentication.DISABLED, verdict.authentication(), verdict.evidence().toString());
    assertEquals(Outcome.PASS, audit.audit(conf).finding(AclRules.DangerousCommands.ID).orElseThrow().outcome());
    assertEquals(copy, audit.mutate().build().input(RedisConfigParser.defaults().parse(conf)).aclFile
        .orElseThrow().mainFile());
  }

  @Test
  void aGivenAclFile_withARedisConfThatSetsNone_isRefusedNamingTheFieldAndTheRule(@TempDir Path dir)
      throws IOException {
    // redis-server reads no aclfile here: its default user is the passwordless built-in one, whatever the copy
    // says; judging the copy's 'user default off' would report a locked server that is in fact open
    Path copy = dir.resolve("copy\u001b[2J.acl");
    Files.writeString(copy, "user default off\n");
    ConfigAudit audit = ConfigAudit.builder().aclFile(copy).build();
    for (String text : List.of("bind 0.0.0.0\n", "bind 0.0.0.0\naclfile users.acl\naclfile \"\"\n")) {
      Path conf = dir.resolve("redis.conf");
      Files.writeString(conf, text);
      RedisConfig config = RedisConfigParser.defaults().parse(conf);
      for (Runnable call : List.<Runnable>of(() -> audit.audit(conf), () -> audit.audit(config),
          () -> audit.exposure(config))) {
        ConfigParseException e = assertThrows(ConfigParseException.class, call::run, text);
        assertEquals(ConfigParseException.ACLFILE_NOT_SET, e.reason());
        assertEquals("aclFile " + dir + "/copy\\u001b[2J.acl was given, but " + conf + " sets no aclfile: "
            + "redis-server would never read it and takes its users from redis.conf (user lines, requirepass), "
            + "so auditing it would judge a server that does not exist; audit the redis.conf that sets aclfile, "
            + "or leave aclFile unset", e.getMessage());
      }
    }
    Finding exposure = ConfigAudit.defaults().audit(dir.resolve("redis.conf"))
        .finding(NetworkRules.Exposure.ID).orElseThrow();
    assertTrue(exposure.summary().contains("passwordless default user"), exposure.toString());
  }

  @Test
  void builtInDefaultUser_isSeenByTheAclRules() {
    // without any 'user default' line, Redis's own default user is 'on nopass ~* &* +@all' (requirepass only
    // gives it a password)
    for (String conf : List.of("bind 127.0.0.1\n", "requirepass x\n")) {
      Finding f = finding(conf, AclRules.DangerousCommands.ID);
      assertEquals(Outcome.FAIL, f.outcome(), f.toString());
      assertTrue(f.evidence().get(0).contains("no 'user default' line"), f.evidence().toString());
      assertEquals(Outcome.WARN, finding(conf, AclRules.AllChannels.ID).outcome(), conf);
    }
    assertEquals(Outcome.PASS, finding("user default off\nuser thalos on >x -@all +get\n",
        AclRules.DangerousCommands.ID).outcome());
  }

  @Test
  void duplicateUsers_failTheSyntaxRule_asRedisRefusesToStart(@TempDir Path dir) throws IOException {
    Path conf = dir.resolve("redis.conf");
    Path acl = dir.resolve("users.acl");
    Files.writeString(conf, "aclfile users.acl\n");
    Files.writeString(acl, "user default off\nuser thalos on >a\nuser thalos on >b\n");
    Finding inAclFile = ConfigAudit.defaults().audit(conf).finding(AclRules.Syntax.ID).orElseThrow();
    assertEquals(Outcome.FAIL, inAclFile.outcome(), inAclFile.toString());
    assertEquals(List.of(Location.of(acl, 3)), inAclFile.locations());
    assertTrue(inAclFile.evidence().get(0).contains("user 'thalos' is defined twice"), inAclFile.toString());

    Finding inConf = finding("user default off\nuser default on nopass\n", AclRules.Syntax.ID);
    assertEquals(Outcome.FAIL, inConf.outcome(), inConf.toString());
    assertEquals(List.of(Location.of(CONF, 2)), inConf.locations());
    assertEquals(Outcome.PASS, finding("user default off\nuser Default off\n", AclRules.Syntax.ID).outcome(),
        "user names are case-sensitive");
  }

  @Test
  void exposure_skippedForAnUnreadableAclFile_saysRedisRefusesToStartWithoutIt() {
    Finding f = finding("aclfile /nonexistent/users.acl\nprotected-mode no\n", NetworkRules.Exposure.ID);
    assertEquals(Outcome.SKIPPED, f.outcome());
    assertTrue(f.summary().contains("redis-server refuses to start"), f.summary());
  }

  @Test
  void anEmptyAclfileDirective_meansNoAclFile() {
    String conf = "aclfile /nonexistent/users.acl\naclfile \"\"\nuser default off\nprotected-mode no\n";
    assertEquals(Outcome.PASS, finding(conf, NetworkRules.Exposure.ID).outcome());
    assertEquals(Outcome.PASS, finding(conf, AclRules.DangerousCommands.ID).outcome());
  }

  @Test
  void aclRules_areSkippedWhenTheAclFileCannotBeRead() {
    Finding f = finding("aclfile /nonexistent/users.acl\n", AclRules.DangerousCommands.ID);
    assertEquals(Outcome.SKIPPED, f.outcome());
    assertTrue(f.summary().startsWith("cannot read the ACL users"), f.summary());
  }

  @Test
  void thalosToolsAcl_withPublicBind_failsTheDefaultPolicy() {
    String conf = "bind 0.0.0.0\nprotected-mode no\nport 6379\n";
    CheckFailedException e = assertThrows(CheckFailedException.class, () -> audit(conf).requirePassing());
    assertTrue(e.getMessage().contains("[fail/critical] conf.exposure"), e.getMessage());
    assertTrue(e.getMessage().contains("[fail/high] conf.tls.missing"), e.getMessage());
  }

  @Test
  void auditParsesFilesItself_andRejectsMalformedOnes(@TempDir Path dir) throws IOException {
    Path conf = dir.resolve("redis.conf");
    Files.writeString(conf, "requirepass \"unterminated\n");
    ConfigParseException e = assertThrows(ConfigParseException.class, () -> ConfigAudit.defaults().audit(conf));
    assertFalse(e.getMessage().contains("unterminated"));
  }

  @Test
  void auditOfAWeakConfiguration_isValidJsonAndSarif_withFileAndLineLocations() {
    String conf = "bind 0.0.0.0\nprotected-mode no\ntls-port 6380\ntls-protocols TLSv1\nrequirepass \"Zq9 \\\\Kx7\"\n"
        + "rename-command CONFIG \"\"\nuser default on nopass ~* &* +@all\n";
    CheckReport report = audit(conf);
    assertTrue(report.count(Outcome.FAIL) >= 5, report.toString());
    String json = ReportFormat.JSON.render(report);
    assertEquals(Set.of(), SchemaValidation.errors(SchemaValidation.REPORT, json));
    String sarif = ReportFormat.SARIF.render(report);
    assertEquals(Set.of(), SchemaValidation.errors(SchemaValidation.SARIF, sarif));
    com.fasterxml.jackson.databind.JsonNode results = SchemaValidation.parse(sarif).get("runs").get(0).get("results");
    boolean sawExposure = false;
    for (com.fasterxml.jackson.databind.JsonNode r : results) {
      if (r.get("ruleId").asText().equals(NetworkRules.Exposure.ID)) {
        sawExposure = true;
        assertEquals("error", r.get("level").asText());
        assertEquals("redis.conf", r.get("locations").get(0).get("physicalLocation").get("artifactLocation")
            .get("uri").asText());
        assertTrue(r.get("locations").get(0).get("physicalLocation").get("region").get("startLine").asInt() >= 1);
      }
    }
    assertTrue(sawExposure);
    assertFalse(json.contains("Zq9") || sarif.contains("Zq9") || ReportFormat.TEXT.render(report).contains("Zq9"),
        "the requirepass value must not appear in any report");
  }

  @Test
  void builder_rejectsSillyLimits() {
    assertEquals("invalid maxPubsubHardLimit: 1 (must be 1024..68719476736 bytes)",
        assertThrows(IllegalArgumentException.class, () -> ConfigAudit.builder().maxPubsubHardLimit(1))
            .getMessage());
  }

  @Test
  void memorySizes_followRedisUnits() {
    assertEquals(32L * 1024 * 1024, MemorySize.parse("32mb").getAsLong());
    assertEquals(32_000_000L, MemorySize.parse("32m").getAsLong());
    assertEquals(1024L, MemorySize.parse("1KB").getAsLong());
    assertEquals(5L, MemorySize.parse("5").getAsLong());
    assertTrue(MemorySize.parse("-1").isEmpty());
    assertTrue(MemorySize.parse("+1mb").isEmpty());
    assertTrue(MemorySize.parse("1.5mb").isEmpty());
    // memtoull: no digits read as 0, the unit multiplies modulo 2^64, too many digits saturate at 2^64-1
    assertEquals(0L, MemorySize.parse("").getAsLong());
    assertEquals(0L, MemorySize.parse("mb").getAsLong());
    assertEquals(99999999999999999L * 1073741824L, MemorySize.parse("99999999999999999gb").getAsLong());
    assertEquals(0L, MemorySize.parse("18014398509481984mb").getAsLong());
    assertEquals(-1L, MemorySize.parse("99999999999999999999").getAsLong());
  }

  // ---- control characters in file names (log injection) ----

  /** Summary, evidence, remediation lines and locations of {@code f}, joined on one line. */
  private static String texts(Finding f) {
    List<String> texts = new ArrayList<>();
    texts.add(f.summary());
    texts.addAll(f.evidence());
    texts.addAll(List.of(f.remediation().split("\n", -1)));
    f.locations().forEach(l -> texts.add(l.toString()));
    return String.join(" | ", texts);
  }

  @Test
  void fileNames_withControlCharacters_areQuotedEscaped_inFindingsAndFailures(@TempDir Path dir)
      throws IOException {
    String name = LogInjection.FILE_NAME;
    Path conf = dir.resolve(name + ".conf");
    Path acl = dir.resolve(name + ".acl");
    Files.writeString(conf, "bind 0.0.0.0\nrequirepass s3cret\nrename-command CONFIG \"\"\naclfile "
        + RedisConfigParser.quote(acl.toString()) + "\nuser extra on >x\n");
    Files.writeString(acl, "# the users\nuser default on nopass ~* &* +@all\nuser thalos on >s3cret ~thalos::*\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(conf, PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(acl, PosixFilePermissions.fromString("rw-r--r--"));
    CheckReport report = ConfigAudit.defaults().audit(conf);
    for (Finding f : report.findings()) {
      LogInjection.assertNoControlCharacters(texts(f));
    }
    for (String id : List.of(SecretRules.FilePermissions.ID, SecretRules.PlaintextPassword.ID,
        SecretRules.Requirepass.ID, AclRules.Syntax.ID, AclRules.DangerousCommands.ID,
        CommandRules.RenameCommand.ID)) {
      LogInjection.assertFileNameEscaped(texts(report.finding(id).orElseThrow()));
    }
    assertTrue(report.finding(SecretRules.FilePermissions.ID).orElseThrow().remediation()
        .startsWith("chmod 600 " + dir + "/" + LogInjection.FILE_NAME_ESCAPED + ".conf\n"));
    CheckFailedException e = assertThrows(CheckFailedException.class, report::requirePassing);
    LogInjection.assertFileNameEscaped(e.getMessage().replace("\n  [", " ["));

    Files.writeString(conf, "bind 0.0.0.0\naclfile " + RedisConfigParser.quote(dir + "/missing-" + name) + "\n");
    CheckReport unreadable = ConfigAudit.defaults().audit(conf);
    for (Finding f : unreadable.findings()) {
      LogInjection.assertNoControlCharacters(texts(f));
    }
    LogInjection.assertFileNameEscaped(texts(unreadable.finding(AclRules.DangerousCommands.ID).orElseThrow()));
    LogInjection.assertFileNameEscaped(texts(unreadable.finding(NetworkRules.Exposure.ID).orElseThrow()));
  }

  @Test
  void userAndCommandNames_withControlCharacters_areQuotedEscaped_inFindings() {
    String injected = RedisConfigParser.quote(LogInjection.INJECTED);
    CheckReport report = audit("user " + injected + " on +nosuchcommand\nrename-command " + injected + " \"\"\n");
    for (Finding f : report.findings()) {
      LogInjection.assertNoControlCharacters(texts(f));
    }
    Finding syntax = report.finding(AclRules.Syntax.ID).orElseThrow();
    assertTrue(syntax.evidence().get(0).contains(": user '" + LogInjection.ESCAPED + "' is not valid Redis 7.0 ACL"),
        syntax.toString());
    Finding rename = report.finding(CommandRules.RenameCommand.ID).orElseThrow();
    assertTrue(rename.evidence().get(0).startsWith("rename-command '" + LogInjection.ESCAPED + "' \"\" (disabled)"),
        rename.toString());
    assertTrue(rename.remediation().endsWith(" -" + LogInjection.ESCAPED), rename.remediation());
  }
}
