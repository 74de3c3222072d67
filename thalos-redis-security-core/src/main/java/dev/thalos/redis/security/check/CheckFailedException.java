package dev.thalos.redis.security.check;

import dev.thalos.redis.security.ThalosSecurityException;
import dev.thalos.redis.security.internal.ControlCharacters;
import java.util.List;

/**
 * A {@link CheckReport} did not pass its {@link Policy}. Reason code {@code check.failed}. The message lists every
 * failing finding (rule id, severity, summary — never secrets); {@link #report()} has the full report.
 */
public class CheckFailedException extends ThalosSecurityException {

  private static final long serialVersionUID = 1L;

  /** Reason code of this exception. */
  public static final String REASON = "check.failed";

  private final transient CheckReport report;
  private final transient List<Finding> failures;

  public CheckFailedException(CheckReport report, Policy policy, List<Finding> failures) {
    super(REASON, message(report, policy, failures));
    this.report = report;
    this.failures = List.copyOf(failures);
  }

  private static String message(CheckReport report, Policy policy, List<Finding> failures) {
    StringBuilder sb = new StringBuilder();
    sb.append("security check of ").append(ControlCharacters.escape(report.target())).append(" failed (")
        .append(policy).append("): ")
        .append(failures.size()).append(failures.size() == 1 ? " finding" : " findings");
    for (Finding f : failures) {
      sb.append("\n  [").append(f.outcome().label()).append('/').append(f.severity().label()).append("] ")
          .append(f.ruleId()).append(": ").append(ControlCharacters.escape(f.summary()));
    }
    return sb.toString();
  }

  /** The report that failed. */
  public CheckReport report() {
    return report;
  }

  /** The findings that made it fail. */
  public List<Finding> failures() {
    return failures;
  }
}
