package dev.thalos.redis.security.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.channel.ThalosNamespace;
import dev.thalos.redis.security.endpoint.ThalosRole;
import dev.thalos.redis.security.internal.LogInjection;
import dev.thalos.redis.security.testkit.IssuedCertificate;
import dev.thalos.redis.security.testkit.TestPki;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class SelfCheckTest {

  static final ThalosNamespace WAX = ThalosNamespace.of("wax");

  static SelfCheck check(Role role) {
    return SelfCheck.builder().role(role).namespace(WAX).build();
  }

  static Set<String> failing(CheckReport report) {
    return report.findings(Outcome.FAIL).stream().map(Finding::ruleId).collect(Collectors.toCollection(TreeSet::new));
  }

  static Finding finding(CheckReport report, String id) {
    return report.finding(id).orElseThrow(() -> new AssertionError("no " + id + "\n" + report.render(ReportFormat.TEXT)));
  }

  /** A fully privileged, wide-open Redis: default user nopass, bind *, protected mode off. */
  static FakeRedis openServer() {
    FakeRedis anon = new FakeRedis().otherwise(a -> ProbeReply.integer(0)).on("PING", ProbeReply.status("PONG"));
    return new FakeRedis()
        .otherwise(a -> ProbeReply.status("OK"))
        .on("HELLO", FakeRedis.hello("redis", "7.2.11"))
        .on("ACL WHOAMI", ProbeReply.bulk("default"))
        .on("ACL LIST", ProbeReply.array(List.of(ProbeReply.bulk("user default on nopass sanitize-payload ~* &* +@all"))))
        .config("bind", "* -::*").config("protected-mode", "no").config("port", "6379").config("tls-port", "0")
        .config("enable-debug-command", "no").config("enable-module-command", "no")
        .config("client-output-buffer-limit", "normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60")
        .on("SCAN", ProbeReply.array(List.of(ProbeReply.bulk("0"), ProbeReply.array(List.of()))))
        .on("PUBSUB CHANNELS", ProbeReply.array(List.of()))
        .on("INFO", ProbeReply.error("NOPERM no"))
        .on("EVAL", ProbeReply.error("ERR user_script:1: Script attempted to access nonexistent global variable 'package'"))
        .anonymous(anon);
  }

  @Test
  void endpointRoles_mapToCheckRoles_inOnePlace() {
    assertEquals(Role.SUBSCRIBER, SelfCheck.role(ThalosRole.CLIENT));
    assertEquals(Role.PUBLISHER, SelfCheck.role(ThalosRole.SERVER));
    assertEquals(Role.OPERATOR, SelfCheck.role(ThalosRole.ADMIN));
    assertEquals(Role.PUBLISHER, SelfCheck.builder().role(ThalosRole.SERVER).build().role());
  }

  @Test
  void builder_rejectsMalformedSettings_quotingTheValue() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SelfCheck.builder().trustedNetwork("10.0.0.0/33"));
    assertTrue(e.getMessage().contains("10.0.0.0/33"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SelfCheck.builder().trustedNetwork("example.org/8"));
    assertTrue(e.getMessage().contains("example.org/8"));
    e = assertThrows(IllegalArgumentException.class, () -> SelfCheck.builder().cacheKeyPrefix("thalos::*"));
    assertTrue(e.getMessage().contains("thalos::*"));
    assertThrows(IllegalArgumentException.class, () -> SelfCheck.builder().certificateWarningDays(-1));
    SelfCheck c = SelfCheck.builder().trustedNetwork("10.0.0.0/8").build();
    assertEquals(List.of("10.0.0.0/8"), c.mutate().build().trustedNetworks());
  }

  @Test
  void cacheKeyPrefix_withGlobsOrSpaces_nextToLineBreaks_isRejected_quotingItEscaped() {
    // a line terminator (LF, CR, NEL, LS) once hid the glob characters and spaces from the check
    for (String prefix : new String[] {LogInjection.INJECTED, "thalos::" + LogInjection.INJECTED, "a\nb",
        "a*\u0085", "a b\u2028", "\r?"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> SelfCheck.builder().cacheKeyPrefix(prefix));
      assertTrue(e.getMessage().startsWith("invalid cacheKeyPrefix: "), e.getMessage());
      LogInjection.assertNoControlCharacters(e.getMessage());
    }
    LogInjection.assertEscaped(assertThrows(IllegalArgumentException.class,
        () -> SelfCheck.builder().cacheKeyPrefix(LogInjection.INJECTED)).getMessage());
    assertEquals("thalos::cache::", SelfCheck.builder().cacheKeyPrefix("thalos::cache::").build().cacheKeyPrefix());
  }

  @Test
  void liveRules_haveUniqueWellFormedIds() {
    List<Rule> rules = SelfCheck.liveRules();
    Set<String> ids = new TreeSet<>();
    for (Rule r : rules) {
      RuleDescriptor.of(r);
      assertTrue(ids.add(r.id()), r.id());
      assertTrue(r.id().startsWith("live."), r.id());
    }
    assertTrue(rules.size() >= 20, "rules: " + rules.size());
  }

  @Test
  void hardenedClient_passesWithThreePipelinedRoundTrips() {
    FakeRedis redis = FakeRedis.hardened("redis", "7.2.11");
    CheckReport report = check(Role.SUBSCRIBER).run(redis);
    assertEquals(Set.of("live.tls.in-use"), failing(report), () -> report.render(ReportFormat.TEXT));
    assertEquals(3, report.roundTrips());
    assertEquals(2, report.connectionsOpened());
    assertEquals(Outcome.PASS, finding(report, "live.acl.channels").outcome());
    assertEquals(Outcome.PASS, finding(report, "live.acl.dangerous-commands").outcome());
    assertEquals(Outcome.PASS, finding(report, "live.server.version").outcome());
    assertEquals(Outcome.SKIPPED, finding(report, "live.acl.default-user").outcome());
    assertEquals(Outcome.SKIPPED, finding(report, "live.config.exposure").outcome());
  }

  @Test
  void everyProbe_isSideEffectFreeByShape_andCarriesTheMarker() {
    FakeRedis redis = openServer();
    check(Role.OPERATOR).run(redis);
    for (String line : redis.sent) {
      String[] args = line.split(" ", -1);
      String name = args[0];
      if (Set.of("PUBLISH", "EXPIRE", "SET", "CONFIG SET").contains(name)
          || line.startsWith("CONFIG SET") || line.startsWith("FLUSH")) {
        assertTrue(line.contains("thalos-selfcheck"), line);
      }
      assertFalse(line.startsWith("FLUSHALL") && !line.equals("FLUSHALL thalos-selfcheck"), line);
      assertFalse(line.startsWith("CLIENT PAUSE") && !line.equals("CLIENT PAUSE -1"), line);
    }
  }

  @Test
  void bindEverywhereWithoutPassword_failsExposureAuthenticationAndDefaultUser() {
    CheckReport report = check(Role.OPERATOR).run(openServer());
    Set<String> failing = failing(report);
    assertTrue(failing.containsAll(Set.of("live.config.exposure", "live.auth.required", "live.acl.default-user",
        "live.config.protected-mode")), () -> report.render(ReportFormat.TEXT));
    Finding exposure = finding(report, "live.config.exposure");
    assertTrue(exposure.evidence().stream().anyMatch(e -> e.contains("bind * -::*")), exposure.evidence()::toString);
    assertFalse(exposure.remediation().isBlank());
    assertEquals(Severity.CRITICAL, finding(report, "live.acl.default-user").severity());
  }

  @Test
  void plaintextPortBesideTls_onAPublicBind_fails() {
    FakeRedis redis = openServer().config("tls-port", "6380").config("bind", "0.0.0.0")
        .on("ACL LIST", ProbeReply.array(List.of(ProbeReply.bulk("user default off"))))
        .anonymousRefused();
    CheckReport report = check(Role.OPERATOR).run(redis);
    Finding f = finding(report, "live.tls.plaintext-port");
    assertEquals(Outcome.FAIL, f.outcome(), () -> report.render(ReportFormat.TEXT));
    assertEquals("port 0", f.remediation());
  }

  @Test
  void clientWithConnectionCategory_failsDangerousCommandsNamingEachOne() {
    FakeRedis redis = FakeRedis.hardened("redis", "7.2.11")
        .on("CLIENT KILL", ProbeReply.error("ERR client-id should be greater than 0"))
        .on("CLIENT PAUSE", ProbeReply.error("ERR timeout is negative"));
    CheckReport report = check(Role.SUBSCRIBER).run(redis);
    Finding f = finding(report, "live.acl.dangerous-commands");
    assertEquals(Outcome.FAIL, f.outcome());
    assertTrue(f.evidence().contains("CLIENT KILL is permitted (probe 'CLIENT KILL ID 0')"), f.evidence()::toString);
    assertTrue(f.evidence().contains("CLIENT PAUSE is permitted (probe 'CLIENT PAUSE -1')"));
    assertTrue(f.remediation().contains("-@all +subscribe"));
  }

  @Test
  void keysWithoutHarmlessProbe_areJudgedFromTheVisibleAclLine() {
    FakeRedis redis = FakeRedis.hardened("redis", "7.2.11")
        .on("ACL WHOAMI", ProbeReply.bulk("app"))
        .on("ACL LIST", ProbeReply.array(List.of(ProbeReply.bulk("user app on #" + "a".repeat(64)
            + " resetchannels &ship::wax::* -@all +subscribe +keys +acl|list"))));
    CheckReport report = check(Role.SUBSCRIBER).run(redis);
    Finding f = finding(report, "live.acl.dangerous-commands");
    assertEquals(Outcome.FAIL, f.outcome());
    assertTrue(f.evidence().contains("KEYS is permitted (from this user's ACL LIST line)"), f.evidence()::toString);
    assertTrue(f.evidence().stream().anyMatch(e -> e.startsWith("ACL LIST is permitted")));
  }

  @Test
  void subscriberWithAllChannels_failsTheChannelRule_whenItsAclIsVisible() {
    FakeRedis redis = FakeRedis.hardened("redis", "7.2.11")
        .on("ACL WHOAMI", ProbeReply.bulk("app"))
        .on("ACL LIST", ProbeReply.array(List.of(ProbeReply.bulk("user app on #" + "a".repeat(64)
            + " &ship::* -@all +subscribe +acl|list"))));
    CheckReport report = check(Role.SUBSCRIBER).run(redis);
    Finding f = finding(report, "live.acl.channels");
    assertEquals(Outcome.FAIL, f.outcome(), () -> report.render(ReportFormat.TEXT));
    assertTrue(f.remediation().contains("&ship::wax::*"));
  }

  @Test
  void subscriberAllowedOutsideItsNamespace_failsTheChannelRule_fromASubscribeAttempt() {
    FakeRedis redis = FakeRedis.hardened("redis", "7.2.11").subscription(new FakeRedis()
        .otherwise(a -> ProbeReply.array(List.of(ProbeReply.bulk("subscribe"), ProbeReply.bulk(a[1]),
            ProbeReply.integer(1)))));
    CheckReport report = check(Role.SUBSCRIBER).run(redis);
    Finding f = finding(report, "live.acl.channels");
    assertEquals(Outcome.FAIL, f.outcome(), () -> report.render(ReportFormat.TEXT));
    assertTrue(f.summary().startsWith("SUBSCRIBE outside the namespace is permitted"), f.summary());
    assertEquals(Set.of("live.tls.in-use", "live.acl.channels"), failing(report));
  }

  @Test
  void publisherWritingOutsideTheCache_failsTheKeyRule() {
    FakeRedis redis = FakeRedis.hardened("redis", "7.2.11")
        .on("PUBLISH", ProbeReply.error("NOPERM this user has no permissions to access one of the channels used as "
            + "arguments"))
        .on("EXPIRE", ProbeReply.integer(0)).on("SET", ProbeReply.nil());
    CheckReport report = check(Role.PUBLISHER).run(redis);
    assertEquals(Outcome.FAIL, finding(report, "live.acl.keys").outcome());
    assertEquals(Outcome.PASS, finding(report, "live.acl.channels").outcome());
  }

  @Test
  void clientThatMayPublish_failsThePublishRule() {
    FakeRedis redis = FakeRedis.hardened("redis", "7.2.11").on("PUBLISH", ProbeReply.error(
        "NOPERM this user has no permissions to access one of the channels used as arguments"));
    CheckReport report = check(Role.SUBSCRIBER).run(redis);
    assertEquals(Outcome.FAIL, finding(report, "live.acl.publish").outcome());
  }

  @Test
  void debianLuaSandboxEscape_isCritical() {
    FakeRedis redis = openServer().on("EVAL", ProbeReply.bulk("table"));
    CheckReport report = check(Role.OPERATOR).run(redis);
    Finding f = finding(report, "live.server.lua-sandbox");
    assertEquals(Outcome.FAIL, f.outcome());
    assertEquals(Severity.CRITICAL, f.severity());
  }

  @Test
  void rediShellVersions_failWithTheFixedRelease_andABackportNote() {
    CheckReport report = check(Role.SUBSCRIBER).run(FakeRedis.hardened("redis", "7.2.10"));
    Finding f = finding(report, "live.server.version");
    assertEquals(Outcome.FAIL, f.outcome());
    assertEquals(Severity.CRITICAL, f.severity());
    assertTrue(f.summary().contains("CVE-2025-49844"), f.summary());
    assertTrue(f.remediation().contains("7.2.11"), f.remediation());
    assertTrue(f.evidence().stream().anyMatch(e -> e.contains("back-port")));
    assertEquals(Outcome.PASS, finding(check(Role.SUBSCRIBER).run(FakeRedis.hardened("redis", "8.2.2")),
        "live.server.version").outcome());
  }

  @Test
  void valkey_isRecognisedAsValkey_fromHelloOrInfo() {
    CheckReport fixed = check(Role.SUBSCRIBER).run(FakeRedis.hardened("valkey", "8.1.4"));
    assertEquals(Outcome.PASS, finding(fixed, "live.server.version").outcome());
    assertTrue(finding(fixed, "live.server.version").summary().startsWith("valkey 8.1.4"));
    FakeRedis frozen = FakeRedis.hardened("redis", "7.2.4")
        .on("INFO", ProbeReply.bulk("# Server\r\nredis_version:7.2.4\r\nserver_name:valkey\r\nvalkey_version:8.1.3\r\n"));
    Finding f = finding(check(Role.SUBSCRIBER).run(frozen), "live.server.version");
    assertEquals(Outcome.FAIL, f.outcome());
    assertTrue(f.evidence().get(0).startsWith("valkey 8.1.3"), f.evidence()::toString);
    Finding unsure = finding(check(Role.SUBSCRIBER).run(FakeRedis.hardened("redis", "7.2.4")), "live.server.version");
    assertTrue(unsure.evidence().stream().anyMatch(e -> e.contains("Valkey also reports")));
  }

  @Test
  void certificateFacts_expiredOrUnverified_fail() {
    TestPki pki = TestPki.create();
    IssuedCertificate old = pki.ca().serverCertificate().expired().build();
    TlsSessionFacts facts = TlsSessionFacts.builder().protocol("TLSv1.3").cipherSuite("TLS_AES_128_GCM_SHA256")
        .peerCertificates(List.of(old.certificate(), pki.ca().certificate())).peerVerified(false)
        .hostnameVerified(false).build();
    CheckReport report = check(Role.SUBSCRIBER).run(FakeRedis.hardened("redis", "7.2.11").tls(facts));
    Finding f = finding(report, "live.tls.certificate");
    assertEquals(Outcome.FAIL, f.outcome());
    assertEquals(Severity.CRITICAL, f.severity());
    assertTrue(f.evidence().stream().anyMatch(e -> e.startsWith("the certificate expired")));
    assertTrue(f.evidence().stream().anyMatch(e -> e.contains("not verified against trusted CAs")));
    assertEquals(Outcome.PASS, finding(report, "live.tls.in-use").outcome());
  }

  @Test
  void certificateExpiringSoon_warns_withTheDaysLeft() {
    TestPki pki = TestPki.create();
    TlsSessionFacts facts = TlsSessionFacts.builder().protocol("TLSv1.3").cipherSuite("TLS_AES_128_GCM_SHA256")
        .peerCertificates(List.of(pki.serverCertificate().certificate())).peerVerified(true).hostnameVerified(true)
        .build();
    Instant now = pki.serverCertificate().certificate().getNotBefore().toInstant();
    SelfCheck c = check(Role.SUBSCRIBER).mutate().clock(Clock.fixed(now, ZoneOffset.UTC)).certificateWarningDays(3650)
        .build();
    Finding f = finding(c.run(FakeRedis.hardened("redis", "7.2.11").tls(facts)), "live.tls.certificate");
    assertEquals(Outcome.WARN, f.outcome(), f::toString);
    assertTrue(f.summary().contains("expires in"));
  }

  @Test
  void failedConnection_failsTheConnectionRule_orTheCertificateRule() {
    CheckReport auth = check(Role.SUBSCRIBER).connectionFailed("rediss://h:1",
        new ProbeException("auth.wrong-credentials", "WRONGPASS"));
    assertEquals(Set.of("live.connection"), failing(auth));
    assertEquals(0, auth.roundTrips());
    assertTrue(finding(auth, "live.acl.publish").summary().contains("auth.wrong-credentials"));
    CheckReport cert = check(Role.SUBSCRIBER).connectionFailed("rediss://h:1",
        new ProbeException("tls.certificate-expired", "NotAfter: 2021"));
    assertEquals(Set.of("live.tls.certificate"), failing(cert));
    assertFalse(cert.passes(Policy.failOn(Severity.HIGH)));
  }

  @Test
  void probeFailingMidRun_skipsTheRulesThatNeedIt_withTheReason() {
    FakeRedis redis = FakeRedis.hardened("redis", "7.2.11").otherwise(a -> {
      throw new ProbeException(ProbeException.IO, "connection reset");
    });
    CheckReport report = check(Role.SUBSCRIBER).run(redis);
    Finding f = finding(report, "live.acl.dangerous-commands");
    assertEquals(Outcome.SKIPPED, f.outcome());
    assertTrue(f.summary().contains("connection reset"), f.summary());
  }

  @Test
  void trustedPeers_flagsClientsOutsideTheAllowlist_exceptTheProbeItself() {
    String list = "id=7 addr=127.0.0.1:5000 laddr=127.0.0.1:6379 fd=8 name=thalos-selfcheck user=ops\n"
        + "id=8 addr=10.1.2.3:4000 laddr=x fd=9 name=thalos user=thalos\n"
        + "id=9 addr=203.0.113.9:4000 laddr=x fd=10 name= user=sub\n"
        + "id=10 addr=/run/redis.sock:0 laddr=x fd=11 name= user=ops\n";
    FakeRedis redis = openServer().on("CLIENT LIST", ProbeReply.bulk(list)).on("CLIENT ID", ProbeReply.integer(7));
    SelfCheck c = check(Role.OPERATOR).mutate().trustedNetwork("10.0.0.0/8").build();
    Finding f = finding(c.run(redis), "live.network.trusted-peers");
    assertEquals(Outcome.FAIL, f.outcome());
    assertTrue(f.summary().contains("addr=203.0.113.9:4000"), f.summary());
    assertEquals(1, f.evidence().stream().filter(e -> e.contains("outside")).count());
    assertEquals(Outcome.SKIPPED, finding(check(Role.OPERATOR).run(redis), "live.network.trusted-peers").outcome());
  }
}
