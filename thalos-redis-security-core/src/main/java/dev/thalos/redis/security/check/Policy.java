package dev.thalos.redis.security.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns a {@link CheckReport} into pass or fail: a report fails when a finding is {@link Outcome#FAIL FAIL} with
 * at least the policy's severity, and optionally when findings are {@code WARN} or {@code SKIPPED}.
 *
 * <pre>{@code
 * report.requirePassing(Policy.failOn(Severity.HIGH));
 * report.requirePassing(Policy.builder().failOn(Severity.MEDIUM).failOnSkipped(true).build());
 * }</pre>
 */
public final class Policy {

  /** Default threshold: {@link Severity#HIGH}; warnings and skipped rules do not fail. */
  public static final Severity DEFAULT_THRESHOLD = Severity.HIGH;

  /** Fail on {@code FAIL} findings of severity high or critical. */
  public static final Policy DEFAULT = builder().build();

  private final Severity threshold;
  private final boolean failOnWarnings;
  private final boolean failOnSkipped;

  private Policy(Builder b) {
    this.threshold = b.threshold;
    this.failOnWarnings = b.failOnWarnings;
    this.failOnSkipped = b.failOnSkipped;
  }

  /** Fails on {@code FAIL} findings of {@code threshold} or worse. */
  public static Policy failOn(Severity threshold) {
    return builder().failOn(threshold).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder mutate() {
    return new Builder().failOn(threshold).failOnWarnings(failOnWarnings).failOnSkipped(failOnSkipped);
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
        + (failOnSkipped ? ", skipped" : "");
  }

  /** Builder of {@link Policy}. If unset: threshold {@link #DEFAULT_THRESHOLD}, warnings and skips pass. */
  public static final class Builder {
    private Severity threshold = DEFAULT_THRESHOLD;
    private boolean failOnWarnings;
    private boolean failOnSkipped;

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

    public Policy build() {
      return new Policy(this);
    }
  }
}
