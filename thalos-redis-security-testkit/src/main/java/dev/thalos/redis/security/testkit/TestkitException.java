package dev.thalos.redis.security.testkit;

import java.util.Objects;

/**
 * A failure of the test environment rather than of the calling code: {@code redis-server} is missing, refused
 * its configuration, did not become ready in time, a connection or TLS handshake failed, or Redis answered a
 * command with an error where success was required.
 *
 * <p>Every instance carries a stable {@link #reason() reason code}:
 * <ul>
 *   <li>{@code redis.binary-missing} — the {@code redis-server} executable was not found or is not executable;
 *   <li>{@code redis.start-failed} — the process exited during start-up (bad directive, unreadable file, …);
 *       the message ends with the last lines of its log;
 *   <li>{@code redis.start-timeout} — the process did not report readiness within the start timeout;
 *   <li>{@code redis.io} — the kit could not write or delete its files, or start the process;
 *   <li>{@code resp.io} — a connection to Redis failed or broke (the cause says why);
 *   <li>{@code resp.tls-handshake} — the TLS handshake failed (the cause is the {@code SSLException});
 *   <li>{@code resp.auth-failed} — {@code AUTH} was refused;
 *   <li>{@code resp.error-reply} — {@link RespClient#commandOrThrow(String...)} received an error reply;
 *   <li>{@code resp.protocol} — the reply was not valid RESP2;
 *   <li>{@code pki.failed} — a key or certificate could not be created or encoded.
 * </ul>
 * Messages never contain passwords or private keys.
 *
 * <p>The test kit does not depend on the library, so this type is independent of the library's own exception
 * hierarchy.
 */
public class TestkitException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String reason;

  /**
   * @param reason stable reason code, e.g. {@code redis.start-failed}
   * @param message what failed; must not contain secrets
   * @param cause the underlying failure, or {@code null}
   */
  public TestkitException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason must not be null");
  }

  /**
   * @param reason stable reason code, e.g. {@code redis.start-failed}
   * @param message what failed; must not contain secrets
   */
  public TestkitException(String reason, String message) {
    this(reason, message, null);
  }

  /** The stable reason code, e.g. {@code redis.start-failed}. */
  public String reason() {
    return reason;
  }
}
