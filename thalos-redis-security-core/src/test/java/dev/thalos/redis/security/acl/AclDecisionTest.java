package dev.thalos.redis.security.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class AclDecisionTest {

  private final AclEvaluator e = AclEvaluator.of(AclParser.redis7().parseUserLine(
      "user u on nopass ~k* resetchannels &c* -@all +get +publish"));

  @Test
  void allowed_isOneSharedInstanceWithDryrunsOk() {
    AclDecision a = e.evaluate("GET", "k1");
    assertSame(a, e.evaluate("PUBLISH", "c1", "m"));
    assertEquals("OK", a.message());
    assertNull(a.subject());
    assertEquals(-1, a.argumentIndex());
  }

  @Test
  void denials_carryRedisMessageSubjectAndIndex() {
    AclDecision key = e.evaluate("GET", "x");
    assertEquals(key, e.evaluate("GET", "x"));
    assertEquals(key.hashCode(), e.evaluate("GET", "x").hashCode());
    assertEquals("DENIED_KEY: This user has no permissions to access the 'x' key", key.toString());
    assertEquals(1, key.argumentIndex());
    AclDecision cmd = e.evaluate("CLIENT", "KILL", "1.2.3.4:5");
    assertEquals("client|kill", cmd.subject());
    assertEquals(AclOutcome.DENIED_COMMAND, cmd.outcome());
  }
}
