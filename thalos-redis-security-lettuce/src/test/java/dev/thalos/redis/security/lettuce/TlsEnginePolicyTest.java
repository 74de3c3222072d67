package dev.thalos.redis.security.lettuce;

import static dev.thalos.redis.security.lettuce.Negotiated.negotiated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.ThalosSecurityException;
import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import dev.thalos.redis.security.endpoint.ThalosRole;
import dev.thalos.redis.security.testkit.RedisServer;
import dev.thalos.redis.security.testkit.TestPki;
import dev.thalos.redis.security.tls.TlsPolicy;
import dev.thalos.redis.security.tls.TlsSettings;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Both {@link TlsEngine}s against redis-servers that offer only some protocol versions or cipher suites: each
 * engine negotiates only what the endpoint's {@link TlsPolicy} allows, and refuses a server that offers nothing
 * else with the same reason. Where the OpenSSL engine cannot carry out a policy (BoringSSL always offers every
 * TLSv1.3 cipher suite), the policy is refused before any connection is made.
 */
@Tag("integration")
class TlsEnginePolicyTest {

  /** The kit's server certificates have EC keys: the TLSv1.2 suites below are the ECDSA ones. */
  private static final String ECDHE_AES128 = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
  private static final String ECDHE_AES256 = "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";

  private static TestPki pki;
  private static RedisServer tls12Only;
  private static RedisServer oneTls12Suite;
  private static RedisServer oneTls13Suite;
  private static RedisServer tls11Only;

  @BeforeAll
  static void start() {
    pki = TestPki.create();
    tls12Only = TestRedis.tlsServer(pki).directive("tls-protocols", "TLSv1.2").start();
    oneTls12Suite = TestRedis.tlsServer(pki).directive("tls-protocols", "TLSv1.2")
        .directive("tls-ciphers", "ECDHE-ECDSA-AES128-GCM-SHA256").start();
    oneTls13Suite = TestRedis.tlsServer(pki).directive("tls-protocols", "TLSv1.3")
        .directive("tls-ciphersuites", "TLS_AES_128_GCM_SHA256").start();
    // OpenSSL 3 refuses TLSv1.1 at its default security level; level 0 lets redis-server offer it. The kit's own
    // connections (a JDK client, which refuses TLSv1.1) use the plaintext port.
    tls11Only = TestRedis.tlsServer(pki).plaintextPortAlso(true).directive("tls-protocols", "TLSv1.1")
        .directive("tls-ciphers", "DEFAULT:@SECLEVEL=0").start();
  }

  @AfterAll
  static void stop() {
    for (RedisServer s : new RedisServer[] {tls12Only, oneTls12Suite, oneTls13Suite, tls11Only}) {
      if (s != null) {
        s.close();
      }
    }
  }

  /** What a connection negotiated. */
  private static ThalosRedisEndpoint client(RedisServer server, TlsSettings tls) {
    return TestRedis.endpoint(server, pki, "sub", TestRedis.CLIENT_PASSWORD, ThalosRole.CLIENT).tls(tls).build();
  }

  private static TlsSettings policy(TlsPolicy policy) {
    return TestRedis.tls(pki).mutate().policy(policy).build();
  }

  private static void refusedByBothEngines(String reason, ThalosRedisEndpoint endpoint) {
    for (TlsEngine engine : TlsEngine.values()) {
      ThalosSecurityException e = assertThrows(ThalosSecurityException.class, () -> negotiated(endpoint, engine),
          () -> engine + " connected");
      assertEquals(reason, e.reason(), () -> engine + ": unexpected reason for: " + e.getMessage());
    }
  }

  @Test
  void defaultPolicy_negotiatesTls12_withATls12OnlyServer_onBothEngines() {
    for (TlsEngine engine : TlsEngine.values()) {
      assertEquals("TLSv1.2", negotiated(client(tls12Only, TestRedis.tls(pki)), engine).protocol(), engine::name);
    }
  }

  @Test
  void tls13OnlyPolicy_refusesATls12OnlyServer_onBothEngines() {
    refusedByBothEngines(ConnectionSecurityException.TLS_HANDSHAKE_FAILED,
        client(tls12Only, policy(TlsPolicy.TLS13_ONLY)));
  }

