package dev.thalos.redis.security.check;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link Rule}s against a {@link CheckContext} and collects a {@link CheckReport}.
 *
 * <p>For each rule that {@linkplain Rule#appliesTo(Role) applies} to the context's role, in registration order,
 * the engine calls {@link Rule#evaluate(CheckContext)} with a context whose probe counts round trips and refuses
 * commands with side effects (see {@link RedisProbe}). A rule that throws {@link ProbeException} — no
 * permission, unknown command, I/O failure, no probe at all — is reported as {@link Outcome#SKIPPED} with the
 * reason; so is a rule that throws anything else (the summary names the exception type, never its message,
 * which could hold a secret). Nothing is ever turned into a silent pass.
 *
 * <pre>{@code
 * CheckEngine engine = CheckEngine.builder().rules(myRules).build();
 * CheckReport report = engine.run(CheckContext.builder().role(Role.SUBSCRIBER).probe(probe).build());
 * }</pre>
 */
public final class CheckEngine {

  private static final Logger LOG = LoggerFactory.getLogger(CheckEngine.class);

  private final List<Rule> rules;
  private final Clock clock;

  private CheckEngine(Builder b) {
    this.rules = List.copyOf(b.rules);
    this.clock = b.clock;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder mutate() {
    return new Builder().rules(rules).clock(clock);
  }

  /** The registered rules, in order. */
  public List<Rule> rules() {
    return rules;
  }

  /** Runs the applicable rules; never throws because of a rule. */
  public CheckReport run(CheckContext context) {
    Objects.requireNonNull(context, "context must not be null");
    AtomicLong roundTrips = new AtomicLong();
    AtomicLong connections = new AtomicLong();
    CheckContext guarded = context;
    if (context.probe().isPresent()) {
      guarded = context.mutate()
          .probe(new GuardedProbe(context.probe().get(), roundTrips, connections))
          .build();
    }
    Instant started = clock.instant();
    long t0 = System.nanoTime();
    CheckReport.Builder report = CheckReport.builder().target(context.target()).role(context.role())
        .startedAt(started);
    for (Rule rule : rules) {
      if (!rule.appliesTo(context.role())) {
        continue;
      }
      report.rule(RuleDescriptor.of(rule));
      report.finding(evaluate(rule, guarded));
    }
    return report.duration(Duration.ofNanos(System.nanoTime() - t0))
        .roundTrips(roundTrips.get())
        .connectionsOpened(connections.get())
        .build();
  }

  private static Finding evaluate(Rule rule, CheckContext context) {
    try {
      Finding f = rule.evaluate(context);
      if (f == null) {
        return Finding.skipped(rule, "rule error: the rule returned no finding");
      }
      if (!f.ruleId().equals(rule.id())) {
        return Finding.skipped(rule, "rule error: the rule returned a finding of rule " + f.ruleId());
      }
      return f;
    } catch (ProbeException e) {
      return Finding.skipped(rule, skipReason(e));
    } catch (RuntimeException e) {
      LOG.warn("rule {} failed with {}", rule.id(), e.getClass().getName());
      return Finding.skipped(rule, "rule error: " + e.getClass().getSimpleName());
    }
  }

  private static String skipReason(ProbeException e) {
    switch (e.reason()) {
      case ProbeException.NO_PERMISSION:
        return "lacks privilege: " + e.getMessage();
      case ProbeException.UNAVAILABLE:
        return "no connection to Redis: " + e.getMessage();
      case ProbeException.UNSUPPORTED:
        return "not supported by this server: " + e.getMessage();
      default:
        return "could not run (" + e.reason() + "): " + e.getMessage();
    }
  }

  /** Builder of {@link CheckEngine}; rule ids must be unique. */
  public static final class Builder {
    private final List<Rule> rules = new ArrayList<>();
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    public Builder rule(Rule rule) {
      Objects.requireNonNull(rule, "rule must not be null");
      RuleDescriptor.of(rule); // validates id, title, description
      rules.add(rule);
      return this;
    }

    public Builder rules(List<? extends Rule> rules) {
      Objects.requireNonNull(rules, "rules must not be null");
      rules.forEach(this::rule);
      return this;
    }

    /** Clock for the report's start time; if unset, the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock must not be null");
      return this;
    }

    /** @throws IllegalStateException if two rules share an id */
    public CheckEngine build() {
      Set<String> ids = new HashSet<>();
      for (Rule r : rules) {
        if (!ids.add(r.id())) {
          throw new IllegalStateException("duplicate rule id: " + r.id());
        }
      }
      return new CheckEngine(this);
    }
  }
}
