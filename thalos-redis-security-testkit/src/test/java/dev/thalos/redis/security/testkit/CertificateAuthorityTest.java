package dev.thalos.redis.security.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class CertificateAuthorityTest {

  private static final CertificateAuthority ROOT = CertificateAuthority.create("Root Under Test");

  @Test
  void root_isSelfSignedCaWithCertificateSigningUsage() throws Exception {
    X509Certificate certificate = ROOT.certificate();
    assertEquals(certificate.getSubjectX500Principal(), certificate.getIssuerX500Principal());
    certificate.verify(certificate.getPublicKey());
    assertEquals(Integer.MAX_VALUE, certificate.getBasicConstraints(), "CA without path length limit");
    assertTrue(certificate.getKeyUsage()[5], "keyCertSign");
    assertTrue(ROOT.issued().issuers().isEmpty());
    assertEquals("Root Under Test", ROOT.issued().commonName());
  }

  @Test
  void intermediate_isSignedByTheRoot_andMayOnlySignLeaves() throws Exception {
    CertificateAuthority intermediate = ROOT.intermediate("Intermediate Under Test");
    intermediate.certificate().verify(ROOT.certificate().getPublicKey());
    assertEquals(0, intermediate.certificate().getBasicConstraints());
    assertEquals(List.of(ROOT.certificate()), intermediate.issued().issuers());
    CertificateAuthority tooDeep = intermediate.intermediate("Too Deep");
    IssuedCertificate leaf = tooDeep.serverCertificate().build();
    List<X509Certificate> chain = leaf.chain();
    assertEquals(3, chain.size());
    assertThrows(CertPathValidatorException.class, () -> IssuedCertificateTest.validate(chain, ROOT.certificate()));
  }

  @Test
  void rsaCa_signsWithSha256WithRsa_andEcCaWithEcdsa() {
    CertificateAuthority rsa = CertificateAuthority.create(CertificateAuthority.builder("RSA CA").keyPair(SharedKeys.RSA));
    assertEquals("SHA256withRSA", rsa.serverCertificate().build().certificate().getSigAlgName());
    assertEquals("SHA256withECDSA", ROOT.serverCertificate().build().certificate().getSigAlgName());
  }

  @Test
  void expiredCas_canBeBuilt_andAnExpiredIntermediateFailsChainValidation() {
    CertificateAuthority expiredRoot = CertificateAuthority.create(CertificateAuthority.builder("Expired CA").expired());
    assertThrows(CertificateExpiredException.class, () -> expiredRoot.certificate().checkValidity());
    CertificateAuthority expired = CertificateAuthority.create(ROOT.intermediateBuilder("Expired Intermediate").expired());
    IssuedCertificate leaf = expired.serverCertificate().build();
    assertThrows(CertPathValidatorException.class,
        () -> IssuedCertificateTest.validate(leaf.chain(), ROOT.certificate()));
  }

  @Test
  void unrelatedCas_haveDifferentKeys() {
    assertNotEquals(ROOT.certificate().getPublicKey(), TestPki.unrelatedCa().certificate().getPublicKey());
  }

  @Test
  void trustStores_containTheCaCertificate(@TempDir Path dir) throws Exception {
    for (String type : List.of("PKCS12", "JKS")) {
      KeyStore store = KeyStore.getInstance(type);
      store.load(new ByteArrayInputStream(ROOT.trustStore(type, "pw".toCharArray())), "pw".toCharArray());
      assertEquals(ROOT.certificate(), store.getCertificate("ca"));
    }
    assertThrows(IllegalArgumentException.class, () -> ROOT.trustStore("PEM", "pw".toCharArray()));
    Path file = ROOT.writeCertificatePem(dir.resolve("ca.pem"));
    assertEquals(List.of(ROOT.certificate()), IssuedCertificateTest.parseCertificates(Files.readString(file)));
  }
}
