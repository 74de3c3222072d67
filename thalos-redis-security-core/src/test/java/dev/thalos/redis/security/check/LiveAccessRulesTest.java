package dev.thalos.redis.security.check;

import static dev.thalos.redis.security.check.SelfCheckTest.check;
import static dev.thalos.redis.security.check.SelfCheckTest.finding;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The rules that judge ACL LIST lines: what each makes of users it can and cannot parse. */
@Tag("unit")
class LiveAccessRulesTest {

  private static final String HASH = "#" + "a".repeat(64);
  /** This user's line: it may subscribe inside the namespace and read ACL LIST. */
  private static final String APP = "user app on " + HASH + " resetchannels &ship::wax::* -@all +subscribe +acl|list";
  /** A line the parser refuses (an unknown rule), whoever it names. */
  private static final String UNPARSABLE = " on " + HASH + " +nosuchcommand-at-all";

  private static CheckReport run(String... aclList) {
    List<ProbeReply> lines = new ArrayList<>();
    for (String line : aclList) {
      lines.add(ProbeReply.bulk(line));
    }
    FakeRedis redis = FakeRedis.hardened("redis", "7.2.11").on("ACL WHOAMI", ProbeReply.bulk("app"))
        .on("ACL LIST", ProbeReply.array(lines));
    return check(Role.SUBSCRIBER).run(redis);
  }

  @Test
  void otherUsers_failsForPasswordlessUsers_warnsOfUnparsableLines_andListsEveryName() {
    CheckReport report = run(APP, "user default off", "user guest on nopass -@all +ping",
        "user ops on " + HASH + " ~* &* +@all", "user bad" + UNPARSABLE, "user old off nopass");

    Finding f = finding(report, LiveAccessRules.OtherUsers.ID);
    assertEquals(Outcome.FAIL, f.outcome(), () -> report.render(ReportFormat.TEXT));
    assertEquals(Severity.HIGH, f.severity());
    assertEquals("user guest is on without a password (and 1 more)", f.summary());
    List<String> evidence = f.evidence();
    assertEquals("user guest is on without a password", evidence.get(0), evidence::toString);
    assertTrue(evidence.get(1).startsWith("user ops may run "), evidence::toString);
    assertTrue(evidence.get(1).endsWith(" dangerous commands"), evidence::toString);
    assertEquals(List.of("an ACL LIST line could not be parsed", "users: app, default, guest, ops, old"),
        evidence.subList(2, evidence.size()));
  }

  @Test
  void otherUsers_passesWhenEveryOtherUserHasAPassword_countingEveryLine() {
    Finding f = finding(run(APP, "user default off", "user ops on " + HASH + " -@all +ping"),
        LiveAccessRules.OtherUsers.ID);

    assertEquals(Outcome.PASS, f.outcome());
    assertEquals("3 ACL users, none passwordless", f.summary());
  }

  @Test
  void defaultUser_isJudgedFromItsLine_shownWithTheHashRedacted() {
    Finding off = finding(run(APP, "user default off"), LiveAccessRules.DefaultUser.ID);
    assertEquals(Outcome.PASS, off.outcome());
    assertEquals("the default user is off", off.summary());
    assertEquals(List.of("ACL LIST: user default off"), off.evidence());

    Finding nopass = finding(run(APP, "user default on nopass -@all +ping"), LiveAccessRules.DefaultUser.ID);
    assertEquals(Outcome.FAIL, nopass.outcome());
    assertEquals(Severity.CRITICAL, nopass.severity());

    Finding wide = finding(run("user default on " + HASH + " ~* &* +@all", APP), LiveAccessRules.DefaultUser.ID);
    assertEquals(Outcome.FAIL, wide.outcome());
    assertTrue(wide.summary().startsWith("the default user is on with dangerous commands: "), wide.summary());
    assertEquals(List.of("ACL LIST: user default on #<sha256> ~* &* +@all"), wide.evidence());

    Finding limited = finding(run(APP, "user default on " + HASH + " -@all +ping"), LiveAccessRules.DefaultUser.ID);
    assertEquals(Outcome.WARN, limited.outcome());
    assertEquals(Severity.LOW, limited.severity());
  }

  @Test
  void defaultUserLineThatDoesNotParse_isSkipped() {
    Finding f = finding(run(APP, "user default" + UNPARSABLE), LiveAccessRules.DefaultUser.ID);

    assertEquals(Outcome.SKIPPED, f.outcome());
    assertEquals("cannot parse the default user's ACL LIST line", f.summary());
  }

  @Test
  void ownLineThatDoesNotParse_isAsIfItWereNotVisible() {
    CheckReport report = run("user app" + UNPARSABLE, "user default off");

    Finding dangerous = finding(report, LiveAccessRules.DangerousCommands.ID);
    assertTrue(dangerous.evidence().stream().anyMatch(e -> e.endsWith("this user's ACL line is not visible")),
        dangerous.evidence()::toString);
    Finding channels = finding(report, LiveAccessRules.Channels.ID);
    assertEquals("SUBSCRIBE outside ship::wax::* is denied", channels.summary(), channels.evidence()::toString);
  }

  @Test
  void ownLine_isTheLineNamingThisUserExactly_notOneWhoseNameStartsTheSame() {
    CheckReport report = run("user apple on " + HASH + " &* +@all", "user default off");

    Finding dangerous = finding(report, LiveAccessRules.DangerousCommands.ID);
    assertTrue(dangerous.evidence().stream().anyMatch(e -> e.endsWith("this user's ACL line is not visible")),
        dangerous.evidence()::toString);
  }

  @Test
  void ownLineThatParses_judgesTheCommandsWithoutProbeAndTheChannels() {
    CheckReport report = run("user app on " + HASH + " &* -@all +subscribe +acl|list +monitor", "user default off");

    Finding dangerous = finding(report, LiveAccessRules.DangerousCommands.ID);
    assertTrue(dangerous.evidence().contains("MONITOR is permitted (from this user's ACL LIST line)"),
        dangerous.evidence()::toString);
    Finding channels = finding(report, LiveAccessRules.Channels.ID);
    assertEquals(Outcome.FAIL, channels.outcome(), channels.evidence()::toString);
  }

  @Test
  void aclListLines_areReadAndParsedOncePerRun_whicheverRuleAsksFirst() {
    FakeRedis redis = FakeRedis.hardened("redis", "7.2.11").on("ACL WHOAMI", ProbeReply.bulk("app"))
        .on("ACL LIST", ProbeReply.array(List.of(ProbeReply.bulk(APP), ProbeReply.bulk("user default off"))));
    LiveFacts facts = new LiveFacts(check(Role.SUBSCRIBER), Role.SUBSCRIBER, "t0k", Optional.empty());

    AclListLine app = facts.aclLine(redis, "app").orElseThrow();
    assertSame(app, facts.aclLines(redis).orElseThrow().get(0));
    assertSame(app.user().orElseThrow(), facts.aclLine(redis, "app").orElseThrow().user().orElseThrow());
    assertEquals("app", app.user().orElseThrow().name());
  }
}
