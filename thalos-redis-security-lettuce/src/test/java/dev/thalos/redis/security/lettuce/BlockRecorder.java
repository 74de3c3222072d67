package dev.thalos.redis.security.lettuce;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.thalos.redis.security.channel.ThalosChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Records which block-numbered messages a subscriber received (counts per block, so duplicates show) and which
 * {@link MessageGap}s it reported, and checks that every message that did not arrive is covered by a gap.
 */
final class BlockRecorder implements ThalosMessageListener, GapListener, SubscriberStateListener {

  final AtomicIntegerArray perBlock;
  final AtomicInteger received = new AtomicInteger();
  final AtomicInteger withoutBlock = new AtomicInteger();
  final List<MessageGap> gaps = new CopyOnWriteArrayList<>();
  final AtomicInteger disconnected = new AtomicInteger();
  final AtomicInteger confirmed = new AtomicInteger();
  volatile long lastBlock = -1;

  BlockRecorder(int maxBlock) {
    perBlock = new AtomicIntegerArray(maxBlock + 1);
  }

  /** A heartbeat as Thalos' JSON codec writes it, padded to at least {@code size} bytes. */
  static byte[] heartbeat(long block, int size) {
    String base = "{\"blocknum\":" + block + ",\"head_blocknum\":" + (block + 3)
        + ",\"last_irreversible_blocknum\":" + Math.max(0, block - 330);
    StringBuilder b = new StringBuilder(Math.max(size, base.length() + 2)).append(base);
    if (b.length() + 2 < size) {
      b.append(",\"pad\":\"");
      while (b.length() + 2 < size) {
        b.append('x');
      }
      b.append('"');
    }
    return b.append('}').toString().getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public void onMessage(ThalosChannel channel, byte[] payload) {
    received.incrementAndGet();
    long block = BlockNumbers.find(payload);
    if (block < 0 || block >= perBlock.length()) {
      withoutBlock.incrementAndGet();
      return;
    }
    perBlock.incrementAndGet((int) block);
    lastBlock = block;
  }

  @Override
  public void onGap(MessageGap gap) {
    gaps.add(gap);
  }

  @Override
  public void disconnected() {
    disconnected.incrementAndGet();
  }

  @Override
  public void subscriptionsConfirmed() {
    confirmed.incrementAndGet();
  }

  int count(long block) {
    return perBlock.get((int) block);
  }

  /**
   * Checks the accounting for blocks {@code first..last}, each published {@code perBlock} times: no block
   * arrived more often than published, and every message that did not arrive lies in a reported gap. Returns
   * how many messages did not arrive.
   */
  long assertEveryLossIsCovered(long first, long last, int published) {
    long missing = 0;
    List<Long> uncovered = new ArrayList<>();
    for (long b = first; b <= last; b++) {
      int got = count(b);
      if (got > published) {
        fail("block " + b + " arrived " + got + " times but was published " + published + " times");
      }
      if (got < published) {
        missing += published - got;
        long block = b;
        if (gaps.stream().noneMatch(g -> g.covers(block)) && uncovered.size() < 20) {
          uncovered.add(b);
        }
      }
    }
    assertTrue(uncovered.isEmpty(), "blocks with missing messages that no reported gap covers: " + uncovered
        + "; gaps " + gaps);
    return missing;
  }
}
