package dev.thalos.redis.security.check;

import java.util.ArrayList;
import java.util.List;

/** Collects the problems a rule finds and turns them into one finding (worst outcome and severity wins). */
final class Verdict {

  private final List<String> evidence = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private Severity worst;
  private boolean warned;

  /** A failing observation of {@code severity}. */
  Verdict fail(Severity severity, String observation) {
    problems.add(observation);
    evidence.add(observation);
    if (worst == null || severity.atLeast(worst)) {
      worst = severity;
    }
    return this;
  }

  /** An observation that deserves attention but does not fail. */
  Verdict warn(String observation) {
    warned = true;
    problems.add(observation);
    evidence.add(observation);
    return this;
  }

  /** A neutral observation. */
  Verdict note(String observation) {
    evidence.add(observation);
    return this;
  }

  boolean failed() {
    return worst != null;
  }

  boolean hasProblems() {
    return !problems.isEmpty();
  }

  Finding finding(LiveRule rule, String passSummary, String remediation) {
    Finding.Builder b = rule.finding().evidence(evidence);
    if (worst != null) {
      return b.outcome(Outcome.FAIL).severity(worst).summary(summarize()).remediation(remediation).build();
    }
    if (warned) {
      Severity s = rule.severity().atLeast(Severity.MEDIUM) ? Severity.LOW : rule.severity();
      return b.outcome(Outcome.WARN).severity(s).summary(summarize()).remediation(remediation).build();
    }
    return b.outcome(Outcome.PASS).summary(passSummary).build();
  }

  private String summarize() {
    String first = problems.get(0);
    return problems.size() == 1 ? first : first + " (and " + (problems.size() - 1) + " more)";
  }
}
