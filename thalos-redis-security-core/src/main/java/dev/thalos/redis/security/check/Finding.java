package dev.thalos.redis.security.check;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * The result of one {@link Rule}: outcome, a one-line summary, the evidence observed (secrets redacted), the
 * remediation (the exact configuration or ACL line to change) and, for offline findings, where in which file.
 *
 * <pre>{@code
 * Finding f = Finding.builder(rule)
 *     .outcome(Outcome.FAIL)
 *     .summary("plaintext port 6379 is open beside tls-port 6380")
 *     .evidence("port 6379 (redis.conf:92)")
 *     .remediation("port 0")
 *     .location(Location.of(conf, 92))
 *     .build();
 * }</pre>
 *
 * <p>{@code build()} insists that a {@code FAIL} or {@code WARN} names a remediation and carries evidence, and
 * that a {@code SKIPPED} finding says why in its summary.
 */
public final class Finding {

  private final String ruleId;
  private final String title;
  private final Severity severity;
  private final Outcome outcome;
  private final String summary;
  private final List<String> evidence;
  private final String remediation;
  private final List<Location> locations;

  private Finding(Builder b) {
    this.ruleId = b.ruleId;
    this.title = b.title;
    this.severity = b.severity;
    this.outcome = b.outcome;
    this.summary = b.summary;
    this.evidence = List.copyOf(b.evidence);
    this.remediation = b.remediation;
    this.locations = List.copyOf(b.locations);
  }

  /** A builder pre-filled with the rule's id, title and severity. */
  public static Builder builder(Rule rule) {
    Objects.requireNonNull(rule, "rule must not be null");
    return builder(RuleDescriptor.of(rule));
  }

  /** A builder pre-filled with the descriptor's id, title and severity. */
  public static Builder builder(RuleDescriptor rule) {
    Objects.requireNonNull(rule, "rule must not be null");
    return new Builder(rule.id(), rule.title(), rule.severity());
  }

  /** A {@code SKIPPED} finding for {@code rule} that says why the rule could not run. */
  public static Finding skipped(Rule rule, String reason) {
    return builder(rule).outcome(Outcome.SKIPPED).summary(reason).build();
  }

  /** A {@code PASS} finding for {@code rule} with a summary of what was observed. */
  public static Finding pass(Rule rule, String summary) {
    return builder(rule).outcome(Outcome.PASS).summary(summary).build();
  }

  /** A pre-filled copy. */
  public Builder mutate() {
    Builder b = new Builder(ruleId, title, severity);
    b.outcome = outcome;
    b.summary = summary;
    b.evidence.addAll(evidence);
    b.remediation = remediation;
    b.locations.addAll(locations);
    return b;
  }

  public String ruleId() {
    return ruleId;
  }

  public String title() {
    return title;
  }

  public Severity severity() {
    return severity;
  }

  public Outcome outcome() {
    return outcome;
  }

  /** One line: what was found, or for {@code SKIPPED} why the rule could not run. */
  public String summary() {
    return summary;
  }

  /** What was observed, one item per observation, secrets redacted. May be empty for a pass. */
  public List<String> evidence() {
    return evidence;
  }

  /** The configuration or ACL lines to change; empty when nothing needs to change. */
  public String remediation() {
    return remediation;
  }

  /** Where the evidence is, if it came from files. */
  public List<Location> locations() {
    return locations;
  }

  /** Whether the outcome is {@code FAIL} or {@code WARN}. */
  public boolean isProblem() {
    return outcome == Outcome.FAIL || outcome == Outcome.WARN;
  }

  @Override
  public String toString() {
    return "[" + outcome.label() + "/" + severity.label() + "] " + ruleId + ": " + summary;
  }

  /** Builder of {@link Finding}; obtain one with {@link Finding#builder(Rule)}. */
  public static final class Builder {
    private final String ruleId;
    private final String title;
    private Severity severity;
    private Outcome outcome;
    private String summary;
    private final List<String> evidence = new ArrayList<>();
    private String remediation = "";
    private final List<Location> locations = new ArrayList<>();

    private Builder(String ruleId, String title, Severity severity) {
      this.ruleId = ruleId;
      this.title = title;
      this.severity = severity;
    }

    /** Overrides the rule's severity when the evidence makes this occurrence more or less serious. */
    public Builder severity(Severity severity) {
      this.severity = Objects.requireNonNull(severity, "severity must not be null");
      return this;
    }

    public Builder outcome(Outcome outcome) {
      this.outcome = Objects.requireNonNull(outcome, "outcome must not be null");
      return this;
    }

    /** One line, no secrets. */
    public Builder summary(String summary) {
      Objects.requireNonNull(summary, "summary must not be null");
      if (summary.isBlank()) {
        throw new IllegalArgumentException("invalid summary: must not be blank");
      }
      this.summary = summary;
      return this;
    }

    /** Adds one observation; no secrets. */
    public Builder evidence(String observation) {
      Objects.requireNonNull(observation, "evidence must not be null");
      evidence.add(observation);
      return this;
    }

    /** Adds several observations; no secrets. */
    public Builder evidence(Collection<String> observations) {
      Objects.requireNonNull(observations, "evidence must not be null");
      observations.forEach(this::evidence);
      return this;
    }

    /** The exact lines to change, e.g. {@code "port 0"}; multi-line text allowed. */
    public Builder remediation(String remediation) {
      this.remediation = Objects.requireNonNull(remediation, "remediation must not be null");
      return this;
    }

    public Builder location(Location location) {
      locations.add(Objects.requireNonNull(location, "location must not be null"));
      return this;
    }

    public Builder locations(Collection<Location> locations) {
      Objects.requireNonNull(locations, "locations must not be null");
      locations.forEach(this::location);
      return this;
    }

    /**
     * @throws IllegalStateException if outcome or summary is missing, or a FAIL/WARN lacks evidence or
     *     remediation
     */
    public Finding build() {
      if (outcome == null) {
        throw new IllegalStateException("finding of rule " + ruleId + " has no outcome");
      }
      if (summary == null) {
        throw new IllegalStateException("finding of rule " + ruleId + " has no summary");
      }
      if (outcome == Outcome.FAIL || outcome == Outcome.WARN) {
        if (evidence.isEmpty()) {
          throw new IllegalStateException(
              "finding of rule " + ruleId + " is " + outcome.label() + " but has no evidence");
        }
        if (remediation.isBlank()) {
          throw new IllegalStateException(
              "finding of rule " + ruleId + " is " + outcome.label() + " but has no remediation");
        }
      }
      return new Finding(this);
    }
  }
}
