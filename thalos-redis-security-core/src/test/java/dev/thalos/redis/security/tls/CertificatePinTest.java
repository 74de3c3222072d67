package dev.thalos.redis.security.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.internal.LogInjection;
import dev.thalos.redis.security.testkit.TestPki;
import java.security.MessageDigest;
import java.util.Base64;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("unit")
class CertificatePinTest {

  private static TestPki pki;

  @BeforeAll
  static void pki() {
    pki = TestPki.create();
  }

  @Test
  void of_isTheSha256OfTheSubjectPublicKeyInfo_asReadFromTheCertificateDer() throws Exception {
    // independent route: parse the DER with BouncyCastle and hash its SPKI structure
    SubjectPublicKeyInfo spki =
        new X509CertificateHolder(pki.serverCertificate().certificate().getEncoded()).getSubjectPublicKeyInfo();
    byte[] expected = MessageDigest.getInstance("SHA-256").digest(spki.getEncoded());
    CertificatePin pin = CertificatePin.of(pki.serverCertificate().certificate());
    assertEquals("sha256/" + Base64.getEncoder().encodeToString(expected), pin.toString());
  }

  @Test
  void parse_roundTrips_andMatchesOnlyItsKey() {
    CertificatePin pin = CertificatePin.parse(CertificatePin.of(pki.ca().certificate()).toString());
    assertEquals(CertificatePin.of(pki.ca().certificate()), pin);
    assertTrue(pin.matches(pki.ca().certificate()));
    assertFalse(pin.matches(pki.serverCertificate().certificate()));
    assertNotEquals(pin, CertificatePin.of(pki.serverCertificate().certificate()));
  }

  @Test
  void pinCoversTheKey_soAReissuedCertificateWithTheSameKeyStillMatches() {
    var original = pki.serverCertificate();
    var reissued = pki.ca().serverCertificate().keyPair(original.keyPair()).build();
    assertTrue(CertificatePin.of(original.certificate()).matches(reissued.certificate()));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "sha1/AAAAAAAAAAAAAAAAAAAAAAAAAAA=",
      "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
      "sha256/not-base64!",
      "sha256/AAAA",
      "sha256/",
      "SHA256/47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU="})
  void malformedPins_areRejected_quotingThem(String text) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CertificatePin.parse(text));
    assertTrue(e.getMessage().startsWith("invalid pin: '" + text + "'"), e.getMessage());
  }

  @Test
  void sha256_returnsACopy() {
    CertificatePin pin = CertificatePin.of(pki.ca().certificate());
    pin.sha256()[0] ^= 1;
    assertEquals(CertificatePin.of(pki.ca().certificate()), pin);
  }

  @ParameterizedTest
  @ValueSource(strings = {"md5/", "sha256/", "sha256/AAAA"})
  void malformedPins_withControlCharacters_areQuotedEscaped(String prefix) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CertificatePin.parse(prefix + LogInjection.INJECTED));
    assertTrue(e.getMessage().startsWith("invalid pin: '" + prefix + LogInjection.ESCAPED + "' ("), e.getMessage());
    LogInjection.assertEscaped(e.getMessage());
  }
}
