package dev.thalos.redis.security.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.auth.SecretSource;
import dev.thalos.redis.security.internal.LogInjection;
import dev.thalos.redis.security.testkit.CertificateAuthority;
import dev.thalos.redis.security.testkit.TestPki;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class TrustAnchorsTest {

  private static final String STORE_PASSWORD = "Store-Pa55-Known";

  private static TestPki pki;
  private static CertificateAuthority other;

  @TempDir Path dir;

  @BeforeAll
  static void pki() {
    pki = TestPki.create();
    other = TestPki.unrelatedCa();
  }

  private static TlsMaterialException fails(TrustAnchors anchors, String reason) {
    TlsMaterialException e = assertThrows(TlsMaterialException.class, anchors::certificates);
    assertEquals(reason, e.reason(), e.getMessage());
    return e;
  }

  @Test
  void pemFile_withOneCertificate() {
    Path file = pki.ca().writeCertificatePem(dir.resolve("ca.pem"));
    assertEquals(List.of(pki.ca().certificate()), TrustAnchors.pemFile(file).certificates());
  }

  @Test
  void pemFile_withSeveralCertificates_trustsThemAll() {
    Path file = TlsFiles.write(dir, "bundle.pem", pki.ca().certificatePem() + other.certificatePem());
    assertEquals(List.of(pki.ca().certificate(), other.certificate()), TrustAnchors.pemFile(file).certificates());
  }

  @Test
  void pem_textOutsideBlocks_isIgnoredLikeOpenSsl() {
    String pem = "# Thalos test CA\nsubject=CN=x\n" + pki.ca().certificatePem() + "\ntrailing comment\n";
    assertEquals(1, TrustAnchors.pem(pem).certificates().size());
  }

  @Test
  void pkcs12File_readsTrustedEntries() {
    Path file = TlsFiles.write(dir, "trust.p12", pki.ca().trustStore("PKCS12", STORE_PASSWORD.toCharArray()));
    TrustAnchors anchors = TrustAnchors.pkcs12File(file, SecretSource.of(STORE_PASSWORD.toCharArray()));
    assertEquals(List.of(pki.ca().certificate()), anchors.certificates());
  }

  @Test
  void jksFile_readsTrustedEntries() {
    Path file = TlsFiles.write(dir, "trust.jks", pki.ca().trustStore("JKS", STORE_PASSWORD.toCharArray()));
    TrustAnchors anchors = TrustAnchors.jksFile(file, SecretSource.of(STORE_PASSWORD.toCharArray()));
    assertEquals(List.of(pki.ca().certificate()), anchors.certificates());
  }

  @Test
  void pkcs12File_wrongPassword_failsWithoutShowingAnyPassword() {
    Path file = TlsFiles.write(dir, "trust.p12", pki.ca().trustStore("PKCS12", STORE_PASSWORD.toCharArray()));
    String wrong = "Wrong-Pa55-Guess";
    TlsMaterialException e =
        fails(TrustAnchors.pkcs12File(file, SecretSource.of(wrong.toCharArray())),
            TlsMaterialException.KEYSTORE_PASSWORD_WRONG);
    assertTrue(e.getMessage().contains(file.toString()));
    String all = TlsFiles.allMessages(e);
    assertFalse(all.contains(wrong) || all.contains(STORE_PASSWORD), all);
  }

  @Test
  void pkcs12File_withOnlyAKeyEntry_isAnEmptyTrustStore() {
    char[] pw = STORE_PASSWORD.toCharArray();
    Path file = TlsFiles.write(dir, "client.p12", pki.clientCertificate().pkcs12("client", pw));
    fails(TrustAnchors.pkcs12File(file, SecretSource.of(pw)), TlsMaterialException.TRUSTSTORE_EMPTY);
  }

  @Test
  void pkcs12File_thatIsPem_isUnreadable() {
    Path file = pki.ca().writeCertificatePem(dir.resolve("ca.pem"));
    fails(TrustAnchors.pkcs12File(file, SecretSource.of("x".toCharArray())), TlsMaterialException.KEYSTORE_UNREADABLE);
  }

  @Test
  void missingFile_failsNamingTheFile() {
    Path file = dir.resolve("missing.pem");
    TlsMaterialException e = fails(TrustAnchors.pemFile(file), TlsMaterialException.FILE_MISSING);
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("trust anchors"), e.getMessage());
  }

  @Test
  void garbage_hasNoPemBlock() {
    Path file = TlsFiles.write(dir, "garbage.pem", "this is not a certificate\n");
    TlsMaterialException e = fails(TrustAnchors.pemFile(file), TlsMaterialException.PEM_UNREADABLE);
    assertEquals("failed to decode trust anchors from " + file + ": no PEM block found", e.getMessage());
  }

  @Test
  void derFile_getsAHint() throws Exception {
    Path file = TlsFiles.write(dir, "ca.der", pki.ca().certificate().getEncoded());
    assertTrue(fails(TrustAnchors.pemFile(file), TlsMaterialException.PEM_UNREADABLE).getMessage().contains("DER"));
  }

  @Test
  void unknownLabel_isRejected() {
    String pem = pki.ca().certificatePem() + "-----BEGIN FOO-----\nAAAA\n-----END FOO-----\n";
    TlsMaterialException e = fails(TrustAnchors.pem(pem), TlsMaterialException.PEM_UNREADABLE);
    assertTrue(e.getMessage().contains("unknown PEM label 'FOO'"), e.getMessage());
  }

  @Test
  void publicKeyBlock_isAnUnknownLabelToo() {
    String pem = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n";
    fails(TrustAnchors.pem(pem), TlsMaterialException.PEM_UNREADABLE);
  }

  @Test
  void privateKeyInATrustFile_isAStrayBlock() {
    String pem = pki.ca().certificatePem() + pki.clientCertificate().privateKeyPkcs8Pem();
    TlsMaterialException e = fails(TrustAnchors.pem(pem), TlsMaterialException.PEM_UNREADABLE);
    assertTrue(e.getMessage().contains("expected only CERTIFICATE blocks but found PRIVATE KEY"), e.getMessage());
  }

  @Test
  void brokenBase64_isMalformed() {
    String pem = "-----BEGIN CERTIFICATE-----\n!!!!not base64!!!!\n-----END CERTIFICATE-----\n";
    fails(TrustAnchors.pem(pem), TlsMaterialException.PEM_UNREADABLE);
  }

  @Test
  void validBase64ButNotACertificate_isMalformed() {
    String pem = "-----BEGIN CERTIFICATE-----\nAAAAAAAA\n-----END CERTIFICATE-----\n";
    fails(TrustAnchors.pem(pem), TlsMaterialException.PEM_UNREADABLE);
  }

  @Test
  void missingEndLine_isMalformed() {
    String pem = pki.ca().certificatePem().replace("-----END CERTIFICATE-----", "");
    fails(TrustAnchors.pem(pem), TlsMaterialException.PEM_UNREADABLE);
  }

  @Test
  void rotatedFile_isPickedUpOnTheNextRead() {
    Path file = pki.ca().writeCertificatePem(dir.resolve("ca.pem"));
    TrustAnchors anchors = TrustAnchors.pemFile(file);
    assertEquals(List.of(pki.ca().certificate()), anchors.certificates());
    other.writeCertificatePem(file);
    assertEquals(List.of(other.certificate()), anchors.certificates());
  }

  @Test
  void unchangedFile_isNotParsedAgain() {
    Path file = pki.ca().writeCertificatePem(dir.resolve("ca.pem"));
    TrustAnchors anchors = TrustAnchors.pemFile(file);
    List<X509Certificate> first = anchors.certificates();
    assertSame(first, anchors.certificates());
  }

  @Test
  void systemDefault_hasTheJvmsAnchors() {
    assertTrue(TrustAnchors.systemDefault().isSystemDefault());
    assertFalse(TrustAnchors.systemDefault().certificates().isEmpty());
  }

  @Test
  void givenCertificates_areUsedAsIs() {
    assertEquals(List.of(pki.ca().certificate()), TrustAnchors.certificates(pki.ca().certificate()).certificates());
    assertThrows(IllegalArgumentException.class, () -> TrustAnchors.certificates(List.of()));
  }

  @Test
  void nullArguments_areRejected() {
    assertThrows(IllegalArgumentException.class, () -> TrustAnchors.pemFile(null));
    assertThrows(IllegalArgumentException.class, () -> TrustAnchors.pem(null));
    assertThrows(IllegalArgumentException.class, () -> TrustAnchors.pkcs12File(dir, null));
    assertThrows(IllegalArgumentException.class, () -> TrustAnchors.jksFile(null, SecretSource.of("x".toCharArray())));
  }

  @Test
  void description_namesTheSource() {
    assertEquals("PEM file /etc/ca.pem", TrustAnchors.pemFile(Path.of("/etc/ca.pem")).description());
    assertEquals("TrustAnchors{system default}", TrustAnchors.systemDefault().toString());
  }

  @Test
  void unknownLabel_withControlCharacters_isQuotedEscaped() {
    String label = "FOO\u001b[31m\u007f";
    String pem = "-----BEGIN " + label + "-----\nAAAA\n-----END " + label + "-----\n";
    TlsMaterialException e = fails(TrustAnchors.pem(pem), TlsMaterialException.PEM_UNREADABLE);
    assertTrue(e.getMessage().contains("unknown PEM label 'FOO\\u001b[31m\\u007f'"), e.getMessage());
    LogInjection.assertNoControlCharacters(e.getMessage());
  }

  @Test
  void fileNames_withControlCharacters_areQuotedEscaped() throws Exception {
    String name = LogInjection.FILE_NAME;
    Path pem = dir.resolve(name + ".pem");
    LogInjection.assertFileNameEscaped(TrustAnchors.pemFile(pem).description());
    LogInjection.assertFileNameEscaped(TrustAnchors.pemFile(pem).toString());
    LogInjection.assertFileNameEscaped(fails(TrustAnchors.pemFile(pem), TlsMaterialException.FILE_MISSING)
        .getMessage());
    TlsFiles.write(dir, name + ".pem", "this is not a certificate\n");
    LogInjection.assertFileNameEscaped(fails(TrustAnchors.pemFile(pem), TlsMaterialException.PEM_UNREADABLE)
        .getMessage());

    char[] pw = STORE_PASSWORD.toCharArray();
    Path p12 = TlsFiles.write(dir, name + ".p12", pki.ca().trustStore("PKCS12", pw));
    Path jks = TlsFiles.write(dir, name + ".jks", pki.ca().trustStore("JKS", pw));
    LogInjection.assertFileNameEscaped(TrustAnchors.pkcs12File(p12, SecretSource.of(pw)).description());
    LogInjection.assertFileNameEscaped(TrustAnchors.jksFile(jks, SecretSource.of(pw)).description());
    LogInjection.assertFileNameEscaped(fails(TrustAnchors.pkcs12File(p12, SecretSource.of("wrong".toCharArray())),
        TlsMaterialException.KEYSTORE_PASSWORD_WRONG).getMessage());
    LogInjection.assertFileNameEscaped(fails(TrustAnchors.pkcs12File(pem, SecretSource.of(pw)),
        TlsMaterialException.KEYSTORE_UNREADABLE).getMessage());
    TlsFiles.write(dir, name + ".p12", pki.clientCertificate().pkcs12("client", pw));
    LogInjection.assertFileNameEscaped(fails(TrustAnchors.pkcs12File(p12, SecretSource.of(pw)),
        TlsMaterialException.TRUSTSTORE_EMPTY).getMessage());
  }
}
