package dev.thalos.redis.security.tls;

import dev.thalos.redis.security.auth.SecretSource;
import dev.thalos.redis.security.internal.ControlCharacters;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The certificate chain and private key a client presents for mutual TLS (Redis {@code tls-auth-clients yes}):
 * PEM files or text (key as PKCS#8 {@code PRIVATE KEY}, PKCS#1 {@code RSA PRIVATE KEY}, SEC1
 * {@code EC PRIVATE KEY}, or password-protected {@code ENCRYPTED PRIVATE KEY}), or a PKCS12 file.
 *
 * <p>Whenever the identity is loaded — when {@link TlsSettings} are built and again for every new connection —
 * the key must belong to the first certificate and every certificate of the chain must be within its
 * validity period; otherwise loading fails with {@link TlsMaterialException} ({@code tls.key-mismatch},
 * {@code tls.certificate-expired}, …). Files are re-read each time, so rotated files take effect on the next
 * (re)connect.
 *
 * <pre>{@code
 * ClientIdentity client = ClientIdentity.pemFiles(
 *     Path.of("/etc/thalos/client.crt"), Path.of("/etc/thalos/client.key"),
 *     SecretSource.fromFile(Path.of("/run/secrets/client-key-password")));
 * }</pre>
 * The certificate file may hold the client certificate followed by intermediates; the same file may be given
 * for certificate and key when both are in one PEM file.
 *
 * <p>Immutable and thread-safe.
 */
public final class ClientIdentity {

  private static final String CERT_FIELD = "client certificate";
  private static final String KEY_FIELD = "client key";

  private enum Kind {
    PEM_FILES,
    PEM_TEXT,
    PKCS12,
    GIVEN
  }

  private final Kind kind;
  private final Path certificateFile;
  private final Path keyFile;
  private final String certificatePem;
  private final String keyPem;
  private final SecretSource password;
  private final String alias;
  private final Loaded given;
  private final AtomicReference<Cached> cache = new AtomicReference<>();

  private ClientIdentity(
      Kind kind,
      Path certificateFile,
      Path keyFile,
      String certificatePem,
      String keyPem,
      SecretSource password,
      String alias,
      Loaded given) {
    this.kind = kind;
    this.certificateFile = certificateFile;
    this.keyFile = keyFile;
    this.certificatePem = certificatePem;
    this.keyPem = keyPem;
    this.password = password;
    this.alias = alias;
    this.given = given;
  }

  /**
   * An unencrypted PEM key and its PEM certificate chain (client certificate first).
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public static ClientIdentity pemFiles(Path certificateChain, Path privateKey) {
    return pemFiles(certificateChain, privateKey, null);
  }

  /**
   * A PEM key, encrypted with the password from {@code keyPassword} (or unencrypted when it is null), and its
   * PEM certificate chain (client certificate first).
   *
   * @throws IllegalArgumentException if a path is null
   */
  public static ClientIdentity pemFiles(Path certificateChain, Path privateKey, SecretSource keyPassword) {
    requireNonNull(certificateChain, "client certificate file");
    requireNonNull(privateKey, "client key file");
    return new ClientIdentity(Kind.PEM_FILES, certificateChain, privateKey, null, null, keyPassword, null, null);
  }

  /**
   * Like {@link #pemFiles(Path, Path)} with PEM text instead of files.
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public static ClientIdentity pem(String certificateChainPem, String privateKeyPem) {
    return pem(certificateChainPem, privateKeyPem, null);
  }

  /**
   * Like {@link #pemFiles(Path, Path, SecretSource)} with PEM text instead of files.
   *
   * @throws IllegalArgumentException if a PEM argument is null
   */
  public static ClientIdentity pem(String certificateChainPem, String privateKeyPem, SecretSource keyPassword) {
    requireNonNull(certificateChainPem, "client certificate PEM");
    requireNonNull(privateKeyPem, "client key PEM");
    return new ClientIdentity(Kind.PEM_TEXT, null, null, certificateChainPem, privateKeyPem, keyPassword, null, null);
  }

  /**
   * The only key entry of PKCS12 file {@code file}; store and key are opened with {@code password}.
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public static ClientIdentity pkcs12File(Path file, SecretSource password) {
    requireNonNull(file, "client key store file");
    requireNonNull(password, "client key store password");
    return new ClientIdentity(Kind.PKCS12, file, file, null, null, password, null, null);
  }

  /**
   * Key entry {@code alias} of PKCS12 file {@code file}; store and key are opened with {@code password}.
   *
   * @throws IllegalArgumentException if an argument is null or {@code alias} is empty
   */
  public static ClientIdentity pkcs12File(Path file, SecretSource password, String alias) {
    requireNonNull(file, "client key store file");
    requireNonNull(password, "client key store password");
    requireNonNull(alias, "client key alias");
    if (alias.isEmpty()) {
      throw new IllegalArgumentException("client key alias must not be empty");
    }
    return new ClientIdentity(Kind.PKCS12, file, file, null, null, password, alias, null);
  }

