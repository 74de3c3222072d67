package dev.thalos.redis.security.benchmarks;

/** How the benchmarks reach redis-server. */
enum Transport {
  /** The plaintext port. */
  PLAINTEXT,
  /** The TLS port; the client verifies the server, presents no certificate. */
  TLS,
  /** The TLS port; the client also presents a certificate (mutual TLS). */
  MTLS;

  boolean isTls() {
    return this != PLAINTEXT;
  }

  String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
