package dev.thalos.redis.security.endpoint;

import static dev.thalos.redis.security.endpoint.ThalosRedisEndpoint.*;

import dev.thalos.redis.security.auth.SecretSource;
import dev.thalos.redis.security.channel.ThalosNamespace;
import dev.thalos.redis.security.internal.ControlCharacters;
import dev.thalos.redis.security.tls.ClientIdentity;
import dev.thalos.redis.security.tls.TlsSettings;
import dev.thalos.redis.security.tls.TrustAnchors;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a {@link ThalosRedisEndpoint} from the documented environment variables. */
final class EndpointEnvironment {

  private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

  private EndpointEnvironment() {}

  static ThalosRedisEndpoint read(Map<String, String> env) {
    if (env == null) {
      throw new IllegalArgumentException("environment must not be null");
    }
    String uri = get(env, ENV_URI);
    if (uri == null) {
      throw new IllegalArgumentException("environment variable " + ENV_URI + " must be set, e.g. "
          + "rediss://thalos-client@redis.example:6380");
    }
    ThalosRedisEndpoint.Builder builder = ThalosRedisEndpoint.builder();
    apply(ENV_URI, () -> builder.uri(uri));
    String user = get(env, ENV_USER);
    if (user != null) {
      apply(ENV_USER, () -> builder.user(user));
    }
    secret(env, ENV_PASSWORD_FILE, ENV_PASSWORD).ifPresent(builder::password);
    String sentinelUser = get(env, ENV_SENTINEL_USER);
    if (sentinelUser != null) {
      apply(ENV_SENTINEL_USER, () -> builder.sentinelUser(sentinelUser));
    }
    secret(env, ENV_SENTINEL_PASSWORD_FILE, ENV_SENTINEL_PASSWORD).ifPresent(builder::sentinelPassword);
    if (isTrue(env, ENV_INSECURE_PLAINTEXT)) {
      builder.plaintextInsecure();
    }
    TlsSettings tls = tls(env);
    if (tls != null) {
      builder.tls(tls);
    }
    String namespace = get(env, ENV_NAMESPACE);
    if (namespace != null) {
      apply(ENV_NAMESPACE, () -> builder.namespace(namespace(namespace)));
    }
    String role = get(env, ENV_ROLE);
    if (role != null) {
      apply(ENV_ROLE, () -> builder.role(ThalosRole.fromLabel(role)));
    }
    String connect = get(env, ENV_CONNECT_TIMEOUT);
    if (connect != null) {
      apply(ENV_CONNECT_TIMEOUT, () -> builder.connectTimeout(duration(connect)));
    }
    String command = get(env, ENV_COMMAND_TIMEOUT);
    if (command != null) {
      apply(ENV_COMMAND_TIMEOUT, () -> builder.commandTimeout(duration(command)));
    }
    return builder.build();
  }

  /** TLS settings if any TLS variable is set, else null (the endpoint then uses the defaults). */
  private static TlsSettings tls(Map<String, String> env) {
    String ca = get(env, ENV_CA);
    String cert = get(env, ENV_CERT);
    String key = get(env, ENV_KEY);
    String keyPasswordFile = get(env, ENV_KEY_PASSWORD_FILE);
    String protocols = get(env, ENV_TLS_PROTOCOLS);
    String ciphers = get(env, ENV_TLS_CIPHERS);
    String serverName = get(env, ENV_TLS_SERVER_NAME);
    String pins = get(env, ENV_TLS_PINS);
    String verify = get(env, ENV_INSECURE_TLS_VERIFY);
    if (ca == null && cert == null && key == null && keyPasswordFile == null && protocols == null
        && ciphers == null && serverName == null && pins == null && verify == null) {
      return null;
    }
    if (isTrue(env, ENV_INSECURE_PLAINTEXT)) {
      throw new IllegalArgumentException("environment variable " + ENV_INSECURE_PLAINTEXT
          + " is true while TLS variables (THALOS_REDIS_CA, _CERT, _KEY, _TLS_*) are set; choose one");
    }
    TlsSettings.Builder tls = TlsSettings.builder();
    if (ca != null) {
      tls.trustAnchors(TrustAnchors.pemFile(path(ENV_CA, ca)));
    }
    if ((cert == null) != (key == null)) {
      throw new IllegalArgumentException(
          "environment variables " + ENV_CERT + " and " + ENV_KEY + " must be set together");
    }
    if (keyPasswordFile != null && key == null) {
      throw new IllegalArgumentException(
          "environment variable " + ENV_KEY_PASSWORD_FILE + " is set but " + ENV_KEY + " is not");
    }
    if (cert != null) {
      Path certFile = path(ENV_CERT, cert);
      Path keyFile = path(ENV_KEY, key);
      tls.clientIdentity(ClientIdentity.pemFiles(certFile, keyFile,
          keyPasswordFile == null ? null : SecretSource.fromFile(path(ENV_KEY_PASSWORD_FILE, keyPasswordFile))));
    }
    if (protocols != null) {
      apply(ENV_TLS_PROTOCOLS, () -> tls.protocols(list(protocols)));
    }
    if (ciphers != null) {
      apply(ENV_TLS_CIPHERS, () -> tls.cipherSuites(list(ciphers)));
    }
    if (serverName != null) {
      apply(ENV_TLS_SERVER_NAME, () -> tls.serverName(serverName));
    }
    if (pins != null) {
      apply(ENV_TLS_PINS, () -> tls.pins(list(pins)));
    }
    if (verify != null) {
      switch (verify.toLowerCase(Locale.ROOT)) {
        case "ca":
          tls.insecureSkipHostnameVerification();
          break;
        case "none":
          tls.insecureTrustAnyCertificate();
          break;
        case "full":
          tls.verifyFully();
          break;
        default:
          throw new IllegalArgumentException("invalid environment variable " + ENV_INSECURE_TLS_VERIFY + ": '"
              + ControlCharacters.escape(verify) + "' (must be full, ca or none)");
      }
    }
    return tls.build();
  }

