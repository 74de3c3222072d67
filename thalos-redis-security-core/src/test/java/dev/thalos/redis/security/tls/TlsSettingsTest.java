package dev.thalos.redis.security.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.auth.SecretSource;
import dev.thalos.redis.security.internal.LogInjection;
import dev.thalos.redis.security.testkit.CertificateAuthority;
import dev.thalos.redis.security.testkit.IssuedCertificate;
import dev.thalos.redis.security.testkit.TestPki;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class TlsSettingsTest {

  private static final String KEY_PASSWORD = "Known-Key-Pa55-For-Scan";

  private static TestPki pki;

  @TempDir Path dir;

  @BeforeAll
  static void pki() {
    pki = TestPki.create();
  }

  private TlsSettings.Builder withCa() {
    return TlsSettings.builder()
        .trustAnchors(TrustAnchors.pemFile(pki.ca().writeCertificatePem(dir.resolve("ca.pem"))));
  }

  private ClientIdentity encryptedIdentity() {
    IssuedCertificate client = pki.clientCertificate();
    return ClientIdentity.pemFiles(
        TlsFiles.write(dir, "client.crt", client.chainPem()),
        TlsFiles.write(dir, "client.key", client.privateKeyEncryptedPkcs8Pem(KEY_PASSWORD.toCharArray())),
        SecretSource.of(KEY_PASSWORD.toCharArray()));
  }

  @Test
  void defaults_areSystemTrust_modernPolicy_fullVerification_andSecure() {
    TlsSettings tls = TlsSettings.defaults();
    assertTrue(tls.trustAnchors().isSystemDefault());
    assertEquals(TlsPolicy.MODERN, tls.policy());
    assertEquals(VerifyMode.FULL, tls.verifyMode());
    assertTrue(tls.clientIdentity().isEmpty());
    assertTrue(tls.pins().isEmpty());
    assertFalse(tls.isInsecure());
    assertEquals(List.of(), tls.insecurityReasons());
  }

  @Test
  void skippingHostnameVerification_isOnlyPossibleThroughAnInsecureMethod_andIsReported() {
    TlsSettings tls = withCa().insecureSkipHostnameVerification().build();
    assertEquals(VerifyMode.CA, tls.verifyMode());
    assertTrue(tls.isInsecure());
    assertTrue(tls.insecurityReasons().get(0).contains("host name verification is off"),
        tls.insecurityReasons().toString());
  }

  @Test
  void trustingAnyCertificate_isOnlyPossibleThroughAnInsecureMethod_andIsReported() {
    TlsSettings tls = withCa().insecureTrustAnyCertificate().build();
    assertEquals(VerifyMode.NONE, tls.verifyMode());
    assertTrue(tls.insecurityReasons().get(0).contains("any server"), tls.insecurityReasons().toString());
    TlsSettings pinned = tls.mutate().pins(CertificatePin.of(pki.ca().certificate())).build();
    assertTrue(pinned.insecurityReasons().get(0).contains("only the certificate pins"));
  }

  @Test
  void everyBuilderMethodThatWeakensVerification_saysInsecureInItsName() throws Exception {
    for (Method m : TlsSettings.Builder.class.getMethods()) {
      if (m.getDeclaringClass() != TlsSettings.Builder.class || !Modifier.isPublic(m.getModifiers())
          || m.getParameterCount() != 0 || m.getName().equals("build")) {
        continue;
      }
      TlsSettings.Builder builder = withCa();
      m.invoke(builder);
      TlsSettings tls = builder.build();
      if (tls.verifyMode() != VerifyMode.FULL || tls.isInsecure()) {
        assertTrue(m.getName().startsWith("insecure"), m.getName() + " weakens verification");
      }
    }
    // and there is no public setter taking a VerifyMode
    for (Method m : TlsSettings.Builder.class.getMethods()) {
      for (Class<?> p : m.getParameterTypes()) {
        assertFalse(p == VerifyMode.class || p == boolean.class, m.toString());
      }
    }
  }

  @Test
  void verifyFully_restoresFullVerification() {
    TlsSettings tls = withCa().insecureTrustAnyCertificate().build().mutate().verifyFully().build();
    assertEquals(VerifyMode.FULL, tls.verifyMode());
    assertFalse(tls.isInsecure());
  }

  @Test
  void tls11_isRefusedByTheSetter() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TlsSettings.builder().protocols("TLSv1.1"));
    assertTrue(e.getMessage().startsWith("invalid protocol: 'TLSv1.1'"));
  }

  @Test
  void sslParameters_fullMode_verifiesTheHostAndSendsSni() {
    SSLParameters p = withCa().build().sslParameters("redis.example");
    assertArrayEquals(new String[] {"TLSv1.3", "TLSv1.2"}, p.getProtocols());
    assertEquals("HTTPS", p.getEndpointIdentificationAlgorithm());
    assertEquals(List.of(new SNIHostName("redis.example")), p.getServerNames());
  }

  @Test
  void sslParameters_withoutSuitesInThePolicy_carryTheDefaultSuites_notTheJvmDefaults() {
    TlsSettings tls = withCa().build();
    assertEquals(TlsPolicy.DEFAULT_CIPHER_SUITES, tls.cipherSuites());
    assertEquals(TlsPolicy.DEFAULT_CIPHER_SUITES, List.of(tls.sslParameters("redis.example").getCipherSuites()));
  }

  @Test
  void sslParameters_ipLiteral_sendsNoSni() {
    assertNull(withCa().build().sslParameters("127.0.0.1").getServerNames());
    assertNull(withCa().build().sslParameters("::1").getServerNames());
  }

  @Test
  void sslParameters_hostThatIsNoValidSniName_sendsNoSni_butStillVerifies() {
    SSLParameters p = withCa().build().sslParameters("redis_server");
    assertNull(p.getServerNames());
    assertEquals("HTTPS", p.getEndpointIdentificationAlgorithm());
  }

  @Test
  void sslParameters_caMode_doesNotAskForHostnameVerification() {
    assertNull(withCa().insecureSkipHostnameVerification().build().sslParameters("h.example")
        .getEndpointIdentificationAlgorithm());
  }

  @Test
  void sslParameters_serverNameOverridesSni_andCiphersAreApplied() {
    TlsSettings tls = withCa().serverName("redis.internal").protocols("TLSv1.3")
        .cipherSuites("TLS_AES_256_GCM_SHA384").build();
    SSLParameters p = tls.sslParameters("10.1.2.3");
    assertEquals(List.of(new SNIHostName("redis.internal")), p.getServerNames());
    assertArrayEquals(new String[] {"TLSv1.3"}, p.getProtocols());
    assertArrayEquals(new String[] {"TLS_AES_256_GCM_SHA384"}, p.getCipherSuites());
  }

  @Test
  void serverName_mustBeADnsName() {
    assertThrows(IllegalArgumentException.class, () -> TlsSettings.builder().serverName("10.0.0.1"));
    assertThrows(IllegalArgumentException.class, () -> TlsSettings.builder().serverName("::1"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> TlsSettings.builder().serverName("bad name"));
    assertTrue(e.getMessage().startsWith("invalid serverName: 'bad name'"), e.getMessage());
  }

  @Test
  void build_readsMaterialNow_soAMissingCaFileFailsAtBuildTime() {
    Path missing = dir.resolve("missing-ca.pem");
    TlsMaterialException e = assertThrows(TlsMaterialException.class,
        () -> TlsSettings.builder().trustAnchors(TrustAnchors.pemFile(missing)).build());
    assertEquals(TlsMaterialException.FILE_MISSING, e.reason());
  }

  @Test
  void build_checksTheClientCertificateValidity() {
    ClientIdentity identity = encryptedIdentity();
    Clock later = Clock.fixed(Instant.now().plus(Duration.ofDays(3650)), ZoneOffset.UTC);
    TlsMaterialException e = assertThrows(TlsMaterialException.class,
        () -> withCa().clientIdentity(identity).clock(later).build());
    assertEquals(TlsMaterialException.CERTIFICATE_EXPIRED, e.reason());
    assertFalse(TlsFiles.allMessages(e).contains(KEY_PASSWORD));
  }

  @Test
  void build_withAnExpiredClientCertificate_fails() {
    IssuedCertificate expired = pki.ca().clientCertificate("expired").expired().build();
    ClientIdentity identity = ClientIdentity.pem(expired.chainPem(), expired.privateKeyPkcs8Pem());
    assertEquals(TlsMaterialException.CERTIFICATE_EXPIRED,
        assertThrows(TlsMaterialException.class, () -> withCa().clientIdentity(identity).build()).reason());
  }

  @Test
  void newTrustManager_reReadsTheCaFile_soARotatedCaIsUsedForTheNextConnection() {
    Path ca = pki.ca().writeCertificatePem(dir.resolve("rotating-ca.pem"));
    TlsSettings tls = TlsSettings.builder().trustAnchors(TrustAnchors.pemFile(ca)).build();
    assertEquals(List.of(pki.ca().certificate()), List.of(tls.newTrustManager().getAcceptedIssuers()));
    var next = TestPki.unrelatedCa();
    next.writeCertificatePem(ca);
    assertEquals(List.of(next.certificate()), List.of(tls.newTrustManager().getAcceptedIssuers()));
  }

  @Test
  void newSslContext_failsWithTheMaterialError_whenTheCaFileWasRotatedToGarbage() {
    Path ca = pki.ca().writeCertificatePem(dir.resolve("ca2.pem"));
    TlsSettings tls = TlsSettings.builder().trustAnchors(TrustAnchors.pemFile(ca)).build();
    TlsFiles.write(dir, "ca2.pem", "garbage");
    assertEquals(TlsMaterialException.PEM_UNREADABLE,
        assertThrows(TlsMaterialException.class, tls::newSslContext).reason());
  }

  @Test
  void keyManager_presentsTheIdentityForMatchingKeyTypesOnly() {
    TlsSettings tls = withCa().clientIdentity(encryptedIdentity()).build();
    X509ExtendedKeyManager km = tls.newKeyManager().orElseThrow();
    String alias = km.chooseClientAlias(new String[] {"RSA", "EC"}, null, null);
    assertEquals(pki.clientCertificate().certificate(), km.getCertificateChain(alias)[0]);
    assertEquals(pki.clientCertificate().privateKey().getAlgorithm(), km.getPrivateKey(alias).getAlgorithm());
    assertNull(km.chooseClientAlias(new String[] {"RSA"}, null, null));
    assertNull(km.chooseServerAlias("EC", null, null));
    assertTrue(tls.newKeyManagerFactory().isPresent());
    assertTrue(withCa().build().newKeyManager().isEmpty());
  }

  @Test
  void trustManagerFactory_handsOutTheConfiguredManager() {
    TlsSettings tls = withCa().build();
    var managers = tls.newTrustManagerFactory().getTrustManagers();
    assertEquals(1, managers.length);
    assertEquals(List.of(pki.ca().certificate()), List.of(((X509TrustManager) managers[0]).getAcceptedIssuers()));
  }

  @Test
  void trustManager_inFullMode_failsClosed_whenTheConnectionDidNotAskForHostnameVerification() {
    X509ExtendedTrustManager tm = withCa().build().newTrustManager();
    X509Certificate[] chain = pki.serverCertificate().chain().toArray(new X509Certificate[0]);
    CertificateException e =
        assertThrows(CertificateException.class, () -> tm.checkServerTrusted(chain, "ECDHE_ECDSA"));
    assertTrue(e.getMessage().contains("host name verification is required"), e.getMessage());
  }

  @Test
  void trustManager_inCaMode_acceptsATrustedChain_andRejectsAnUntrustedOne() throws Exception {
    X509ExtendedTrustManager tm = withCa().insecureSkipHostnameVerification().build().newTrustManager();
    tm.checkServerTrusted(pki.serverCertificate().chain().toArray(new X509Certificate[0]), "ECDHE_ECDSA");
    IssuedCertificate stranger = TestPki.unrelatedCa().serverCertificate().build();
    assertThrows(CertificateException.class,
        () -> tm.checkServerTrusted(stranger.chain().toArray(new X509Certificate[0]), "ECDHE_ECDSA"));
  }

  @Test
  void trustManager_pinIsCheckedAfterChainValidation_andMayPinTheIssuingAnchor() throws Exception {
    X509Certificate[] leafOnly = {pki.serverCertificate().certificate()};
    TlsSettings.Builder base = withCa().insecureSkipHostnameVerification();
    base.pins(CertificatePin.of(pki.ca().certificate())).build().newTrustManager()
        .checkServerTrusted(leafOnly, "ECDHE_ECDSA");
    CertificateException e = assertThrows(CertificateException.class, () -> withCa()
        .insecureSkipHostnameVerification()
        .pins(CertificatePin.of(TestPki.unrelatedCa().certificate()))
        .build().newTrustManager().checkServerTrusted(leafOnly, "ECDHE_ECDSA"));
    assertTrue(e.getMessage().startsWith("certificate pinning failure"), e.getMessage());
  }

  @Test
  void trustManager_refusesToJudgeClients() {
    X509ExtendedTrustManager tm = withCa().build().newTrustManager();
    assertThrows(CertificateException.class,
        () -> tm.checkClientTrusted(pki.clientCertificate().chain().toArray(new X509Certificate[0]), "ECDHE_ECDSA"));
  }

  @Test
  void pins_acceptTextForm_andRejectMalformedOnes() {
    String pin = CertificatePin.of(pki.ca().certificate()).toString();
    assertEquals(List.of(CertificatePin.parse(pin)), withCa().pins(pin).build().pins());
    assertThrows(IllegalArgumentException.class, () -> withCa().pins("md5/abc"));
    assertTrue(withCa().pins(pin).clearPins().build().pins().isEmpty());
  }

  @Test
  void toString_describesSources_neverThePassword() {
    TlsSettings tls = withCa().clientIdentity(encryptedIdentity()).build();
    String text = tls.toString();
    assertFalse(text.contains(KEY_PASSWORD), text);
    assertTrue(text.contains("key password from inline value"), text);
    assertTrue(text.contains("verify=FULL"), text);
  }

  @Test
  void nullArguments_areRejected() {
    assertThrows(IllegalArgumentException.class, () -> TlsSettings.builder().trustAnchors(null));
    assertThrows(IllegalArgumentException.class, () -> TlsSettings.builder().policy(null));
    assertThrows(IllegalArgumentException.class, () -> TlsSettings.builder().pins((CertificatePin) null));
  }

  @Test
  void serverName_withControlCharacters_isRejected_escapingThem() {
    LogInjection.assertEscaped(assertThrows(IllegalArgumentException.class,
        () -> TlsSettings.builder().serverName(LogInjection.INJECTED)).getMessage());
  }

  @Test
  void pinningFailure_escapesTheSubjectsThePeerSent_soTheyCannotForgeLogLines() {
    CertificateAuthority evil = CertificateAuthority.create(LogInjection.INJECTED);
    X509Certificate[] leafOnly = {evil.serverCertificate().commonName(LogInjection.INJECTED).build().certificate()};
    X509ExtendedTrustManager tm = TlsSettings.builder().trustAnchors(TrustAnchors.certificates(evil.certificate()))
        .insecureSkipHostnameVerification()
        .pins(CertificatePin.of(TestPki.unrelatedCa().certificate()))
        .build().newTrustManager();
    String message = assertThrows(CertificateException.class, () -> tm.checkServerTrusted(leafOnly, "ECDHE_ECDSA"))
        .getMessage();
    assertTrue(message.startsWith("certificate pinning failure"), message);
    assertTrue(message.contains("CN=" + LogInjection.ESCAPED), message);
    // its own line breaks only: the headline, the leaf, the issuing anchor, the pins
    assertEquals(4, message.split("\n", -1).length, message);
    LogInjection.assertNoControlCharacters(message.replace("\n  ", " "));
  }

  @Test
  void expiredClientCertificate_withControlCharactersInItsSubject_isReportedEscaped() {
    IssuedCertificate expired = pki.ca().clientCertificate(LogInjection.INJECTED).expired().build();
    ClientIdentity identity = ClientIdentity.pem(expired.chainPem(), expired.privateKeyPkcs8Pem());
    TlsMaterialException e =
        assertThrows(TlsMaterialException.class, () -> withCa().clientIdentity(identity).build());
    assertEquals(TlsMaterialException.CERTIFICATE_EXPIRED, e.reason());
    LogInjection.assertEscaped(e.getMessage());
  }
}
