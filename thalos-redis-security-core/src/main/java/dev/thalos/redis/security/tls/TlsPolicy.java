package dev.thalos.redis.security.tls;

import dev.thalos.redis.security.internal.ControlCharacters;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * Which TLS protocol versions and cipher suites a connection may negotiate. Start from a preset:
 * <ul>
 *   <li>{@link #MODERN} — TLSv1.3 and TLSv1.2 with the JVM's default cipher suites (the default);</li>
 *   <li>{@link #TLS13_ONLY} — TLSv1.3 only (Redis {@code tls-protocols "TLSv1.3"}).</li>
 * </ul>
 * Versions below TLSv1.2 cannot be expressed: {@link Builder#protocols(String...)} rejects {@code TLSv1.1},
 * {@code TLSv1}, {@code SSLv3} and anything else that is not {@code TLSv1.3} or {@code TLSv1.2}. An explicit
 * cipher suite list must name suites this JVM supports, with forward secrecy and without broken primitives
 * (no NULL, anon, EXPORT, RC4, DES, 3DES, MD5 or static RSA/DH key exchange), and must contain at least one
 * suite for every enabled protocol version.
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

  /** TLSv1.3 and TLSv1.2, JVM default cipher suites. The default of {@link TlsSettings}. */
  public static final TlsPolicy MODERN = new TlsPolicy("MODERN", List.of(TLS_V1_3, TLS_V1_2), List.of());

  /** TLSv1.3 only, JVM default cipher suites. */
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

  /** Enabled cipher suites in preference order; empty means the JVM's defaults for {@link #protocols()}. */
  public List<String> cipherSuites() {
    return cipherSuites;
  }

  /** Whether {@code protocol} (e.g. {@code TLSv1.2}) is enabled. */
  public boolean allowsProtocol(String protocol) {
    return protocols.contains(protocol);
  }

  /** Whether {@code cipherSuite} is allowed: always when no explicit list was given. */
  public boolean allowsCipherSuite(String cipherSuite) {
    return cipherSuites.isEmpty() || cipherSuites.contains(cipherSuite);
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

  static boolean isTls13Suite(String suite) {
    return suite.startsWith("TLS_") && !suite.contains("_WITH_");
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
     * Enabled cipher suites in preference order (JSSE names). If unset or empty: the JVM's defaults.
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
        for (String protocol : protocols) {
          boolean tls13 = TLS_V1_3.equals(protocol);
          boolean any = cipherSuites.stream().anyMatch(s -> isTls13Suite(s) == tls13);
          if (!any) {
            throw new IllegalArgumentException(
                "invalid cipherSuites: " + cipherSuites + " (none is usable with " + protocol + ")");
          }
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
