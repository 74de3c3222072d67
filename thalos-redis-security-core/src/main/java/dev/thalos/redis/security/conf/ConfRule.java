package dev.thalos.redis.security.conf;

import dev.thalos.redis.security.check.CheckContext;
import dev.thalos.redis.security.check.Finding;
import dev.thalos.redis.security.check.Rule;
import dev.thalos.redis.security.check.Severity;
import dev.thalos.redis.security.internal.ControlCharacters;
import java.util.Optional;

/** Base of the offline rules: reads the {@link AuditInput} from the context or reports itself skipped. */
abstract class ConfRule implements Rule {

  private final String id;
  private final Severity severity;
  private final String title;
  private final String description;

  ConfRule(String id, Severity severity, String title, String description) {
    this.id = id;
    this.severity = severity;
    this.title = title;
    this.description = description;
  }

  @Override
  public final String id() {
    return id;
  }

  @Override
  public final String title() {
    return title;
  }

  @Override
  public final Severity severity() {
    return severity;
  }

  @Override
  public final String description() {
    return description;
  }

  @Override
  public final Finding evaluate(CheckContext context) {
    Optional<AuditInput> input = context.attribute(AuditInput.class);
    if (input.isEmpty()) {
      return Finding.skipped(this, "no Redis configuration file in this check");
    }
    return check(input.get());
  }

  abstract Finding check(AuditInput in);

  Finding.Builder finding() {
    return Finding.builder(this);
  }

  Finding pass(String summary) {
    return Finding.pass(this, summary);
  }

  /** A name or argument from the configuration for a finding: single-quoted, control characters escaped. */
  static String quote(String value) {
    return "'" + ControlCharacters.escape(value) + "'";
  }

  @Override
  public String toString() {
    return id;
  }
}