  /**
   * A key and certificate chain already in memory (client certificate first). The key must match the first
   * certificate.
   *
   * @throws IllegalArgumentException if an argument is null or the chain is empty
   * @throws TlsMaterialException with {@code tls.key-mismatch} if the key does not match
   */
  public static ClientIdentity of(PrivateKey key, List<X509Certificate> chain) {
    requireNonNull(key, "client key");
    requireNonNull(chain, "client certificate chain");
    if (chain.isEmpty()) {
      throw new IllegalArgumentException("client certificate chain must not be empty");
    }
    chain.forEach(c -> requireNonNull(c, "client certificate"));
    Keys.checkMatches(key, chain.get(0), "given key");
    return new ClientIdentity(Kind.GIVEN, null, null, null, null, null, null, new Loaded(key, List.copyOf(chain)));
  }

  /**
   * Where the identity comes from, e.g. {@code PEM files /c.crt + /c.key} (control characters escaped); never a
   * password.
   */
  public String description() {
    switch (kind) {
      case PEM_FILES:
        return "PEM files " + MaterialFile.shown(certificateFile) + " + " + MaterialFile.shown(keyFile)
            + (password == null ? "" : " (key password from " + password.description() + ")");
      case PEM_TEXT:
        return "PEM text" + (password == null ? "" : " (key password from " + password.description() + ")");
      case PKCS12:
        return "PKCS12 file " + MaterialFile.shown(certificateFile)
            + (alias == null ? "" : " alias " + ControlCharacters.escape(alias));
      default:
        return "given key and certificate";
    }
  }

  /**
   * Reads the identity now (files are re-read) and returns its certificate chain, client certificate first.
   *
   * @throws TlsMaterialException if it cannot be loaded or fails a check
   */
  public List<X509Certificate> certificateChain() {
    return load(Instant.now()).chain;
  }

  /** The loaded, checked key and chain; re-reads files; checks validity against {@code now}. */
  Loaded load(Instant now) {
    Loaded loaded;
    String origin;
    switch (kind) {
      case GIVEN:
        loaded = given;
        origin = "given certificate";
        break;
      case PEM_TEXT:
        byte[] certificateText = certificatePem.getBytes(StandardCharsets.UTF_8);
        byte[] keyText =
            keyPem.equals(certificatePem) ? certificateText : keyPem.getBytes(StandardCharsets.UTF_8);
        loaded = cached(certificateText, keyText, "PEM text", "PEM text");
        origin = "PEM text";
        break;
      case PEM_FILES:
        byte[] certificateBytes = MaterialFile.read(certificateFile, CERT_FIELD);
        byte[] keyBytes =
            keyFile.equals(certificateFile) ? certificateBytes : MaterialFile.read(keyFile, KEY_FIELD);
        loaded = cached(certificateBytes, keyBytes, MaterialFile.shown(certificateFile), MaterialFile.shown(keyFile));
        origin = MaterialFile.shown(certificateFile);
        break;
      default:
        loaded =
            cached(MaterialFile.read(certificateFile, CERT_FIELD), null, MaterialFile.shown(certificateFile), null);
        origin = MaterialFile.shown(certificateFile);
        break;
    }
    Keys.checkValidity(loaded.chain, now, origin);
    return loaded;
  }

  private Loaded cached(byte[] certificateBytes, byte[] keyBytes, String certificateOrigin, String keyOrigin) {
    byte[] digest = MaterialFile.digest(certificateBytes, keyBytes);
    Cached hit = cache.get();
    if (hit != null && Arrays.equals(hit.digest, digest)) {
      return hit.loaded;
    }
    Loaded loaded =
        kind == Kind.PKCS12
            ? decodePkcs12(certificateBytes, certificateOrigin)
            : decodePem(certificateBytes, keyBytes, certificateOrigin, keyOrigin);
    cache.set(new Cached(digest, loaded));
    return loaded;
  }

