package dev.thalos.redis.security.lettuce;

import static dev.thalos.redis.security.lettuce.Negotiated.negotiated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.ThalosSecurityException;
import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import dev.thalos.redis.security.endpoint.ThalosRole;
import dev.thalos.redis.security.testkit.KeyAlgorithm;
import dev.thalos.redis.security.testkit.RedisServer;
import dev.thalos.redis.security.testkit.TestPki;
import dev.thalos.redis.security.tls.TlsPolicy;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The cipher suites both {@link TlsEngine}s offer when the {@link TlsPolicy} names none: the library's vetted
 * default ({@link TlsPolicy#DEFAULT_CIPHER_SUITES}), not Netty's or the JDK's, which still offer static-RSA key
 * exchange (no forward secrecy) and CBC suites. Servers with an RSA key, so that redis-server can offer the
 * static-RSA and ECDHE-RSA suites; each weak server is first shown to speak its suites to a client that offers
 * them.
 */
@Tag("integration")
class DefaultCipherSuitesTest {

  /** OpenSSL names: static RSA key exchange with AES-GCM and AES-CBC. */
  private static final String STATIC_RSA = "AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA:AES256-SHA";
  /** OpenSSL names: ECDHE key exchange, but CBC with HMAC instead of an AEAD. */
  private static final String ECDHE_CBC =
      "ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES256-SHA:ECDHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-SHA384";
  /** OpenSSL names: finite-field DHE key exchange with AES-GCM. */
  private static final String DHE = "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384";

  private static TestPki pki;
  private static RedisServer normal;
  private static RedisServer tls12Only;
  private static RedisServer staticRsaOnly;
  private static RedisServer ecdheCbcOnly;
  private static RedisServer dheOnly;

  @BeforeAll
  static void start() {
    pki = TestPki.create(KeyAlgorithm.RSA_2048);
    normal = TestRedis.tlsServer(pki).start();
    tls12Only = TestRedis.tlsServer(pki).directive("tls-protocols", "TLSv1.2").start();
    // the kit's own connections use the plaintext port: its JDK client need not speak these suites
    staticRsaOnly = weakServer(STATIC_RSA);
    ecdheCbcOnly = weakServer(ECDHE_CBC);
    dheOnly = weakServer(DHE);
  }

  private static RedisServer weakServer(String ciphers) {
    return TestRedis.tlsServer(pki).plaintextPortAlso(true).directive("tls-protocols", "TLSv1.2")
        .directive("tls-ciphers", ciphers).start();
  }

  @AfterAll
  static void stop() {
    for (RedisServer s : new RedisServer[] {normal, tls12Only, staticRsaOnly, ecdheCbcOnly, dheOnly}) {
      if (s != null) {
        s.close();
      }
    }
  }

  /** What a connection negotiated. */
  private static ThalosRedisEndpoint client(RedisServer server) {
    return TestRedis.endpoint(server, pki, "sub", TestRedis.CLIENT_PASSWORD, ThalosRole.CLIENT).build();
  }

  /** A client that offers {@code suite} and trusts anything: shows what the server is willing to speak. */
  private static Negotiated offering(RedisServer server, SslProvider provider, String suite) {
    ThalosRedisEndpoint endpoint = client(server);
    RedisURI uri = ThalosLettuce.redisUri(endpoint, HandshakeProfile.MINIMAL);
    uri.setVerifyPeer(SslVerifyMode.CA);
    SslOptions.Builder ssl = provider == SslProvider.OPENSSL
        ? SslOptions.builder().openSslProvider() : SslOptions.builder().jdkSslProvider();
    return negotiated(uri, ssl.protocols("TLSv1.2").cipherSuites(suite)
        .sslContext(b -> b.trustManager(InsecureTrustManagerFactory.INSTANCE)).build(), endpoint);
  }

  private static void refusedByBothEngines(RedisServer server) {
    for (TlsEngine engine : TlsEngine.values()) {
      ThalosSecurityException e = assertThrows(ThalosSecurityException.class,
          () -> negotiated(client(server), engine), () -> engine + " connected with the default policy");
      assertEquals(ConnectionSecurityException.TLS_HANDSHAKE_FAILED, e.reason(),
          () -> engine + ": unexpected reason for: " + e.getMessage());
    }
  }

  @Test
  void sslOptions_ofADefaultPolicy_carryTheDefaultSuites_onBothEngines() {
    for (TlsEngine engine : TlsEngine.values()) {
      SslOptions ssl = ThalosLettuce.sslOptions(TestRedis.tls(pki), Duration.ofSeconds(1), engine);
      assertEquals(TlsPolicy.DEFAULT_CIPHER_SUITES, List.of(ssl.getCipherSuites()), engine::name);
      assertEquals(TlsPolicy.DEFAULT_CIPHER_SUITES, List.of(ssl.createSSLParameters().getCipherSuites()),
          engine::name);
    }
  }

  @Test
  void defaultSuites_holdEveryTls13SuiteBoringSslOffers() {
    // why TlsEngine.requireEnforceable lets the OpenSSL engine carry out a policy without suites
    assertTrue(TlsPolicy.DEFAULT_CIPHER_SUITES.containsAll(List.of(TlsEngine.BORINGSSL_TLS13_SUITES.split(","))));
    for (String suite : io.netty.handler.ssl.OpenSsl.availableJavaCipherSuites()) {
      if (suite.startsWith("TLS_") && !suite.contains("_WITH_")) {
        assertTrue(TlsPolicy.MODERN.allowsCipherSuite(suite), suite);
      }
    }
  }

  @Test
  void weakServers_speakTheirSuites_toAClientThatOffersThem() {
    // without this, the refusals below could come from servers that speak no TLS at all
    assertEquals(new Negotiated("TLSv1.2", "TLS_RSA_WITH_AES_128_GCM_SHA256"),
        offering(staticRsaOnly, SslProvider.OPENSSL, "TLS_RSA_WITH_AES_128_GCM_SHA256"));
    assertEquals(new Negotiated("TLSv1.2", "TLS_RSA_WITH_AES_128_CBC_SHA"),
        offering(staticRsaOnly, SslProvider.OPENSSL, "TLS_RSA_WITH_AES_128_CBC_SHA"));
    assertEquals(new Negotiated("TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"),
        offering(ecdheCbcOnly, SslProvider.OPENSSL, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"));
    assertEquals(new Negotiated("TLSv1.2", "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"),
        offering(dheOnly, SslProvider.JDK, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"));
  }

  @Test
  void defaultPolicy_refusesAServerWithOnlyStaticRsaSuites_onBothEngines() {
    refusedByBothEngines(staticRsaOnly);
  }

  @Test
  void defaultPolicy_refusesAServerWithOnlyCbcSuites_onBothEngines() {
    refusedByBothEngines(ecdheCbcOnly);
  }

  @Test
  void defaultPolicy_refusesAServerWithOnlyFiniteFieldDheSuites_onBothEngines() {
    refusedByBothEngines(dheOnly);
  }

  @Test
  void defaultPolicy_negotiatesTls13_withADefaultServer_onBothEngines() {
    for (TlsEngine engine : TlsEngine.values()) {
      Negotiated negotiated = negotiated(client(normal), engine);
      assertEquals("TLSv1.3", negotiated.protocol(), engine::name);
      assertTrue(TlsPolicy.DEFAULT_CIPHER_SUITES.contains(negotiated.cipherSuite()), negotiated::toString);
    }
  }

  @Test
  void defaultPolicy_negotiatesAnEcdheAeadSuite_withATls12OnlyServer_onBothEngines() {
    for (TlsEngine engine : TlsEngine.values()) {
      // the first TLSv1.2 suite of the default list that fits an RSA server key
      assertEquals(new Negotiated("TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"),
          negotiated(client(tls12Only), engine), engine::name);
    }
  }
}