  @Test
  void tls11Server_speaksTls11_toAClientThatOffersIt() {
    // without this, the refusals below could come from a server that speaks no TLS at all
    ThalosRedisEndpoint endpoint = client(tls11Only, TestRedis.tls(pki));
    RedisURI uri = ThalosLettuce.redisUri(endpoint, HandshakeProfile.MINIMAL);
    uri.setVerifyPeer(SslVerifyMode.CA);
    SslOptions legacy = SslOptions.builder().openSslProvider()
        .protocols("TLSv1.1")
        .cipherSuites("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA")
        .sslContext(b -> b.trustManager(InsecureTrustManagerFactory.INSTANCE))
        .build();

    assertEquals(new Negotiated("TLSv1.1", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"),
        negotiated(uri, legacy, endpoint));
  }

  @Test
  void defaultPolicy_refusesATls11OnlyServer_onBothEngines() {
    refusedByBothEngines(ConnectionSecurityException.TLS_HANDSHAKE_FAILED,
        client(tls11Only, TestRedis.tls(pki)));
  }

  @Test
  void tls12Suite_outsideThePolicy_isRefusedByBothEngines() {
    TlsPolicy otherSuite = TlsPolicy.builder().protocols(TlsPolicy.TLS_V1_2).cipherSuites(ECDHE_AES256).build();

    refusedByBothEngines(ConnectionSecurityException.TLS_HANDSHAKE_FAILED,
        client(oneTls12Suite, policy(otherSuite)));
  }

  @Test
  void tls12Suite_inThePolicy_isTheOneNegotiated_onBothEngines() {
    TlsPolicy bothSuites = TlsPolicy.builder().protocols(TlsPolicy.TLS_V1_2)
        .cipherSuites(ECDHE_AES256, ECDHE_AES128).build();

    for (TlsEngine engine : TlsEngine.values()) {
      assertEquals(new Negotiated("TLSv1.2", ECDHE_AES128),
          negotiated(client(oneTls12Suite, policy(bothSuites)), engine), engine::name);
    }
  }

  @Test
  void tls13Suite_outsideThePolicy_isRefusedByTheJdk_andThePolicyByOpenSsl() {
    TlsSettings aes256Only = policy(TlsPolicy.TLS13_ONLY.mutate().cipherSuites("TLS_AES_256_GCM_SHA384").build());
    ThalosRedisEndpoint endpoint = client(oneTls13Suite, aes256Only);

    ThalosSecurityException jdk =
        assertThrows(ThalosSecurityException.class, () -> negotiated(endpoint, TlsEngine.JDK));
    assertEquals(ConnectionSecurityException.TLS_HANDSHAKE_FAILED, jdk.reason(), jdk::getMessage);
    // BoringSSL would offer TLS_AES_128_GCM_SHA256 anyway and the server would take it
    IllegalArgumentException openSsl = assertThrows(IllegalArgumentException.class,
        () -> ThalosLettuce.clientOptions(endpoint, HandshakeProfile.MINIMAL, TlsEngine.OPENSSL));
    assertTrue(openSsl.getMessage().contains("TLS_AES_256_GCM_SHA384"), openSsl::getMessage);
  }

  @Test
  void openSslSubscriber_withATls13SuiteRestriction_isRefusedByBuild() {
    TlsSettings aes256 = policy(TlsPolicy.MODERN.mutate().cipherSuites("TLS_AES_256_GCM_SHA384", ECDHE_AES256).build());
    ThalosSubscriber.Builder subscriber = ThalosSubscriber.builder(client(oneTls13Suite, aes256))
        .channels(TestRedis.WAX.actions())
        .listener((channel, payload) -> { })
        .tlsEngine(TlsEngine.OPENSSL);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, subscriber::build);
    assertTrue(e.getMessage().startsWith("invalid tlsEngine: OPENSSL cannot restrict TLSv1.3 cipher suites"),
        e::getMessage);
    subscriber.tlsEngine(TlsEngine.JDK).build().close();
  }

  @Test
  void openSsl_withATls12OnlySuiteRestriction_isAccepted() {
    TlsSettings tls12 = policy(TlsPolicy.builder().protocols(TlsPolicy.TLS_V1_2).cipherSuites(ECDHE_AES128).build());

    assertEquals(io.netty.handler.ssl.SslProvider.OPENSSL,
        ThalosLettuce.sslOptions(tls12, Duration.ofSeconds(1), TlsEngine.OPENSSL).getSslProvider());
  }

  @Test
  void tls13Suites_allOfThem_areAcceptedByOpenSsl() {
    TlsSettings allTls13 = policy(TlsPolicy.TLS13_ONLY.mutate()
        .cipherSuites("TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256", "TLS_AES_128_GCM_SHA256").build());

    for (TlsEngine engine : TlsEngine.values()) {
      assertEquals(new Negotiated("TLSv1.3", "TLS_AES_128_GCM_SHA256"),
          negotiated(client(oneTls13Suite, allTls13), engine), engine::name);
    }
  }
}