  private Loaded decodePem(byte[] certificateBytes, byte[] keyBytes, String certificateOrigin, String keyOrigin) {
    List<Pem.Block> certificateBlocks = Pem.decode(certificateBytes, CERT_FIELD, certificateOrigin);
    List<Pem.Block> keyBlocks;
    if (certificateBytes == keyBytes) {
      // one file with both: split by kind
      List<Pem.Block> certificatesOnly = new ArrayList<>();
      keyBlocks = new ArrayList<>();
      for (Pem.Block block : certificateBlocks) {
        (Pem.CERTIFICATE.equals(block.label) ? certificatesOnly : keyBlocks).add(block);
      }
      if (certificatesOnly.isEmpty()) {
        throw Pem.unreadable(CERT_FIELD, certificateOrigin, "no CERTIFICATE block found", null);
      }
      certificateBlocks = certificatesOnly;
    } else {
      keyBlocks = Pem.decode(keyBytes, KEY_FIELD, keyOrigin);
    }
    List<X509Certificate> chain = Pem.certificates(certificateBlocks, CERT_FIELD, certificateOrigin);
    PrivateKey key = Pem.privateKey(keyBlocks, password, KEY_FIELD, keyOrigin);
    if (keyFile != null) {
      MaterialFile.warnIfReadableByOthers(keyFile, KEY_FIELD);
    }
    Keys.checkMatches(key, chain.get(0), keyOrigin);
    return new Loaded(key, List.copyOf(chain));
  }

  private Loaded decodePkcs12(byte[] bytes, String origin) {
    try (KeyStores.Opened opened = KeyStores.open(bytes, "PKCS12", password, CERT_FIELD, origin)) {
      String chosen = alias;
      if (chosen == null) {
        List<String> keyAliases = new ArrayList<>();
        for (Enumeration<String> aliases = opened.store.aliases(); aliases.hasMoreElements(); ) {
          String a = aliases.nextElement();
          if (opened.store.isKeyEntry(a)) {
            keyAliases.add(a);
          }
        }
        if (keyAliases.size() != 1) {
          throw new TlsMaterialException(
              TlsMaterialException.KEYSTORE_ENTRY_MISSING,
              "failed to decode " + CERT_FIELD + " from " + origin + ": expected one key entry but found "
                  + (keyAliases.isEmpty()
                      ? "none"
                      : keyAliases.size() + " " + ControlCharacters.escape(keyAliases.toString()) + "; name an alias"));
        }
        chosen = keyAliases.get(0);
      } else if (!opened.store.isKeyEntry(chosen)) {
        throw new TlsMaterialException(
            TlsMaterialException.KEYSTORE_ENTRY_MISSING,
            "failed to decode " + CERT_FIELD + " from " + origin + ": no key entry with alias '"
                + ControlCharacters.escape(chosen) + "'");
      }
      Key key = opened.store.getKey(chosen, opened.password);
      Certificate[] certificates = opened.store.getCertificateChain(chosen);
      if (!(key instanceof PrivateKey) || certificates == null || certificates.length == 0) {
        throw new TlsMaterialException(
            TlsMaterialException.KEYSTORE_ENTRY_MISSING,
            "failed to decode " + CERT_FIELD + " from " + origin + ": entry '" + ControlCharacters.escape(chosen)
                + "' has no private key with a certificate chain");
      }
      List<X509Certificate> chain = new ArrayList<>();
      for (Certificate c : certificates) {
        chain.add((X509Certificate) c);
      }
      Keys.checkMatches((PrivateKey) key, chain.get(0), origin);
      return new Loaded((PrivateKey) key, Collections.unmodifiableList(chain));
    } catch (java.security.UnrecoverableKeyException e) {
      throw new TlsMaterialException(
          TlsMaterialException.KEYSTORE_PASSWORD_WRONG,
          "failed to decode " + KEY_FIELD + " from " + origin + ": the key password differs from the store "
              + "password (from " + password.description() + ")",
          e);
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new TlsMaterialException(
          TlsMaterialException.KEYSTORE_UNREADABLE, "failed to decode " + CERT_FIELD + " from " + origin + ": " + e,
          e);
    }
  }

  private static void requireNonNull(Object value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
  }

  /** A loaded, checked identity. */
  static final class Loaded {
    final PrivateKey key;
    final List<X509Certificate> chain;

    Loaded(PrivateKey key, List<X509Certificate> chain) {
      this.key = key;
      this.chain = chain;
    }
  }

  private static final class Cached {
    final byte[] digest;
    final Loaded loaded;

    Cached(byte[] digest, Loaded loaded) {
      this.digest = digest;
      this.loaded = loaded;
    }
  }

  @Override
  public String toString() {
    return "ClientIdentity{" + description() + "}";
  }
}
