package dev.thalos.redis.security.auth;

import dev.thalos.redis.security.internal.LoneSurrogates;

/**
 * A Redis ACL user name and where its password comes from, for {@code AUTH <user> <password>} (or
 * {@code HELLO 3 AUTH ...}). The password source is resolved when a connection authenticates, never to print
 * or compare this object; {@link #toString()} shows only the user and the source's description.
 *
 * <pre>{@code
 * AclCredentials client =
 *     AclCredentials.of("thalos-client", SecretSource.fromFile(Path.of("/run/secrets/thalos-client")));
 * }</pre>
 *
 * <p>Immutable; {@link #close()} closes the password source (wiping an inline password).
 */
public final class AclCredentials implements AutoCloseable {

  /** The name of Redis' built-in user that unauthenticated connections run as. */
  public static final String DEFAULT_USER = "default";

  private final String user;
  private final SecretSource password;

  private AclCredentials(String user, SecretSource password) {
    this.user = user;
    this.password = password;
  }

  /**
   * Credentials for ACL user {@code user}.
   *
   * @throws IllegalArgumentException if {@code user} is null, empty, or contains whitespace or control
   *     characters (which Redis ACL files cannot express) or a lone surrogate (which UTF-8, the encoding the name
   *     is sent to Redis in, cannot express), or if {@code password} is null
   */
  public static AclCredentials of(String user, SecretSource password) {
    return new AclCredentials(checkUser(user), checkPassword(password));
  }

  /** Credentials for Redis' {@value #DEFAULT_USER} user (what a password-only {@code AUTH} authenticates). */
  public static AclCredentials defaultUser(SecretSource password) {
    return of(DEFAULT_USER, password);
  }

  /**
   * Checks an ACL user name and returns it. Redis takes any bytes but spaces and NUL as a user name; this API
   * takes text, sent as UTF-8, so a name must also be well-formed Unicode: a lone surrogate has no UTF-8 form
   * (Java would send {@code ?} instead, the name of another user).
   *
   * @throws IllegalArgumentException naming the rule that failed
   */
  public static String checkUser(String user) {
    if (user == null) {
      throw new IllegalArgumentException("user must not be null");
    }
    if (user.isEmpty()) {
      throw new IllegalArgumentException("user must not be empty");
    }
    int lone = LoneSurrogates.indexIn(user);
    for (int i = 0; i < (lone < 0 ? user.length() : lone); i++) {
      char c = user.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
        throw new IllegalArgumentException(
            "invalid user: '" + shown(user) + "' (must not contain whitespace or control characters)");
      }
    }
    if (lone >= 0) {
      throw new IllegalArgumentException(
          "invalid user: '" + shown(user) + "' (must not contain a lone surrogate, which UTF-8 cannot encode)");
    }
    return user;
  }

  /** {@code user} for a message: control characters and lone surrogates as {@code \}{@code uXXXX} escapes. */
  private static String shown(String user) {
    return LoneSurrogates.escape(user);
  }

  private static SecretSource checkPassword(SecretSource password) {
    if (password == null) {
      throw new IllegalArgumentException("password must not be null");
    }
    return password;
  }

  /** The ACL user name. */
  public String user() {
    return user;
  }

  /** Where the password comes from; resolve it only to authenticate. */
  public SecretSource password() {
    return password;
  }

  /** Whether these are credentials of Redis' {@value #DEFAULT_USER} user. */
  public boolean isDefaultUser() {
    return DEFAULT_USER.equals(user);
  }

  /** Closes the password source. */
  @Override
  public void close() {
    password.close();
  }

  @Override
  public String toString() {
    return "AclCredentials{user=" + user + ", password=" + password.description() + "}";
  }
}
