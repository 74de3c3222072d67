package dev.thalos.redis.security.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.testkit.RedisServer;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The engine against a real redis-server: privilege skips, round-trip counting, the side-effect guard. */
@Tag("integration")
class CheckEngineIntegrationTest {

  private static RedisServer server;

  @BeforeAll
  static void start() {
    server = RedisServer.builder()
        .aclUsers("user limited on >limited-pw -@all +ping +acl|whoami")
        .start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void limitedUser_getsSkippedFindingsForWhatItMayNotSee_andEveryRoundTripIsCounted() {
    TestRule config = TestRule.of("live.config-port", Severity.HIGH, r -> c -> {
      long port = c.requireProbe().command("CONFIG", "GET", "port").requireOk().asMap().get("port").asLong();
      return Finding.pass(r, "port " + port);
    });
    TestRule whoami = TestRule.of("live.whoami", Severity.INFO, r -> c ->
        Finding.pass(r, "user " + c.requireProbe().command("ACL", "WHOAMI").requireOk().asString()));
    TestRule anonymous = TestRule.of("live.anonymous", Severity.CRITICAL, r -> c -> {
      try (RedisProbe anon = c.requireProbe().openUnauthenticated()) {
        ProbeReply pong = anon.command("PING");
        return pong.isError() ? Finding.pass(r, "anonymous PING refused")
            : Finding.builder(r).outcome(Outcome.FAIL).summary("anonymous clients can run commands")
                .evidence("PING as default user: " + pong.asString()).remediation("user default off").build();
      }
    });
    TestRule flush = TestRule.of("live.bad-rule", Severity.LOW, r -> c -> {
      c.requireProbe().command("FLUSHALL");
      return Finding.pass(r, "flushed");
    });
    server.admin().commandOrThrow("SET", "survivor", "1");

    CheckReport report;
    try (RespProbe probe = RespProbe.connect(server, "limited", "limited-pw")) {
      report = CheckEngine.builder().rules(List.of(config, whoami, anonymous, flush)).build()
          .run(CheckContext.builder().role(Role.SUBSCRIBER).target(probe.describe()).probe(probe).build());
    }

    Finding cf = report.finding("live.config-port").orElseThrow();
    assertEquals(Outcome.SKIPPED, cf.outcome());
    assertTrue(cf.summary().startsWith("lacks privilege: Redis refused: NOPERM"), cf.summary());
    assertEquals("user limited", report.finding("live.whoami").orElseThrow().summary());
    assertEquals(Outcome.FAIL, report.finding("live.anonymous").orElseThrow().outcome());
    Finding ff = report.finding("live.bad-rule").orElseThrow();
    assertEquals(Outcome.SKIPPED, ff.outcome());
    assertTrue(ff.summary().contains("probe.refused"), ff.summary());
    assertEquals("1", server.admin().commandOrThrow("GET", "survivor"), "FLUSHALL must never reach Redis");
    assertEquals(3, report.roundTrips());
    assertEquals(1, report.connectionsOpened());
    assertTrue(report.duration().toNanos() > 0);
  }
}
