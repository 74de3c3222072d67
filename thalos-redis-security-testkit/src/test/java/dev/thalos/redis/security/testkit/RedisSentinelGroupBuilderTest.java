package dev.thalos.redis.security.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The builder's checks, which need no Redis (the group itself is tested in {@link RedisSentinelGroupTest}). */
@Tag("unit")
class RedisSentinelGroupBuilderTest {

  /** CR LF, a forged log line, an ANSI escape and two C1 controls (NEL, CSI). */
  private static final String INJECTED = "evil\r\n2026-01-01 info forged\u001b[31m\u0085\u009b";

  @Test
  void masterName_withControlCharacters_isRejected_escapingThem() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RedisSentinelGroup.builder().masterName(INJECTED));
    assertEquals("invalid masterName: 'evil\\u000d\\u000a2026-01-01 info forged\\u001b[31m\\u0085\\u009b' "
        + "(must be 1..64 of A-Z a-z 0-9 . _ -)", e.getMessage());
    assertFalse(e.getMessage().chars().anyMatch(Character::isISOControl), e.getMessage());
  }

  @Test
  void masterName_withoutControlCharacters_isQuotedAsItIs() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RedisSentinelGroup.builder().masterName("a b\\c"));
    assertEquals("invalid masterName: 'a b\\c' (must be 1..64 of A-Z a-z 0-9 . _ -)", e.getMessage());
  }

  @Test
  void aclUsers_andSentinelAclUsers_definingAKitUser_areRejected() {
    for (String kitUser : new String[] {RedisCluster.REPLICATION_USER, RedisSentinelGroup.SENTINEL_USER,
        RedisSentinelGroup.SENTINEL_PEER_USER, RedisServer.ADMIN_USER}) {
      String expected = "invalid ACL user line: user '" + kitUser + "' is reserved for the test kit";
      assertEquals(expected, assertThrows(IllegalArgumentException.class,
          () -> RedisSentinelGroup.builder().aclUsers("user " + kitUser + " on nopass")).getMessage());
      assertEquals(expected, assertThrows(IllegalArgumentException.class,
          () -> RedisSentinelGroup.builder().sentinelAclUsers("user " + kitUser + " on nopass")).getMessage());
    }
  }

  @Test
  void aclUsers_whoseNameDiffersFromAKitUserOnlyInCase_isAnotherRedisUser_andAccepted() {
    RedisSentinelGroup.builder()
        .aclUsers("user THALOS-TESTKIT-SENTINEL on >pw +ping", "user Thalos-Testkit-Replication on >pw +ping")
        .sentinelAclUsers("user THALOS-TESTKIT-SENTINEL-PEER on >pw +ping");
  }
}
