package dev.thalos.redis.security.benchmarks;

import dev.thalos.redis.security.lettuce.HandshakeProfile;
import dev.thalos.redis.security.lettuce.ThalosLettuce;
import dev.thalos.redis.security.lettuce.ThalosSubscriber;
import dev.thalos.redis.security.lettuce.TlsEngine;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/** The competitors: raw Lettuce pub/sub and this library's validating subscriber. */
enum SubscriberKind {

  /**
   * Raw Lettuce 7.7: {@code RedisClient} + {@code ByteArrayCodec}, one {@code RedisPubSubAdapter}, TLS with
   * a PEM trust file, {@code SslVerifyMode.FULL}, the JDK or the OpenSSL engine; no channel checks.
   */
  LETTUCE {
    @Override
    Running start(BenchmarkRedis redis, Transport transport, TlsEngine engine, boolean resp2,
        List<ThalosMessages.Stream> streams, MessageCounter counter) {
      RedisURI.Builder uri = RedisURI.builder()
          .withHost(redis.server.host())
          .withPort(redis.port(transport))
          .withAuthentication(BenchmarkRedis.SUBSCRIBER, redis.subscriberPassword.toCharArray())
          .withTimeout(Duration.ofSeconds(30));
      ClientOptions.Builder options = ClientOptions.builder();
      if (transport.isTls()) {
        uri.withSsl(true).withVerifyPeer(SslVerifyMode.FULL);
        SslOptions.Builder ssl = SslOptions.builder().trustManager(redis.caPem.toFile());
        if (engine == TlsEngine.OPENSSL) {
          ssl.openSslProvider();
        } else {
          ssl.jdkSslProvider();
        }
        if (transport == Transport.MTLS) {
          ssl.keyManager(redis.clientCertificatePem.toFile(), redis.clientKeyPem.toFile(), null);
        }
        if (BenchmarkRedis.cipherSuites().length > 0) {
          ssl.cipherSuites(BenchmarkRedis.cipherSuites());
        }
        options.sslOptions(ssl.build());
      }
      if (resp2) {
        options.protocolVersion(ProtocolVersion.RESP2);
      }
      RedisClient client = RedisClient.create(uri.build());
      client.setOptions(options.build());
      return subscribe(client, streams, counter);
    }
  },

  /**
   * Raw Lettuce ({@code ByteArrayCodec}, one adapter, no checks) on the connection settings of this library's
   * adapter ({@code ThalosLettuce.redisUri} and {@code clientOptions}: handshake, TLS options, trust manager):
   * separates the cost of the connection settings from the cost of the subscriber.
   */
  LETTUCE_ADAPTER_SETTINGS {
    @Override
    Running start(BenchmarkRedis redis, Transport transport, TlsEngine engine, boolean resp2,
        List<ThalosMessages.Stream> streams, MessageCounter counter) {
      dev.thalos.redis.security.endpoint.ThalosRedisEndpoint endpoint = redis.subscriberEndpoint(transport);
      HandshakeProfile profile = resp2 ? HandshakeProfile.MINIMAL_RESP2 : HandshakeProfile.MINIMAL;
      RedisClient client = RedisClient.create(ThalosLettuce.redisUri(endpoint, profile));
      client.setOptions(ThalosLettuce.clientOptions(endpoint, profile, engine));
      return subscribe(client, streams, counter);
    }
  },

  /**
   * {@link ThalosSubscriber} with its defaults for the client role (handshake {@code MINIMAL}: RESP3), the
   * listener on the event loop, TLS through the library's trust manager with full verification, on the JDK
   * engine or (opt-in) OpenSSL.
   */
  THALOS {
    @Override
    Running start(BenchmarkRedis redis, Transport transport, TlsEngine engine, boolean resp2,
        List<ThalosMessages.Stream> streams, MessageCounter counter) {
      ThalosSubscriber.Builder b = ThalosSubscriber.builder(redis.subscriberEndpoint(transport))
          .tlsEngine(engine)
          .listener((channel, payload) -> counter.onMessage(payload));
      for (ThalosMessages.Stream s : streams) {
        b.channels(s.channel);
      }
      if (resp2) {
        b.handshakeProfile(HandshakeProfile.MINIMAL_RESP2);
      }
      ThalosSubscriber subscriber = b.build();
      subscriber.start();
      return new Running() {
        @Override
        public long reconnects() {
          return subscriber.stats().reconnects();
        }

        @Override
        public void close() {
          subscriber.close();
        }
      };
    }
  };

  /** Subscribes a raw Lettuce client with {@code ByteArrayCodec} and one adapter. */
  static Running subscribe(RedisClient client, List<ThalosMessages.Stream> streams, MessageCounter counter) {
    StatefulRedisPubSubConnection<byte[], byte[]> connection = client.connectPubSub(ByteArrayCodec.INSTANCE);
    AtomicLong reconnects = new AtomicLong();
    connection.addListener(new RedisPubSubAdapter<byte[], byte[]>() {
      @Override
      public void message(byte[] channel, byte[] message) {
        counter.onMessage(message);
      }
    });
    connection.addListener(new RedisConnectionStateListener() {
      // added after the first connect: every call is a reconnect
      @Override
      public void onRedisConnected(RedisChannelHandler<?, ?> c, SocketAddress address) {
        reconnects.incrementAndGet();
      }
    });
    byte[][] channels = new byte[streams.size()][];
    for (int i = 0; i < channels.length; i++) {
      channels[i] = streams.get(i).channel.name().getBytes(StandardCharsets.UTF_8);
    }
    connection.sync().subscribe(channels);
    return new Running() {
      @Override
      public long reconnects() {
        return reconnects.get();
      }

      @Override
      public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      }
    };
  }

  /** A started subscriber. */
  interface Running extends AutoCloseable {
    long reconnects();

    @Override
    void close();
  }

  /** Connects, subscribes to every stream's channel and waits until the server confirmed. */
  abstract Running start(BenchmarkRedis redis, Transport transport, TlsEngine engine, boolean resp2,
      List<ThalosMessages.Stream> streams, MessageCounter counter);

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
