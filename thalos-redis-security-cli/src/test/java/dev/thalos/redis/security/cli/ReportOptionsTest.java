package dev.thalos.redis.security.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.check.CheckReport;
import dev.thalos.redis.security.check.Finding;
import dev.thalos.redis.security.check.Outcome;
import dev.thalos.redis.security.check.Policy;
import dev.thalos.redis.security.check.RuleDescriptor;
import dev.thalos.redis.security.check.Severity;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ReportOptionsTest {

  static final RuleDescriptor A = RuleDescriptor.of("live.a", "A holds", Severity.HIGH, "a");
  static final RuleDescriptor B = RuleDescriptor.of("live.b", "B holds", Severity.MEDIUM, "b");

  static CheckReport report(Outcome a, Outcome b) {
    return CheckReport.builder().target("rediss://x:1").rule(A).rule(B).finding(finding(A, a)).finding(finding(B, b))
        .build();
  }

  static Finding finding(RuleDescriptor r, Outcome o) {
    Finding.Builder f = Finding.builder(r).outcome(o).summary(o == Outcome.SKIPPED ? "lacks privilege" : "seen");
    if (o == Outcome.FAIL || o == Outcome.WARN) {
      f.evidence("e").remediation("fix");
    }
    return f.build();
  }

  @Test
  void everyRuleSkipped_isNeverCalledPassed_andExitsTwo() {
    CheckReport r = report(Outcome.SKIPPED, Outcome.SKIPPED);
    String verdict = ReportOptions.verdict(r, Policy.DEFAULT);
    assertTrue(verdict.startsWith("NOT CHECKED"), verdict);
    assertEquals(ExitCodes.ERROR, new ReportOptions().emit(r, sink(), sink()));
  }

  @Test
  void skippedRules_areCountedInThePassVerdict() {
    String verdict = ReportOptions.verdict(report(Outcome.PASS, Outcome.SKIPPED), Policy.DEFAULT);
    assertEquals("PASSED: no finding at or above high (1 rule checked, 1 skipped: NOT checked)", verdict);
  }

  @Test
  void failureBelowTheThreshold_passes_butIsMentioned() {
    CheckReport r = report(Outcome.PASS, Outcome.FAIL);
    assertEquals("PASSED: no finding at or above high; 1 below the threshold (2 rules checked)",
        ReportOptions.verdict(r, Policy.DEFAULT));
    assertEquals(ExitCodes.PASSED, new ReportOptions().emit(r, sink(), sink()));
    ReportOptions medium = new ReportOptions();
    medium.failOn = Severity.MEDIUM;
    assertEquals(ExitCodes.FINDINGS, medium.emit(r, sink(), sink()));
  }

  @Test
  void failureAtTheThreshold_failsNamingTheRule() {
    CheckReport r = report(Outcome.FAIL, Outcome.PASS);
    assertEquals("FAILED: 1 finding at or above high: live.a (2 rules checked)", ReportOptions.verdict(r, Policy.DEFAULT));
    assertEquals(ExitCodes.FINDINGS, new ReportOptions().emit(r, sink(), sink()));
  }

  @Test
  void ruleFailingOnSeveralNodes_isNamedOnceWithItsCount() {
    CheckReport r = CheckReport.builder().target("rediss://x:1").rule(A).rule(B)
        .finding(finding(A, Outcome.FAIL)).finding(finding(A, Outcome.FAIL)).finding(finding(B, Outcome.PASS))
        .finding(finding(A, Outcome.FAIL)).build();
    assertEquals("FAILED: 3 findings at or above high: live.a x3 (4 rules checked)",
        ReportOptions.verdict(r, Policy.DEFAULT));
  }

  @Test
  void acceptedRisk_passesButIsNamedInTheVerdict_andOtherFailuresStillFail() {
    CheckReport r = report(Outcome.FAIL, Outcome.PASS);
    ReportOptions accepting = new ReportOptions();
    accepting.acceptedRisks.add("live.a");
    assertEquals("PASSED: no finding at or above high; 1 below the threshold; RISK ACCEPTED (still reported): "
        + "live.a (2 rules checked)", ReportOptions.verdict(r, accepting.policy()));
    assertEquals(ExitCodes.PASSED, accepting.emit(r, sink(), sink()));

    ReportOptions acceptingOther = new ReportOptions();
    acceptingOther.acceptedRisks.add("live.b");
    assertEquals(ExitCodes.FINDINGS, acceptingOther.emit(r, sink(), sink()));
  }

  @Test
  void malformedAcceptedRisk_isAUsageError() {
    ReportOptions bad = new ReportOptions();
    bad.acceptedRisks.add("live.a; rm -rf /");
    UsageException e = assertThrows(UsageException.class, bad::policy);
    assertTrue(e.getMessage().startsWith("--accept-risk: invalid ruleId"), e.getMessage());
  }

  private static PrintWriter sink() {
    return new PrintWriter(new StringWriter());
  }
}
