package dev.thalos.redis.security.lettuce;

import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSession;

/** The protocol and cipher suite of a TLS session, read off a real connection that has answered a PING. */
record Negotiated(String protocol, String cipherSuite) {

  /** Connects with the endpoint's TLS policy on {@code engine}, PINGs and returns the session's protocol and suite. */
  static Negotiated negotiated(ThalosRedisEndpoint endpoint, TlsEngine engine) {
    return negotiated(ThalosLettuce.redisUri(endpoint, HandshakeProfile.MINIMAL),
        ThalosLettuce.sslOptions(endpoint.tls().orElseThrow(), endpoint.connectTimeout(), engine), endpoint);
  }

  /** Connects to {@code uri} with {@code ssl} as given, PINGs and returns the session's protocol and suite. */
  static Negotiated negotiated(RedisURI uri, SslOptions ssl, ThalosRedisEndpoint endpoint) {
    AtomicReference<Channel> channel = new AtomicReference<>();
    ClientResources resources = ClientResources.builder().nettyCustomizer(new NettyCustomizer() {
      @Override
      public void afterChannelInitialized(Channel c) {
        channel.set(c);
      }
    }).build();
    RedisClient client = RedisClient.create(resources, uri);
    client.setOptions(ThalosLettuce.clientOptionsBuilder(endpoint, HandshakeProfile.MINIMAL, TlsEngine.JDK)
        .sslOptions(ssl).build());
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      connection.sync().ping();
      SSLSession session = channel.get().pipeline().get(SslHandler.class).engine().getSession();
      return new Negotiated(session.getProtocol(), session.getCipherSuite());
    } catch (RuntimeException e) {
      throw ThalosLettuce.translate(e, endpoint);
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }
}
