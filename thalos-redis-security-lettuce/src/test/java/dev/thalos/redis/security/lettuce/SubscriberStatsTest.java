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

  @Test
  void gapAccounting_isPartOfTheSnapshot() {
    SubscriberStats stats = new SubscriberStats(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11);

    assertEquals(8, stats.disconnects());
    assertEquals(9, stats.gaps());
    assertEquals(10, stats.lastBlockNumber());
    assertEquals(11, stats.droppedMalformed());
    assertEquals(2 + 3 + 4 + 11, stats.dropped());
    assertEquals(-1, new SubscriberStats(1, 2, 3, 4, 5, 6, 7).lastBlockNumber());
    assertNotEquals(stats, new SubscriberStats(1, 2, 3, 4, 5, 6, 7, 8, 10, 10, 11));
    assertTrue(stats.toString().contains("gaps=9"), stats.toString());
  }
}
