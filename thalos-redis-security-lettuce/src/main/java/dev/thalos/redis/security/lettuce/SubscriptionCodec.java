package dev.thalos.redis.security.lettuce;

import dev.thalos.redis.security.channel.ChannelValidator;
import io.lettuce.core.codec.RedisCodec;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The subscriber's codec. {@link #decodeKey} compares the received channel bytes in place against the
 * subscribed channels and patterns and returns their pre-built key (no allocation); a channel delivered through
 * a pattern is validated and parsed (one allocation, pattern subscriptions only); anything else becomes
 * {@link SubscriptionKey#FOREIGN}. It never returns {@code null}, which Lettuce's pub/sub parser would
 * misread. {@link #decodeValue} copies the payload once into a {@code byte[]}, or — when it is larger than the
 * limit — returns the {@link #OVERSIZE} marker without copying. The buffers are never retained (under RESP2
 * they are views into Netty's read buffer).
 */
final class SubscriptionCodec implements RedisCodec<SubscriptionKey, byte[]> {

  /** Returned instead of a payload above the size limit; compared by identity. */
  static final byte[] OVERSIZE = new byte[0];

  private final SubscriptionKey[] fixed;
  private final SubscriptionKey[] patterns;
  private final ChannelValidator validator;
  private final int maxPayloadBytes;

  SubscriptionCodec(List<SubscriptionKey> channels, List<SubscriptionKey> patterns, ChannelValidator validator,
      int maxPayloadBytes) {
    SubscriptionKey[] all = new SubscriptionKey[channels.size() + patterns.size()];
    int i = 0;
    for (SubscriptionKey k : channels) {
      all[i++] = k;
    }
    for (SubscriptionKey k : patterns) {
      all[i++] = k;
    }
    this.fixed = all;
    this.patterns = patterns.toArray(new SubscriptionKey[0]);
    this.validator = validator;
    this.maxPayloadBytes = maxPayloadBytes;
  }

  @Override
  public SubscriptionKey decodeKey(ByteBuffer bytes) {
    for (SubscriptionKey key : fixed) {
      if (key.matches(bytes)) {
        return key;
      }
    }
    if (patterns.length > 0 && validator.isValid(bytes)) {
      for (SubscriptionKey pattern : patterns) {
        if (pattern.prefixOf(bytes)) {
          return SubscriptionKey.patternMatch(validator.parse(bytes));
        }
      }
    }
    return SubscriptionKey.FOREIGN;
  }

  @Override
  public byte[] decodeValue(ByteBuffer bytes) {
    int length = bytes.remaining();
    if (length > maxPayloadBytes) {
      return OVERSIZE;
    }
    byte[] copy = new byte[length];
    bytes.get(bytes.position(), copy);
    return copy;
  }

  @Override
  public ByteBuffer encodeKey(SubscriptionKey key) {
    if (key.kind == SubscriptionKey.Kind.FOREIGN) {
      throw new IllegalStateException("a foreign channel is never sent");
    }
    return key.buffer();
  }

  @Override
  public ByteBuffer encodeValue(byte[] value) {
    return ByteBuffer.wrap(value);
  }
}
