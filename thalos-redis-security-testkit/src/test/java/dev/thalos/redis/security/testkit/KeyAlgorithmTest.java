package dev.thalos.redis.security.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class KeyAlgorithmTest {

  @Test
  void generatedKeys_haveTheNamedTypeAndSize() {
    KeyPair ec = KeyAlgorithm.EC_P256.generate();
    assertEquals(256, ((ECPublicKey) ec.getPublic()).getParams().getCurve().getField().getFieldSize());
    KeyPair rsa = KeyAlgorithm.RSA_2048.generate();
    assertEquals(2048, ((RSAPublicKey) rsa.getPublic()).getModulus().bitLength());
    assertEquals(KeyAlgorithm.EC_P256, KeyAlgorithm.of(ec.getPrivate()));
    assertEquals(KeyAlgorithm.RSA_2048, KeyAlgorithm.of(rsa.getPrivate()));
  }

  @Test
  void unsupportedKeyType_isRejected() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
    KeyPair ed = generator.generateKeyPair();
    IllegalArgumentException thrown =
        assertThrows(IllegalArgumentException.class, () -> KeyAlgorithm.of(ed.getPrivate()));
    assertEquals("invalid key algorithm: EdDSA (must be RSA or EC)", thrown.getMessage());
  }
}
