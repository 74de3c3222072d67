package dev.thalos.redis.security.testkit;

import java.io.IOException;
import java.io.StringWriter;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/** PEM encoders for certificates and private keys, built on BouncyCastle. */
final class Pem {

  /** BouncyCastle provider used as an instance; never installed into the JVM's provider list. */
  static final Provider BC = new BouncyCastleProvider();

  private Pem() {}

  static String certificates(List<X509Certificate> certificates) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      for (X509Certificate certificate : certificates) {
        writer.writeObject(certificate);
      }
    } catch (IOException e) {
      throw new TestkitException("pki.failed", "failed to encode certificate PEM: " + e, e);
    }
    return text.toString();
  }

  static String pkcs8(PrivateKey key) {
    return object(new PemObject("PRIVATE KEY", key.getEncoded()));
  }

  /** RSA: {@code RSA PRIVATE KEY} (PKCS#1); EC: {@code EC PRIVATE KEY} (SEC1), the "traditional" formats. */
  static String traditional(PrivateKey key) {
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
    try {
      if (KeyAlgorithm.of(key) == KeyAlgorithm.RSA_2048) {
        return object(new PemObject("RSA PRIVATE KEY", info.parsePrivateKey().toASN1Primitive().getEncoded()));
      }
      // SEC1 needs the curve inside the structure; PKCS#8 keeps it in the algorithm identifier.
      ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
      ECPrivateKey sec1 = new ECPrivateKey(256, inner.getKey(), info.getPrivateKeyAlgorithm().getParameters());
      return object(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
    } catch (IOException e) {
      throw new TestkitException("pki.failed", "failed to encode traditional private key PEM: " + e, e);
    }
  }

  static String encryptedPkcs8(PrivateKey key, char[] password) {
    try {
      OutputEncryptor encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
          .setPRF(PKCS8Generator.PRF_HMACSHA256)
          .setIterationCount(10_000)
          .setProvider(BC)
          .setPassword(password)
          .build();
      return object(new JcaPKCS8Generator(key, encryptor).generate());
    } catch (Exception e) {
      throw new TestkitException("pki.failed", "failed to encode encrypted PKCS#8 PEM: " + e, e);
    }
  }

  private static String object(PemObject object) {
    StringWriter text = new StringWriter();
    try (PemWriter writer = new PemWriter(text)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new TestkitException("pki.failed", "failed to encode PEM: " + e, e);
    }
    return text.toString();
  }
}
