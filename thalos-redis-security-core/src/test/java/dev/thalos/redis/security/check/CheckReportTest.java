package dev.thalos.redis.security.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class CheckReportTest {

  private static CheckReport report(TestRule... rules) {
    return CheckEngine.builder().rules(List.of(rules)).build()
        .run(CheckContext.builder().target("redis.conf").build());
  }

  @Test
  void requirePassing_throwsListingEveryFailure_withoutPassingOnes() {
    CheckReport r = report(TestRule.passing("a.ok"), TestRule.failing("a.bad", Severity.CRITICAL),
        TestRule.failing("b.bad", Severity.HIGH), TestRule.failing("c.minor", Severity.LOW));
    CheckFailedException e = assertThrows(CheckFailedException.class, r::requirePassing);
    assertEquals(CheckFailedException.REASON, e.reason());
    assertEquals(2, e.failures().size());
    assertSame(r, e.report());
    assertEquals("security check of redis.conf failed (fail on >= high): 2 findings\n"
        + "  [fail/critical] a.bad: bad thing at a.bad\n"
        + "  [fail/high] b.bad: bad thing at b.bad", e.getMessage());
  }

  @Test
  void passingReport_isReturned() {
    CheckReport r = report(TestRule.passing("a.ok"), TestRule.failing("c.minor", Severity.LOW));
    assertSame(r, r.requirePassing());
    assertTrue(r.passes(Policy.DEFAULT));
    assertFalse(r.passes(Policy.failOn(Severity.LOW)));
  }

  @Test
  void counts_andLookupById() {
    CheckReport r = report(TestRule.passing("a.ok"), TestRule.warning("a.warn", Severity.LOW));
    assertEquals(1, r.count(Outcome.PASS));
    assertEquals(1, r.count(Outcome.WARN));
    assertEquals(Outcome.WARN, r.finding("a.warn").orElseThrow().outcome());
    assertTrue(r.finding("nope").isEmpty());
    assertEquals(r.findings(), r.mutate().build().findings());
  }

  @Test
  void findingOfUnlistedRule_isRejected() {
    Finding f = Finding.pass(TestRule.passing("a.ok"), "fine");
    assertThrows(IllegalStateException.class, () -> CheckReport.builder().finding(f).build());
  }

  @Test
  void negativeCounts_areRejected() {
    assertEquals("invalid roundTrips: -1 (must be >= 0)",
        assertThrows(IllegalArgumentException.class, () -> CheckReport.builder().roundTrips(-1)).getMessage());
  }
}
