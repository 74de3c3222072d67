package dev.thalos.redis.security.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class RuleDescriptorTest {

  @Test
  void descriptor_copiesTheRulesIdentity() {
    RuleDescriptor d = RuleDescriptor.of(TestRule.passing("live.tls.version"));
    assertEquals("live.tls.version", d.id());
    assertEquals("Title of live.tls.version", d.title());
    assertEquals(Severity.HIGH, d.severity());
  }

  @Test
  void malformedIds_areRejectedQuotingThem() {
    for (String bad : new String[] {"Conf.X", "conf..x", ".conf", "conf x", "conf-", ""}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> RuleDescriptor.of(bad, "t", Severity.LOW, "d"));
      assertEquals("invalid rule id: " + bad + " (must be lower-case words joined by '.' or '-')",
          e.getMessage());
    }
  }

  @Test
  void blankTitle_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> RuleDescriptor.of("a.b", " ", Severity.LOW, "d"));
  }
}
