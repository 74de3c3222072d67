package dev.thalos.redis.security.lettuce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.acl.DefaultUserPolicy;
import dev.thalos.redis.security.acl.ThalosAclPlan;
import dev.thalos.redis.security.auth.SecretSource;
import dev.thalos.redis.security.check.CheckReport;
import dev.thalos.redis.security.check.Finding;
import dev.thalos.redis.security.check.Outcome;
import dev.thalos.redis.security.check.Policy;
import dev.thalos.redis.security.check.ReportFormat;
import dev.thalos.redis.security.check.SelfCheck;
import dev.thalos.redis.security.check.Severity;
import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import dev.thalos.redis.security.endpoint.ThalosRole;
import dev.thalos.redis.security.testkit.IssuedCertificate;
import dev.thalos.redis.security.testkit.RedisServer;
import dev.thalos.redis.security.testkit.RespClient;
import dev.thalos.redis.security.testkit.TestPki;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link LettuceSelfCheck} against real redis-server 7.0.15 instances: a hardened one (TLS only, ACLs from
 * {@link ThalosAclPlan}) and deliberately weakened ones, each of which must fail exactly the rule it should.
 */
@Tag("integration")
class LettuceSelfCheckTest {

  static final String ADMIN = "ops";
  static final String ADMIN_PASSWORD = "ops-Secret-5d1e0b7a9c";
  static final String SERVER_PASSWORD = "thalos-Secret-8a7b6c5d4e";
  static final String CLIENT_PASSWORD = "client-Secret-1f2e3d4c5b";
  static final String DOCS_PASSWORD = "docs-Secret-0a9b8c7d6e";
  static final String WIDE_PASSWORD = "wide-Secret-2b3c4d5e6f";

  /** A client that may subscribe to every chain of the prefix (the Thalos docs' &ship::*). */
  static final String WIDE_CLIENT = "user wide on >" + WIDE_PASSWORD + " resetchannels &ship::* -@all +subscribe "
      + "+unsubscribe +ping";

  /** The Thalos docs' client ACL: +@connection grants CLIENT KILL/PAUSE/LIST/NO-EVICT. */
  static final String DOCS_CLIENT = "user docs on >" + DOCS_PASSWORD + " resetchannels &ship::wax::* +@connection "
      + "+subscribe";

  /** Rules that fail on the hardened instance too: redis-server 7.0.15 predates several CVE fixes. */
  static final Set<String> VERSION_ONLY = Set.of("live.server.version");

  private static TestPki pki;
  private static RedisServer hardened;
  private static RedisServer plaintextToo;
  private static RedisServer defaultOpen;
  private static RedisServer expired;

  @BeforeAll
  static void start() {
    pki = TestPki.create();
    List<String> acl = generatedAcl();
    hardened = RedisServer.builder().tls(pki.serverTls()).tlsAuthClients("optional").aclUsers(acl)
        .aclUsers(DOCS_CLIENT, WIDE_CLIENT).start();
    plaintextToo = RedisServer.builder().tls(pki.serverTls()).tlsAuthClients("optional").plaintextPortAlso(true)
        .aclUsers(acl).start();
    List<String> open = new ArrayList<>(acl);
    open.replaceAll(l -> l.startsWith("user default ") ? "user default on nopass resetchannels &ship::wax::* "
        + "-@all +subscribe +ping" : l);
    defaultOpen = RedisServer.builder().tls(pki.serverTls()).tlsAuthClients("optional").aclUsers(open).start();
    IssuedCertificate old = pki.ca().serverCertificate().expired().build();
    expired = RedisServer.builder().tls(TestPki.ServerTls.builder(old)
            .clientCertificateAuthorities(pki.ca().certificate()).kitClientCertificate(pki.clientCertificate())
            .build())
        .tlsAuthClients("optional").aclUsers(acl).start();
  }

  @AfterAll
  static void stop() {
    for (RedisServer s : new RedisServer[] {hardened, plaintextToo, defaultOpen, expired}) {
      if (s != null) {
        s.close();
      }
    }
  }

  static List<String> generatedAcl() {
    ThalosAclPlan plan = ThalosAclPlan.builder()
        .namespace(TestRedis.WAX)
        .server("thalos")
        .client("sub", "wax")
        .admin(ADMIN)
        .defaultUser(DefaultUserPolicy.OFF)
        .password("thalos", SERVER_PASSWORD.toCharArray())
        .password("sub", CLIENT_PASSWORD.toCharArray())
        .password(ADMIN, ADMIN_PASSWORD.toCharArray())
        .build();
    return Arrays.stream(plan.generate().aclFile().split("\n")).map(String::trim)
        .filter(l -> l.startsWith("user ")).collect(Collectors.toList());
  }

