package dev.thalos.redis.security.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class FindingTest {

  private final TestRule rule = TestRule.passing("conf.example");

  @Test
  void builder_isPrefilledFromTheRule_andSeverityCanBeOverridden() {
    Finding f = Finding.builder(rule).outcome(Outcome.FAIL).severity(Severity.CRITICAL).summary("s")
        .evidence("e1").evidence(List.of("e2")).remediation("port 0")
        .location(Location.of(Path.of("redis.conf"), 3)).build();
    assertEquals("conf.example", f.ruleId());
    assertEquals("Title of conf.example", f.title());
    assertEquals(Severity.CRITICAL, f.severity());
    assertEquals(List.of("e1", "e2"), f.evidence());
    assertEquals("port 0", f.remediation());
    assertTrue(f.isProblem());
    assertEquals(f.toString(), f.mutate().build().toString());
  }

  @Test
  void failWithoutEvidence_isRejected() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Finding.builder(rule).outcome(Outcome.FAIL).summary("s").remediation("x").build());
    assertEquals("finding of rule conf.example is fail but has no evidence", e.getMessage());
  }

  @Test
  void warnWithoutRemediation_isRejected() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Finding.builder(rule).outcome(Outcome.WARN).summary("s").evidence("e").build());
    assertEquals("finding of rule conf.example is warn but has no remediation", e.getMessage());
  }

  @Test
  void findingWithoutOutcomeOrSummary_isRejected() {
    assertThrows(IllegalStateException.class, () -> Finding.builder(rule).summary("s").build());
    assertThrows(IllegalStateException.class, () -> Finding.builder(rule).outcome(Outcome.PASS).build());
  }

  @Test
  void skipped_carriesItsReasonAsSummary() {
    Finding f = Finding.skipped(rule, "lacks privilege: NOPERM");
    assertEquals(Outcome.SKIPPED, f.outcome());
    assertEquals("lacks privilege: NOPERM", f.summary());
  }
}
