package dev.thalos.redis.security.lettuce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class SubscriberStatsTest {

  @Test
  void dropped_sumsEveryKindOfDrop() {
    SubscriberStats stats = new SubscriberStats(10, 1, 2, 3, 4, 5, 6);

    assertEquals(6, stats.dropped());
    assertEquals(10, stats.received());
    assertEquals(4, stats.listenerFailures());
    assertEquals(5, stats.reconnects());
    assertEquals(6, stats.resubscribeFailures());
  }

  @Test
  void snapshots_areValues() {
    assertEquals(new SubscriberStats(1, 2, 3, 4, 5, 6, 7), new SubscriberStats(1, 2, 3, 4, 5, 6, 7));
    assertEquals(new SubscriberStats(1, 2, 3, 4, 5, 6, 7).hashCode(),
        new SubscriberStats(1, 2, 3, 4, 5, 6, 7).hashCode());
    assertNotEquals(new SubscriberStats(1, 2, 3, 4, 5, 6, 7), new SubscriberStats(1, 2, 3, 4, 5, 6, 8));
    assertTrue(new SubscriberStats(1, 2, 3, 4, 5, 6, 7).toString().contains("droppedOversize=3"));
  }
}
