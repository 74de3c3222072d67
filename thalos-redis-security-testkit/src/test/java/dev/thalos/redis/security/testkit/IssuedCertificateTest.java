package dev.thalos.redis.security.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.Certificate;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class IssuedCertificateTest {

  private static final CertificateAuthority CA = CertificateAuthority.create("Issued Test CA");
  private static final java.security.KeyPair RSA = SharedKeys.RSA;

  private static IssuedCertificate.Builder withKey(IssuedCertificate.Builder builder, KeyAlgorithm algorithm) {
    return algorithm == KeyAlgorithm.RSA_2048 ? builder.keyPair(RSA) : builder.keyAlgorithm(algorithm);
  }

  @Test
  void serverCertificate_hasLoopbackNamesAndServerAuthOnly() throws Exception {
    X509Certificate certificate = CA.serverCertificate().build().certificate();
    List<List<?>> names = new ArrayList<>();
    for (List<?> name : certificate.getSubjectAlternativeNames()) {
      names.add(name);
    }
    assertEquals(List.of(List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1")), names);
    assertEquals(List.of("1.3.6.1.5.5.7.3.1"), certificate.getExtendedKeyUsage());
    assertEquals(-1, certificate.getBasicConstraints(), "not a CA");
    assertTrue(certificate.getKeyUsage()[0], "digitalSignature");
    assertEquals("localhost", IssuedCertificate.commonNameOf(certificate));
    certificate.verify(CA.certificate().getPublicKey());
  }

  @Test
  void clientCertificate_hasClientAuthAndNoNames() throws Exception {
    IssuedCertificate alice = CA.clientCertificate("alice").build();
    assertEquals("alice", alice.commonName());
    assertEquals(List.of("1.3.6.1.5.5.7.3.2"), alice.certificate().getExtendedKeyUsage());
    assertNull(alice.certificate().getSubjectAlternativeNames());
    IssuedCertificate both = CA.clientCertificate("both").serverAndClient().build();
    assertEquals(List.of("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"), both.certificate().getExtendedKeyUsage());
  }

  @Test
  void expiredAndNotYetValidCertificates_failTheValidityCheck() {
    X509Certificate expired = CA.clientCertificate("old").expired().build().certificate();
    X509Certificate future = CA.clientCertificate("new").notYetValid().build().certificate();
    assertThrows(CertificateExpiredException.class, expired::checkValidity);
    assertThrows(CertificateNotYetValidException.class, future::checkValidity);
  }

  @Test
  void leafOfAnIntermediate_validatesAgainstTheRoot_andNotAgainstAnUnrelatedRoot() throws Exception {
    CertificateAuthority intermediate = CA.intermediate("Issued Test Intermediate");
    IssuedCertificate leaf = intermediate.serverCertificate().build();
    assertEquals(List.of(leaf.certificate(), intermediate.certificate()), leaf.chain());
    assertEquals(CA.certificate(), leaf.rootCertificate());
    validate(leaf.chain(), CA.certificate());
    assertThrows(CertPathValidatorException.class,
        () -> validate(leaf.chain(), TestPki.unrelatedCa().certificate()));
    assertEquals(2, parseCertificates(leaf.chainPem()).size());
  }

  @Test
  void certificateAndPkcs8Pem_roundTrip() throws Exception {
    for (KeyAlgorithm algorithm : KeyAlgorithm.values()) {
      IssuedCertificate issued = withKey(CA.serverCertificate(), algorithm).build();
      assertEquals(List.of(issued.certificate()), parseCertificates(issued.certificatePem()));
      String pem = issued.privateKeyPkcs8Pem();
      assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----\n"));
      String base64 = pem.replaceAll("-----[A-Z ]+-----|\\s", "");
      PrivateKey parsed = KeyFactory.getInstance(algorithm == KeyAlgorithm.RSA_2048 ? "RSA" : "EC")
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
      assertSameKey(issued.privateKey(), parsed);
    }
  }

  @Test
  void traditionalPem_isPkcs1ForRsaAndSec1ForEc_andParsesBack() throws Exception {
    IssuedCertificate rsa = CA.clientCertificate("rsa").keyPair(RSA).build();
    IssuedCertificate ec = CA.clientCertificate("ec").build();
    assertTrue(rsa.privateKeyPkcs1Pem().startsWith("-----BEGIN RSA PRIVATE KEY-----"));
    assertTrue(ec.privateKeySec1Pem().startsWith("-----BEGIN EC PRIVATE KEY-----"));
    for (IssuedCertificate issued : List.of(rsa, ec)) {
      try (PEMParser parser = new PEMParser(new StringReader(issued.privateKeyTraditionalPem()))) {
        PEMKeyPair pair = assertInstanceOf(PEMKeyPair.class, parser.readObject());
        assertSameKey(issued.privateKey(), new JcaPEMKeyConverter().getPrivateKey(pair.getPrivateKeyInfo()));
      }
    }
    assertThrows(IllegalStateException.class, ec::privateKeyPkcs1Pem);
    assertThrows(IllegalStateException.class, rsa::privateKeySec1Pem);
  }

  @Test
  void encryptedPkcs8_opensWithThePasswordOnly() throws Exception {
    IssuedCertificate issued = CA.clientCertificate("enc").build();
    String pem = issued.privateKeyEncryptedPkcs8Pem("correct horse".toCharArray());
    assertTrue(pem.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
    PKCS8EncryptedPrivateKeyInfo info;
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      info = assertInstanceOf(PKCS8EncryptedPrivateKeyInfo.class, parser.readObject());
    }
    PrivateKey decrypted = new JcaPEMKeyConverter().getPrivateKey(info.decryptPrivateKeyInfo(
        new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(Pem.BC).build("correct horse".toCharArray())));
    assertSameKey(issued.privateKey(), decrypted);
    assertThrows(Exception.class, () -> info.decryptPrivateKeyInfo(
        new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(Pem.BC).build("wrong".toCharArray())));
  }

  @Test
  void pkcs12AndJks_holdKeyAndFullChain_andNeedThePassword() throws Exception {
    CertificateAuthority intermediate = CA.intermediate("Store Intermediate");
    IssuedCertificate issued = intermediate.clientCertificate("store").build();
    for (String type : List.of("PKCS12", "JKS")) {
      byte[] bytes = type.equals("PKCS12") ? issued.pkcs12("client", "pw".toCharArray())
          : issued.jks("client", "pw".toCharArray());
      KeyStore store = KeyStore.getInstance(type);
      store.load(new ByteArrayInputStream(bytes), "pw".toCharArray());
      assertSameKey(issued.privateKey(), (PrivateKey) store.getKey("client", "pw".toCharArray()));
      Certificate[] chain = store.getCertificateChain("client");
      assertEquals(List.of(issued.certificate(), intermediate.certificate(), CA.certificate()), List.of(chain));
      KeyStore wrong = KeyStore.getInstance(type);
      assertThrows(Exception.class, () -> wrong.load(new ByteArrayInputStream(bytes), "nope".toCharArray()));
    }
  }

  @Test
  void writers_writeTheSamePemAsTheEncoders(@TempDir Path dir) throws Exception {
    IssuedCertificate issued = CA.serverCertificate().build();
    assertEquals(issued.certificatePem(), Files.readString(issued.writeCertificatePem(dir.resolve("c.pem"))));
    assertEquals(issued.chainPem(), Files.readString(issued.writeChainPem(dir.resolve("chain.pem"))));
    assertEquals(issued.privateKeyPkcs8Pem(), Files.readString(issued.writePrivateKeyPkcs8Pem(dir.resolve("k.pem"))));
  }

  @Test
  void writeFailure_quotesTheFileName_escaped(@TempDir Path dir) {
    Path file = dir.resolve("evil\r\n2026-01-01 info forged\u001b[31m").resolve("c.pem");
    TestkitException e = assertThrows(TestkitException.class,
        () -> CA.serverCertificate().build().writeCertificatePem(file));
    assertTrue(e.getMessage().startsWith("cannot write " + dir + "/evil\\u000d\\u000a2026-01-01 info forged"
        + "\\u001b[31m/c.pem: "), e.getMessage());
    assertFalse(e.getMessage().chars().anyMatch(Character::isISOControl), e.getMessage());
  }

  @Test
  void customNamesAndValidity_areUsedAsGiven() throws Exception {
    Instant from = Instant.parse("2030-01-01T00:00:00Z");
    Instant to = Instant.parse("2030-06-01T00:00:00Z");
    X509Certificate certificate = CA.serverCertificate()
        .subjectAlternativeNames("redis.example", "*.thalos.example", "10.0.0.7", "fe80::1")
        .validity(from, to).build().certificate();
    assertEquals(from, certificate.getNotBefore().toInstant());
    assertEquals(to, certificate.getNotAfter().toInstant());
    Set<String> values = new java.util.HashSet<>();
    for (List<?> name : certificate.getSubjectAlternativeNames()) {
      values.add(name.get(1).toString());
    }
    assertEquals(Set.of("redis.example", "*.thalos.example", "10.0.0.7", "fe80:0:0:0:0:0:0:1"), values);
    X509Certificate noNames = CA.serverCertificate().subjectAlternativeNames().build().certificate();
    assertNull(noNames.getSubjectAlternativeNames());
  }

  @Test
  void malformedSettings_areRejectedNamingTheValue() {
    IllegalArgumentException badName = assertThrows(IllegalArgumentException.class,
        () -> CA.serverCertificate().subjectAlternativeNames("bad name"));
    assertTrue(badName.getMessage().contains("'bad name'"), badName.getMessage());
    assertThrows(IllegalArgumentException.class, () -> CA.serverCertificate().subjectAlternativeNames("300.1.1.1"));
    Instant now = Instant.now();
    assertThrows(IllegalArgumentException.class, () -> CA.serverCertificate().validity(now, now));
    assertThrows(IllegalArgumentException.class, () -> CA.clientCertificate(""));
  }

  @Test
  void toString_neverShowsTheKey() {
    IssuedCertificate issued = CA.clientCertificate("secretive").keyPair(RSA).build();
    String text = issued.toString();
    assertTrue(text.contains("CN=secretive"), text);
    String keyBase64 = Base64.getEncoder().encodeToString(issued.privateKey().getEncoded());
    assertFalse(text.contains(keyBase64.substring(40, 60)));
    assertFalse(text.contains("PRIVATE"));
  }

  /** Compares the secret values, not the encodings (which may differ in optional fields). */
  static void assertSameKey(PrivateKey expected, PrivateKey actual) {
    if (expected instanceof java.security.interfaces.ECPrivateKey ec) {
      assertEquals(ec.getS(), ((java.security.interfaces.ECPrivateKey) actual).getS());
    } else {
      java.security.interfaces.RSAPrivateKey rsa = (java.security.interfaces.RSAPrivateKey) expected;
      assertEquals(rsa.getPrivateExponent(), ((java.security.interfaces.RSAPrivateKey) actual).getPrivateExponent());
      assertEquals(rsa.getModulus(), ((java.security.interfaces.RSAPrivateKey) actual).getModulus());
    }
  }

  static List<X509Certificate> parseCertificates(String pem) throws Exception {
    Collection<? extends Certificate> parsed = CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    List<X509Certificate> certificates = new ArrayList<>();
    for (Certificate certificate : parsed) {
      certificates.add((X509Certificate) certificate);
    }
    return certificates;
  }

  static void validate(List<X509Certificate> chain, X509Certificate root) throws Exception {
    PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
    parameters.setRevocationEnabled(false);
    CertPathValidator.getInstance("PKIX")
        .validate(CertificateFactory.getInstance("X.509").generateCertPath(chain), parameters);
  }
}
