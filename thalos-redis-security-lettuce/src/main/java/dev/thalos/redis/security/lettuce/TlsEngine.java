package dev.thalos.redis.security.lettuce;

import io.netty.handler.ssl.OpenSsl;

/**
 * The TLS implementation of a connection's Netty pipeline (Lettuce's {@code SslOptions} provider). Both use the
 * same trust manager (verify mode, host name check, pins, policy), key manager, protocols, cipher suites and
 * SNI from the endpoint's {@link dev.thalos.redis.security.tls.TlsSettings}; only the record layer differs.
 *
 * <ul>
 *   <li>{@link #JDK}: the JDK's {@code SSLEngine}. No extra dependency. The default. A {@link ThalosSubscriber} on
 *       its own Lettuce resources hands it the ciphertext in heap buffers: the JDK decrypts AES-GCM from arrays
 *       with its vectorised intrinsics but from the direct buffers Netty reads into through a slower path.</li>
 *   <li>{@link #OPENSSL}: Netty's OpenSSL engine on netty-tcnative, which must be on the class path (e.g.
 *       {@code io.netty:netty-tcnative-boringssl-static:2.0.84.Final}, classifier {@code linux-x86_64}, for the
 *       Netty 4.2 that Lettuce 7.7 uses). For high-rate TLS subscribers: in this project's benchmark a saturated
 *       subscriber needed 14–19 % less event-loop CPU time per message than with the JDK engine and received
 *       0.835–0.854× its plaintext rate (JDK engine: 0.74–0.75×; see {@code benchmarks/README.md}). Opt-in,
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
}
