package dev.thalos.redis.security.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class CheckContextTest {

  @Test
  void defaults_areOperatorWithoutProbe() {
    CheckContext c = CheckContext.builder().build();
    assertEquals(Role.OPERATOR, c.role());
    assertTrue(c.probe().isEmpty());
    ProbeException e = assertThrows(ProbeException.class, c::requireProbe);
    assertEquals(ProbeException.UNAVAILABLE, e.reason());
  }

  @Test
  void attributes_areTyped() {
    CheckContext c = CheckContext.builder().attribute(String.class, "conf").build();
    assertEquals("conf", c.attribute(String.class).orElseThrow());
    assertTrue(c.attribute(Integer.class).isEmpty());
    assertEquals("conf", c.mutate().role(Role.PUBLISHER).build().attribute(String.class).orElseThrow());
  }
}
