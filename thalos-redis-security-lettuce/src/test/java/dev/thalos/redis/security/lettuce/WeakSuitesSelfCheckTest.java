package dev.thalos.redis.security.lettuce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.auth.SecretSource;
import dev.thalos.redis.security.check.CheckReport;
import dev.thalos.redis.security.check.Finding;
import dev.thalos.redis.security.check.Outcome;
import dev.thalos.redis.security.check.Severity;
import dev.thalos.redis.security.check.TlsHandshakeAttempt;
import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import dev.thalos.redis.security.endpoint.ThalosRole;
import dev.thalos.redis.security.testkit.KeyAlgorithm;
import dev.thalos.redis.security.testkit.RedisServer;
import dev.thalos.redis.security.testkit.TestPki;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code live.tls.weak-suites-accepted} against redis-server instances whose TLS port accepts weak options from
 * other clients while still serving the library's own default (TLSv1.3) client: the self-check connects, then
 * the rule's extra handshakes find out what a weaker client would get. Each weak server is first shown, by a
 * handshake of its own, to speak the suite the rule names.
 */
@Tag("integration")
class WeakSuitesSelfCheckTest {

  private static final String RULE = "live.tls.weak-suites-accepted";

  /** OpenSSL names: ECDHE key exchange with AEAD only, the TLSv1.2 part of TlsPolicy.DEFAULT_CIPHER_SUITES. */
  private static final String ECDHE_AEAD = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
      + "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
      + "ECDHE-RSA-CHACHA20-POLY1305";
  /** OpenSSL names: static RSA key exchange. */
  private static final String STATIC_RSA = "AES128-GCM-SHA256:AES256-GCM-SHA384:AES128-SHA:AES256-SHA";
  /** OpenSSL names: ECDHE with CBC. */
  private static final String ECDHE_CBC =
      "ECDHE-RSA-AES128-SHA:ECDHE-RSA-AES256-SHA:ECDHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-SHA384";

  private static TestPki rsa;
  private static TestPki ec;
  private static RedisServer staticRsa;
  private static RedisServer ecdheCbc;
  private static RedisServer hardened;
  private static RedisServer hardenedTls12Only;
  private static RedisServer rsaDefault;
  private static RedisServer ecDefault;
  private static RedisServer plaintext;

  @BeforeAll
  static void start() {
    rsa = TestPki.create(KeyAlgorithm.RSA_2048);
    ec = TestPki.create();
    // TLSv1.3 stays on (tls-ciphers only governs TLSv1.2), so the library's default client still connects
    staticRsa = TestRedis.tlsServer(rsa).directive("tls-ciphers", "ECDHE-RSA-AES128-GCM-SHA256:" + STATIC_RSA)
        .start();
    ecdheCbc = TestRedis.tlsServer(rsa).directive("tls-ciphers", ECDHE_CBC).start();
    hardened = TestRedis.tlsServer(rsa).directive("tls-ciphers", ECDHE_AEAD).start();
    hardenedTls12Only = TestRedis.tlsServer(rsa).directive("tls-protocols", "TLSv1.2")
        .directive("tls-ciphers", ECDHE_AEAD).start();
    rsaDefault = TestRedis.tlsServer(rsa).start();
    ecDefault = TestRedis.tlsServer(ec).start();
    plaintext = RedisServer.builder().aclUsers(TestRedis.SERVER_USER, TestRedis.CLIENT_USER).start();
  }

  @AfterAll
  static void stop() {
    for (RedisServer s : new RedisServer[] {staticRsa, ecdheCbc, hardened, hardenedTls12Only, rsaDefault,
        ecDefault, plaintext}) {
      if (s != null) {
        s.close();
      }
    }
  }

  private static CheckReport check(RedisServer server, TestPki pki) {
    if (pki == null) {
      return LettuceSelfCheck.run(ThalosRedisEndpoint.builder().host(server.host()).port(server.port())
          .plaintextInsecure().user("sub").password(SecretSource.of(TestRedis.CLIENT_PASSWORD.toCharArray()))
          .namespace(TestRedis.WAX).role(ThalosRole.CLIENT).connectTimeout(Duration.ofSeconds(2))
          .commandTimeout(Duration.ofSeconds(5)).build());
    }
    return LettuceSelfCheck.run(TestRedis.client(server, pki));
  }

  private static Finding rule(CheckReport report) {
    return report.finding(RULE).orElseThrow(() -> new AssertionError("no " + RULE + " in " + report.findings()));
  }

  private static String text(Finding f) {
    return f.summary() + " | " + String.join(" | ", f.evidence());
  }

