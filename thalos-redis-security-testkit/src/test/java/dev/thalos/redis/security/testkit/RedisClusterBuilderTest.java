package dev.thalos.redis.security.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The builder's checks, which need no Redis (the cluster itself is tested in {@link RedisClusterTest}). */
@Tag("unit")
class RedisClusterBuilderTest {

  @Test
  void aclUsers_definingAKitUser_isRejected() {
    for (String kitUser : new String[] {RedisCluster.REPLICATION_USER, RedisServer.ADMIN_USER}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> RedisCluster.builder().aclUsers("user default off", "user " + kitUser + " on nopass +@all"));
      assertEquals("invalid ACL user line: user '" + kitUser + "' is reserved for the test kit", e.getMessage());
    }
  }

  @Test
  void aclUsers_whoseNameDiffersFromAKitUserOnlyInCase_isAnotherRedisUser_andAccepted() {
    RedisCluster.builder().aclUsers("user THALOS-TESTKIT-REPLICATION on >pw +ping",
        "user Thalos-Testkit-Admin on >pw +ping");
  }
}
