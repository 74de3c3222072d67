package dev.thalos.redis.security.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.internal.LogInjection;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("unit")
class TlsPolicyTest {

  @Test
  void modern_isTls13ThenTls12_withTheDefaultSuites() {
    assertEquals(List.of("TLSv1.3", "TLSv1.2"), TlsPolicy.MODERN.protocols());
    assertTrue(TlsPolicy.MODERN.cipherSuites().isEmpty());
    assertTrue(TlsPolicy.MODERN.allowsCipherSuite("TLS_AES_128_GCM_SHA256"));
    assertTrue(TlsPolicy.MODERN.allowsCipherSuite("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
    assertEquals(TlsPolicy.DEFAULT_CIPHER_SUITES, TlsPolicy.MODERN.enabledJvmCipherSuites());
    assertEquals("MODERN", TlsPolicy.MODERN.toString());
  }

  @Test
  void defaultSuites_areTls13_orEcdheWithAnAead_andPassTheWeaknessCheck() {
    for (String suite : TlsPolicy.DEFAULT_CIPHER_SUITES) {
      assertTrue(TlsPolicy.isTls13Suite(suite) || suite.startsWith("TLS_ECDHE_ECDSA_WITH_")
          || suite.startsWith("TLS_ECDHE_RSA_WITH_"), suite);
      assertTrue(suite.contains("_GCM_") || suite.contains("_CHACHA20_POLY1305_"), suite);
      String protocol = TlsPolicy.isTls13Suite(suite) ? "TLSv1.3" : "TLSv1.2";
      assertEquals(List.of(suite), TlsPolicy.builder().protocols(protocol).cipherSuites(suite).build().cipherSuites());
    }
    assertEquals(3, TlsPolicy.DEFAULT_CIPHER_SUITES.stream().filter(TlsPolicy::isTls13Suite).count());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "TLS_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_RSA_WITH_AES_128_CBC_SHA",
      "TLS_RSA_WITH_AES_256_CBC_SHA",
      "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
      "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
      "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256"})
  void defaultPolicies_neitherOfferNorAllow_suitesTheJdkOrNettyEnableByDefault(String suite) {
    for (TlsPolicy policy : List.of(TlsPolicy.MODERN, TlsPolicy.TLS13_ONLY,
        TlsPolicy.builder().protocols("TLSv1.2").build())) {
      assertFalse(policy.allowsCipherSuite(suite), () -> policy + " allows " + suite);
      assertFalse(policy.enabledJvmCipherSuites().contains(suite), () -> policy + " offers " + suite);
    }
  }

  @Test
  void enabledSuites_ofTheDefault_areThoseTheImplementationSupports_inTheDefaultOrder() {
    assertEquals(List.of("TLS_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
        TlsPolicy.MODERN.enabledCipherSuites(Set.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_RSA_WITH_AES_128_GCM_SHA256", "TLS_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA")));
  }

  @Test
  void enabledSuites_ofTheDefault_neverFallBackToAnEmptyList() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> TlsPolicy.MODERN.enabledCipherSuites(Set.of("TLS_AES_128_GCM_SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA")));
    assertTrue(e.getMessage().startsWith("no cipher suite of the TLS policy MODERN for TLSv1.2 is supported"),
        e.getMessage());
    assertThrows(IllegalStateException.class, () -> TlsPolicy.TLS13_ONLY.enabledCipherSuites(Set.of()));
    assertThrows(IllegalArgumentException.class, () -> TlsPolicy.MODERN.enabledCipherSuites(null));
  }

  @Test
  void enabledSuites_ofAnExplicitList_areThatList() {
    TlsPolicy cbc = TlsPolicy.builder().protocols("TLSv1.2").cipherSuites("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA").build();
    assertEquals(List.of("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"), cbc.enabledCipherSuites(Set.of()));
    assertTrue(cbc.allowsCipherSuite("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"));
    assertFalse(cbc.allowsCipherSuite("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"));
  }

  @Test
  void tls13Only_allowsNothingElse() {
    assertEquals(List.of("TLSv1.3"), TlsPolicy.TLS13_ONLY.protocols());
    assertFalse(TlsPolicy.TLS13_ONLY.allowsProtocol("TLSv1.2"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"TLSv1.1", "TLSv1", "SSLv3", "SSLv2Hello", "tlsv1.2", "TLSv1.4", ""})
  void protocolsBelowTls12OrUnknown_areRefused(String protocol) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TlsPolicy.builder().protocols(protocol));
    assertEquals("invalid protocol: '" + protocol
        + "' (must be TLSv1.3 or TLSv1.2; older versions are not allowed)", e.getMessage());
  }

  @Test
  void tls11_mixedWithGoodVersions_isStillRefused() {
    assertThrows(IllegalArgumentException.class, () -> TlsPolicy.builder().protocols("TLSv1.3", "TLSv1.1"));
  }

  @Test
  void emptyProtocols_areRefused() {
    assertThrows(IllegalArgumentException.class, () -> TlsPolicy.builder().protocols());
  }

  @Test
  void builtPresets_areTheConstants() {
    assertSame(TlsPolicy.TLS13_ONLY, TlsPolicy.builder().protocols("TLSv1.3").build());
    assertSame(TlsPolicy.MODERN, TlsPolicy.TLS13_ONLY.mutate().protocols("TLSv1.3", "TLSv1.2").build());
  }

  @Test
  void tls12Only_isACustomPolicy() {
    TlsPolicy policy = TlsPolicy.builder().protocols("TLSv1.2").build();
    assertEquals(List.of("TLSv1.2"), policy.protocols());
    assertEquals("TlsPolicy{protocols=[TLSv1.2]}", policy.toString());
  }

  @Test
  void explicitSuites_keepTheirOrder() {
    TlsPolicy policy = TlsPolicy.builder()
        .cipherSuites("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384")
        .build();
    assertEquals(List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"), policy.cipherSuites());
    assertFalse(policy.allowsCipherSuite("TLS_CHACHA20_POLY1305_SHA256"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "TLS_RSA_WITH_AES_128_GCM_SHA256",
      "SSL_RSA_WITH_3DES_EDE_CBC_SHA",
      "TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA",
      "TLS_ECDH_anon_WITH_AES_128_CBC_SHA",
      "TLS_DH_anon_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_ECDSA_WITH_NULL_SHA",
      "SSL_RSA_WITH_RC4_128_MD5",
      "TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256",
      "TLS_EMPTY_RENEGOTIATION_INFO_SCSV",
      "SSL_RSA_EXPORT_WITH_RC4_40_MD5"})
  void weakSuites_areRefused(String suite) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TlsPolicy.builder().cipherSuites(suite));
    assertTrue(e.getMessage().startsWith("invalid cipher suite: '" + suite + "' ("), e.getMessage());
  }

  @Test
  void unknownSuite_isRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TlsPolicy.builder().cipherSuites("TLS_MADE_UP_WITH_AES_SHA"));
    assertTrue(e.getMessage().contains("not supported by this JVM"), e.getMessage());
  }

  @Test
  void tls13Only_withOnlyTls12Suites_cannotBeBuilt() {
    TlsPolicy.Builder builder =
        TlsPolicy.TLS13_ONLY.mutate().cipherSuites("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, builder::build);
    assertTrue(e.getMessage().contains("none is usable with TLSv1.3"), e.getMessage());
  }

  @Test
  void modern_withOnlyTls13Suites_cannotBeBuilt() {
    TlsPolicy.Builder builder = TlsPolicy.MODERN.mutate().cipherSuites("TLS_AES_128_GCM_SHA256");
    assertTrue(assertThrows(IllegalArgumentException.class, builder::build).getMessage().contains("TLSv1.2"));
  }

  @Test
  void equality_followsProtocolsAndSuites() {
    assertEquals(TlsPolicy.MODERN, TlsPolicy.builder().build());
    assertEquals(TlsPolicy.MODERN.hashCode(), TlsPolicy.builder().build().hashCode());
    assertFalse(TlsPolicy.MODERN.equals(TlsPolicy.TLS13_ONLY));
  }

  @Test
  void protocolsAndCipherSuites_withControlCharacters_areQuotedEscaped() {
    LogInjection.assertEscaped(assertThrows(IllegalArgumentException.class,
        () -> TlsPolicy.builder().protocols(LogInjection.INJECTED)).getMessage());
    LogInjection.assertEscaped(assertThrows(IllegalArgumentException.class,
        () -> TlsPolicy.builder().cipherSuites(LogInjection.INJECTED)).getMessage());
    LogInjection.assertEscaped(assertThrows(IllegalArgumentException.class,
        () -> TlsPolicy.builder().cipherSuites("TLS_RSA_" + LogInjection.INJECTED)).getMessage());
  }
}
