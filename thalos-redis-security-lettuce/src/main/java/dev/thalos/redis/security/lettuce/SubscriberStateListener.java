package dev.thalos.redis.security.lettuce;

import java.util.List;

/**
 * Connection events of a {@link ThalosSubscriber}. All methods have empty defaults; implement what you need.
 * They run on Lettuce threads and must not block; exceptions they throw are logged and ignored.
 *
 * <p>Pub/sub has no replay: messages published while the subscriber was disconnected are lost. Use
 * {@link #reconnected(long)} to look for the gap (Thalos messages and heartbeats carry block numbers).
 */
public interface SubscriberStateListener {

  /** The connection was lost; Lettuce reconnects automatically. */
  default void disconnected() {}

  /**
   * The connection is up again (TCP, TLS and authentication done); Lettuce has re-sent the subscriptions.
   *
   * @param reconnects how many reconnects so far, this one included
   */
  default void reconnected(long reconnects) {}

  /** The server confirmed every subscription, after {@code start()} or after a reconnect. */
  default void subscriptionsConfirmed() {}

  /**
   * Some subscriptions were not confirmed within the resubscribe timeout after a reconnect (for example the
   * ACL no longer allows a channel: Lettuce then only logs a warning and keeps an open connection that
   * receives nothing). The subscriber retries with growing delays while the connection is up.
   *
   * @param missing the channels and patterns not confirmed
   * @param attempt 1 for the first failure after a (re)connect, then 2, 3, ...
   * @param cause the refusal of the previous retry, if one was seen (e.g. {@code acl.noperm}), else null
   */
  default void resubscribeFailed(List<String> missing, int attempt, Throwable cause) {}
}
