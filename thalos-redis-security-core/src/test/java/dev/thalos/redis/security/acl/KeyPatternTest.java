package dev.thalos.redis.security.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class KeyPatternTest {

  @Test
  void rules_carryThePermission() {
    assertEquals("~thalos::cache::*", KeyPattern.readWrite("thalos::cache::*").toRule());
    assertEquals("%R~a", KeyPattern.read("a").toRule());
    assertEquals("%W~a", KeyPattern.write("a").toRule());
    assertEquals("%RW~*", KeyPattern.readWrite("*").toRule()); // "~*" would be allkeys
    assertEquals(KeyPermission.READ_WRITE, KeyPermission.READ.union(KeyPermission.WRITE));
  }

  @Test
  void blanksAndControlCharacters_areRejected() {
    assertThrows(IllegalArgumentException.class, () -> KeyPattern.read("a b"));
    assertThrows(IllegalArgumentException.class, () -> KeyPattern.read("a\tb"));
    assertThrows(IllegalArgumentException.class, () -> KeyPattern.read(""));
  }
}
