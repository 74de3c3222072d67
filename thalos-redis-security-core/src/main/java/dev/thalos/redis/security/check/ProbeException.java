package dev.thalos.redis.security.check;

import dev.thalos.redis.security.ThalosSecurityException;

/**
 * A probe could not get an answer a rule needs. The {@link CheckEngine} turns it into a
 * {@link Outcome#SKIPPED skipped} finding that quotes the message, so messages must not contain secrets.
 *
 * <p>Reason codes:
 * <ul>
 *   <li>{@code probe.no-permission} — Redis answered {@code NOPERM} (or {@code NOAUTH}): the connection's user
 *       may not run the command the rule needs;</li>
 *   <li>{@code probe.unsupported} — the server does not know the command (an older Redis, a renamed
 *       command);</li>
 *   <li>{@code probe.error} — any other error reply the rule cannot interpret;</li>
 *   <li>{@code probe.io} — the connection failed or timed out;</li>
 *   <li>{@code probe.unavailable} — the check has no connection to Redis (an offline audit);</li>
 *   <li>{@code probe.refused} — the command is on the engine's list of commands with side effects and was never
 *       sent (a defect in the rule).</li>
 * </ul>
 */
public class ProbeException extends ThalosSecurityException {

  private static final long serialVersionUID = 1L;

  /** Reason code: Redis said NOPERM or NOAUTH. */
  public static final String NO_PERMISSION = "probe.no-permission";
  /** Reason code: unknown command. */
  public static final String UNSUPPORTED = "probe.unsupported";
  /** Reason code: another error reply. */
  public static final String ERROR = "probe.error";
  /** Reason code: I/O failure or timeout. */
  public static final String IO = "probe.io";
  /** Reason code: no probe in the context. */
  public static final String UNAVAILABLE = "probe.unavailable";
  /** Reason code: the engine refused to send a command with side effects. */
  public static final String REFUSED = "probe.refused";

  public ProbeException(String reason, String message, Throwable cause) {
    super(reason, message, cause);
  }

  public ProbeException(String reason, String message) {
    super(reason, message);
  }
}
