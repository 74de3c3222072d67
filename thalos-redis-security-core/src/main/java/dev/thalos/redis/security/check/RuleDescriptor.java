package dev.thalos.redis.security.check;

import java.util.Objects;

/** The identity of a {@link Rule} as recorded in a {@link CheckReport}: id, title, severity and description. */
public final class RuleDescriptor {

  private final String id;
  private final String title;
  private final Severity severity;
  private final String description;

  private RuleDescriptor(String id, String title, Severity severity, String description) {
    this.id = id;
    this.title = title;
    this.severity = severity;
    this.description = description;
  }

  /** Describes {@code rule}, checking that its id is well formed and its title and description are set. */
  public static RuleDescriptor of(Rule rule) {
    Objects.requireNonNull(rule, "rule must not be null");
    return of(rule.id(), rule.title(), rule.severity(), rule.description());
  }

  /**
   * @throws IllegalArgumentException if the id is not lower-case words joined by {@code .} or {@code -}
   */
  public static RuleDescriptor of(String id, String title, Severity severity, String description) {
    checkId(id);
    Objects.requireNonNull(title, "title must not be null");
    Objects.requireNonNull(severity, "severity must not be null");
    Objects.requireNonNull(description, "description must not be null");
    if (title.isBlank()) {
      throw new IllegalArgumentException("invalid title of rule " + id + ": must not be blank");
    }
    return new RuleDescriptor(id, title, severity, description);
  }

  /** Lower-case words joined by {@code .} or {@code -}, e.g. {@code live.server.version}. */
  private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[a-z0-9]+([.-][a-z0-9]+)*");

  /** Whether {@code id} has the form of a rule id. */
  static boolean isWellFormedId(String id) {
    return ID.matcher(id).matches();
  }

  static String checkId(String id) {
    Objects.requireNonNull(id, "rule id must not be null");
    if (!isWellFormedId(id)) {
      throw new IllegalArgumentException(
          "invalid rule id: " + id + " (must be lower-case words joined by '.' or '-')");
    }
    return id;
  }

  public String id() {
    return id;
  }

  public String title() {
    return title;
  }

  public Severity severity() {
    return severity;
  }

  public String description() {
    return description;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof RuleDescriptor)) {
      return false;
    }
    RuleDescriptor r = (RuleDescriptor) o;
    return id.equals(r.id) && title.equals(r.title) && severity == r.severity
        && description.equals(r.description);
  }

  @Override
  public int hashCode() {
    return id.hashCode();
  }

  @Override
  public String toString() {
    return id + " [" + severity.label() + "] " + title;
  }
}
