package dev.thalos.redis.security.tls;

import dev.thalos.redis.security.internal.ControlCharacters;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Everything a client needs to open a TLS connection to Redis: what it trusts ({@link TrustAnchors}), what it
 * presents for mutual TLS ({@link ClientIdentity}), which protocols and cipher suites it allows
 * ({@link TlsPolicy}), the SNI name, how the server certificate is verified ({@link VerifyMode}) and optional
 * public-key pins ({@link CertificatePin}).
 *
 * <p>Secure by default: if nothing is set, the JVM's trust store, {@link TlsPolicy#MODERN} (TLSv1.3 + TLSv1.2
 * with {@link TlsPolicy#DEFAULT_CIPHER_SUITES}: forward secrecy and AEAD ciphers only) and {@link VerifyMode#FULL}
 * (chain and host name) apply. Weaker verification needs a method whose name starts
 * with {@code insecure}, and then {@link #isInsecure()} is true and {@link #insecurityReasons()} says why.
 *
 * <pre>{@code
 * TlsSettings tls = TlsSettings.builder()
 *     .trustAnchors(TrustAnchors.pemFile(Path.of("/etc/thalos/redis-ca.pem")))
 *     .clientIdentity(ClientIdentity.pemFiles(Path.of("/etc/thalos/client.crt"), Path.of("/etc/thalos/client.key")))
 *     .policy(TlsPolicy.TLS13_ONLY)
 *     .build();                       // reads and checks all files now
 * SSLContext context = tls.newSslContext();   // re-reads files: rotated material applies to new connections
 * }</pre>
 *
 * <h2>Exits to JSSE</h2>
 * JSSE types appear only here: {@link #newSslContext()}, {@link #newTrustManager()},
 * {@link #newKeyManager()}, {@link #newTrustManagerFactory()}, {@link #newKeyManagerFactory()} and
 * {@link #sslParameters(String)}. Each {@code new…} call re-reads file-based material (unchanged content is
 * recognised by its hash and not parsed again), so a client library that builds a fresh TLS context per
 * connection — as Lettuce does — picks up rotated certificates on reconnect. The trust manager also enforces
 * the settings when a caller forgets to apply {@link #sslParameters(String)}: in {@link VerifyMode#FULL} it
 * refuses a handshake that was not set up to verify the host name, and it refuses a negotiated protocol or
 * cipher suite outside the policy.
 *
 * <p>For an adapter to a client library (e.g. Lettuce's {@code SslOptions}): hand over
 * {@link #newTrustManagerFactory()} and {@link #newKeyManagerFactory()} from a per-connection hook, plus
 * {@link #protocols()} and {@link #cipherSuites()} (always, also for the default policy: left unset, the
 * library would offer its own default suites, which may include weak ones; for another TLS implementation than
 * the JVM's, {@link TlsPolicy#enabledCipherSuites(java.util.Collection)} of {@link #policy()}); map {@link VerifyMode#FULL} to the library's full mode
 * (which must set the {@value #HOSTNAME_VERIFICATION_ALGORITHM} endpoint identification algorithm) and both
 * {@link VerifyMode#CA} and {@link VerifyMode#NONE} to its chain-only mode, never to its own trust-all mode —
 * the trust manager from these settings already skips what the mode says and still enforces the pins.
 *
 * <p>Immutable and thread-safe.
 */
public final class TlsSettings {

  /** The endpoint identification algorithm JSSE uses for RFC 2818 host name checks (DNS and IP SANs). */
  public static final String HOSTNAME_VERIFICATION_ALGORITHM = "HTTPS";

  private final TrustAnchors trustAnchors;
  private final ClientIdentity clientIdentity;
  private final TlsPolicy policy;
  private final String serverName;
  private final VerifyMode verifyMode;
  private final List<CertificatePin> pins;
  private final Clock clock;

  private TlsSettings(Builder b) {
    this.trustAnchors = b.trustAnchors;
    this.clientIdentity = b.clientIdentity;
    this.policy = b.policy;
    this.serverName = b.serverName;
    this.verifyMode = b.verifyMode;
    this.pins = List.copyOf(b.pins);
    this.clock = b.clock;
  }

  /** A builder with the secure defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The defaults: JVM trust store, {@link TlsPolicy#MODERN}, {@link VerifyMode#FULL}, no client certificate.
   *
   * @throws TlsMaterialException if the JVM's trust store cannot be loaded
   */
  public static TlsSettings defaults() {
    return builder().build();
  }

  /** A builder pre-filled with these settings. */
  public Builder mutate() {
    return new Builder(this);
  }

  /** What the client trusts. */
  public TrustAnchors trustAnchors() {
    return trustAnchors;
  }

  /** What the client presents for mutual TLS, if anything. */
  public Optional<ClientIdentity> clientIdentity() {
    return Optional.ofNullable(clientIdentity);
  }

  /** Allowed protocols and cipher suites. */
  public TlsPolicy policy() {
    return policy;
  }

  /** Enabled protocol versions, e.g. {@code [TLSv1.3, TLSv1.2]}. */
  public List<String> protocols() {
    return policy.protocols();
  }

  /**
   * The cipher suites to enable, in preference order: those {@link #policy()} names, or, if it names none, those
   * of {@link TlsPolicy#DEFAULT_CIPHER_SUITES} this JVM supports. Never empty.
   *
   * @throws IllegalStateException if the policy names no suites and this JVM supports none of the default suites
   *     of an enabled protocol version
   */
  public List<String> cipherSuites() {
    return policy.enabledJvmCipherSuites();
  }

  /** The SNI name sent instead of the connection's host name, if set. */
  public Optional<String> serverName() {
    return Optional.ofNullable(serverName);
  }

  /** How the server certificate is verified. */
  public VerifyMode verifyMode() {
    return verifyMode;
  }

  /** Public-key pins; empty means no pinning. */
  public List<CertificatePin> pins() {
    return pins;
  }

  /** Whether these settings weaken verification; see {@link #insecurityReasons()}. */
  public boolean isInsecure() {
    return !insecurityReasons().isEmpty();
  }

  /** Why these settings are insecure, one sentence per weakness; empty when they are not. */
  public List<String> insecurityReasons() {
    List<String> reasons = new ArrayList<>();
    if (verifyMode == VerifyMode.NONE) {
      reasons.add(
          "server certificate verification is off (VerifyMode.NONE): "
              + (pins.isEmpty()
                  ? "any server, including an attacker in the middle, is accepted"
                  : "only the certificate pins authenticate the server"));
    } else if (verifyMode == VerifyMode.CA) {
      reasons.add(
          "host name verification is off (VerifyMode.CA): any certificate from a trusted CA is accepted for any "
              + "host");
    }
    return Collections.unmodifiableList(reasons);
  }

  /**
   * A new client {@link SSLContext} from the current material (files are re-read). Its sockets and engines come
   * configured with {@link #sslParameters(String)} for the host they are created for.
   *
   * @throws TlsMaterialException if material cannot be read or fails a check
   */
  public SSLContext newSslContext() {
    TrustManager trust = newTrustManager();
    KeyManager[] keys = newKeyManager().map(k -> new KeyManager[] {k}).orElse(null);
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys, new TrustManager[] {trust}, null);
      return ConfiguredSslContextSpi.wrap(context, this);
    } catch (GeneralSecurityException e) {
      throw new TlsMaterialException(TlsMaterialException.CONTEXT_FAILED, "cannot create an SSLContext: " + e, e);
    }
  }

  /**
   * A new trust manager from the current trust anchors (files are re-read) that applies {@link #verifyMode()},
   * {@link #policy()} and {@link #pins()}.
   *
   * @throws TlsMaterialException if the anchors cannot be read
   */
  public X509ExtendedTrustManager newTrustManager() {
    return new ThalosTrustManager(trustAnchors.newPkixTrustManager(), verifyMode, pins, policy);
  }

  /**
   * A new key manager presenting the current client identity (files are re-read), or empty without one.
   *
   * @throws TlsMaterialException if the identity cannot be loaded or fails a check
   */
  public Optional<X509ExtendedKeyManager> newKeyManager() {
    if (clientIdentity == null) {
      return Optional.empty();
    }
    ClientIdentity.Loaded loaded = clientIdentity.load(clock.instant());
    return Optional.of(new SingleIdentityKeyManager(loaded.key, loaded.chain));
  }

  /** {@link #newTrustManager()} wrapped in a factory, for builders that take one (e.g. Netty, Lettuce). */
  public TrustManagerFactory newTrustManagerFactory() {
    return FixedManagerFactories.trustManagerFactory(newTrustManager());
  }

  /** {@link #newKeyManager()} wrapped in a factory, for builders that take one (e.g. Netty, Lettuce). */
  public Optional<KeyManagerFactory> newKeyManagerFactory() {
    return newKeyManager().map(FixedManagerFactories::keyManagerFactory);
  }

  /**
   * Parameters for a client connection to {@code host}: protocols, {@link #cipherSuites()}, host name
   * verification ({@link #HOSTNAME_VERIFICATION_ALGORITHM} in {@link VerifyMode#FULL}) and SNI
   * ({@link #serverName()} if set, otherwise {@code host} when it is a DNS name; never an IP literal).
   *
   * @param host the host connected to, or null if unknown
   */
  public SSLParameters sslParameters(String host) {
    SSLParameters parameters = new SSLParameters();
    parameters.setProtocols(policy.protocols().toArray(new String[0]));
    parameters.setCipherSuites(cipherSuites().toArray(new String[0]));
    if (verifyMode == VerifyMode.FULL) {
      parameters.setEndpointIdentificationAlgorithm(HOSTNAME_VERIFICATION_ALGORITHM);
    }
    String sni = serverName != null ? serverName : host;
    if (sni != null && !HostNames.isIpLiteral(sni)) {
      try {
        parameters.setServerNames(List.of(new SNIHostName(sni)));
      } catch (IllegalArgumentException e) {
        // not a valid SNI name (e.g. an underscore in a container name): send none, verification is unaffected
      }
    }
    return parameters;
  }

  @Override
  public String toString() {
    return "TlsSettings{trust=" + trustAnchors.description()
        + (clientIdentity == null ? "" : ", identity=" + clientIdentity.description())
        + ", policy=" + policy
        + (serverName == null ? "" : ", serverName=" + serverName)
        + ", verify=" + verifyMode
        + (pins.isEmpty() ? "" : ", pins=" + pins)
        + "}";
  }

  /** Builder of {@link TlsSettings}. {@link #build()} reads and checks all material once. */
  public static final class Builder {

    private TrustAnchors trustAnchors = TrustAnchors.systemDefault();
    private ClientIdentity clientIdentity;
    private TlsPolicy policy = TlsPolicy.MODERN;
    private String serverName;
    private VerifyMode verifyMode = VerifyMode.FULL;
    private final Set<CertificatePin> pins = new LinkedHashSet<>();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    private Builder(TlsSettings from) {
      this.trustAnchors = from.trustAnchors;
      this.clientIdentity = from.clientIdentity;
      this.policy = from.policy;
      this.serverName = from.serverName;
      this.verifyMode = from.verifyMode;
      this.pins.addAll(from.pins);
      this.clock = from.clock;
    }

    /**
     * What the client trusts. If unset: {@link TrustAnchors#systemDefault()}.
     *
     * @throws IllegalArgumentException if null
     */
    public Builder trustAnchors(TrustAnchors trustAnchors) {
      this.trustAnchors = requireNonNull(trustAnchors, "trustAnchors");
      return this;
    }

    /** What the client presents for mutual TLS. If unset or null: no client certificate. */
    public Builder clientIdentity(ClientIdentity clientIdentity) {
      this.clientIdentity = clientIdentity;
      return this;
    }

    /**
     * Allowed protocols and cipher suites. If unset: {@link TlsPolicy#MODERN}.
     *
     * @throws IllegalArgumentException if null
     */
    public Builder policy(TlsPolicy policy) {
      this.policy = requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Shortcut for {@code policy(policy().mutate().protocols(protocols).build())}.
     *
     * @throws IllegalArgumentException if a protocol is not TLSv1.3 or TLSv1.2
     */
    public Builder protocols(String... protocols) {
      this.policy = policy.mutate().protocols(protocols).build();
      return this;
    }

    /**
     * Shortcut for {@code policy(policy().mutate().cipherSuites(cipherSuites).build())}.
     *
     * @throws IllegalArgumentException if a suite is unknown or weak
     */
    public Builder cipherSuites(String... cipherSuites) {
      this.policy = policy.mutate().cipherSuites(cipherSuites).build();
      return this;
    }

    /**
     * The SNI name to send regardless of the host connected to (like {@code redis-cli --sni}); the server
     * certificate must then match this name or the host. If unset or null: the host's name, when it is a DNS
     * name.
     *
     * @throws IllegalArgumentException if not a valid DNS host name
     */
    public Builder serverName(String serverName) {
      if (serverName != null) {
        if (HostNames.isIpLiteral(serverName)) {
          throw new IllegalArgumentException("invalid serverName: '" + ControlCharacters.escape(serverName)
              + "' (SNI carries DNS names, not IP addresses)");
        }
        try {
          new SNIHostName(serverName);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("invalid serverName: '" + ControlCharacters.escape(serverName)
              + "' (" + ControlCharacters.escape(String.valueOf(e.getMessage())) + ")", e);
        }
      }
      this.serverName = serverName;
      return this;
    }

    /**
     * Require a server certificate whose public key (or that of an intermediate or issuing anchor) has one of
     * {@code pins}, in addition to normal verification. Adds to earlier pins.
     *
     * @throws IllegalArgumentException if a pin is null
     */
    public Builder pins(CertificatePin... pins) {
      requireNonNull(pins, "pins");
      for (CertificatePin pin : pins) {
        this.pins.add(requireNonNull(pin, "pin"));
      }
      return this;
    }

    /** Like {@link #pins(CertificatePin...)} with pins in {@code sha256/<base64>} form. */
    public Builder pins(String... pins) {
      requireNonNull(pins, "pins");
      return pins(Arrays.stream(pins).map(CertificatePin::parse).toArray(CertificatePin[]::new));
    }

    /** Removes all pins. */
    public Builder clearPins() {
      this.pins.clear();
      return this;
    }

    /** Full verification, chain and host name ({@link VerifyMode#FULL}). The default. */
    public Builder verifyFully() {
      this.verifyMode = VerifyMode.FULL;
      return this;
    }

    /**
     * INSECURE: verify the chain but not the host name ({@link VerifyMode#CA}); any certificate from a trusted
     * CA is then accepted for any host. The settings report themselves insecure.
     */
    public Builder insecureSkipHostnameVerification() {
      this.verifyMode = VerifyMode.CA;
      return this;
    }

    /**
     * INSECURE: accept any server certificate ({@link VerifyMode#NONE}); only pins, if configured, still
     * authenticate the server. The settings report themselves insecure.
     */
    public Builder insecureTrustAnyCertificate() {
      this.verifyMode = VerifyMode.NONE;
      return this;
    }

    /** The clock for certificate validity checks (tests). */
    Builder clock(Clock clock) {
      this.clock = requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The settings, after reading and checking all material once.
     *
     * @throws TlsMaterialException if trust anchors or client identity cannot be read or fail a check
     */
    public TlsSettings build() {
      TlsSettings settings = new TlsSettings(this);
      settings.newTrustManager();
      settings.newKeyManager();
      return settings;
    }

    private static <T> T requireNonNull(T value, String name) {
      if (value == null) {
        throw new IllegalArgumentException(name + " must not be null");
      }
      return value;
    }
  }
}
