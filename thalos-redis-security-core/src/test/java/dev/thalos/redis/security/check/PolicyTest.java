package dev.thalos.redis.security.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class PolicyTest {

  private final Finding highFail = TestRule.failing("a.high", Severity.HIGH).evaluate(CheckContext.builder().build());
  private final Finding mediumFail =
      TestRule.failing("a.medium", Severity.MEDIUM).evaluate(CheckContext.builder().build());
  private final Finding highWarn = TestRule.warning("a.warn", Severity.HIGH).evaluate(CheckContext.builder().build());
  private final Finding skipped = Finding.skipped(TestRule.passing("a.skip"), "lacks privilege");

  @Test
  void defaultPolicy_failsOnHighFailuresOnly() {
    assertEquals(Severity.HIGH, Policy.DEFAULT.threshold());
    assertTrue(Policy.DEFAULT.fails(highFail));
    assertFalse(Policy.DEFAULT.fails(mediumFail));
    assertFalse(Policy.DEFAULT.fails(highWarn));
    assertFalse(Policy.DEFAULT.fails(skipped));
  }

  @Test
  void stricterPolicy_failsOnMediumWarningsAndSkips() {
    Policy p = Policy.builder().failOn(Severity.MEDIUM).failOnWarnings(true).failOnSkipped(true).build();
    assertTrue(p.fails(mediumFail));
    assertTrue(p.fails(highWarn));
    assertTrue(p.fails(skipped));
    assertEquals("fail on >= medium, warnings, skipped", p.toString());
    assertEquals(p.toString(), p.mutate().build().toString());
  }

  @Test
  void acceptedRisk_stopsOnlyThatRuleFromFailing_andIsNamed() {
    Policy p = Policy.builder().failOn(Severity.MEDIUM).acceptRisk("a.high").build();
    assertFalse(p.fails(highFail));
    assertTrue(p.fails(mediumFail));
    assertEquals("fail on >= medium; accepted risks: a.high", p.toString());
    assertEquals(p.toString(), p.mutate().build().toString());
  }

  @Test
  void acceptedRisk_doesNotTurnASkipIntoAPass() {
    Policy p = Policy.builder().failOnSkipped(true).acceptRisk("a.skip").build();
    assertTrue(p.fails(skipped));
  }

  @Test
  void acceptedRisk_rejectsMalformedRuleIds() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Policy.builder().acceptRisk("Live.Server version\n"));
    assertTrue(e.getMessage().startsWith("invalid ruleId: \"Live.Server version?\""), e.getMessage());
  }
}
