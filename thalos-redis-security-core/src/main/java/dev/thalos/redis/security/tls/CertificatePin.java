package dev.thalos.redis.security.tls;

import dev.thalos.redis.security.internal.ControlCharacters;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Base64;

/**
 * A pin on a public key: the SHA-256 hash of a certificate's DER-encoded SubjectPublicKeyInfo, written
 * {@code sha256/<base64>} (the form used by HPKP and OkHttp). When {@link TlsSettings} carry pins, a server is
 * accepted only if, after normal certificate verification, some certificate of its chain — the server's own,
 * an intermediate, or the trust anchor that issued the chain — has a pinned public key. Pin the key you
 * control and keep a backup pin for the next key.
 *
 * <p>Compute a pin with OpenSSL:
 * <pre>
 * openssl x509 -in server.crt -pubkey -noout | openssl pkey -pubin -outform der \
 *   | openssl dgst -sha256 -binary | openssl enc -base64
 * </pre>
 * or with {@link #of(Certificate)}.
 *
 * <p>Immutable; equal when the hashes are equal.
 */
public final class CertificatePin {

  private static final String PREFIX = "sha256/";
  private static final int SHA256_BYTES = 32;

  private final byte[] sha256;

  private CertificatePin(byte[] sha256) {
    this.sha256 = sha256;
  }

  /**
   * Parses {@code sha256/<base64>} (standard Base64 with padding, 32 bytes).
   *
   * @throws IllegalArgumentException naming the pin and what is wrong with it
   */
  public static CertificatePin parse(String pin) {
    if (pin == null) {
      throw new IllegalArgumentException("pin must not be null");
    }
    if (!pin.startsWith(PREFIX)) {
      throw new IllegalArgumentException("invalid pin: '" + ControlCharacters.escape(pin)
          + "' (must start with 'sha256/')");
    }
    byte[] hash;
    try {
      hash = Base64.getDecoder().decode(pin.substring(PREFIX.length()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid pin: '" + ControlCharacters.escape(pin) + "' (not Base64: "
          + ControlCharacters.escape(String.valueOf(e.getMessage())) + ")", e);
    }
    if (hash.length != SHA256_BYTES) {
      throw new IllegalArgumentException("invalid pin: '" + ControlCharacters.escape(pin)
          + "' (a SHA-256 hash has 32 bytes, this has " + hash.length + ")");
    }
    return new CertificatePin(hash);
  }

  /** The pin of {@code certificate}'s public key. */
  public static CertificatePin of(Certificate certificate) {
    if (certificate == null) {
      throw new IllegalArgumentException("certificate must not be null");
    }
    return new CertificatePin(sha256(certificate.getPublicKey().getEncoded()));
  }

  /** Whether {@code certificate}'s public key has this pin. */
  public boolean matches(X509Certificate certificate) {
    return MessageDigest.isEqual(sha256, sha256(certificate.getPublicKey().getEncoded()));
  }

  /** The 32-byte hash (a copy). */
  public byte[] sha256() {
    return sha256.clone();
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CertificatePin && Arrays.equals(sha256, ((CertificatePin) o).sha256);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(sha256);
  }

  /** {@code sha256/<base64>}. */
  @Override
  public String toString() {
    return PREFIX + Base64.getEncoder().encodeToString(sha256);
  }
}
