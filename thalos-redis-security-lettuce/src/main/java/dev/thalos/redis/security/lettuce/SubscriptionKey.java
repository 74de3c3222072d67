package dev.thalos.redis.security.lettuce;

import dev.thalos.redis.security.channel.ThalosChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The key type of the subscriber's codec: a subscribed channel, a subscribed pattern, a channel delivered
 * through a pattern, or {@link #FOREIGN} for anything else the server sends. Subscribed channels and patterns
 * are created once and returned by the codec by comparing the received bytes in place, so the hot path neither
 * decodes strings nor allocates. Equal when the bytes are equal (Lettuce tracks subscriptions by
 * {@code equals}/{@code hashCode}); channels and patterns never collide because channels contain no {@code *}.
 */
final class SubscriptionKey {

  enum Kind {
    CHANNEL,
    PATTERN,
    PATTERN_MATCH,
    FOREIGN
  }

  /** A channel or pattern that is not ours; never sent. */
  static final SubscriptionKey FOREIGN = new SubscriptionKey(Kind.FOREIGN, null, new byte[0], "<foreign>");

  final Kind kind;
  final ThalosChannel channel;
  private final byte[] bytes;
  /** A heap view of {@link #bytes} for vectorized comparison; never repositioned, so safe to share. */
  private final ByteBuffer view;
  private final String text;
  private final String patternPrefix;
  private final int hash;

  private SubscriptionKey(Kind kind, ThalosChannel channel, byte[] bytes, String text) {
    this.kind = kind;
    this.channel = channel;
    this.bytes = bytes;
    this.view = ByteBuffer.wrap(bytes);
    this.text = text;
    this.patternPrefix = kind == Kind.PATTERN ? text.substring(0, text.length() - 1) : null;
    this.hash = Arrays.hashCode(bytes);
  }

  static SubscriptionKey channel(ThalosChannel channel) {
    return new SubscriptionKey(Kind.CHANNEL, channel, channel.nameBytes(), channel.name());
  }

  /** A pattern {@code <literal prefix>*}, already checked to be safe. */
  static SubscriptionKey pattern(String pattern) {
    return new SubscriptionKey(Kind.PATTERN, null, pattern.getBytes(StandardCharsets.UTF_8), pattern);
  }

  static SubscriptionKey patternMatch(ThalosChannel channel) {
    return new SubscriptionKey(Kind.PATTERN_MATCH, channel, channel.nameBytes(), channel.name());
  }

  /** Whether the bytes from position to limit of {@code buffer} are this key's bytes. Allocation-free. */
  boolean matches(ByteBuffer buffer) {
    // ByteBuffer.mismatch compares position..limit of both without moving them, vectorized: about 15 ns less
    // per message than a byte loop over a direct buffer (benchmarks/README.md)
    return buffer.remaining() == bytes.length && buffer.mismatch(view) < 0;
  }

  /** For a pattern {@code prefix*}: whether the buffer's bytes start with the prefix. Allocation-free. */
  boolean prefixOf(ByteBuffer buffer) {
    int prefix = bytes.length - 1;
    if (kind != Kind.PATTERN || buffer.remaining() < prefix) {
      return false;
    }
    int p = buffer.position();
    for (int i = 0; i < prefix; i++) {
      if (buffer.get(p + i) != bytes[i]) {
        return false;
      }
    }
    return true;
  }

  /** For a pattern {@code prefix*}: whether {@code channel}'s name starts with the prefix. */
  boolean covers(ThalosChannel channel) {
    return kind == Kind.PATTERN && channel.name().startsWith(patternPrefix);
  }

  /** A read-only view of the bytes, for encoding. */
  ByteBuffer buffer() {
    return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }

  String text() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return this == o || o instanceof SubscriptionKey && Arrays.equals(((SubscriptionKey) o).bytes, bytes)
        && ((SubscriptionKey) o).kind != Kind.FOREIGN && kind != Kind.FOREIGN;
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    return text;
  }
}
