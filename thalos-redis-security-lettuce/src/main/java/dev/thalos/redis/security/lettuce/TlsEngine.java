package dev.thalos.redis.security.lettuce;

import dev.thalos.redis.security.tls.TlsPolicy;
import dev.thalos.redis.security.tls.TlsSettings;
import io.netty.handler.ssl.OpenSsl;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The TLS implementation of a connection's Netty pipeline (Lettuce's {@code SslOptions} provider). Both use the
 * same trust manager (verify mode, host name check, pins, policy), key manager, protocols, cipher suites and
 * SNI from the endpoint's {@link dev.thalos.redis.security.tls.TlsSettings}; only the record layer differs.
 *
 * <p>One policy the OpenSSL engine cannot carry out: BoringSSL (netty-tcnative-boringssl-static) always offers
 * all of its TLSv1.3 cipher suites ({@value #BORINGSSL_TLS13_SUITES}), whatever it is told, and its engine
 * shows the trust manager no cipher suite during the handshake. A {@link TlsPolicy} that allows TLSv1.3 but not
 * all of these suites is therefore refused for {@link #OPENSSL} (whichever library netty-tcnative was built
 * with) by an {@link IllegalArgumentException} before any connection is made, rather than a connection that
 * negotiates a suite the policy does not allow. TLSv1.2 cipher suite lists and protocol versions are enforced
 * by both engines alike. A policy that names no suites is carried out by both: each engine is given those of
 * {@link TlsPolicy#DEFAULT_CIPHER_SUITES} it supports (never its own defaults, which include static-RSA and CBC
 * suites), and that list holds all of BoringSSL's TLSv1.3 suites.
 *
 * <ul>
 *   <li>{@link #JDK}: the JDK's {@code SSLEngine}. No extra dependency. The default. A {@link ThalosSubscriber} on
 *       its own Lettuce resources hands it the ciphertext in heap buffers: the JDK decrypts AES-GCM from arrays
 *       with its vectorised intrinsics but from the direct buffers Netty reads into through a slower path.</li>
 *   <li>{@link #OPENSSL}: Netty's OpenSSL engine on netty-tcnative, which must be on the class path (e.g.
 *       {@code io.netty:netty-tcnative-boringssl-static:2.0.84.Final}, classifier {@code linux-x86_64}, for the
 *       Netty 4.2 that Lettuce 7.7 uses). For high-rate TLS subscribers: in this project's benchmark a saturated
 *       subscriber needed 14–19 % less event-loop CPU time per message than with the JDK engine and received
 *       0.835–0.867× its plaintext rate (JDK engine: 0.74–0.75×; see {@code benchmarks/README.md}). Opt-in,
 *       because it adds a native library.</li>
 * </ul>
 *
 * <pre>{@code
 * ThalosSubscriber subscriber = ThalosSubscriber.builder(endpoint)
 *     .channels(wax.actions())
 *     .tlsEngine(TlsEngine.OPENSSL)     // IllegalStateException if netty-tcnative is missing
 *     .listener(listener)
 *     .build();
 * }</pre>
 */
public enum TlsEngine {

  /** The JDK's {@code SSLEngine}; the default. */
  JDK,

  /** Netty's OpenSSL engine over netty-tcnative (BoringSSL); needs netty-tcnative on the class path. */
  OPENSSL;

  /** BoringSSL's TLSv1.3 cipher suites, which it always offers (JSSE names, comma-separated). */
  static final String BORINGSSL_TLS13_SUITES =
      "TLS_AES_128_GCM_SHA256,TLS_AES_256_GCM_SHA384,TLS_CHACHA20_POLY1305_SHA256";

  /** Whether this engine can be used in this JVM (always for {@link #JDK}). */
  public boolean isAvailable() {
    return this == JDK || OpenSsl.isAvailable();
  }

  /**
   * Returns this engine if it is available.
   *
   * @throws IllegalStateException naming the cause if {@link #OPENSSL} is asked for without netty-tcnative
   */
  TlsEngine requireAvailable() {
    if (!isAvailable()) {
      Throwable cause = OpenSsl.unavailabilityCause();
      throw new IllegalStateException("invalid tlsEngine: OPENSSL is not available (add netty-tcnative, e.g."
          + " io.netty:netty-tcnative-boringssl-static, to the class path): "
          + (cause == null ? "unknown cause" : cause.toString()), cause);
    }
    return this;
  }

  /**
   * The cipher suites this engine is to offer for {@code tls}: the policy's own, or those of
   * {@link TlsPolicy#DEFAULT_CIPHER_SUITES} this engine supports. Never empty, so the engine never falls back to
   * its own defaults.
   *
   * @throws IllegalStateException if the policy names no suites and this engine supports none of the default
   *     suites of an enabled protocol version
   */
  List<String> cipherSuites(TlsSettings tls) {
    return this == JDK ? tls.cipherSuites() : tls.policy().enabledCipherSuites(OpenSsl.availableJavaCipherSuites());
  }

  /**
   * Returns this engine if it negotiates only what {@code policy} allows.
   *
   * @throws IllegalArgumentException if this is {@link #OPENSSL} and the policy allows TLSv1.3 but not one of
   *     the TLSv1.3 suites BoringSSL (or the library netty-tcnative was built with) offers regardless
   */
  TlsEngine requireEnforceable(TlsPolicy policy) {
    // also a policy without suites (DEFAULT_CIPHER_SUITES): it allows every TLSv1.3 suite BoringSSL offers, but
    // another netty-tcnative build may offer more (e.g. CCM), which must fail closed as well
    if (this != OPENSSL || !policy.allowsProtocol(TlsPolicy.TLS_V1_3)) {
      return this;
    }
    // also for other netty-tcnative builds (OpenSSL, AWS-LC): only BoringSSL's behaviour is tested, so fail closed
    String library = String.valueOf(OpenSsl.versionString());
    Set<String> offered = new LinkedHashSet<>(List.of(BORINGSSL_TLS13_SUITES.split(",")));
    for (String suite : OpenSsl.availableJavaCipherSuites()) {
      if (TlsPolicy.isTls13Suite(suite)) {
        offered.add(suite);
      }
    }
    List<String> notAllowed = new ArrayList<>();
    for (String suite : offered) {
      if (!policy.allowsCipherSuite(suite)) {
        notAllowed.add(suite);
      }
    }
    if (!notAllowed.isEmpty()) {
      throw new IllegalArgumentException("invalid tlsEngine: OPENSSL cannot restrict TLSv1.3 cipher suites to those"
          + " of the TLS policy " + policy + ": " + library + " always offers " + offered + ", and " + notAllowed
          + " are not allowed (use TlsEngine.JDK, or a policy that allows all of them or only TLSv1.2)");
    }
    return this;
  }
}
