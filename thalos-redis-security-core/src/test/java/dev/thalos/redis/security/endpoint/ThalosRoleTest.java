package dev.thalos.redis.security.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.thalos.redis.security.internal.LogInjection;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ThalosRoleTest {

  @Test
  void labels_roundTrip_caseInsensitively() {
    for (ThalosRole role : ThalosRole.values()) {
      assertEquals(role, ThalosRole.fromLabel(role.label()));
      assertEquals(role, ThalosRole.fromLabel(role.name()));
    }
    assertEquals("client", ThalosRole.CLIENT.label());
  }

  @Test
  void unknownLabel_isRejected_listingTheChoices() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ThalosRole.fromLabel("root"));
    assertEquals("invalid role: 'root' (must be client, server or admin)", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> ThalosRole.fromLabel(null));
  }

  @Test
  void unknownLabel_withControlCharacters_isQuotedEscaped() {
    LogInjection.assertEscaped(
        assertThrows(IllegalArgumentException.class, () -> ThalosRole.fromLabel(LogInjection.INJECTED)).getMessage());
  }
}
