package dev.thalos.redis.security.lettuce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.ThalosSecurityException;
import dev.thalos.redis.security.channel.ThalosChannel;
import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import dev.thalos.redis.security.endpoint.ThalosRole;
import dev.thalos.redis.security.testkit.IssuedCertificate;
import dev.thalos.redis.security.testkit.RedisServer;
import dev.thalos.redis.security.testkit.TestPki;
import dev.thalos.redis.security.tls.CertificatePin;
import dev.thalos.redis.security.tls.ClientIdentity;
import dev.thalos.redis.security.tls.TlsSettings;
import dev.thalos.redis.security.tls.TrustAnchors;
import io.lettuce.core.RedisClient;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@link TlsEngine#OPENSSL} (netty-tcnative on the test class path) against real TLS-only redis-servers: it
 * delivers messages, and it refuses exactly what the JDK engine refuses, with the same reasons.
 */
@Tag("integration")
class TlsEngineTest {

  private static TestPki pki;
  private static RedisServer redis;
  private static RedisServer wrongName;
  private static RedisServer requiredClientCerts;

  @BeforeAll
  static void start() {
    pki = TestPki.create();
    redis = TestRedis.tlsServer(pki).start();
    IssuedCertificate otherName = pki.ca().serverCertificate().subjectAlternativeNames("redis.example").build();
    wrongName = TestRedis.tlsServer(pki).tls(TestPki.ServerTls.builder(otherName)
        .clientCertificateAuthorities(pki.ca().certificate()).kitClientCertificate(pki.clientCertificate())
        .build()).start();
    requiredClientCerts = TestRedis.tlsServer(pki).tlsAuthClients("yes").start();
  }

  @AfterAll
  static void stop() {
    for (RedisServer s : new RedisServer[] {redis, wrongName, requiredClientCerts}) {
      if (s != null) {
        s.close();
      }
    }
  }

  private static ThalosRedisEndpoint.Builder client(RedisServer server, TlsSettings tls) {
    return TestRedis.endpoint(server, pki, "sub", TestRedis.CLIENT_PASSWORD, ThalosRole.CLIENT).tls(tls);
  }

  private static String ping(ThalosRedisEndpoint endpoint, TlsEngine engine) {
    RedisClient client = RedisClient.create(ThalosLettuce.redisUri(endpoint, HandshakeProfile.MINIMAL));
    client.setOptions(ThalosLettuce.clientOptions(endpoint, HandshakeProfile.MINIMAL, engine));
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      return connection.sync().ping();
    } catch (RuntimeException e) {
      throw ThalosLettuce.translate(e, endpoint);
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  private static void refusedByBothEngines(String reason, ThalosRedisEndpoint endpoint) {
    for (TlsEngine engine : TlsEngine.values()) {
      ThalosSecurityException e = assertThrows(ThalosSecurityException.class, () -> ping(endpoint, engine));
      assertEquals(reason, e.reason(), () -> engine + ": unexpected reason for: " + e.getMessage());
    }
  }

  @Test
  void bothEngines_areAvailable_withNettyTcnativeOnTheClassPath() {
    assertTrue(TlsEngine.JDK.isAvailable());
    assertTrue(TlsEngine.OPENSSL.isAvailable(), "netty-tcnative-boringssl-static is a test dependency");
  }

  @Test
  void openSslProvider_isWhatLettuceIsGiven() {
    SslOptions openSsl = ThalosLettuce.sslOptions(TestRedis.tls(pki), Duration.ofSeconds(1), TlsEngine.OPENSSL);
    SslOptions jdk = ThalosLettuce.sslOptions(TestRedis.tls(pki), Duration.ofSeconds(1));

    assertEquals(io.netty.handler.ssl.SslProvider.OPENSSL, openSsl.getSslProvider());
    assertEquals(io.netty.handler.ssl.SslProvider.JDK, jdk.getSslProvider());
  }

  @Test
  void openSslSubscriber_receivesPublishedMessages() throws Exception {
    ThalosChannel transfers = TestRedis.WAX.actions().contract("eosio.token").action("transfer");
    List<String> received = new CopyOnWriteArrayList<>();
    try (ThalosPublisher publisher = ThalosPublisher.builder(TestRedis.server(redis, pki)).connect();
        ThalosSubscriber subscriber = ThalosSubscriber.builder(TestRedis.client(redis, pki))
            .channels(transfers)
            .tlsEngine(TlsEngine.OPENSSL)
            .listener((channel, payload) -> received.add(new String(payload, StandardCharsets.UTF_8)))
            .build()) {
      subscriber.start();
      for (int i = 0; i < 100; i++) {
        publisher.publish(transfers, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
      }
      Await.until("100 messages", Duration.ofSeconds(10), () -> received.size() >= 100, received::toString);
      assertEquals("{\"n\":0}", received.get(0));
      assertEquals("{\"n\":99}", received.get(99));
    }
  }

  @Test
  void openSsl_mutualTls_presentsTheClientIdentity() {
    TlsSettings withIdentity = TestRedis.tls(pki).mutate()
        .clientIdentity(ClientIdentity.of(pki.clientCertificate().privateKey(), pki.clientCertificate().chain()))
        .build();

    assertEquals("PONG", ping(client(requiredClientCerts, withIdentity).build(), TlsEngine.OPENSSL));
    refusedByBothEngines(ConnectionSecurityException.TLS_CLIENT_CERTIFICATE_REQUIRED,
        client(requiredClientCerts, TestRedis.tls(pki)).build());
  }

  @Test
  void untrustedCa_isRefusedByBothEngines() {
    TlsSettings stranger = TlsSettings.builder()
        .trustAnchors(TrustAnchors.certificates(TestPki.unrelatedCa().certificate())).build();

    refusedByBothEngines(ConnectionSecurityException.TLS_UNTRUSTED_CERTIFICATE, client(redis, stranger).build());
  }

  @Test
  void certificateForAnotherHost_isRefusedByBothEngines() {
    assertEquals("PONG", ping(client(redis, TestRedis.tls(pki)).build(), TlsEngine.OPENSSL));

    refusedByBothEngines(ConnectionSecurityException.TLS_HOSTNAME_MISMATCH,
        client(wrongName, TestRedis.tls(pki)).build());
  }

  @Test
  void serverName_isTheNameBothEnginesVerify() {
    TlsSettings sni = TestRedis.tls(pki).mutate().serverName("redis.example").build();
    TlsSettings otherSni = TestRedis.tls(pki).mutate().serverName("other.example").build();

    for (TlsEngine engine : TlsEngine.values()) {
      assertEquals("PONG", ping(client(wrongName, sni).build(), engine), engine::name);
      // documented: the certificate must match the server name or the host connected to
      assertEquals("PONG", ping(client(redis, otherSni).build(), engine), engine::name);
    }
    refusedByBothEngines(ConnectionSecurityException.TLS_HOSTNAME_MISMATCH, client(wrongName, otherSni).build());
  }

  @Test
  void pinMismatch_isRefusedByBothEngines() {
    TlsSettings pinned = TestRedis.tls(pki).mutate()
        .pins(CertificatePin.of(TestPki.unrelatedCa().certificate())).build();

    refusedByBothEngines(ConnectionSecurityException.TLS_PIN_MISMATCH, client(redis, pinned).build());
  }
}
