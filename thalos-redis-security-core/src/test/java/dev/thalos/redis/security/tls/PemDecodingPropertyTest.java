package dev.thalos.redis.security.tls;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.auth.SecretSource;
import dev.thalos.redis.security.testkit.IssuedCertificate;
import dev.thalos.redis.security.testkit.KeyAlgorithm;
import dev.thalos.redis.security.testkit.TestPki;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.junit.jupiter.api.Tag;

/**
 * Whatever text is given as trust anchors or as a client certificate and key, decoding either succeeds or fails
 * with {@link TlsMaterialException} — never with another exception, and never showing the key password.
 */
@Tag("unit")
class PemDecodingPropertyTest {

  private static final String PASSWORD = "PropertyKeyPassword";
  private static List<String> realBlocks;

  @BeforeContainer
  static void material() {
    TestPki ec = TestPki.create();
    IssuedCertificate rsa = TestPki.create(KeyAlgorithm.RSA_2048).clientCertificate();
    IssuedCertificate client = ec.clientCertificate();
    realBlocks = List.of(ec.ca().certificatePem(), client.certificatePem(), client.privateKeyPkcs8Pem(),
        client.privateKeySec1Pem(), client.privateKeyEncryptedPkcs8Pem(PASSWORD.toCharArray()),
        rsa.privateKeyPkcs1Pem(), rsa.certificatePem());
  }

  @Provide
  Arbitrary<String> pemLike() {
    Arbitrary<String> fragment = Arbitraries.oneOf(
        Arbitraries.of("-----BEGIN CERTIFICATE-----\n", "-----END CERTIFICATE-----\n", "-----BEGIN PRIVATE KEY-----\n",
            "-----END PRIVATE KEY-----\n", "-----BEGIN RSA PRIVATE KEY-----\n", "-----END RSA PRIVATE KEY-----\n",
            "-----BEGIN EC PRIVATE KEY-----\n", "-----END EC PRIVATE KEY-----\n",
            "-----BEGIN ENCRYPTED PRIVATE KEY-----\n", "-----END ENCRYPTED PRIVATE KEY-----\n",
            "-----BEGIN EC PARAMETERS-----\n", "-----END EC PARAMETERS-----\n", "-----BEGIN X-----\n",
            "Proc-Type: 4,ENCRYPTED\n", "DEK-Info: AES-256-CBC,00112233445566778899AABBCCDDEEFF\n", "\n", "\r\n",
            "MIIB", "AAAA", "BggqhkjOPQMBBw==", "====", "-----", "#"),
        Arbitraries.strings().withChars("ABCabc0123+/=\n-").ofMaxLength(40),
        Arbitraries.integers().between(0, 6).map(i -> realBlocks.get(i)),
        Arbitraries.integers().between(0, 6).flatMap(i -> Arbitraries.integers().between(0, realBlocks.get(i).length())
            .map(cut -> realBlocks.get(i).substring(0, cut))));
    return fragment.list().ofMaxSize(6).map(parts -> String.join("", parts));
  }

  @Property
  void trustAnchors_failOnlyWithTlsMaterialException(@ForAll("pemLike") String pem) {
    try {
      assertFalse(TrustAnchors.pem(pem).certificates().isEmpty());
    } catch (TlsMaterialException expected) {
      assertTrue(expected.getMessage().startsWith("failed to decode trust anchors from PEM text: "),
          expected.getMessage());
    }
  }

  /** Fewer tries: each one may run PBKDF2 and a signature three times. */
  @Property(tries = 100)
  void clientIdentity_failsOnlyWithTlsMaterialException_andNeverShowsThePassword(
      @ForAll("pemLike") String certificate, @ForAll("pemLike") String key) {
    List<ClientIdentity> identities = new ArrayList<>();
    identities.add(ClientIdentity.pem(certificate, key));
    identities.add(ClientIdentity.pem(certificate, key, SecretSource.of(PASSWORD.toCharArray())));
    identities.add(ClientIdentity.pem(certificate + key, certificate + key, SecretSource.of("wrong".toCharArray())));
    for (ClientIdentity identity : identities) {
      try {
        assertFalse(identity.certificateChain().isEmpty());
      } catch (TlsMaterialException expected) {
        assertFalse(TlsFiles.allMessages(expected).contains(PASSWORD), TlsFiles.allMessages(expected));
      }
    }
  }
}
