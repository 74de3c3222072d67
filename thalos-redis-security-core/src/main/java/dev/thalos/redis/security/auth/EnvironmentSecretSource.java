package dev.thalos.redis.security.auth;

import dev.thalos.redis.security.internal.ControlCharacters;
import dev.thalos.redis.security.internal.LoneSurrogates;
import java.util.Map;

/** A secret read from an environment variable on each use. */
final class EnvironmentSecretSource implements SecretSource {

  private final String name;
  private final Map<String, String> environment;

  EnvironmentSecretSource(String name, Map<String, String> environment) {
    if (name == null) {
      throw new IllegalArgumentException("environment variable name must not be null");
    }
    if (name.isEmpty() || name.indexOf('=') >= 0 || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException(
          "invalid environment variable name: '" + ControlCharacters.escape(name)
              + "' (must be non-empty without '=' or NUL)");
    }
    this.name = name;
    this.environment = environment;
  }

  @Override
  public Secret resolve() {
    String value = environment.get(name);
    if (value == null) {
      throw new CredentialsException(
          CredentialsException.ENV_MISSING, description() + " is not set");
    }
    if (value.isEmpty()) {
      throw new CredentialsException(
          CredentialsException.SECRET_EMPTY, description() + " is empty");
    }
    if (LoneSurrogates.indexIn(value) >= 0) {
      // checked on the string itself, before any copy; the message names the variable, never the value
      throw new CredentialsException(
          CredentialsException.SECRET_UNENCODABLE, "password in " + description() + " " + LoneSurrogates.RULE);
    }
    return Secret.adopt(value.toCharArray());
  }

  @Override
  public String description() {
    return "environment variable " + ControlCharacters.escape(name);
  }

  @Override
  public String toString() {
    return description();
  }
}
