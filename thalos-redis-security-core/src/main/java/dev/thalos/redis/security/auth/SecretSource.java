package dev.thalos.redis.security.auth;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where a secret comes from. {@link #resolve()} fetches the current value on every call, so a password that is
 * rotated in its file or variable takes effect on the next connection without rebuilding anything.
 *
 * <p>Implementations never resolve themselves to print: {@link #description()} (and {@code toString()}) say
 * where the secret lives — {@code file /run/secrets/redis}, {@code environment variable REDIS_PASSWORD},
 * {@code inline value} — and never what it is.
 *
 * <pre>{@code
 * SecretSource password = SecretSource.fromFile(Path.of("/run/secrets/thalos-client"));
 * try (Secret current = password.resolve()) {
 *   ...
 * }
 * }</pre>
 */
public interface SecretSource extends AutoCloseable {

  /**
   * The current value. The caller owns the returned secret and closes it after use.
   *
   * @throws CredentialsException if the source cannot supply a non-empty value now, or if the value holds a lone
   *     surrogate, which UTF-8 cannot encode (reason {@code auth.secret-unencodable}; a file that is not valid
   *     UTF-8 is {@code auth.file-unreadable})
   */
  Secret resolve();

  /** Where the secret lives, without its value, e.g. {@code file /run/secrets/redis}. */
  String description();

  /** Releases what the source holds: an inline source wipes its copy. Idempotent; the default does nothing. */
  @Override
  default void close() {}

  /**
   * A source holding a copy of {@code chars} (wipe your own array afterwards). {@link #close()} wipes the copy.
   *
   * @throws IllegalArgumentException if {@code chars} is null or empty, or holds a lone surrogate (half of a UTF-16
   *     surrogate pair without the other half), which UTF-8 cannot encode; the message shows no part of it
   */
  static SecretSource of(char[] chars) {
    if (chars == null) {
      throw new IllegalArgumentException("secret must not be null");
    }
    if (chars.length == 0) {
      throw new IllegalArgumentException("secret must not be empty");
    }
    return new InlineSecretSource(Secret.of(chars));
  }

  /**
   * A source reading the process environment variable {@code name} on every {@link #resolve()}. The value is
   * used as is (no trimming). The JVM keeps environment values as immutable strings that cannot be wiped, and
   * other processes of the same user may read a process' environment; prefer {@link #fromFile(Path)}.
   *
   * @throws IllegalArgumentException if {@code name} is null, empty or contains {@code =} or NUL
   */
  static SecretSource fromEnvironment(String name) {
    return new EnvironmentSecretSource(name, System.getenv());
  }

  /**
   * Like {@link #fromEnvironment(String)}, reading from {@code environment} instead of the process
   * environment (for tests and for configuration maps).
   */
  static SecretSource fromEnvironment(String name, Map<String, String> environment) {
    if (environment == null) {
      throw new IllegalArgumentException("environment must not be null");
    }
    return new EnvironmentSecretSource(name, environment);
  }

  /**
   * A source reading {@code file} on every {@link #resolve()}. The file must be a regular UTF-8 text file of at
   * most 64 KiB; one trailing line break ({@code \n} or {@code \r\n}) is removed. On file systems with POSIX
   * permissions the file must not be accessible to its group or to others (mode {@code 0600} or {@code 0400};
   * for Kubernetes secrets set {@code defaultMode: 0400}); otherwise {@code resolve()} refuses it with reason
   * {@code auth.file-permissions}, naming the file and its mode.
   *
   * @throws IllegalArgumentException if {@code file} is null
   */
  static SecretSource fromFile(Path file) {
    if (file == null) {
      throw new IllegalArgumentException("secret file must not be null");
    }
    return new FileSecretSource(file);
  }
}
