package dev.thalos.redis.security.lettuce;

/**
 * Told by a {@link ThalosSubscriber} which blocks' messages it may have missed while disconnected
 * ({@link MessageGap}). Called on a Lettuce event loop thread, before the message that closed the gap is
 * delivered; must not block. Exceptions it throws are logged and ignored.
 */
@FunctionalInterface
public interface GapListener {

  /** The subscriber is receiving again after one or more disconnects; {@code gap} says what may be missing. */
  void onGap(MessageGap gap);
}
