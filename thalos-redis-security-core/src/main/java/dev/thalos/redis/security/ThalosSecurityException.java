package dev.thalos.redis.security;

import java.util.Objects;

/**
 * Root of the library's domain exceptions: failures of the environment rather than of the caller's code —
 * unreadable files and key stores, TLS handshakes that fail, Redis refusing a command ({@code NOPERM}), a
 * self-check that did not pass.
 *
 * <p>Every instance carries a stable, machine-readable {@link #reason() reason code} such as
 * {@code tls.untrusted-certificate} or {@code auth.wrong-password}; the codes are listed in the Javadoc of the
 * subclass that raises them and never change meaning between releases. Messages never contain secrets.
 *
 * <p>Programming errors (a null argument, a malformed value passed to a builder) are reported with
 * {@link IllegalArgumentException} or {@link IllegalStateException} instead.
 */
public class ThalosSecurityException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String reason;

  /**
   * @param reason stable reason code, lower case words joined by {@code .} and {@code -}
   * @param message what failed, naming the field and the rule; must not contain secrets
   * @param cause the underlying failure, or {@code null}
   */
  public ThalosSecurityException(String reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = Objects.requireNonNull(reason, "reason must not be null");
  }

  public ThalosSecurityException(String reason, String message) {
    this(reason, message, null);
  }

  /** The stable reason code, e.g. {@code tls.untrusted-certificate}. */
  public String reason() {
    return reason;
  }
}
