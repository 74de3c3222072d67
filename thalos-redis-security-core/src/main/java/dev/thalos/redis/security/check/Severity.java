package dev.thalos.redis.security.check;

import dev.thalos.redis.security.internal.ControlCharacters;
import java.util.Locale;

/**
 * How much a failed rule matters, from {@link #INFO} to {@link #CRITICAL}. Ordered: {@code compareTo} and
 * {@link #atLeast(Severity)} follow the declaration order.
 */
public enum Severity {
  /** Worth knowing; never a risk by itself. */
  INFO,
  /** Hardening advice; a small risk or one that needs another mistake to matter. */
  LOW,
  /** A real weakness that needs an attacker with some access (e.g. on the private network). */
  MEDIUM,
  /** Data or the service can be read, changed or stopped by someone who should not be able to. */
  HIGH,
  /** Anyone who can reach the port owns the instance. */
  CRITICAL;

  /** Lower-case name as used in reports and in the JSON schema, e.g. {@code "high"}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether this severity is {@code other} or more severe. */
  public boolean atLeast(Severity other) {
    return compareTo(other) >= 0;
  }

  /**
   * Parses a {@link #label() label} (case-insensitive).
   *
   * @throws IllegalArgumentException naming the value when it is not one of the five labels
   */
  public static Severity parse(String label) {
    if (label != null) {
      for (Severity s : values()) {
        if (s.label().equalsIgnoreCase(label.trim())) {
          return s;
        }
      }
    }
    throw new IllegalArgumentException(
        "invalid severity: " + (label == null ? null : ControlCharacters.escape(label))
            + " (must be info, low, medium, high or critical)");
  }
}
