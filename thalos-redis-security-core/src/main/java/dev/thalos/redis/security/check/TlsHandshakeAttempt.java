package dev.thalos.redis.security.check;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The answer to "would the server negotiate one of these?": the outcome of one TLS handshake attempt a
 * {@link RedisProbe} made with {@link RedisProbe#attemptTlsHandshake(List, List)}, offering only the given
 * protocols and cipher suites. Either the server chose a protocol and suite from the offer ({@link #accepted()}),
 * or it refused the offer (a handshake alert or a closed connection before it chose).
 *
 * <pre>{@code
 * TlsHandshakeAttempt a = probe.attemptTlsHandshake(List.of("TLSv1.2"), List.of("TLS_RSA_WITH_AES_128_GCM_SHA256"));
 * if (a.accepted()) { ... a.cipherSuite().get() ... }
 * }</pre>
 *
 * <p>Immutable.
 */
public final class TlsHandshakeAttempt {

  private final String protocol;
  private final String cipherSuite;
  private final String serverKeyAlgorithm;
  private final String refusal;

  private TlsHandshakeAttempt(String protocol, String cipherSuite, String serverKeyAlgorithm, String refusal) {
    this.protocol = protocol;
    this.cipherSuite = cipherSuite;
    this.serverKeyAlgorithm = serverKeyAlgorithm;
    this.refusal = refusal;
  }

  /**
   * The server chose {@code protocol} and {@code cipherSuite} (JSSE names) from the offer.
   *
   * @param serverKeyAlgorithm the public key algorithm of the certificate the server presented (e.g. {@code RSA},
   *     {@code EC}), or null if unknown
   */
  public static TlsHandshakeAttempt accepted(String protocol, String cipherSuite, String serverKeyAlgorithm) {
    Objects.requireNonNull(protocol, "protocol must not be null");
    Objects.requireNonNull(cipherSuite, "cipherSuite must not be null");
    return new TlsHandshakeAttempt(protocol, cipherSuite, serverKeyAlgorithm, null);
  }

  /**
   * The server refused the offer.
   *
   * @param reason what the client saw, e.g. {@code "handshake_failure alert"}; must not contain secrets
   */
  public static TlsHandshakeAttempt refused(String reason) {
    Objects.requireNonNull(reason, "reason must not be null");
    return new TlsHandshakeAttempt(null, null, null, reason);
  }

  /** Whether the server chose a protocol and cipher suite from the offer. */
  public boolean accepted() {
    return refusal == null;
  }

  /** The protocol the server chose; empty if it refused. */
  public Optional<String> protocol() {
    return Optional.ofNullable(protocol);
  }

  /** The cipher suite the server chose; empty if it refused. */
  public Optional<String> cipherSuite() {
    return Optional.ofNullable(cipherSuite);
  }

  /** The key algorithm of the certificate the server presented, if it got that far and the prober knows it. */
  public Optional<String> serverKeyAlgorithm() {
    return Optional.ofNullable(serverKeyAlgorithm);
  }

  /** Why the server did not accept the offer; empty if it accepted. */
  public Optional<String> refusal() {
    return Optional.ofNullable(refusal);
  }

  @Override
  public String toString() {
    return accepted() ? "TlsHandshakeAttempt[accepted " + protocol + " " + cipherSuite + "]"
        : "TlsHandshakeAttempt[refused: " + refusal + "]";
  }
}
