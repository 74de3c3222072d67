package dev.thalos.redis.security.testkit;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;

/** Key types the test PKI creates. EC P-256 is fast to generate; RSA 2048 is the classic choice. */
public enum KeyAlgorithm {

  /** RSA with a 2048-bit modulus, signed with SHA256withRSA. */
  RSA_2048("SHA256withRSA"),

  /** ECDSA on NIST P-256 (secp256r1), signed with SHA256withECDSA. */
  EC_P256("SHA256withECDSA");

  private final String signatureAlgorithm;

  KeyAlgorithm(String signatureAlgorithm) {
    this.signatureAlgorithm = signatureAlgorithm;
  }

  /** The JCA signature algorithm a CA with this key type signs with. */
  String signatureAlgorithm() {
    return signatureAlgorithm;
  }

  /** Generates a fresh key pair. */
  KeyPair generate() {
    try {
      if (this == RSA_2048) {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
      }
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new TestkitException("pki.failed", "cannot generate a " + this + " key pair: " + e, e);
    }
  }

  /** The algorithm of an existing key: {@code RSA} or {@code EC}. */
  static KeyAlgorithm of(java.security.Key key) {
    return switch (key.getAlgorithm()) {
      case "RSA" -> RSA_2048;
      case "EC" -> EC_P256;
      default -> throw new IllegalArgumentException("invalid key algorithm: " + key.getAlgorithm()
          + " (must be RSA or EC)");
    };
  }
}