  static ThalosNamespace namespace(String value) {
    int sep = value.indexOf("::");
    if (sep < 0) {
      return ThalosNamespace.of(value);
    }
    String prefix = value.substring(0, sep);
    String chain = value.substring(sep + 2);
    if (chain.contains("::")) {
      throw new IllegalArgumentException(
          "invalid namespace: '" + ControlCharacters.escape(value) + "' (must be prefix::chain or chain)");
    }
    return ThalosNamespace.of(prefix, chain);
  }

  static Duration duration(String value) {
    Matcher m = SIMPLE_DURATION.matcher(value);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      switch (m.group(2)) {
        case "ms":
          return Duration.ofMillis(n);
        case "s":
          return Duration.ofSeconds(n);
        case "m":
          return Duration.ofMinutes(n);
        default:
          return Duration.ofHours(n);
      }
    }
    try {
      return Duration.parse(value);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "invalid duration: '" + ControlCharacters.escape(value) + "' (use e.g. 500ms, 10s, 2m or PT10S)", e);
    }
  }

  /**
   * {@code value} of {@code variable} as a path; a value the file system cannot name (a NUL, say) is rejected
   * naming the variable, quoting the value escaped.
   */
  static Path path(String variable, String value) {
    try {
      return Path.of(value);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("invalid environment variable " + variable + ": '"
          + ControlCharacters.escape(value) + "' (must be a valid file path: "
          + ControlCharacters.escape(e.getReason()) + ")", e);
    }
  }

  private static String[] list(String value) {
    return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toArray(String[]::new);
  }

  private static boolean isTrue(Map<String, String> env, String name) {
    String value = get(env, name);
    if (value == null) {
      return false;
    }
    if (value.equalsIgnoreCase("true")) {
      return true;
    }
    if (value.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException(
        "invalid environment variable " + name + ": '" + ControlCharacters.escape(value)
            + "' (must be true or false)");
  }

  /** The secret in file {@code fileVariable} or in variable {@code valueVariable}; refused if both are set. */
  private static Optional<SecretSource> secret(Map<String, String> env, String fileVariable, String valueVariable) {
    String file = get(env, fileVariable);
    String value = env.get(valueVariable);
    if (file != null && value != null) {
      throw new IllegalArgumentException(
          "environment variables " + fileVariable + " and " + valueVariable + " are both set; use one");
    }
    if (file != null) {
      return Optional.of(SecretSource.fromFile(path(fileVariable, file)));
    }
    return value != null ? Optional.of(SecretSource.fromEnvironment(valueVariable, env)) : Optional.empty();
  }

  /** The trimmed value, or null when unset or blank. */
  private static String get(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    return value.trim();
  }

  /** Runs {@code setter}; prefixes a rejection with the variable's name. */
  private static void apply(String variable, Runnable setter) {
    try {
      setter.run();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("environment variable " + variable + ": " + e.getMessage(), e);
    }
  }
}
