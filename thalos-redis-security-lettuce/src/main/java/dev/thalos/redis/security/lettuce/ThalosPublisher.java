package dev.thalos.redis.security.lettuce;

import dev.thalos.redis.security.ThalosSecurityException;
import dev.thalos.redis.security.channel.ChannelAcl;
import dev.thalos.redis.security.channel.ThalosChannel;
import dev.thalos.redis.security.channel.ThalosNamespace;
import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import dev.thalos.redis.security.endpoint.ThalosRole;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.async.BaseRedisAsyncCommands;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.resource.ClientResources;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A validating publisher for the Thalos server side: publishes only to valid channels of the endpoint's own
 * {@link ThalosNamespace}, and only to channels its {@link ChannelAcl} allows — checked before anything is
 * sent. Uses the {@link HandshakeProfile#MINIMAL minimal handshake} by default, so a user with nothing but
 * {@code +publish} works.
 *
 * <pre>{@code
 * try (ThalosPublisher publisher = ThalosPublisher.builder(serverEndpoint).connect()) {
 *   ThalosNamespace wax = serverEndpoint.namespace().orElseThrow();
 *   publisher.publish(wax.heartbeat(), "{\"block\":1}");          // number of receivers
 *   publisher.publishAsync(wax.transactions(), payload);          // pipelined; completes with receivers
 * }
 * }</pre>
 *
 * <p>{@link #publishAsync} writes without waiting for the reply, so many calls in a row are pipelined on the
 * one connection. Failures surface as {@link ThalosSecurityException}s (e.g. {@code acl.noperm}). Thread-safe.
 */
public final class ThalosPublisher implements AutoCloseable {

  private final ThalosRedisEndpoint endpoint;
  private final ThalosNamespace namespace;
  private final ChannelAcl acl;
  private final AbstractRedisClient client;
  private final StatefulConnection<ThalosChannel, byte[]> connection;
  private final BaseRedisAsyncCommands<ThalosChannel, byte[]> async;

  private ThalosPublisher(Builder b, AbstractRedisClient client, StatefulConnection<ThalosChannel, byte[]> connection,
      ChannelAcl acl) {
    this.endpoint = b.endpoint;
    this.namespace = b.namespace;
    this.acl = acl;
    this.client = client;
    this.connection = connection;
    this.async = LettuceClients.async(connection);
  }

  /** A builder for a publisher to {@code endpoint}, which must have a namespace and not the client role. */
  public static Builder builder(ThalosRedisEndpoint endpoint) {
    return new Builder(endpoint);
  }

  /**
   * Publishes {@code payload} to {@code channel} and waits for the reply.
   *
   * @return the number of subscribers that received it
   * @throws IllegalArgumentException if the channel is outside the namespace or not allowed by the ACL
   * @throws ThalosSecurityException if Redis refuses ({@code acl.noperm}) or the connection fails
   */
  public long publish(ThalosChannel channel, byte[] payload) {
    CompletableFuture<Long> f = publishAsync(channel, payload).toCompletableFuture();
    try {
      return f.get(endpoint.commandTimeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw unwrap(e.getCause());
    } catch (TimeoutException e) {
      throw FailureTranslator.translate(e, endpoint, "publish on");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing", e);
    }
  }

  /** Publishes the UTF-8 encoding of {@code payload}; see {@link #publish(ThalosChannel, byte[])}. */
  public long publish(ThalosChannel channel, String payload) {
    Objects.requireNonNull(payload, "payload must not be null");
    return publish(channel, payload.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Publishes to a channel given as a string, validated with the namespace's validator first.
   *
   * @throws dev.thalos.redis.security.channel.InvalidChannelException if {@code channel} is not a valid channel
   */
  public long publish(String channel, byte[] payload) {
    Objects.requireNonNull(channel, "channel must not be null");
    return publish(namespace.validator().parse(channel), payload);
  }

  /**
   * Publishes without waiting; calls in a row are pipelined. The stage completes with the number of receivers,
   * or exceptionally with a {@link ThalosSecurityException}. The payload array must not be changed until the
   * stage completes.
   *
   * @throws IllegalArgumentException at once if the channel is outside the namespace or not allowed by the ACL
   */
  public CompletionStage<Long> publishAsync(ThalosChannel channel, byte[] payload) {
    check(channel);
    Objects.requireNonNull(payload, "payload must not be null");
    return async.publish(channel, payload).handle((receivers, error) -> {
      if (error != null) {
        throw new CompletionException(unwrap(error));
      }
      return receivers;
    });
  }

  /**
   * The translated failure (a {@link ThalosSecurityException} in the chain as is). The outer
   * {@link CompletionException} is dropped first so that it does not become the translated exception's cause.
   */
  private ThalosSecurityException unwrap(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    return FailureTranslator.translate(cause, endpoint, "publish on");
  }

  private void check(ThalosChannel channel) {
    Objects.requireNonNull(channel, "channel must not be null");
    if (!channel.namespace().equals(namespace)) {
      throw new IllegalArgumentException("invalid channel: '" + channel.name() + "' is outside the endpoint's"
          + " namespace " + namespace + " (refused before publishing)");
    }
    if (!acl.permitsPublish(channel)) {
      throw new IllegalArgumentException("invalid channel: '" + channel.name() + "' is not allowed by the channel"
          + " ACL " + acl + " (refused before publishing)");
    }
  }

  /** The endpoint. */
  public ThalosRedisEndpoint endpoint() {
    return endpoint;
  }

  /** Whether the connection is open. */
  public boolean isOpen() {
    return connection.isOpen();
  }

  /** Closes the connection and shuts the client down. Idempotent. */
  @Override
  public void close() {
    connection.close();
    LettuceClients.shutdown(client);
  }

  @Override
  public String toString() {
    return "ThalosPublisher{endpoint=" + endpoint.toUri() + ", namespace=" + namespace + "}";
  }

  /** Encodes channels by their pre-computed name bytes and payloads as they are. */
  private static final class PublishCodec implements RedisCodec<ThalosChannel, byte[]> {

    private final ThalosNamespace namespace;

    PublishCodec(ThalosNamespace namespace) {
      this.namespace = namespace;
    }

    @Override
    public ThalosChannel decodeKey(ByteBuffer bytes) {
      return namespace.validator().parse(bytes);
    }

    @Override
    public byte[] decodeValue(ByteBuffer bytes) {
      byte[] copy = new byte[bytes.remaining()];
      bytes.get(bytes.position(), copy);
      return copy;
    }

    @Override
    public ByteBuffer encodeKey(ThalosChannel key) {
      return key.nameBuffer();
    }

    @Override
    public ByteBuffer encodeValue(byte[] value) {
      return ByteBuffer.wrap(value);
    }
  }

  /** Builder of {@link ThalosPublisher}. */
  public static final class Builder {

    private final ThalosRedisEndpoint endpoint;
    private final ThalosNamespace namespace;
    private ChannelAcl channelAcl;
    private HandshakeProfile profile;
    private ClientResources resources;

    private Builder(ThalosRedisEndpoint endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint must not be null");
      if (endpoint.role() == ThalosRole.CLIENT) {
        throw new IllegalArgumentException("invalid endpoint: role client subscribes and does not publish; use"
            + " role server");
      }
      this.namespace = endpoint.namespace().orElseThrow(() -> new IllegalArgumentException(
          "endpoint must have a namespace: a publisher publishes to the channels of one Thalos namespace"));
    }

    /**
     * The channel permissions of the endpoint's ACL user; every publish is checked against them first. If
     * unset: the namespace's rule ({@code &<prefix>::<chain>::*}).
     */
    public Builder channelAcl(ChannelAcl channelAcl) {
      this.channelAcl = Objects.requireNonNull(channelAcl, "channelAcl must not be null");
      return this;
    }

    /** The handshake. If unset: {@link HandshakeProfile#defaultFor} the endpoint's role. */
    public Builder handshakeProfile(HandshakeProfile profile) {
      this.profile = Objects.requireNonNull(profile, "profile must not be null");
      return this;
    }

    /** Shared Lettuce resources (the caller shuts them down). If unset: the client's own. */
    public Builder clientResources(ClientResources resources) {
      this.resources = Objects.requireNonNull(resources, "resources must not be null");
      return this;
    }

    /**
     * Connects.
     *
     * @throws ThalosSecurityException if the connection fails (see {@link ConnectionSecurityException})
     */
    public ThalosPublisher connect() {
      HandshakeProfile p = profile != null ? profile : HandshakeProfile.defaultFor(endpoint.role());
      AbstractRedisClient client = LettuceClients.create(resources, endpoint, p, TlsEngine.JDK);
      try {
        StatefulConnection<ThalosChannel, byte[]> connection =
            LettuceClients.connect(client, new PublishCodec(namespace));
        ChannelAcl acl = channelAcl != null ? channelAcl : ChannelAcl.of(namespace.aclChannelRule());
        return new ThalosPublisher(this, client, connection, acl);
      } catch (RuntimeException e) {
        LettuceClients.shutdown(client);
        throw FailureTranslator.translate(e, endpoint, "connection to");
      }
    }
  }
}
