package dev.thalos.redis.security.check;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The findings of one run of a {@link CheckEngine} (or an offline audit), with what the run cost: round trips
 * to Redis, connections opened, wall time. Render it with {@link ReportFormat}; decide with a {@link Policy}.
 *
 * <pre>{@code
 * CheckReport report = engine.run(context);
 * System.out.print(report.render(ReportFormat.TEXT));
 * report.requirePassing(Policy.failOn(Severity.HIGH)); // throws CheckFailedException listing the failures
 * }</pre>
 */
public final class CheckReport {

  private final String target;
  private final Role role;
  private final Instant startedAt;
  private final Duration duration;
  private final long roundTrips;
  private final long connectionsOpened;
  private final List<RuleDescriptor> rules;
  private final List<Finding> findings;

  private CheckReport(Builder b) {
    this.target = b.target;
    this.role = b.role;
    this.startedAt = b.startedAt;
    this.duration = b.duration;
    this.roundTrips = b.roundTrips;
    this.connectionsOpened = b.connectionsOpened;
    this.rules = List.copyOf(b.rules);
    this.findings = List.copyOf(b.findings);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder mutate() {
    Builder b = new Builder().target(target).role(role).startedAt(startedAt).duration(duration)
        .roundTrips(roundTrips).connectionsOpened(connectionsOpened);
    b.rules.addAll(rules);
    b.findings.addAll(findings);
    return b;
  }

  /** What was checked: a URI without credentials, or a configuration file. */
  public String target() {
    return target;
  }

  public Role role() {
    return role;
  }

  public Instant startedAt() {
    return startedAt;
  }

  /** Wall time of the whole run. */
  public Duration duration() {
    return duration;
  }

  /** Commands sent to Redis through the probe (each one round trip); 0 for an offline audit. */
  public long roundTrips() {
    return roundTrips;
  }

  /**
   * Extra connections opened through the probe: {@link RedisProbe#openUnauthenticated()},
   * {@link RedisProbe#openSubscriptionProbe()} and each {@link RedisProbe#attemptTlsHandshake(List, List)}.
   */
  public long connectionsOpened() {
    return connectionsOpened;
  }

  /** The rules that ran, in order. */
  public List<RuleDescriptor> rules() {
    return rules;
  }

  /** One finding per rule that ran, in rule order. */
  public List<Finding> findings() {
    return findings;
  }

  /** The finding of the rule with {@code ruleId}, if that rule ran. */
  public Optional<Finding> finding(String ruleId) {
    return findings.stream().filter(f -> f.ruleId().equals(ruleId)).findFirst();
  }

  /** The findings with {@code outcome}. */
  public List<Finding> findings(Outcome outcome) {
    List<Finding> out = new ArrayList<>();
    for (Finding f : findings) {
      if (f.outcome() == outcome) {
        out.add(f);
      }
    }
    return out;
  }

  /** How many findings have {@code outcome}. */
  public int count(Outcome outcome) {
    return findings(outcome).size();
  }

  /** Whether no finding fails under {@code policy}. */
  public boolean passes(Policy policy) {
    Objects.requireNonNull(policy, "policy must not be null");
    return policy.failures(this).isEmpty();
  }

  /**
   * Returns this report if it passes {@code policy}.
   *
   * @throws CheckFailedException listing every failing finding
   */
  public CheckReport requirePassing(Policy policy) {
    Objects.requireNonNull(policy, "policy must not be null");
    List<Finding> failures = policy.failures(this);
    if (!failures.isEmpty()) {
      throw new CheckFailedException(this, policy, failures);
    }
    return this;
  }

  /** {@link #requirePassing(Policy)} with {@link Policy#DEFAULT} (fail on high or critical). */
  public CheckReport requirePassing() {
    return requirePassing(Policy.DEFAULT);
  }

  /** This report in {@code format}, without colour. */
  public String render(ReportFormat format) {
    return Objects.requireNonNull(format, "format must not be null").render(this);
  }

  @Override
  public String toString() {
    return "CheckReport[" + target + ", " + findings.size() + " findings: " + count(Outcome.FAIL) + " fail, "
        + count(Outcome.WARN) + " warn, " + count(Outcome.SKIPPED) + " skipped, " + count(Outcome.PASS)
        + " pass; " + roundTrips + " round trips, " + duration.toMillis() + " ms]";
  }

  /** Builder of {@link CheckReport}; usually filled by {@link CheckEngine}. */
  public static final class Builder {
    private String target = "redis";
    private Role role = Role.OPERATOR;
    private Instant startedAt = Instant.EPOCH;
    private Duration duration = Duration.ZERO;
    private long roundTrips;
    private long connectionsOpened;
    private final List<RuleDescriptor> rules = new ArrayList<>();
    private final List<Finding> findings = new ArrayList<>();

    private Builder() {}

    public Builder target(String target) {
      Objects.requireNonNull(target, "target must not be null");
      if (target.isBlank()) {
        throw new IllegalArgumentException("invalid target: must not be blank");
      }
      this.target = target;
      return this;
    }

    public Builder role(Role role) {
      this.role = Objects.requireNonNull(role, "role must not be null");
      return this;
    }

    public Builder startedAt(Instant startedAt) {
      this.startedAt = Objects.requireNonNull(startedAt, "startedAt must not be null");
      return this;
    }

    public Builder duration(Duration duration) {
      Objects.requireNonNull(duration, "duration must not be null");
      if (duration.isNegative()) {
        throw new IllegalArgumentException("invalid duration: " + duration + " (must not be negative)");
      }
      this.duration = duration;
      return this;
    }

    public Builder roundTrips(long roundTrips) {
      if (roundTrips < 0) {
        throw new IllegalArgumentException("invalid roundTrips: " + roundTrips + " (must be >= 0)");
      }
      this.roundTrips = roundTrips;
      return this;
    }

    public Builder connectionsOpened(long connectionsOpened) {
      if (connectionsOpened < 0) {
        throw new IllegalArgumentException(
            "invalid connectionsOpened: " + connectionsOpened + " (must be >= 0)");
      }
      this.connectionsOpened = connectionsOpened;
      return this;
    }

    public Builder rule(RuleDescriptor rule) {
      rules.add(Objects.requireNonNull(rule, "rule must not be null"));
      return this;
    }

    public Builder finding(Finding finding) {
      findings.add(Objects.requireNonNull(finding, "finding must not be null"));
      return this;
    }

    /**
     * @throws IllegalStateException if two rules share an id, or a finding names a rule that is not listed
     */
    public CheckReport build() {
      Set<String> ids = new HashSet<>();
      for (RuleDescriptor r : rules) {
        if (!ids.add(r.id())) {
          throw new IllegalStateException("duplicate rule id in report: " + r.id());
        }
      }
      for (Finding f : findings) {
        if (!ids.contains(f.ruleId())) {
          throw new IllegalStateException("finding names a rule not in the report: " + f.ruleId());
        }
      }
      return new CheckReport(this);
    }
  }
}
