package dev.thalos.redis.security.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code live.tls.weak-suites-accepted} over scripted handshake answers: what it offers, how it judges, what it
 * costs. The real handshakes are in the Lettuce module's {@code WeakSuitesSelfCheckTest}.
 */
class WeakSuitesRuleTest {

  private static final String RULE = LiveTlsRules.WeakSuites.ID;

  private static FakeRedis server(String protocol) {
    return FakeRedis.hardened("redis", "7.4.3")
        .tls(TlsSessionFacts.builder().protocol(protocol).cipherSuite("TLS_AES_256_GCM_SHA384").build());
  }

  private static CheckReport run(FakeRedis redis) {
    return SelfCheck.builder().build().run(redis);
  }

  private static Finding finding(CheckReport report) {
    return report.finding(RULE).orElseThrow();
  }

  @Test
  void staticRsaAccepted_failsAtMedium_namingTheSuite() {
    FakeRedis redis = server("TLSv1.3").handshakes(suites -> suites.get(0).startsWith("TLS_RSA_")
        ? TlsHandshakeAttempt.accepted("TLSv1.2", "TLS_RSA_WITH_AES_128_CBC_SHA", "RSA")
        : TlsHandshakeAttempt.refused("Received fatal alert: handshake_failure"));
    CheckReport report = run(redis);
    Finding f = finding(report);
    assertEquals(Outcome.FAIL, f.outcome());
    assertEquals(Severity.MEDIUM, f.severity());
    assertTrue(f.summary().contains("TLSv1.2 TLS_RSA_WITH_AES_128_CBC_SHA"), f.summary());
    // two handshakes (static RSA, ECDHE-CBC); TLSv1.3 was already negotiated by the probe's own connection
    assertEquals(List.of("HANDSHAKE TLSv1.2", "HANDSHAKE TLSv1.2"),
        redis.sent.stream().filter(s -> s.startsWith("HANDSHAKE")).toList());
    assertEquals(2, report.connectionsOpened() - run(server("TLSv1.3")).connectionsOpened());
  }

  @Test
  void onlyCbcAccepted_warns() {
    Finding f = finding(run(server("TLSv1.3").handshakes(suites -> suites.get(0).contains("_CBC_")
        && suites.get(0).startsWith("TLS_ECDHE_")
        ? TlsHandshakeAttempt.accepted("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "EC")
        : TlsHandshakeAttempt.refused("Received fatal alert: handshake_failure"))));
    assertEquals(Outcome.WARN, f.outcome());
    assertTrue(f.summary().contains("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA"), f.summary());
  }

  @Test
  void allRefused_onATls12Connection_passes_afterAskingForTls13() {
    FakeRedis redis = server("TLSv1.2").handshakes(suites -> TlsHandshakeAttempt.refused("protocol_version"));
    Finding f = finding(run(redis));
    assertEquals(Outcome.PASS, f.outcome());
    assertTrue(f.summary().contains("TLSv1.3 not supported"), f.summary());
    assertTrue(redis.sent.contains("HANDSHAKE TLSv1.3"), redis.sent::toString);
    assertTrue(f.evidence().stream().anyMatch(e -> e.startsWith("TLSv1.0/1.1 not checked")), f.evidence()::toString);
  }

  @Test
  void aProbeThatCannotMakeHandshakes_isSkipped_andCountsNoConnection() {
    CheckReport report = run(server("TLSv1.3"));
    Finding f = finding(report);
    assertEquals(Outcome.SKIPPED, f.outcome());
    assertTrue(f.summary().contains("cannot make extra TLS handshakes"), f.summary());
    FakeRedis plaintext = FakeRedis.hardened("redis", "7.4.3");
    assertEquals(run(plaintext).connectionsOpened(), report.connectionsOpened());
  }

  @Test
  void aPlaintextConnection_isSkipped() {
    Finding f = finding(run(FakeRedis.hardened("redis", "7.4.3")));
    assertEquals(Outcome.SKIPPED, f.outcome());
    assertTrue(f.summary().contains("plaintext"), f.summary());
  }
}
