package dev.thalos.redis.security.lettuce;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * What a {@link ThalosSubscriber} may have missed while it was disconnected: pub/sub has no replay, so every
 * message published between the disconnect and the resubscription is lost. Thalos heartbeats, transactions,
 * actions and table deltas carry the number of their block ({@code blocknum}); the subscriber remembers the
 * block of the last message before the disconnect and reports the gap when the first message with a block
 * number arrives after the reconnect.
 *
 * <p>Messages of the blocks {@link #fromBlock()} to {@link #toBlock()} (inclusive) may be missing: the two end
 * blocks only partly (a block has many actions; some of them arrived), the blocks strictly between them
 * entirely. Fetch them again from the chain (e.g. a state-history or API node) if the application must not
 * lose them. When nothing had been received before the disconnect, {@link #lastBlockBefore()} is empty and
 * {@link #fromBlock()} is 0. Several disconnects without a message in between are reported as one gap
 * ({@link #disconnects()}).
 *
 * <pre>{@code
 * ThalosSubscriber.builder(endpoint)
 *     .channels(wax.actions())
 *     .listener(handler)
 *     .gapListener(gap -> backfill.request(gap.fromBlock(), gap.toBlock()))
 *     .build();
 * }</pre>
 *
 * <p>Immutable.
 */
public final class MessageGap {

  private final int disconnects;
  private final long lastBlockBefore;
  private final long firstBlockAfter;
  private final Instant disconnectedAt;
  private final Instant resumedAt;

  MessageGap(int disconnects, long lastBlockBefore, long firstBlockAfter, Instant disconnectedAt,
      Instant resumedAt) {
    if (disconnects < 1) {
      throw new IllegalArgumentException("invalid disconnects: " + disconnects + " (must be >= 1)");
    }
    if (firstBlockAfter < 0) {
      throw new IllegalArgumentException("invalid firstBlockAfter: " + firstBlockAfter + " (must be >= 0)");
    }
    this.disconnects = disconnects;
    this.lastBlockBefore = lastBlockBefore < 0 ? BlockNumbers.NONE : lastBlockBefore;
    this.firstBlockAfter = firstBlockAfter;
    this.disconnectedAt = Objects.requireNonNull(disconnectedAt, "disconnectedAt must not be null");
    this.resumedAt = Objects.requireNonNull(resumedAt, "resumedAt must not be null");
  }

  /** How many disconnects this gap spans (at least 1). */
  public int disconnects() {
    return disconnects;
  }

  /** The block of the last message received before the (first) disconnect; empty if none was received. */
  public OptionalLong lastBlockBefore() {
    return lastBlockBefore < 0 ? OptionalLong.empty() : OptionalLong.of(lastBlockBefore);
  }

  /** The block of the first message received after the reconnect. */
  public long firstBlockAfter() {
    return firstBlockAfter;
  }

  /**
   * The first block whose messages may be missing: the smaller of {@link #lastBlockBefore()} and
   * {@link #firstBlockAfter()} (block numbers go back after a fork), or 0 if nothing was received before.
   */
  public long fromBlock() {
    return lastBlockBefore < 0 ? 0 : Math.min(lastBlockBefore, firstBlockAfter);
  }

  /** The last block whose messages may be missing: the larger of the two block numbers. */
  public long toBlock() {
    return lastBlockBefore < 0 ? firstBlockAfter : Math.max(lastBlockBefore, firstBlockAfter);
  }

  /** Whether {@code block} lies within {@link #fromBlock()}..{@link #toBlock()}. */
  public boolean covers(long block) {
    return block >= fromBlock() && block <= toBlock();
  }

  /** Blocks strictly between the two ends: missed entirely (0 if the ends are adjacent or equal). */
  public long blocksMissedEntirely() {
    return Math.max(0, toBlock() - fromBlock() - 1);
  }

  /** When the connection was lost (the first disconnect of this gap). */
  public Instant disconnectedAt() {
    return disconnectedAt;
  }

  /** When the first message with a block number arrived again. */
  public Instant resumedAt() {
    return resumedAt;
  }

  /** How long no message arrived: from {@link #disconnectedAt()} to {@link #resumedAt()}. */
  public Duration duration() {
    return Duration.between(disconnectedAt, resumedAt);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof MessageGap)) {
      return false;
    }
    MessageGap g = (MessageGap) o;
    return g.disconnects == disconnects && g.lastBlockBefore == lastBlockBefore
        && g.firstBlockAfter == firstBlockAfter && g.disconnectedAt.equals(disconnectedAt)
        && g.resumedAt.equals(resumedAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(disconnects, lastBlockBefore, firstBlockAfter, disconnectedAt, resumedAt);
  }

  @Override
  public String toString() {
    return "MessageGap{blocks " + (lastBlockBefore < 0 ? "?" : String.valueOf(fromBlock())) + ".." + toBlock()
        + ", disconnects=" + disconnects + ", duration=" + duration().toMillis() + "ms}";
  }
}
