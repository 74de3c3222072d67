package dev.thalos.redis.security.tls;

import dev.thalos.redis.security.auth.Secret;
import dev.thalos.redis.security.auth.SecretSource;
import dev.thalos.redis.security.internal.ControlCharacters;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * Strict PEM decoding of certificates and private keys. Only these labels are accepted: {@code CERTIFICATE},
 * {@code PRIVATE KEY} (PKCS#8), {@code ENCRYPTED PRIVATE KEY} (encrypted PKCS#8), {@code RSA PRIVATE KEY}
 * (PKCS#1, optionally with legacy OpenSSL encryption headers), {@code EC PRIVATE KEY} (SEC1) and
 * {@code EC PARAMETERS} (ignored, as written by {@code openssl ecparam -genkey}). Text outside blocks is
 * ignored like OpenSSL does; any other label fails.
 */
final class Pem {

  static final String CERTIFICATE = "CERTIFICATE";
  static final String EC_PARAMETERS = "EC PARAMETERS";

  private static final Set<String> KEY_LABELS =
      Set.of("PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY");
  private static final Set<String> ALLOWED_LABELS =
      Set.of(CERTIFICATE, EC_PARAMETERS, "PRIVATE KEY", "ENCRYPTED PRIVATE KEY", "RSA PRIVATE KEY",
          "EC PRIVATE KEY");

  private Pem() {}

  /** One decoded block: its label and what BouncyCastle's PEMParser made of it. */
  static final class Block {
    final String label;
    final Object object;

    Block(String label, Object object) {
      this.label = label;
      this.object = object;
    }

    boolean isKey() {
      return KEY_LABELS.contains(label);
    }
  }

  /** Decodes every block; fails on malformed data, unknown labels, or no block at all. */
  static List<Block> decode(byte[] bytes, String field, String origin) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    List<Block> blocks = new ArrayList<>();
    try (LabelRecordingParser parser = new LabelRecordingParser(new StringReader(text))) {
      Object object;
      while ((object = parser.readObject()) != null) {
        blocks.add(new Block(parser.label, object));
      }
    } catch (UnknownLabelException e) {
      throw unreadable(field, origin, e.getMessage(), null);
    } catch (IOException | RuntimeException e) {
      throw unreadable(field, origin, "malformed PEM: " + e.getMessage(), e);
    }
    if (blocks.isEmpty()) {
      String hint = bytes.length > 0 && bytes[0] == 0x30 ? " (it looks like DER; convert it to PEM)" : "";
      throw unreadable(field, origin, "no PEM block found" + hint, null);
    }
    return blocks;
  }

  /** All blocks must be certificates; at least one. */
  static List<X509Certificate> certificates(List<Block> blocks, String field, String origin) {
    List<X509Certificate> certificates = new ArrayList<>();
    JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
    for (Block block : blocks) {
      if (!CERTIFICATE.equals(block.label)) {
        throw unreadable(field, origin, "expected only CERTIFICATE blocks but found " + block.label, null);
      }
      try {
        certificates.add(converter.getCertificate((X509CertificateHolder) block.object));
      } catch (CertificateException e) {
        throw unreadable(field, origin, "malformed CERTIFICATE: " + e.getMessage(), e);
      }
    }
    return certificates;
  }

  /** Exactly one key block (plus optional EC PARAMETERS); decrypted with {@code password} if encrypted. */
  static PrivateKey privateKey(List<Block> blocks, SecretSource password, String field, String origin) {
    Block key = null;
    for (Block block : blocks) {
      if (EC_PARAMETERS.equals(block.label)) {
        continue;
      }
      if (!block.isKey()) {
        throw unreadable(field, origin, "expected a private key but found " + block.label, null);
      }
      if (key != null) {
        throw unreadable(field, origin, "expected one private key but found several", null);
      }
      key = block;
    }
    if (key == null) {
      throw unreadable(field, origin, "no private key block found", null);
    }
    return toPrivateKey(key, password, field, origin);
  }

  static PrivateKey toPrivateKey(Block block, SecretSource password, String field, String origin) {
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    Object object = block.object;
    try {
      if (object instanceof PrivateKeyInfo) {
        return converter.getPrivateKey((PrivateKeyInfo) object);
      }
      if (object instanceof PEMKeyPair) {
        return converter.getPrivateKey(((PEMKeyPair) object).getPrivateKeyInfo());
      }
    } catch (IOException | RuntimeException e) {
      throw new TlsMaterialException(
          TlsMaterialException.KEY_UNSUPPORTED,
          "failed to decode " + field + " from " + origin + ": unsupported " + block.label + ": " + e.getMessage(),
          e);
    }
    if (object instanceof PKCS8EncryptedPrivateKeyInfo || object instanceof PEMEncryptedKeyPair) {
      if (password == null) {
        throw new TlsMaterialException(
            TlsMaterialException.KEY_PASSWORD_MISSING,
            "failed to decode " + field + " from " + origin + ": the key is encrypted and no password is configured");
      }
      PrivateKeyInfo info;
      try (Secret secret = password.resolve()) {
        char[] chars = secret.reveal();
        try {
          if (object instanceof PKCS8EncryptedPrivateKeyInfo) {
            InputDecryptorProvider decryptor =
                new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(chars);
            info = ((PKCS8EncryptedPrivateKeyInfo) object).decryptPrivateKeyInfo(decryptor);
          } else {
            info =
                ((PEMEncryptedKeyPair) object)
                    .decryptKeyPair(new JcePEMDecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(chars))
                    .getPrivateKeyInfo();
          }
        } finally {
          Arrays.fill(chars, '\0');
        }
      } catch (dev.thalos.redis.security.ThalosSecurityException e) {
        throw e;
      } catch (Exception e) {
        throw new TlsMaterialException(
            TlsMaterialException.KEY_DECRYPTION_FAILED,
            "failed to decode " + field + " from " + origin + ": cannot decrypt the key (wrong password "
                + "from " + password.description() + ", or corrupt data)",
            e);
      }
      try {
        return converter.getPrivateKey(info);
      } catch (IOException | RuntimeException e) {
        throw new TlsMaterialException(
            TlsMaterialException.KEY_UNSUPPORTED,
            "failed to decode " + field + " from " + origin + ": unsupported key: " + e.getMessage(),
            e);
      }
    }
    throw unreadable(field, origin, "unexpected " + block.label + " content", null);
  }

  static TlsMaterialException unreadable(String field, String origin, String reason, Throwable cause) {
    return new TlsMaterialException(
        TlsMaterialException.PEM_UNREADABLE, "failed to decode " + field + " from " + origin + ": " + reason, cause);
  }

  /** A PEMParser that remembers the label of the block it read last and rejects unknown labels. */
  private static final class LabelRecordingParser extends PEMParser {
    String label;

    LabelRecordingParser(Reader reader) {
      super(reader);
    }

    @Override
    public PemObject readPemObject() throws IOException {
      PemObject object = super.readPemObject();
      if (object != null) {
        label = object.getType();
        if (!ALLOWED_LABELS.contains(label)) {
          throw new UnknownLabelException("unknown PEM label '" + ControlCharacters.escape(label) + "'");
        }
      }
      return object;
    }
  }

  private static final class UnknownLabelException extends IOException {
    private static final long serialVersionUID = 1L;

    UnknownLabelException(String message) {
      super(message);
    }
  }

  /** A private BouncyCastle provider instance for PBE decryption; never registered globally. */
  static final class Bc {
    static final Provider PROVIDER = new BouncyCastleProvider();

    private Bc() {}
  }
}
