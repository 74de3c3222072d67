package dev.thalos.redis.security.endpoint;

import dev.thalos.redis.security.internal.ControlCharacters;
import java.util.Locale;

/** What a connection to the Thalos Redis is for; decides which ACL permissions it should have. */
public enum ThalosRole {
  /** A Thalos client (subscriber): subscribes to the channels of one namespace. The default. */
  CLIENT,
  /** The Thalos server (publisher): publishes to its namespace and keeps its cache under {@code thalos::cache::}. */
  SERVER,
  /** An operator: sets up ACLs and audits the instance. */
  ADMIN;

  /** Lower-case name, e.g. {@code client}, as used in environment variables and the CLI. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The role named {@code label} ({@code client}, {@code server} or {@code admin}, any case).
   *
   * @throws IllegalArgumentException if {@code label} names no role
   */
  public static ThalosRole fromLabel(String label) {
    if (label != null) {
      for (ThalosRole role : values()) {
        if (role.name().equalsIgnoreCase(label.trim())) {
          return role;
        }
      }
    }
    throw new IllegalArgumentException(
        "invalid role: '" + (label == null ? null : ControlCharacters.escape(label))
            + "' (must be client, server or admin)");
  }
}
