package dev.thalos.redis.security.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.check.Finding;
import dev.thalos.redis.security.check.Outcome;
import dev.thalos.redis.security.testkit.KeyAlgorithm;
import dev.thalos.redis.security.testkit.RedisServer;
import dev.thalos.redis.security.testkit.TestPki;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code conf.tls.ciphers} against redis-server itself: each {@code tls-ciphers} value (or none) is given to a
 * TLSv1.2-only redis-server with an RSA key, and JDK clients that offer only static-RSA suites, only CBC suites
 * (forward secret or not) or only ECDHE with AES-GCM try a handshake. Whenever a weak handshake succeeds the audit
 * of that server's own redis.conf must not pass (static RSA: it must fail); it passes only where both weak
 * handshakes are refused and the strong one succeeds. The outcome each value gets is pinned as well.
 */
@Tag("integration")
class TlsCiphersDifferentialTest {

  private static final List<String> STATIC_RSA = List.of("TLS_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_RSA_WITH_AES_256_GCM_SHA384", "TLS_RSA_WITH_AES_128_CBC_SHA", "TLS_RSA_WITH_AES_256_CBC_SHA",
      "TLS_RSA_WITH_AES_128_CBC_SHA256", "TLS_RSA_WITH_AES_256_CBC_SHA256");
  private static final List<String> CBC = List.of("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
      "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
      "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", "TLS_DHE_RSA_WITH_AES_128_CBC_SHA", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA",
      "TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", "TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA",
      "TLS_RSA_WITH_AES_256_CBC_SHA", "TLS_RSA_WITH_AES_128_CBC_SHA256", "TLS_RSA_WITH_AES_256_CBC_SHA256");
  private static final List<String> STRONG = List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  private static TestPki pki;

  @BeforeAll
  static void pki() {
    pki = TestPki.create(KeyAlgorithm.RSA_2048);
  }

  /** Value of tls-ciphers (null: no directive), whether each handshake succeeds, and the rule's outcome. */
  static Stream<Arguments> lists() {
    return Stream.of(
        Arguments.of(null, true, true, Outcome.FAIL),
        Arguments.of("AES128-SHA", true, true, Outcome.FAIL),
        Arguments.of("ECDHE-RSA-AES128-GCM-SHA256", false, false, Outcome.PASS),
        Arguments.of("ECDHE-RSA-AES128-SHA", false, true, Outcome.WARN),
        Arguments.of("HIGH:!aNULL", true, true, Outcome.FAIL),
        Arguments.of("HIGH:!aNULL:!kRSA", false, true, Outcome.WARN),
        Arguments.of("DEFAULT", true, true, Outcome.FAIL),
        Arguments.of("ALL", true, true, Outcome.FAIL),
        Arguments.of("RSA", true, true, Outcome.FAIL),
        Arguments.of("kRSA:!aNULL", true, true, Outcome.FAIL),
        Arguments.of("ECDHE+AESGCM", false, false, Outcome.PASS),
        Arguments.of("ECDHE+AESGCM:ECDHE+CHACHA20", false, false, Outcome.PASS),
        Arguments.of("DEFAULT:@SECLEVEL=0", true, true, Outcome.FAIL),
        Arguments.of("ECDHE+AESGCM:AES256-GCM-SHA384", true, false, Outcome.FAIL));
  }

  @ParameterizedTest(name = "[{index}] tls-ciphers {0}")
  @MethodSource("lists")
  @Timeout(60)
  void weakHandshakeAccepted_ruleNeverPasses(String ciphers, boolean staticRsa, boolean cbc, Outcome expected)
      throws IOException {
    RedisServer.Builder b = RedisServer.builder().tls(pki.serverTls()).tlsAuthClients("optional")
        .plaintextPortAlso(true).directive("tls-protocols", "TLSv1.2");
    if (ciphers != null) {
      b.directive("tls-ciphers", ciphers);
    }
    try (RedisServer server = b.start()) {
      Optional<String> rsaSuite = handshake(server, STATIC_RSA);
      Optional<String> cbcSuite = handshake(server, CBC);
      Optional<String> strongSuite = handshake(server, STRONG);
      Finding f = ConfigAudit.defaults().audit(server.configFile()).finding(TlsRules.Ciphers.ID).orElseThrow();
      String context = "tls-ciphers " + ciphers + ": static RSA " + rsaSuite + ", CBC " + cbcSuite + ", strong "
          + strongSuite + "\n" + f;
      if (rsaSuite.isPresent()) {
        assertEquals(Outcome.FAIL, f.outcome(), context);
      }
      if (cbcSuite.isPresent()) {
        assertNotEquals(Outcome.PASS, f.outcome(), context);
      }
      if (f.outcome() == Outcome.PASS) {
        assertTrue(strongSuite.isPresent(), context);
      }
      assertEquals(staticRsa, rsaSuite.isPresent(), context);
      assertEquals(cbc, cbcSuite.isPresent(), context);
      assertEquals(expected, f.outcome(), context);
    }
  }

  /** The suite negotiated by a TLSv1.2 JDK client offering only {@code suites}, or empty if refused. */
  private static Optional<String> handshake(RedisServer server, List<String> suites) throws IOException {
    SSLContext context = pki.clientSslContextWithoutCertificate();
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(RedisServer.HOST,
        server.tlsPort())) {
      socket.setSoTimeout(5000);
      List<String> supported = Arrays.asList(socket.getSupportedCipherSuites());
      String[] offered = suites.stream().filter(supported::contains).toArray(String[]::new);
      assertTrue(offered.length > 0, "the JDK supports none of " + suites);
      socket.setEnabledProtocols(new String[] {"TLSv1.2"});
      socket.setEnabledCipherSuites(offered);
      try {
        socket.startHandshake();
        return Optional.of(socket.getSession().getCipherSuite());
      } catch (IOException refused) {
        return Optional.empty();
      }
    }
  }
}
