package dev.thalos.redis.security.tls;

import dev.thalos.redis.security.auth.SecretSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The certificates a client trusts to sign a Redis server's certificate: PEM (one or many certificates, e.g.
 * Redis' {@code tls-ca-cert-file}), a PKCS12 or JKS trust store, given certificates, or the JVM's default
 * trust store ({@link #systemDefault()}, the default of {@link TlsSettings}).
 *
 * <p>Files are read again every time trust material is needed for a new connection, so a rotated CA file
 * takes effect on the next (re)connect; unchanged content is recognised by its SHA-256 and not parsed twice.
 *
 * <pre>{@code
 * TrustAnchors ca = TrustAnchors.pemFile(Path.of("/etc/thalos/redis-ca.pem"));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class TrustAnchors {

  private static final String FIELD = "trust anchors";
  private static final TrustAnchors SYSTEM = new TrustAnchors(Kind.SYSTEM, null, null, null, null);

  private enum Kind {
    SYSTEM,
    PEM_FILE,
    PEM_TEXT,
    CERTIFICATES,
    PKCS12,
    JKS
  }

  private final Kind kind;
  private final Path file;
  private final String pem;
  private final List<X509Certificate> certificates;
  private final SecretSource password;
  private final AtomicReference<Cached> cache = new AtomicReference<>();
  private final AtomicReference<Built> built = new AtomicReference<>();

  private TrustAnchors(
      Kind kind, Path file, String pem, List<X509Certificate> certificates, SecretSource password) {
    this.kind = kind;
    this.file = file;
    this.pem = pem;
    this.certificates = certificates;
    this.password = password;
  }

  /** The JVM's default trust store (normally {@code $JAVA_HOME/lib/security/cacerts}). */
  public static TrustAnchors systemDefault() {
    return SYSTEM;
  }

  /**
   * The certificates in PEM file {@code file}: one or more {@code CERTIFICATE} blocks and nothing else.
   *
   * @throws IllegalArgumentException if {@code file} is null
   */
  public static TrustAnchors pemFile(Path file) {
    requireNonNull(file, "trust anchor file");
    return new TrustAnchors(Kind.PEM_FILE, file, null, null, null);
  }

  /**
   * The certificates in PEM text {@code pem}: one or more {@code CERTIFICATE} blocks and nothing else.
   *
   * @throws IllegalArgumentException if {@code pem} is null
   */
  public static TrustAnchors pem(String pem) {
    requireNonNull(pem, "trust anchor PEM");
    return new TrustAnchors(Kind.PEM_TEXT, null, pem, null, null);
  }

  /**
   * The given certificates.
   *
   * @throws IllegalArgumentException if none is given or one is null
   */
  public static TrustAnchors certificates(X509Certificate... certificates) {
    requireNonNull(certificates, "trust anchor certificates");
    return certificates(Arrays.asList(certificates));
  }

  /**
   * The given certificates.
   *
   * @throws IllegalArgumentException if none is given or one is null
   */
  public static TrustAnchors certificates(List<X509Certificate> certificates) {
    requireNonNull(certificates, "trust anchor certificates");
    if (certificates.isEmpty()) {
      throw new IllegalArgumentException("trust anchor certificates must not be empty");
    }
    for (X509Certificate c : certificates) {
      requireNonNull(c, "trust anchor certificate");
    }
    return new TrustAnchors(Kind.CERTIFICATES, null, null, List.copyOf(certificates), null);
  }

  /**
   * The trusted-certificate entries of PKCS12 file {@code file}, opened with {@code password}.
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public static TrustAnchors pkcs12File(Path file, SecretSource password) {
    requireNonNull(file, "trust store file");
    requireNonNull(password, "trust store password");
    return new TrustAnchors(Kind.PKCS12, file, null, null, password);
  }

  /**
   * The trusted-certificate entries of JKS file {@code file}, opened with {@code password}.
   *
   * @throws IllegalArgumentException if an argument is null
   */
  public static TrustAnchors jksFile(Path file, SecretSource password) {
    requireNonNull(file, "trust store file");
    requireNonNull(password, "trust store password");
    return new TrustAnchors(Kind.JKS, file, null, null, password);
  }

  /** Whether these are the JVM's default trust anchors. */
  public boolean isSystemDefault() {
    return kind == Kind.SYSTEM;
  }

  /** Where the anchors come from, e.g. {@code PEM file /etc/ca.pem} (control characters escaped). */
  public String description() {
    switch (kind) {
      case SYSTEM:
        return "system default";
      case PEM_FILE:
        return "PEM file " + MaterialFile.shown(file);
      case PEM_TEXT:
        return "PEM text";
      case CERTIFICATES:
        return certificates.size() + " given certificate(s)";
      case PKCS12:
        return "PKCS12 file " + MaterialFile.shown(file);
      default:
        return "JKS file " + MaterialFile.shown(file);
    }
  }

  /**
   * Reads the anchors now (files are re-read) and returns them.
   *
   * @throws TlsMaterialException if they cannot be read
   */
  public List<X509Certificate> certificates() {
    if (kind == Kind.SYSTEM) {
      return List.of(systemTrustManager().getAcceptedIssuers());
    }
    return load();
  }

  /** A PKIX trust manager over the current anchors, re-reading files. */
  X509ExtendedTrustManager newPkixTrustManager() {
    if (kind == Kind.SYSTEM) {
      return systemTrustManager();
    }
    List<X509Certificate> anchors = load();
    Built last = built.get();
    if (last != null && last.anchors == anchors) {
      return last.trustManager; // same anchors (the file did not change): PKIX trust managers are immutable
    }
    X509ExtendedTrustManager trustManager = pkixTrustManager(anchors);
    built.set(new Built(anchors, trustManager));
    return trustManager;
  }

  private X509ExtendedTrustManager pkixTrustManager(List<X509Certificate> anchors) {
    try {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      for (int i = 0; i < anchors.size(); i++) {
        store.setCertificateEntry("anchor-" + i, anchors.get(i));
      }
      TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
      factory.init(store);
      return extended(factory.getTrustManagers());
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new TlsMaterialException(
          TlsMaterialException.CONTEXT_FAILED, "cannot build a trust manager from " + description() + ": " + e, e);
    }
  }

  private static X509ExtendedTrustManager systemTrustManager() {
    try {
      TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
      factory.init((KeyStore) null);
      return extended(factory.getTrustManagers());
    } catch (GeneralSecurityException e) {
      throw new TlsMaterialException(
          TlsMaterialException.CONTEXT_FAILED, "cannot load the JVM's default trust store: " + e, e);
    }
  }

  private static X509ExtendedTrustManager extended(TrustManager[] managers) {
    for (TrustManager m : managers) {
      if (m instanceof X509ExtendedTrustManager) {
        return (X509ExtendedTrustManager) m;
      }
    }
    throw new TlsMaterialException(TlsMaterialException.CONTEXT_FAILED, "the JVM offers no X509 trust manager");
  }

  private List<X509Certificate> load() {
    switch (kind) {
      case CERTIFICATES:
        return certificates;
      case PEM_TEXT:
        return cached(pem.getBytes(StandardCharsets.UTF_8), "PEM text", this::decodePem);
      case PEM_FILE:
        return cached(MaterialFile.read(file, FIELD), MaterialFile.shown(file), this::decodePem);
      default:
        return cached(MaterialFile.read(file, FIELD), MaterialFile.shown(file), this::decodeStore);
    }
  }

  private interface Decoder {
    List<X509Certificate> decode(byte[] bytes, String origin);
  }

  private List<X509Certificate> cached(byte[] bytes, String origin, Decoder decoder) {
    byte[] digest = MaterialFile.digest(bytes);
    Cached hit = cache.get();
    if (hit != null && Arrays.equals(hit.digest, digest)) {
      return hit.certificates;
    }
    List<X509Certificate> decoded = decoder.decode(bytes, origin);
    cache.set(new Cached(digest, decoded));
    return decoded;
  }

  private List<X509Certificate> decodePem(byte[] bytes, String origin) {
    return List.copyOf(Pem.certificates(Pem.decode(bytes, FIELD, origin), FIELD, origin));
  }

  private List<X509Certificate> decodeStore(byte[] bytes, String origin) {
    String type = kind == Kind.PKCS12 ? "PKCS12" : "JKS";
    List<X509Certificate> anchors = new ArrayList<>();
    try (KeyStores.Opened opened = KeyStores.open(bytes, type, password, FIELD, origin)) {
      for (Enumeration<String> aliases = opened.store.aliases(); aliases.hasMoreElements(); ) {
        String alias = aliases.nextElement();
        if (opened.store.isCertificateEntry(alias)) {
          Certificate certificate = opened.store.getCertificate(alias);
          if (certificate instanceof X509Certificate) {
            anchors.add((X509Certificate) certificate);
          }
        }
      }
    } catch (java.security.KeyStoreException e) {
      throw new TlsMaterialException(
          TlsMaterialException.KEYSTORE_UNREADABLE, "failed to decode " + FIELD + " from " + origin + ": " + e, e);
    }
    if (anchors.isEmpty()) {
      throw new TlsMaterialException(
          TlsMaterialException.TRUSTSTORE_EMPTY,
          "failed to decode " + FIELD + " from " + origin + ": the " + type
              + " store has no trusted-certificate entry");
    }
    return Collections.unmodifiableList(anchors);
  }

  private static void requireNonNull(Object value, String what) {
    if (value == null) {
      throw new IllegalArgumentException(what + " must not be null");
    }
  }

  /** The trust manager last built, and the anchor list (by identity) it was built from. */
  private static final class Built {
    final List<X509Certificate> anchors;
    final X509ExtendedTrustManager trustManager;

    Built(List<X509Certificate> anchors, X509ExtendedTrustManager trustManager) {
      this.anchors = anchors;
      this.trustManager = trustManager;
    }
  }

  private static final class Cached {
    final byte[] digest;
    final List<X509Certificate> certificates;

    Cached(byte[] digest, List<X509Certificate> certificates) {
      this.digest = digest;
      this.certificates = certificates;
    }
  }

  @Override
  public String toString() {
    return "TrustAnchors{" + description() + "}";
  }
}
