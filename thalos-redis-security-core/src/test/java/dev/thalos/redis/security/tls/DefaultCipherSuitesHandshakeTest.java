package dev.thalos.redis.security.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.testkit.KeyAlgorithm;
import dev.thalos.redis.security.testkit.RedisServer;
import dev.thalos.redis.security.testkit.TestPki;
import java.io.IOException;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * JDK sockets from {@link TlsSettings#newSslContext()} with the default policy against redis-servers with an RSA
 * key that offer only suites outside {@link TlsPolicy#DEFAULT_CIPHER_SUITES}, which the JDK itself still enables
 * by default (static RSA, CBC, finite-field DHE): each is refused, and each is first shown to speak its suites to
 * a client that offers them.
 */
@Tag("integration")
class DefaultCipherSuitesHandshakeTest {

  private static final String STATIC_RSA = "TLS_RSA_WITH_AES_128_GCM_SHA256";
  private static final String ECDHE_CBC = "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA";
  private static final String DHE = "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256";

  private static TestPki pki;
  private static RedisServer tls12Only;
  private static RedisServer staticRsaOnly;
  private static RedisServer ecdheCbcOnly;
  private static RedisServer dheOnly;

  @BeforeAll
  static void start() {
    pki = TestPki.create(KeyAlgorithm.RSA_2048);
    tls12Only = RedisServer.builder().tls(pki.serverTls()).tlsAuthClients("optional")
        .directive("tls-protocols", "TLSv1.2").start();
    staticRsaOnly = weakServer("AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA:AES256-SHA");
    ecdheCbcOnly = weakServer("ECDHE-RSA-AES128-SHA");
    dheOnly = weakServer("DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384");
  }

  /** TLSv1.2 with only {@code ciphers} (OpenSSL names); the kit's own connections use the plaintext port. */
  private static RedisServer weakServer(String ciphers) {
    return RedisServer.builder().tls(pki.serverTls()).tlsAuthClients("optional").plaintextPortAlso(true)
        .directive("tls-protocols", "TLSv1.2").directive("tls-ciphers", ciphers).start();
  }

  @AfterAll
  static void stop() {
    for (RedisServer s : new RedisServer[] {tls12Only, staticRsaOnly, ecdheCbcOnly, dheOnly}) {
      if (s != null) {
        s.close();
      }
    }
  }

  /**
   * The handshake fails because client and server share no suite (the server's alert), not for any other reason
   * (an untrusted certificate, a host name, a closed port), which would make the refusal tests pass vacuously.
   */
  private static void refusedForLackOfASharedSuite(RedisServer server) {
    SSLHandshakeException e = assertThrows(SSLHandshakeException.class,
        () -> suite(trustingCa().build().newSslContext(), server));
    assertTrue(String.valueOf(e.getMessage()).contains("handshake_failure"), e::toString);
  }

  @Test
  void socketFactory_advertisesTheDefaultList_notTheJdksDefaults() {
    TlsSettings settings = trustingCa().build();
    List<String> advertised = List.of(settings.newSslContext().getSocketFactory().getDefaultCipherSuites());
    assertEquals(settings.cipherSuites(), advertised);
    assertTrue(advertised.stream().noneMatch(suite -> suite.startsWith("TLS_RSA_") || suite.contains("_CBC_")),
        advertised::toString);
  }

  private static TlsSettings.Builder trustingCa() {
    return TlsSettings.builder().trustAnchors(TrustAnchors.certificates(pki.ca().certificate()));
  }

  /** Handshakes and returns the negotiated cipher suite. */
  private static String suite(SSLContext context, RedisServer server, String... offered) throws IOException {
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", server.tlsPort())) {
      socket.setSoTimeout(5000);
      if (offered.length > 0) {
        socket.setEnabledCipherSuites(offered);
      }
      socket.startHandshake();
      return socket.getSession().getCipherSuite();
    }
  }

  /** A plain JDK context whose only check is the settings' trust manager (chain, policy; no host name). */
  private static SSLContext rawContext(TlsSettings tls) throws Exception {
    SSLContext raw = SSLContext.getInstance("TLS");
    raw.init(null, new TrustManager[] {tls.mutate().insecureSkipHostnameVerification().build().newTrustManager()},
        null);
    return raw;
  }

  @Test
  void weakServers_speakTheirSuites_toAClientThatOffersThem() throws Exception {
    // without this, the refusals below could come from servers that speak no TLS at all
    SSLContext permissive = pki.clientSslContextWithoutCertificate();
    assertEquals(STATIC_RSA, suite(permissive, staticRsaOnly, STATIC_RSA));
    assertEquals(ECDHE_CBC, suite(permissive, ecdheCbcOnly, ECDHE_CBC));
    assertEquals(DHE, suite(permissive, dheOnly, DHE));
  }

  @Test
  void defaultPolicy_refusesAServerWithOnlyStaticRsaSuites() {
    refusedForLackOfASharedSuite(staticRsaOnly);
  }

  @Test
  void defaultPolicy_refusesAServerWithOnlyCbcSuites() {
    refusedForLackOfASharedSuite(ecdheCbcOnly);
  }

  @Test
  void defaultPolicy_refusesAServerWithOnlyFiniteFieldDheSuites() {
    refusedForLackOfASharedSuite(dheOnly);
  }

  @Test
  void defaultPolicy_negotiatesTheFirstEcdheRsaAeadSuite_withATls12OnlyServer() throws IOException {
    assertEquals("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", suite(trustingCa().build().newSslContext(), tls12Only));
  }

  @Test
  void trustManagerUsedWithoutTheSettingsParameters_stillRefusesAStaticRsaSuite() throws Exception {
    // the JDK offers the static-RSA suites by default; only the trust manager stands in the way
    IOException e = assertThrows(IOException.class, () -> suite(rawContext(trustingCa().build()), staticRsaOnly));
    assertTrue(TlsFiles.allMessages(e).matches(
        "(?s).*negotiated cipher suite TLS_RSA_WITH_\\w+ is not allowed by the TLS policy MODERN.*"),
        TlsFiles.allMessages(e));
  }

  @Test
  void trustManagerUsedWithoutTheSettingsParameters_acceptsAnExplicitlyAllowedCbcSuite() throws Exception {
    TlsSettings cbc = trustingCa().policy(TlsPolicy.builder().protocols(TlsPolicy.TLS_V1_2)
        .cipherSuites(ECDHE_CBC).build()).build();
    assertEquals(ECDHE_CBC, suite(rawContext(cbc), ecdheCbcOnly));
    assertEquals(ECDHE_CBC, suite(cbc.newSslContext(), ecdheCbcOnly));
  }
}
