package dev.thalos.redis.security.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.internal.LogInjection;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class SeverityTest {

  @Test
  void severities_areOrderedFromInfoToCritical() {
    assertTrue(Severity.CRITICAL.atLeast(Severity.HIGH));
    assertTrue(Severity.HIGH.atLeast(Severity.HIGH));
    assertFalse(Severity.MEDIUM.atLeast(Severity.HIGH));
    assertTrue(Severity.LOW.atLeast(Severity.INFO));
  }

  @Test
  void labels_roundTripCaseInsensitively() {
    for (Severity s : Severity.values()) {
      assertEquals(s, Severity.parse(s.label()));
      assertEquals(s, Severity.parse(s.name()));
    }
    assertEquals("critical", Severity.CRITICAL.label());
  }

  @Test
  void unknownLabel_isRejectedQuotingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Severity.parse("severe"));
    assertEquals("invalid severity: severe (must be info, low, medium, high or critical)", e.getMessage());
  }

  @Test
  void outcomeAndRoleLabels_areLowerCase() {
    assertEquals("skipped", Outcome.SKIPPED.label());
    assertEquals("subscriber", Role.SUBSCRIBER.label());
  }

  @Test
  void unknownLabel_withControlCharacters_isQuotedEscaped() {
    LogInjection.assertEscaped(
        assertThrows(IllegalArgumentException.class, () -> Severity.parse(LogInjection.INJECTED)).getMessage());
  }
}
