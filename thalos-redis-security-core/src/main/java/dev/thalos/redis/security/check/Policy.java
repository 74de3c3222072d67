package dev.thalos.redis.security.check;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns a {@link CheckReport} into pass or fail: a report fails when a finding is {@link Outcome#FAIL FAIL} with
 * at least the policy's severity, and optionally when findings are {@code WARN} or {@code SKIPPED}.
 *
 * <pre>{@code
 * report.requirePassing(Policy.failOn(Severity.HIGH));
 * report.requirePassing(Policy.builder().failOn(Severity.MEDIUM).failOnSkipped(true).build());
 * // a documented, visible risk acceptance: the finding stays in the report but no longer fails it
 * report.requirePassing(Policy.builder().acceptRisk("live.server.version").build());
 * }</pre>
 *
 * <p>Accepting a rule's risk never hides the finding: it is still reported with its evidence, and the policy's
 * {@link #toString()} (printed with every verdict) names every accepted rule.
 */
public final class Policy {

  /** Default threshold: {@link Severity#HIGH}; warnings and skipped rules do not fail. */
  public static final Severity DEFAULT_THRESHOLD = Severity.HIGH;

  /** Fail on {@code FAIL} findings of severity high or critical. */
  public static final Policy DEFAULT = builder().build();

  private final Severity threshold;
  private final boolean failOnWarnings;
  private final boolean failOnSkipped;
  private final Set<String> acceptedRisks;

  private Policy(Builder b) {
    this.threshold = b.threshold;
    this.failOnWarnings = b.failOnWarnings;
    this.failOnSkipped = b.failOnSkipped;
    this.acceptedRisks = Collections.unmodifiableSet(new TreeSet<>(b.acceptedRisks));
  }

  /** Fails on {@code FAIL} findings of {@code threshold} or worse. */
  public static Policy failOn(Severity threshold) {
    return builder().failOn(threshold).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder mutate() {
    Builder b = new Builder().failOn(threshold).failOnWarnings(failOnWarnings).failOnSkipped(failOnSkipped);
    b.acceptedRisks.addAll(acceptedRisks);
    return b;
  }

  /** The rule ids whose {@code FAIL}/{@code WARN} findings this policy accepts, sorted; usually empty. */
  public Set<String> acceptedRisks() {
    return acceptedRisks;
  }

  public Severity threshold() {
    return threshold;
  }

  public boolean failOnWarnings() {
    return failOnWarnings;
  }

  public boolean failOnSkipped() {
    return failOnSkipped;
  }

  /** Whether {@code finding} makes a report fail under this policy. */
  public boolean fails(Finding finding) {
    if (acceptedRisks.contains(finding.ruleId()) && finding.outcome() != Outcome.SKIPPED) {
      return false;
    }
    switch (finding.outcome()) {
      case FAIL:
        return finding.severity().atLeast(threshold);
      case WARN:
        return failOnWarnings && finding.severity().atLeast(threshold);
      case SKIPPED:
        return failOnSkipped;
      default:
        return false;
    }
  }

  /** The findings of {@code report} that fail under this policy, in report order. */
  public List<Finding> failures(CheckReport report) {
    Objects.requireNonNull(report, "report must not be null");
    List<Finding> out = new ArrayList<>();
    for (Finding f : report.findings()) {
      if (fails(f)) {
        out.add(f);
      }
    }
    return out;
  }

  /** E.g. {@code fail on >= high}, {@code fail on >= medium, warnings, skipped}. */
  @Override
  public String toString() {
    return "fail on >= " + threshold.label() + (failOnWarnings ? ", warnings" : "")
        + (failOnSkipped ? ", skipped" : "")
        + (acceptedRisks.isEmpty() ? "" : "; accepted risks: " + String.join(", ", acceptedRisks));
  }

  /** Builder of {@link Policy}. If unset: threshold {@link #DEFAULT_THRESHOLD}, warnings and skips pass. */
  public static final class Builder {
    private Severity threshold = DEFAULT_THRESHOLD;
    private boolean failOnWarnings;
    private boolean failOnSkipped;
    private final Set<String> acceptedRisks = new TreeSet<>();

    private Builder() {}

    public Builder failOn(Severity threshold) {
      this.threshold = Objects.requireNonNull(threshold, "threshold must not be null");
      return this;
    }

    /** Whether {@code WARN} findings at or above the threshold fail too. */
    public Builder failOnWarnings(boolean fail) {
      this.failOnWarnings = fail;
      return this;
    }

    /** Whether any {@code SKIPPED} finding fails (strict mode: every rule must have run). */
    public Builder failOnSkipped(boolean fail) {
      this.failOnSkipped = fail;
      return this;
    }

    /**
     * Accepts the risk a rule reports: its {@code FAIL} and {@code WARN} findings are still reported but no
     * longer fail the policy (a {@code SKIPPED} finding of that rule still counts as skipped). Use it for a
     * finding the operator has judged, e.g. {@code live.server.version} on a distribution package whose
     * back-ported fixes the version string cannot show.
     *
     * @param ruleId a rule id such as {@code live.server.version}: lower case words joined by {@code .}/{@code -}
     * @throws IllegalArgumentException if {@code ruleId} is not of that form
     */
    public Builder acceptRisk(String ruleId) {
      Objects.requireNonNull(ruleId, "ruleId must not be null");
      if (!RuleDescriptor.isWellFormedId(ruleId)) {
        throw new IllegalArgumentException("invalid ruleId: \"" + (ruleId.length() > 64 ? ruleId.substring(0, 64) + "..." : ruleId).replaceAll("[^\\x20-\\x7e]", "?")
            + "\" (must be lower case words joined by '.' or '-', e.g. live.server.version)");
      }
      acceptedRisks.add(ruleId);
      return this;
    }

    public Policy build() {
      return new Policy(this);
    }
  }
}
