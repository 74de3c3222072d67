package dev.thalos.redis.security.lettuce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class MessageGapTest {

  private static final Instant DOWN = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant UP = DOWN.plusMillis(1500);

  @Test
  void range_runsFromTheLastBlockBeforeToTheFirstAfter_bothEndsIncluded() {
    MessageGap gap = new MessageGap(1, 100, 105, DOWN, UP);

    assertEquals(100, gap.fromBlock());
    assertEquals(105, gap.toBlock());
    assertTrue(gap.covers(100) && gap.covers(103) && gap.covers(105));
    assertFalse(gap.covers(99) || gap.covers(106));
    assertEquals(4, gap.blocksMissedEntirely());
    assertEquals(Duration.ofMillis(1500), gap.duration());
    assertEquals(OptionalLong.of(100), gap.lastBlockBefore());
  }

  @Test
  void disconnectWithinOneBlock_isStillAGapOfThatBlock() {
    MessageGap gap = new MessageGap(2, 7, 7, DOWN, UP);

    assertEquals(7, gap.fromBlock());
    assertEquals(7, gap.toBlock());
    assertEquals(0, gap.blocksMissedEntirely());
    assertEquals(2, gap.disconnects());
  }

  @Test
  void blocksGoingBackAfterAFork_stillGiveAnOrderedRange() {
    MessageGap gap = new MessageGap(1, 500, 490, DOWN, UP);

    assertEquals(490, gap.fromBlock());
    assertEquals(500, gap.toBlock());
  }

  @Test
  void nothingReceivedBefore_meansEverythingUpToTheFirstBlockAfter() {
    MessageGap gap = new MessageGap(1, -1, 300, DOWN, UP);

    assertEquals(OptionalLong.empty(), gap.lastBlockBefore());
    assertEquals(0, gap.fromBlock());
    assertEquals(300, gap.toBlock());
    assertTrue(gap.toString().contains("blocks ?..300"), gap.toString());
  }

  @Test
  void malformedValues_areRejected_namingTheField() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new MessageGap(0, 1, 2, DOWN, UP));
    assertEquals("invalid disconnects: 0 (must be >= 1)", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new MessageGap(1, 1, -2, DOWN, UP));
    assertThrows(NullPointerException.class, () -> new MessageGap(1, 1, 2, null, UP));
  }

  @Test
  void gaps_areValues() {
    assertEquals(new MessageGap(1, 1, 2, DOWN, UP), new MessageGap(1, 1, 2, DOWN, UP));
    assertEquals(new MessageGap(1, 1, 2, DOWN, UP).hashCode(), new MessageGap(1, 1, 2, DOWN, UP).hashCode());
    assertNotEquals(new MessageGap(1, 1, 2, DOWN, UP), new MessageGap(1, 1, 3, DOWN, UP));
  }
}
