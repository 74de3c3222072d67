package dev.thalos.redis.security.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class AclFindingTest {

  @Test
  void evidenceIsCopied_andShown() {
    List<String> evidence = new ArrayList<>(List.of("CLIENT", "LIST"));
    AclFinding f = new AclFinding("acl.dangerous-commands", "u", "may run CLIENT LIST", evidence);
    evidence.add("x");
    assertEquals(List.of("CLIENT", "LIST"), f.evidence());
    assertEquals("acl.dangerous-commands [u]: may run CLIENT LIST (e.g. CLIENT LIST)", f.toString());
    assertThrows(UnsupportedOperationException.class, () -> f.evidence().add("y"));
    assertThrows(NullPointerException.class, () -> new AclFinding(null, "u", "m", List.of()));
  }
}
