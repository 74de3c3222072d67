package dev.thalos.redis.security.benchmarks;

import java.util.Locale;

/** The TLS engine on the subscriber's side (Netty's {@code SslProvider}). */
enum TlsEngine {
  /** The JDK's {@code SSLEngine} (Lettuce's and this library's default). */
  JDK,
  /** Netty's OpenSSL engine on netty-tcnative-boringssl-static. */
  OPENSSL;

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
