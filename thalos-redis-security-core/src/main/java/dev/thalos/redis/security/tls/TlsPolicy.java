package dev.thalos.redis.security.tls;

import dev.thalos.redis.security.internal.ControlCharacters;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * Which TLS protocol versions and cipher suites a connection may negotiate. Start from a preset:
 * <ul>
 *   <li>{@link #MODERN} — TLSv1.3 and TLSv1.2 with {@link #DEFAULT_CIPHER_SUITES} (the default);</li>
 *   <li>{@link #TLS13_ONLY} — TLSv1.3 only (Redis {@code tls-protocols "TLSv1.3"}).</li>
 * </ul>
 * Versions below TLSv1.2 cannot be expressed: {@link Builder#protocols(String...)} rejects {@code TLSv1.1},
 * {@code TLSv1}, {@code SSLv3} and anything else that is not {@code TLSv1.3} or {@code TLSv1.2}.
 *
 * <p>A policy that names no cipher suites offers and accepts only {@link #DEFAULT_CIPHER_SUITES}: the TLSv1.3
 * suites and the TLSv1.2 suites with ECDHE key exchange and an AEAD cipher — never the JDK's or Netty's own
 * defaults, which still include static-RSA key exchange and CBC suites. An explicit cipher suite list replaces
 * it; it must name suites this JVM supports, with forward secrecy and without broken primitives (no NULL, anon,
 * EXPORT, RC4, DES, 3DES, MD5 or static RSA/DH key exchange), and must contain at least one suite for every
 * enabled protocol version. It may name suites the default leaves out (e.g. ECDHE with CBC, for an old server).
 *
 * <pre>{@code
 * TlsPolicy policy = TlsPolicy.MODERN.mutate()
 *     .cipherSuites("TLS_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384")
 *     .build();
 * }</pre>
 *
 * <p>Immutable.
 */
public final class TlsPolicy {

  /** TLS 1.3 protocol name as used by JSSE. */
  public static final String TLS_V1_3 = "TLSv1.3";
  /** TLS 1.2 protocol name as used by JSSE. */
  public static final String TLS_V1_2 = "TLSv1.2";

  /**
   * The cipher suites of a policy that names none, most preferred first (JSSE names):
   * <ol>
   *   <li>TLSv1.3: {@code TLS_AES_256_GCM_SHA384}, {@code TLS_AES_128_GCM_SHA256},
   *       {@code TLS_CHACHA20_POLY1305_SHA256};</li>
   *   <li>TLSv1.2, ECDSA server keys: {@code TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384},
   *       {@code TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256}, {@code TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256};</li>
   *   <li>TLSv1.2, RSA server keys: {@code TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384},
   *       {@code TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256}, {@code TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256}.</li>
   * </ol>
   * Every one has forward secrecy (ephemeral elliptic-curve key exchange) and an AEAD cipher (AES-GCM or
   * ChaCha20-Poly1305); AES-GCM comes first, as hardware accelerates it, AES-256 before AES-128 as in the JDK.
   * Left out, although the JDK and Netty enable some of them by default: static RSA key exchange
   * ({@code TLS_RSA_WITH_*}: no forward secrecy), finite-field DHE ({@code TLS_DHE_*}: the server picks the group
   * and its size) and CBC with HMAC ({@code *_CBC_*}: MAC-then-encrypt, padding oracles). A TLS implementation
   * offers those of them it supports ({@link #enabledCipherSuites(Collection)}); the JDK and BoringSSL support
   * all of them. (BoringSSL offers its three TLSv1.3 suites whatever it is told, which are the three above.)
   */
  public static final List<String> DEFAULT_CIPHER_SUITES = List.of(
      "TLS_AES_256_GCM_SHA384",
      "TLS_AES_128_GCM_SHA256",
      "TLS_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  /** TLSv1.3 and TLSv1.2 with {@link #DEFAULT_CIPHER_SUITES}. The default of {@link TlsSettings}. */
  public static final TlsPolicy MODERN = new TlsPolicy("MODERN", List.of(TLS_V1_3, TLS_V1_2), List.of());

  /** TLSv1.3 only, with the TLSv1.3 suites of {@link #DEFAULT_CIPHER_SUITES}. */
  public static final TlsPolicy TLS13_ONLY = new TlsPolicy("TLS13_ONLY", List.of(TLS_V1_3), List.of());

  private static final List<String> WEAK_MARKERS =
      List.of("_NULL_", "_anon_", "_EXPORT", "_RC4_", "_DES_", "_DES40_", "3DES", "_MD5");

  private final String name;
  private final List<String> protocols;
  private final List<String> cipherSuites;

  private TlsPolicy(String name, List<String> protocols, List<String> cipherSuites) {
    this.name = name;
    this.protocols = protocols;
    this.cipherSuites = cipherSuites;
  }

  /** A builder starting from {@link #MODERN}. */
  public static Builder builder() {
    return MODERN.mutate();
  }

  /** A builder pre-filled with this policy. */
  public Builder mutate() {
    return new Builder(this);
  }

  /** Enabled protocol versions, most preferred first, e.g. {@code [TLSv1.3, TLSv1.2]}. */
  public List<String> protocols() {
    return protocols;
  }

  /**
   * The cipher suites this policy names, in preference order; empty means {@link #DEFAULT_CIPHER_SUITES}. What a
   * connection offers is {@link #enabledCipherSuites(Collection)}.
   */
  public List<String> cipherSuites() {
    return cipherSuites;
  }

  /**
   * The cipher suites to enable on a TLS implementation that supports {@code supported} (JSSE names), in
   * preference order: the suites this policy names, as they are, or, if it names none, those of
   * {@link #DEFAULT_CIPHER_SUITES} in {@code supported}. Never empty: an empty list would let the implementation
   * fall back to its own defaults.
   *
   * @throws IllegalArgumentException if {@code supported} is null
   * @throws IllegalStateException if this policy names no suites and {@code supported} lacks every default suite
   *     of an enabled protocol version
   */
  public List<String> enabledCipherSuites(Collection<String> supported) {
    if (supported == null) {
      throw new IllegalArgumentException("supported must not be null");
    }
    if (!cipherSuites.isEmpty()) {
      return cipherSuites;
    }
    List<String> enabled = new ArrayList<>();
    for (String suite : DEFAULT_CIPHER_SUITES) {
      if (supported.contains(suite)) {
        enabled.add(suite);
      }
    }
    Optional<String> lacking = protocolWithoutSuite(protocols, enabled);
    if (lacking.isPresent()) {
      throw new IllegalStateException("no cipher suite of the TLS policy " + this + " for " + lacking.get()
          + " is supported by this TLS implementation (default suites: " + DEFAULT_CIPHER_SUITES
          + "; name supported ones with TlsPolicy.Builder.cipherSuites)");
    }
    return Collections.unmodifiableList(enabled);
  }

  /** {@link #enabledCipherSuites(Collection)} for this JVM's default TLS implementation. */
  List<String> enabledJvmCipherSuites() {
    return enabledCipherSuites(Supported.cipherSuites());
  }

  /** Whether {@code protocol} (e.g. {@code TLSv1.2}) is enabled. */
  public boolean allowsProtocol(String protocol) {
    return protocols.contains(protocol);
  }

  /**
   * Whether {@code cipherSuite} is allowed: named by this policy or, if it names none, one of
   * {@link #DEFAULT_CIPHER_SUITES}.
   */
  public boolean allowsCipherSuite(String cipherSuite) {
    return (cipherSuites.isEmpty() ? DEFAULT_CIPHER_SUITES : cipherSuites).contains(cipherSuite);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TlsPolicy
        && protocols.equals(((TlsPolicy) o).protocols)
        && cipherSuites.equals(((TlsPolicy) o).cipherSuites);
  }

  @Override
  public int hashCode() {
    return Objects.hash(protocols, cipherSuites);
  }

  @Override
  public String toString() {
    if (name != null) {
      return name;
    }
    return "TlsPolicy{protocols=" + protocols + (cipherSuites.isEmpty() ? "" : ", cipherSuites=" + cipherSuites)
        + "}";
  }

  /**
   * Whether {@code suite} (a JSSE name) is a TLSv1.3 cipher suite: TLSv1.3 names carry no key exchange
   * ({@code TLS_AES_128_GCM_SHA256}), those of TLSv1.2 and older do ({@code TLS_ECDHE_RSA_WITH_…}).
   */
  public static boolean isTls13Suite(String suite) {
    return suite.startsWith("TLS_") && !suite.contains("_WITH_");
  }

  /** The first of {@code protocols} none of {@code suites} can be used with, if any. */
  private static Optional<String> protocolWithoutSuite(List<String> protocols, List<String> suites) {
    for (String protocol : protocols) {
      boolean tls13 = TLS_V1_3.equals(protocol);
      if (suites.stream().noneMatch(s -> isTls13Suite(s) == tls13)) {
        return Optional.of(protocol);
      }
    }
    return Optional.empty();
  }

  /** Builder of {@link TlsPolicy}; setters reject malformed values, {@link #build()} checks consistency. */
  public static final class Builder {

    private List<String> protocols;
    private List<String> cipherSuites;

    private Builder(TlsPolicy from) {
      this.protocols = from.protocols;
      this.cipherSuites = from.cipherSuites;
    }

    /**
     * Enabled protocol versions, most preferred first. If unset: {@code TLSv1.3, TLSv1.2}.
     *
     * @throws IllegalArgumentException if empty or if a version is not {@code TLSv1.3} or {@code TLSv1.2}
     */
    public Builder protocols(String... protocols) {
      if (protocols == null || protocols.length == 0) {
        throw new IllegalArgumentException("protocols must not be empty");
      }
      Set<String> checked = new LinkedHashSet<>();
      for (String p : protocols) {
        if (p == null) {
          throw new IllegalArgumentException("protocols must not contain null");
        }
        if (!TLS_V1_3.equals(p) && !TLS_V1_2.equals(p)) {
          throw new IllegalArgumentException(
              "invalid protocol: '" + ControlCharacters.escape(p)
                  + "' (must be TLSv1.3 or TLSv1.2; older versions are not allowed)");
        }
        checked.add(p);
      }
      this.protocols = List.copyOf(checked);
      return this;
    }

    /**
     * Enabled cipher suites in preference order (JSSE names), replacing {@link #DEFAULT_CIPHER_SUITES}. If unset
     * or empty: {@link #DEFAULT_CIPHER_SUITES}.
     *
     * @throws IllegalArgumentException if a suite is unknown to this JVM or weak
     */
    public Builder cipherSuites(String... cipherSuites) {
      if (cipherSuites == null) {
        throw new IllegalArgumentException("cipherSuites must not be null");
      }
      Set<String> supported = Supported.cipherSuites();
      Set<String> checked = new LinkedHashSet<>();
      for (String suite : cipherSuites) {
        if (suite == null) {
          throw new IllegalArgumentException("cipherSuites must not contain null");
        }
        String weakness = weakness(suite);
        if (weakness != null) {
          throw new IllegalArgumentException(
              "invalid cipher suite: '" + ControlCharacters.escape(suite) + "' (" + weakness + ")");
        }
        if (!supported.contains(suite)) {
          throw new IllegalArgumentException(
              "invalid cipher suite: '" + ControlCharacters.escape(suite) + "' (not supported by this JVM)");
        }
        checked.add(suite);
      }
      this.cipherSuites = List.copyOf(checked);
      return this;
    }

    private static String weakness(String suite) {
      if (suite.endsWith("_SCSV")) {
        return "a signalling value, not a cipher suite";
      }
      for (String marker : WEAK_MARKERS) {
        if (suite.contains(marker)) {
          return "uses " + marker.replace("_", "") + ", which is broken";
        }
      }
      if (suite.startsWith("TLS_RSA_")
          || suite.startsWith("TLS_DH_")
          || suite.startsWith("TLS_ECDH_")
          || suite.startsWith("SSL_")) {
        return "no forward secrecy";
      }
      return null;
    }

    /**
     * Checks that every enabled protocol has a usable cipher suite.
     *
     * @throws IllegalArgumentException if an enabled protocol would have no cipher suite
     */
    public TlsPolicy build() {
      if (!cipherSuites.isEmpty()) {
        Optional<String> lacking = protocolWithoutSuite(protocols, cipherSuites);
        if (lacking.isPresent()) {
          throw new IllegalArgumentException(
              "invalid cipherSuites: " + cipherSuites + " (none is usable with " + lacking.get() + ")");
        }
      }
      List<String> p = Collections.unmodifiableList(new ArrayList<>(protocols));
      List<String> c = Collections.unmodifiableList(new ArrayList<>(cipherSuites));
      if (c.isEmpty() && p.equals(MODERN.protocols)) {
        return MODERN;
      }
      if (c.isEmpty() && p.equals(TLS13_ONLY.protocols)) {
        return TLS13_ONLY;
      }
      return new TlsPolicy(null, p, c);
    }
  }

  /** The JVM's supported cipher suites, computed once. */
  private static final class Supported {
    private static volatile Set<String> suites;

    static Set<String> cipherSuites() {
      Set<String> s = suites;
      if (s == null) {
        try {
          s = Set.copyOf(Arrays.asList(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites()));
        } catch (NoSuchAlgorithmException e) {
          throw new IllegalStateException("this JVM has no default TLS implementation", e);
        }
        suites = s;
      }
      return s;
    }
  }
}
