package dev.thalos.redis.security.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class RedisClusterSlotTest {

  @Test
  void crc16_matchesTheXmodemCheckValue() {
    byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
    assertEquals(0x31C3, RedisCluster.Crc16.of(check, 0, check.length));
  }

  @Test
  void slot_matchesTheValuesFromTheClusterSpecification() {
    assertEquals(12182, RedisCluster.slot("foo"));
    assertEquals(0, RedisCluster.slot(""));
  }

  @Test
  void hashTag_decidesTheSlot_unlessItIsEmpty() {
    assertEquals(RedisCluster.slot("user1000"), RedisCluster.slot("{user1000}.following"));
    assertEquals(RedisCluster.slot("{user1000}.followers"), RedisCluster.slot("{user1000}.following"));
    assertEquals(RedisCluster.slot("{}a"), RedisCluster.slot("{}a".getBytes(StandardCharsets.UTF_8)));
    assertNotEquals(RedisCluster.slot("{}a"), RedisCluster.slot("{}b"));
    assertEquals(RedisCluster.slot("bar"), RedisCluster.slot("foo{bar}{zap}"));
  }
}
