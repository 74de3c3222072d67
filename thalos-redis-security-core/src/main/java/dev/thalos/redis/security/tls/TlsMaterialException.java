package dev.thalos.redis.security.tls;

import dev.thalos.redis.security.ThalosSecurityException;

/**
 * TLS material (trust anchors, a client certificate, its private key, a key store) could not be loaded or is
 * unusable. Raised when {@link TlsSettings} are built and again whenever the material is re-read for a new
 * connection. The message has the form {@code failed to decode <field> from <source>: <reason>} or names the
 * field and the rule otherwise; it never contains a password.
 *
 * <p>Reason codes:
 * <ul>
 *   <li>{@code tls.file-missing} — a certificate, key or key store file does not exist or is not a regular
 *       file.</li>
 *   <li>{@code tls.file-unreadable} — the file exists but could not be read, or is larger than 8 MiB.</li>
 *   <li>{@code tls.pem-unreadable} — not PEM, malformed PEM (bad Base64, missing END line, broken DER inside),
 *       an unknown PEM label, or a block of the wrong kind (a key in a CA file, two keys, no certificate).</li>
 *   <li>{@code tls.key-password-missing} — the private key is encrypted and no password was configured.</li>
 *   <li>{@code tls.key-decryption-failed} — the encrypted private key could not be decrypted: wrong password
 *       or corrupt data.</li>
 *   <li>{@code tls.key-unsupported} — the private key's algorithm is not available in this JVM.</li>
 *   <li>{@code tls.key-mismatch} — the private key does not belong to the client certificate.</li>
 *   <li>{@code tls.certificate-expired} — the client certificate (or a certificate of its chain) has
 *       expired.</li>
 *   <li>{@code tls.certificate-not-yet-valid} — the client certificate (or a certificate of its chain) is not
 *       valid yet.</li>
 *   <li>{@code tls.keystore-password-wrong} — the PKCS12/JKS password is wrong.</li>
 *   <li>{@code tls.keystore-unreadable} — the PKCS12/JKS data is corrupt or of another type.</li>
 *   <li>{@code tls.keystore-entry-missing} — the key store has no usable key entry, the named alias does not
 *       exist, or several key entries exist and no alias was named.</li>
 *   <li>{@code tls.truststore-empty} — the trust source holds no certificate.</li>
 *   <li>{@code tls.context-failed} — the JVM could not create an {@code SSLContext} from the material.</li>
 * </ul>
 */
public final class TlsMaterialException extends ThalosSecurityException {

  private static final long serialVersionUID = 1L;

  /** A file does not exist or is not a regular file. */
  public static final String FILE_MISSING = "tls.file-missing";
  /** A file could not be read or is too large. */
  public static final String FILE_UNREADABLE = "tls.file-unreadable";
  /** Malformed PEM, unknown label, or a block of the wrong kind. */
  public static final String PEM_UNREADABLE = "tls.pem-unreadable";
  /** The key is encrypted and no password was configured. */
  public static final String KEY_PASSWORD_MISSING = "tls.key-password-missing";
  /** The encrypted key could not be decrypted (wrong password or corrupt data). */
  public static final String KEY_DECRYPTION_FAILED = "tls.key-decryption-failed";
  /** The key's algorithm is not available. */
  public static final String KEY_UNSUPPORTED = "tls.key-unsupported";
  /** The key does not belong to the certificate. */
  public static final String KEY_MISMATCH = "tls.key-mismatch";
  /** A certificate has expired. */
  public static final String CERTIFICATE_EXPIRED = "tls.certificate-expired";
  /** A certificate is not valid yet. */
  public static final String CERTIFICATE_NOT_YET_VALID = "tls.certificate-not-yet-valid";
  /** The key store password is wrong. */
  public static final String KEYSTORE_PASSWORD_WRONG = "tls.keystore-password-wrong";
  /** The key store is corrupt or of another type. */
  public static final String KEYSTORE_UNREADABLE = "tls.keystore-unreadable";
  /** No usable key entry (or alias) in the key store. */
  public static final String KEYSTORE_ENTRY_MISSING = "tls.keystore-entry-missing";
  /** No trusted certificate in the trust source. */
  public static final String TRUSTSTORE_EMPTY = "tls.truststore-empty";
  /** The JVM could not build an SSLContext. */
  public static final String CONTEXT_FAILED = "tls.context-failed";

  TlsMaterialException(String reason, String message, Throwable cause) {
    super(reason, message, cause);
  }

  TlsMaterialException(String reason, String message) {
    super(reason, message);
  }
}
