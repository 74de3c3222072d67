package dev.thalos.redis.security.auth;

import dev.thalos.redis.security.ThalosSecurityException;

/**
 * A password or user name could not be obtained from its source. The message names the source (file path or
 * variable name) and the rule that failed; it never contains the secret itself.
 *
 * <p>Reason codes:
 * <ul>
 *   <li>{@code auth.file-missing} — the secret file does not exist or is not a regular file.</li>
 *   <li>{@code auth.file-permissions} — the secret file can be read or written by its group or by others
 *       (POSIX mode bits {@code 077}); restrict it with {@code chmod 600}.</li>
 *   <li>{@code auth.file-unreadable} — the secret file exists but could not be read, is too large, or is not
 *       valid UTF-8.</li>
 *   <li>{@code auth.env-missing} — the environment variable that should hold the secret is not set.</li>
 *   <li>{@code auth.secret-empty} — the source yielded an empty secret.</li>
 *   <li>{@code auth.secret-unencodable} — the source yielded a password with a lone surrogate (half of a UTF-16
 *       surrogate pair without the other half), which UTF-8 cannot encode: Java would send {@code ?} in its
 *       place, a different password.</li>
 * </ul>
 */
public final class CredentialsException extends ThalosSecurityException {

  private static final long serialVersionUID = 1L;

  /** The secret file does not exist or is not a regular file. */
  public static final String FILE_MISSING = "auth.file-missing";
  /** The secret file is accessible to its group or to others. */
  public static final String FILE_PERMISSIONS = "auth.file-permissions";
  /** The secret file could not be read, is too large or is not UTF-8. */
  public static final String FILE_UNREADABLE = "auth.file-unreadable";
  /** The environment variable is not set. */
  public static final String ENV_MISSING = "auth.env-missing";
  /** The source yielded an empty secret. */
  public static final String SECRET_EMPTY = "auth.secret-empty";
  /** The source yielded a password with a lone surrogate, which UTF-8 cannot encode. */
  public static final String SECRET_UNENCODABLE = "auth.secret-unencodable";

  CredentialsException(String reason, String message, Throwable cause) {
    super(reason, message, cause);
  }

  CredentialsException(String reason, String message) {
    super(reason, message);
  }
}
