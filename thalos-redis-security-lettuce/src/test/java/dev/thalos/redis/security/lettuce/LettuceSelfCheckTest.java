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
        .aclUsers(DOCS_CLIENT).start();
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
    assertEquals(2, report.roundTrips());
  }
}