  @Test
  void weakServers_speakTheSuitesTheRuleNames_toAClientThatOffersThem() {
    // without this, the findings below could come from servers that refuse every extra handshake
    TlsHandshakeAttempt a = WeakTlsHandshake.attempt(TestRedis.client(staticRsa, rsa), List.of("TLSv1.2"),
        List.of("TLS_RSA_WITH_AES_128_CBC_SHA"));
    assertTrue(a.accepted(), a::toString);
    assertEquals("TLS_RSA_WITH_AES_128_CBC_SHA", a.cipherSuite().orElseThrow());
    assertEquals("RSA", a.serverKeyAlgorithm().orElseThrow());
    TlsHandshakeAttempt b = WeakTlsHandshake.attempt(TestRedis.client(ecdheCbc, rsa), List.of("TLSv1.2"),
        List.of("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA"));
    assertEquals("TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", b.cipherSuite().orElseThrow(), b::toString);
    TlsHandshakeAttempt refused = WeakTlsHandshake.attempt(TestRedis.client(hardened, rsa), List.of("TLSv1.2"),
        List.of("TLS_RSA_WITH_AES_128_CBC_SHA"));
    assertFalse(refused.accepted(), refused::toString);
  }

  @Test
  void aServerAcceptingStaticRsa_fails_namingTheSuite() {
    CheckReport report = check(staticRsa, rsa);
    Finding f = rule(report);
    assertEquals(Outcome.FAIL, f.outcome(), () -> text(f));
    assertEquals(Severity.MEDIUM, f.severity());
    assertTrue(f.summary().contains("static-RSA") && f.summary().matches(".*TLSv1\\.2 TLS_RSA_WITH_AES_\\w+.*"),
        f::summary);
    assertTrue(text(f).contains("TLSv1.0/1.1 not checked"), () -> text(f));
    // the library's own connection kept to its default: TLSv1.3
    assertEquals(Outcome.PASS, report.finding("live.tls.in-use").orElseThrow().outcome());
  }

  @Test
  void redisDefaultTls_withAnRsaKey_acceptsStaticRsa_andFails() {
    // OpenSSL 3's DEFAULT cipher list, which redis-server uses without tls-ciphers, still holds static RSA
    Finding f = rule(check(rsaDefault, rsa));
    assertEquals(Outcome.FAIL, f.outcome(), () -> text(f));
    assertTrue(f.summary().contains("TLS_RSA_WITH_"), f::summary);
  }

  @Test
  void aServerAcceptingOnlyEcdheCbcInTls12_warns() {
    Finding f = rule(check(ecdheCbc, rsa));
    assertEquals(Outcome.WARN, f.outcome(), () -> text(f));
    assertTrue(f.summary().matches(".*CBC suites: TLSv1\\.2 TLS_ECDHE_RSA_WITH_AES_\\w+_CBC_\\w+.*"), f::summary);
    assertTrue(text(f).contains("static RSA: TLSv1.2 with 6 TLS_RSA_* suites refused"), () -> text(f));
  }

  @Test
  void redisDefaultTls_withAnEcKey_refusesStaticRsa_butWarnsAboutCbc() {
    Finding f = rule(check(ecDefault, ec));
    assertEquals(Outcome.WARN, f.outcome(), () -> text(f));
    assertTrue(f.summary().contains("TLS_ECDHE_ECDSA_WITH_AES_"), f::summary);
    assertTrue(text(f).contains("the server's key is EC, with which static RSA cannot be negotiated"),
        () -> text(f));
  }

  @Test
  void aServerWithOnlyEcdheAeadSuites_passes_withTwoExtraConnections() {
    CheckReport baseline = check(plaintext, null);
    CheckReport report = check(hardened, rsa);
    Finding f = rule(report);
    assertEquals(Outcome.PASS, f.outcome(), () -> text(f));
    assertTrue(f.summary().contains("TLSv1.3 supported"), f::summary);
    assertTrue(text(f).contains("2 extra TLS handshakes"), () -> text(f));
    // no command round trip; two connections more than the plaintext run (static RSA, ECDHE-CBC)
    assertEquals(baseline.roundTrips(), report.roundTrips());
    assertEquals(baseline.connectionsOpened() + 2, report.connectionsOpened());
  }

  @Test
  void aTls12OnlyServer_passes_notingThatTls13IsMissing() {
    CheckReport report = check(hardenedTls12Only, rsa);
    Finding f = rule(report);
    assertEquals(Outcome.PASS, f.outcome(), () -> text(f));
    assertTrue(f.summary().contains("TLSv1.3 not supported"), f::summary);
    assertTrue(text(f).contains("3 extra TLS handshakes"), () -> text(f));
  }

  @Test
  void aPlaintextEndpoint_isSkipped() {
    Finding f = rule(check(plaintext, null));
    assertEquals(Outcome.SKIPPED, f.outcome());
    assertTrue(f.summary().contains("plaintext"), f::summary);
  }

  @Test
  void theExtraHandshakes_sendNoCommand() {
    long before = TestRedis.info(staticRsa, "stats", "total_commands_processed");
    WeakTlsHandshake.attempt(TestRedis.client(staticRsa, rsa), List.of("TLSv1.2"),
        List.of("TLS_RSA_WITH_AES_128_GCM_SHA256"));
    long after = TestRedis.info(staticRsa, "stats", "total_commands_processed");
    // the INFO of the first reading is counted by the second
    assertEquals(before + 1, after);
  }
}