  static ThalosRedisEndpoint endpoint(RedisServer server, String user, String password, ThalosRole role) {
    return TestRedis.endpoint(server, pki, user, password, role).connectTimeout(Duration.ofSeconds(20))
        .commandTimeout(Duration.ofSeconds(20)).build();
  }

  static Set<String> failing(CheckReport report) {
    return report.findings(Outcome.FAIL).stream().map(Finding::ruleId).collect(Collectors.toCollection(TreeSet::new));
  }

  static Set<String> problems(CheckReport report) {
    return report.findings().stream().filter(Finding::isProblem).map(Finding::ruleId)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  static Finding finding(CheckReport report, String id) {
    return report.finding(id).orElseThrow(() -> new AssertionError("no finding " + id + "\n"
        + report.render(ReportFormat.TEXT)));
  }

  static void assertFailsExactly(Set<String> expected, CheckReport report) {
    Set<String> want = new TreeSet<>(expected);
    want.addAll(VERSION_ONLY);
    assertEquals(want, failing(report), () -> report.render(ReportFormat.TEXT));
    for (String id : expected) {
      Finding f = finding(report, id);
      assertFalse(f.evidence().isEmpty(), id + " without evidence");
      assertFalse(f.remediation().isBlank(), id + " without remediation");
    }
  }

  @Test
  void hardenedInstance_clientRole_failsOnlyTheVersionTable() {
    CheckReport report = LettuceSelfCheck.run(endpoint(hardened, "sub", CLIENT_PASSWORD, ThalosRole.CLIENT));
    assertFailsExactly(Set.of(), report);
    assertEquals(Outcome.PASS, finding(report, "live.acl.dangerous-commands").outcome());
    assertEquals(Outcome.PASS, finding(report, "live.acl.publish").outcome());
    assertEquals(Outcome.PASS, finding(report, "live.tls.in-use").outcome());
    assertEquals(Outcome.PASS, finding(report, "live.auth.required").outcome());
  }

  @Test
  void hardenedInstance_serverRole_failsOnlyTheVersionTable() {
    CheckReport report = LettuceSelfCheck.run(endpoint(hardened, "thalos", SERVER_PASSWORD, ThalosRole.SERVER));
    assertFailsExactly(Set.of(), report);
    assertEquals(Outcome.PASS, finding(report, "live.acl.keys").outcome());
    assertEquals(Outcome.PASS, finding(report, "live.acl.channels").outcome());
  }

  @Test
  void hardenedInstance_adminRole_withTrustedLoopback_failsOnlyTheVersionTable() {
    ThalosRedisEndpoint admin = endpoint(hardened, ADMIN, ADMIN_PASSWORD, ThalosRole.ADMIN);
    CheckReport report = LettuceSelfCheck.run(admin,
        SelfCheck.forEndpoint(admin).mutate().trustedNetwork("127.0.0.0/8").build());
    assertFailsExactly(Set.of(), report);
    assertEquals(Outcome.PASS, finding(report, "live.network.trusted-peers").outcome());
    assertEquals(Outcome.PASS, finding(report, "live.acl.default-user").outcome());
    assertEquals(Outcome.PASS, finding(report, "live.config.exposure").outcome());
  }

  @Test
  void clientRoleRun_costsAtMostFifteenRoundTrips() {
    CheckReport report = LettuceSelfCheck.run(endpoint(hardened, "sub", CLIENT_PASSWORD, ThalosRole.CLIENT));
    assertEquals(Outcome.PASS, finding(report, "live.connection").outcome(), () -> report.render(ReportFormat.TEXT));
    assertTrue(report.roundTrips() <= 15, "round trips: " + report.roundTrips());
    assertEquals(3, report.roundTrips()); // main batch, anonymous connection, SUBSCRIBE attempts
  }

  @Test
  void docsClientAcl_withConnectionCategory_failsOnlyDangerousCommands() {
    CheckReport report = LettuceSelfCheck.run(endpoint(hardened, "docs", DOCS_PASSWORD, ThalosRole.CLIENT));
    assertFailsExactly(Set.of("live.acl.dangerous-commands"), report);
    String evidence = String.join("\n", finding(report, "live.acl.dangerous-commands").evidence());
    assertTrue(evidence.contains("CLIENT KILL is permitted"), evidence);
    assertTrue(evidence.contains("CLIENT PAUSE is permitted"), evidence);
    assertTrue(evidence.contains("CLIENT LIST is permitted"), evidence);
    assertTrue(evidence.contains("CLIENT NO-EVICT is permitted"), evidence);
    assertFalse(report.passes(Policy.failOn(Severity.HIGH)));
  }

  @Test
  void clientAllowedEveryChain_failsOnlyTheChannelRule() {
    CheckReport report = LettuceSelfCheck.run(endpoint(hardened, "wide", WIDE_PASSWORD, ThalosRole.CLIENT));
    assertFailsExactly(Set.of("live.acl.channels"), report);
    assertTrue(finding(report, "live.acl.channels").summary().contains("SUBSCRIBE ship::thalos-selfcheck-"),
        () -> report.render(ReportFormat.TEXT));
  }

  @Test
  void defaultUserOpen_failsAuthenticationAndDefaultUser() {
    CheckReport report = LettuceSelfCheck.run(endpoint(defaultOpen, "sub", CLIENT_PASSWORD, ThalosRole.CLIENT));
    assertFailsExactly(Set.of("live.auth.required", "live.acl.default-user"), report);
    assertTrue(finding(report, "live.auth.required").evidence().stream()
        .anyMatch(e -> e.contains("answered PING")));
  }

  @Test
  void plaintextPortOpen_isReportedOnlyByThePlaintextPortRule() {
    ThalosRedisEndpoint admin = endpoint(plaintextToo, ADMIN, ADMIN_PASSWORD, ThalosRole.ADMIN);
    CheckReport report = LettuceSelfCheck.run(admin);
    // The test kit binds loopback only, so the offline rule's judgement (shared by the live rule) is WARN; with a
    // non-loopback bind it is FAIL (SelfCheckTest covers that with a fake probe).
    assertFailsExactly(Set.of(), report);
    assertEquals(Outcome.WARN, finding(report, "live.tls.plaintext-port").outcome());
    CheckReport baseline = LettuceSelfCheck.run(endpoint(hardened, ADMIN, ADMIN_PASSWORD, ThalosRole.ADMIN));
    assertEquals(Outcome.PASS, finding(baseline, "live.tls.plaintext-port").outcome());
    assertEquals(problems(baseline).size() + 1, problems(report).size(), () -> report.render(ReportFormat.TEXT));
    assertTrue(finding(report, "live.tls.plaintext-port").evidence().stream()
        .anyMatch(e -> e.contains("port " + plaintextToo.port())), () -> report.render(ReportFormat.TEXT));
  }

  @Test
  void expiredServerCertificate_failsOnlyTheCertificateRule() {
    CheckReport report = LettuceSelfCheck.run(endpoint(expired, "sub", CLIENT_PASSWORD, ThalosRole.CLIENT));
    assertEquals(Set.of("live.tls.certificate"), failing(report), () -> report.render(ReportFormat.TEXT));
    Finding f = finding(report, "live.tls.certificate");
    assertEquals(Severity.CRITICAL, f.severity());
    assertTrue(f.summary().contains("tls.certificate-expired"), f.summary());
    assertEquals(Outcome.SKIPPED, finding(report, "live.connection").outcome());
    assertEquals(0, report.roundTrips());
  }

  @Test
  void foreignKeysPresent_failOnlyTheDedicatedInstanceRule() {
    RespClient admin = hardened.newAdminClient();
    try {
      admin.commandOrThrow("SET", "billing:invoice:42", "x");
      ThalosRedisEndpoint endpoint = endpoint(hardened, ADMIN, ADMIN_PASSWORD, ThalosRole.ADMIN);
      CheckReport report = LettuceSelfCheck.run(endpoint);
      assertFailsExactly(Set.of("live.server.dedicated"), report);
      assertTrue(finding(report, "live.server.dedicated").summary().contains("billing:invoice:42"));
    } finally {
      admin.commandOrThrow("DEL", "billing:invoice:42");
      admin.close();
    }
  }

  @Test
  void peerOutsideTrustedNetworks_failsTheTrustedPeersRule() {
    try (RespClient other = hardened.newAdminClient()) {
      other.commandOrThrow("PING");
      ThalosRedisEndpoint admin = endpoint(hardened, ADMIN, ADMIN_PASSWORD, ThalosRole.ADMIN);
      CheckReport report = LettuceSelfCheck.run(admin,
          SelfCheck.forEndpoint(admin).mutate().trustedNetwork("10.0.0.0/8").build());
      assertFailsExactly(Set.of("live.network.trusted-peers"), report);
      assertTrue(finding(report, "live.network.trusted-peers").summary().contains("addr=127.0.0.1:"));
    }
  }

  @Test
  void deniedProbes_areLoggedUnderTheProbeClientName() {
    RespClient admin = hardened.newAdminClient();
    try {
      admin.commandOrThrow("ACL", "LOG", "RESET");
      LettuceSelfCheck.run(endpoint(hardened, "sub", CLIENT_PASSWORD, ThalosRole.CLIENT));
      List<?> log = (List<?>) admin.commandOrThrow("ACL", "LOG");
      assertFalse(log.isEmpty());
      for (Object entry : log) {
        String text = entry.toString();
        assertTrue(text.contains("name=" + SelfCheck.PROBE_CLIENT_NAME) || text.contains("thalos-selfcheck"),
            text);
      }
    } finally {
      admin.close();
    }
  }

  @Test
  void fullAdminRun_leavesDatasetConfigurationAndClientsUntouched() throws Exception {
    RespClient admin = hardened.newAdminClient();
    try {
      admin.commandOrThrow("SET", "thalos::cache::abi::eosio.token", "abi-bytes");
      admin.commandOrThrow("HSET", "thalos::cache::instance::a::state", "block", "123");
      admin.commandOrThrow("PEXPIRE", "thalos::cache::instance::a::state", "600000");
      Snapshot before = Snapshot.take(admin);
      ThalosRedisEndpoint endpoint = endpoint(hardened, ADMIN, ADMIN_PASSWORD, ThalosRole.ADMIN);
      CheckReport report = LettuceSelfCheck.run(endpoint,
          SelfCheck.forEndpoint(endpoint).mutate().trustedNetwork("127.0.0.0/8").build());
      assertTrue(report.roundTrips() > 0);
      Snapshot after = Snapshot.take(admin);
      for (int i = 0; i < 50 && !after.clients.equals(before.clients); i++) {
        Thread.sleep(100); // the probe's connections close asynchronously on the server side
        after = Snapshot.take(admin);
      }
      assertEquals(before.dataset, after.dataset);
      assertEquals(before.config, after.config);
      assertEquals(before.clients, after.clients);
      assertEquals(before.acl, after.acl);
    } finally {
      admin.commandOrThrow("DEL", "thalos::cache::abi::eosio.token", "thalos::cache::instance::a::state");
      admin.close();
    }
  }

  /** Dataset (keys, types, DUMP payloads, TTL present), CONFIG GET *, CLIENT LIST ids and ACL LIST. */
  static final class Snapshot {
    final TreeMap<String, String> dataset = new TreeMap<>();
    final TreeMap<String, String> config = new TreeMap<>();
    final Set<String> clients = new TreeSet<>();
    final List<String> acl = new ArrayList<>();

    static Snapshot take(RespClient admin) {
      Snapshot s = new Snapshot();
      s.dataset.put("#dbsize", admin.commandOrThrow("DBSIZE").toString());
      for (Object k : (List<?>) admin.commandOrThrow("KEYS", "*")) {
        String key = k.toString();
        long ttl = (Long) admin.commandOrThrow("PTTL", key);
        s.dataset.put(key, admin.commandOrThrow("TYPE", key) + " " + String.valueOf(admin.commandOrThrow("DUMP", key))
            + " ttl=" + (ttl < 0 ? ttl : "set"));
      }
      List<?> cfg = (List<?>) admin.commandOrThrow("CONFIG", "GET", "*");
      for (int i = 0; i + 1 < cfg.size(); i += 2) {
        s.config.put(cfg.get(i).toString(), String.valueOf(cfg.get(i + 1)));
      }
      for (String line : admin.commandOrThrow("CLIENT", "LIST").toString().split("\r?\n")) {
        for (String part : line.split(" ")) {
          if (part.startsWith("id=")) {
            s.clients.add(part);
          }
        }
      }
      for (Object l : (List<?>) admin.commandOrThrow("ACL", "LIST")) {
        s.acl.add(l.toString());
      }
      return s;
    }
  }
}
