package dev.thalos.redis.security.lettuce;

/**
 * A snapshot of a {@link ThalosSubscriber}'s counters since it was built. Immutable.
 *
 * <ul>
 *   <li>{@link #received()}: messages handed to the listener (whether or not it then threw);</li>
 *   <li>{@link #droppedForeignChannel()}: messages on a channel or pattern the subscriber did not subscribe to
 *       (or an invalid channel delivered through its pattern): never handed to the listener;</li>
 *   <li>{@link #droppedOversize()}: payloads above the size limit, dropped without being copied;</li>
 *   <li>{@link #droppedHandOffRejected()}: messages the hand-off executor refused (queue full);</li>
 *   <li>{@link #listenerFailures()}: exceptions thrown by the listener;</li>
 *   <li>{@link #reconnects()}: successful reconnects;</li>
 *   <li>{@link #resubscribeFailures()}: times subscriptions were not confirmed in time after a reconnect;</li>
 *   <li>{@link #disconnects()}: connections lost (each is followed by automatic reconnect attempts);</li>
 *   <li>{@link #gaps()}: {@link MessageGap}s reported, i.e. times messages were received again after one or more
 *       disconnects;</li>
 *   <li>{@link #lastBlockNumber()}: the block number of the last message that carried one, or -1;</li>
 *   <li>{@link #droppedMalformed()}: pub/sub frames without a channel or payload (a broken or hostile
 *       server).</li>
 * </ul>
 */
public final class SubscriberStats {

  private final long received;
  private final long droppedForeignChannel;
  private final long droppedOversize;
  private final long droppedHandOffRejected;
  private final long listenerFailures;
  private final long reconnects;
  private final long resubscribeFailures;
  private final long disconnects;
  private final long gaps;
  private final long lastBlockNumber;
  private final long droppedMalformed;

  SubscriberStats(long received, long droppedForeignChannel, long droppedOversize, long droppedHandOffRejected,
      long listenerFailures, long reconnects, long resubscribeFailures) {
    this(received, droppedForeignChannel, droppedOversize, droppedHandOffRejected, listenerFailures, reconnects,
        resubscribeFailures, 0, 0, -1, 0);
  }

  SubscriberStats(long received, long droppedForeignChannel, long droppedOversize, long droppedHandOffRejected,
      long listenerFailures, long reconnects, long resubscribeFailures, long disconnects, long gaps,
      long lastBlockNumber, long droppedMalformed) {
    this.received = received;
    this.droppedForeignChannel = droppedForeignChannel;
    this.droppedOversize = droppedOversize;
    this.droppedHandOffRejected = droppedHandOffRejected;
    this.listenerFailures = listenerFailures;
    this.reconnects = reconnects;
    this.resubscribeFailures = resubscribeFailures;
    this.disconnects = disconnects;
    this.gaps = gaps;
    this.lastBlockNumber = lastBlockNumber;
    this.droppedMalformed = droppedMalformed;
  }

  /** Messages handed to the listener. */
  public long received() {
    return received;
  }

  /** Messages dropped because their channel (or pattern) was not subscribed to. */
  public long droppedForeignChannel() {
    return droppedForeignChannel;
  }

  /** Messages dropped because their payload exceeded the size limit. */
  public long droppedOversize() {
    return droppedOversize;
  }

  /** Messages dropped because the hand-off executor rejected them. */
  public long droppedHandOffRejected() {
    return droppedHandOffRejected;
  }

  /** Exceptions thrown by the listener. */
  public long listenerFailures() {
    return listenerFailures;
  }

  /** Successful reconnects. */
  public long reconnects() {
    return reconnects;
  }

  /** Subscriptions not confirmed in time after a reconnect (each retry that failed counts). */
  public long resubscribeFailures() {
    return resubscribeFailures;
  }

  /** Connections lost. */
  public long disconnects() {
    return disconnects;
  }

  /** Gaps reported to the {@link GapListener} (and counted without one). */
  public long gaps() {
    return gaps;
  }

  /** The block number of the last message that carried one ({@code blocknum}), or -1 if none did yet. */
  public long lastBlockNumber() {
    return lastBlockNumber;
  }

  /** Pub/sub frames dropped because they had no channel or no payload. */
  public long droppedMalformed() {
    return droppedMalformed;
  }

  /** All messages dropped, for whatever reason. */
  public long dropped() {
    return droppedForeignChannel + droppedOversize + droppedHandOffRejected + droppedMalformed;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof SubscriberStats)) {
      return false;
    }
    SubscriberStats s = (SubscriberStats) o;
    return s.received == received && s.droppedForeignChannel == droppedForeignChannel
        && s.droppedOversize == droppedOversize && s.droppedHandOffRejected == droppedHandOffRejected
        && s.listenerFailures == listenerFailures && s.reconnects == reconnects
        && s.resubscribeFailures == resubscribeFailures && s.disconnects == disconnects && s.gaps == gaps
        && s.lastBlockNumber == lastBlockNumber && s.droppedMalformed == droppedMalformed;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(received, droppedForeignChannel, droppedOversize, droppedHandOffRejected,
        listenerFailures, reconnects, resubscribeFailures, disconnects, gaps, lastBlockNumber, droppedMalformed);
  }

  @Override
  public String toString() {
    return "SubscriberStats{received=" + received
        + ", droppedForeignChannel=" + droppedForeignChannel
        + ", droppedOversize=" + droppedOversize
        + ", droppedHandOffRejected=" + droppedHandOffRejected
        + ", listenerFailures=" + listenerFailures
        + ", reconnects=" + reconnects
        + ", resubscribeFailures=" + resubscribeFailures
        + ", disconnects=" + disconnects
        + ", gaps=" + gaps
        + ", lastBlockNumber=" + lastBlockNumber
        + ", droppedMalformed=" + droppedMalformed + "}";
  }
}
