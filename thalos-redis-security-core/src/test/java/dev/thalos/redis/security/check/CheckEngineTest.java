package dev.thalos.redis.security.check;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class CheckEngineTest {

  @Test
  void ruleNeedingAProbe_isSkippedWithReason_notPassed() {
    TestRule live = TestRule.of("live.ping", Severity.HIGH, r -> c -> {
      c.requireProbe().command("PING");
      return Finding.pass(r, "pong");
    });
    CheckReport report = CheckEngine.builder().rule(live).build().run(CheckContext.builder().build());
    Finding f = report.finding("live.ping").orElseThrow();
    assertEquals(Outcome.SKIPPED, f.outcome());
    assertEquals("no connection to Redis: no connection to Redis in this check", f.summary());
    assertEquals(0, report.roundTrips());
  }

  @Test
  void ruleThrowingNoPermission_isSkippedAsLackingPrivilege() {
    TestRule rule = TestRule.of("live.config", Severity.HIGH, r -> c -> {
      ProbeReply.error("NOPERM this user has no permissions to run the 'config|get' command").requireOk();
      return Finding.pass(r, "unreachable");
    });
    Finding f = CheckEngine.builder().rule(rule).build().run(CheckContext.builder().build())
        .finding("live.config").orElseThrow();
    assertEquals(Outcome.SKIPPED, f.outcome());
    assertEquals("lacks privilege: Redis refused: NOPERM this user has no permissions to run the "
        + "'config|get' command", f.summary());
  }

  @Test
  void ruleCrashing_isSkippedNamingOnlyTheExceptionType() {
    TestRule rule = TestRule.of("live.crash", Severity.HIGH, r -> c -> {
      throw new IllegalStateException("password was hunter2");
    });
    Finding f = CheckEngine.builder().rule(rule).build().run(CheckContext.builder().build())
        .finding("live.crash").orElseThrow();
    assertEquals(Outcome.SKIPPED, f.outcome());
    assertEquals("rule error: IllegalStateException", f.summary());
    assertFalse(f.toString().contains("hunter2"));
  }

  @Test
  void ruleReturningNothingOrAnotherRulesFinding_isSkipped() {
    TestRule nothing = TestRule.of("a.null", Severity.LOW, r -> c -> null);
    TestRule other = TestRule.of("a.other", Severity.LOW, r -> c -> Finding.pass(TestRule.passing("a.x"), "x"));
    CheckReport report = CheckEngine.builder().rules(List.of(nothing, other)).build()
        .run(CheckContext.builder().build());
    assertEquals(2, report.count(Outcome.SKIPPED));
  }

  @Test
  void rulesForOtherRoles_doNotRun() {
    CheckEngine engine = CheckEngine.builder()
        .rule(TestRule.passing("a.all"))
        .rule(TestRule.failing("a.publisher", Severity.HIGH).onlyFor(Role.PUBLISHER))
        .build();
    CheckReport subscriber = engine.run(CheckContext.builder().role(Role.SUBSCRIBER).build());
    assertEquals(1, subscriber.findings().size());
    assertEquals(1, subscriber.rules().size());
    CheckReport publisher = engine.run(CheckContext.builder().role(Role.PUBLISHER).build());
    assertEquals(2, publisher.findings().size());
  }

  @Test
  void duplicateRuleIds_areRejected() {
    assertThrows(IllegalStateException.class,
        () -> CheckEngine.builder().rule(TestRule.passing("a.b")).rule(TestRule.passing("a.b")).build());
  }

  @Test
  void reportStartTime_comesFromTheClock() {
    Instant t = Instant.parse("2026-01-02T03:04:05Z");
    CheckReport r = CheckEngine.builder().rule(TestRule.passing("a.b")).clock(Clock.fixed(t, ZoneOffset.UTC))
        .build().run(CheckContext.builder().build());
    assertEquals(t, r.startedAt());
  }

  @Test
  void guard_refusesCommandsWithSideEffects() {
    String[][] refused = {
        {"FLUSHALL"}, {"flushdb", "ASYNC"}, {"CONFIG", "SET", "port", "0"}, {"config", "rewrite"},
        {"ACL", "SETUSER", "x"}, {"ACL", "DELUSER", "x"}, {"SHUTDOWN"}, {"DEBUG", "SLEEP", "1"},
        {"CLIENT", "KILL", "ADDR", "1.2.3.4:5"}, {"CLIENT", "PAUSE", "100"}, {"CLIENT", "NO-EVICT", "on"},
        {"SET", "k", "v"}, {"MODULE", "LOAD", "/x.so"}, {"HELLO", "3", "AUTH", "u", "p"}, {"KEYS", "*"}};
    for (String[] cmd : refused) {
      ProbeException e = assertThrows(ProbeException.class, () -> GuardedProbe.checkAllowed(cmd),
          String.join(" ", cmd));
      assertEquals(ProbeException.REFUSED, e.reason());
    }
  }

  @Test
  void guard_allowsIntrospection() {
    String[][] allowed = {
        {"PING"}, {"ACL", "WHOAMI"}, {"ACL", "DRYRUN", "u", "flushall"}, {"CONFIG", "GET", "port"},
        {"INFO", "server"}, {"CLIENT", "KILL", "ID", "0"}, {"COMMAND", "INFO", "get"}, {"HELLO", "3"},
        {"PUBLISH", "__probe__", ""}};
    for (String[] cmd : allowed) {
      assertDoesNotThrow(() -> GuardedProbe.checkAllowed(cmd), String.join(" ", cmd));
    }
  }
}
