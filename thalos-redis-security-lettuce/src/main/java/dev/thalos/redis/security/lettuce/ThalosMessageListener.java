package dev.thalos.redis.security.lettuce;

import dev.thalos.redis.security.channel.ThalosChannel;

/**
 * Receives the messages of a {@link ThalosSubscriber}: only messages on channels the subscriber subscribed to
 * (or that match its explicitly allowed pattern), only payloads within the size limit.
 *
 * <p><b>Threading.</b> Without a hand-off executor ({@link ThalosSubscriber.Builder#handOff}) this method runs
 * on the connection's Netty event loop: it must return quickly and must never block (no I/O, no locks held
 * long, no waiting on Redis). A slow listener delays every message behind it and eventually makes Redis
 * disconnect the subscriber ({@code client-output-buffer-limit pubsub}). Exceptions it throws are caught and
 * counted ({@link SubscriberStats#listenerFailures()}); delivery continues with the next message.
 */
@FunctionalInterface
public interface ThalosMessageListener {

  /**
   * One message.
   *
   * @param channel the channel the message was published to: the subscribed {@link ThalosChannel} instance
   *     itself, or for pattern subscriptions the parsed channel
   * @param payload the payload; a copy owned by the listener (made once per message)
   */
  void onMessage(ThalosChannel channel, byte[] payload);
}
