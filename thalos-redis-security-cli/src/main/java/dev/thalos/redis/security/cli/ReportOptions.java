package dev.thalos.redis.security.cli;

import dev.thalos.redis.security.check.CheckReport;
import dev.thalos.redis.security.check.Finding;
import dev.thalos.redis.security.check.Outcome;
import dev.thalos.redis.security.check.Policy;
import dev.thalos.redis.security.check.ReportFormat;
import dev.thalos.redis.security.check.Severity;
import dev.thalos.redis.security.internal.ControlCharacters;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options every reporting command shares — {@code --format}, {@code --output}, {@code --fail-on} — and the
 * one place that writes a {@link CheckReport} and turns it into an exit code.
 */
final class ReportOptions {

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
      converter = Converters.Format.class, completionCandidates = Converters.FormatCandidates.class,
      description = "Report format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). json follows the "
          + "check-report schema; sarif is SARIF 2.1.0 for code scanning.")
  ReportFormat format = ReportFormat.TEXT;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE",
      description = "Write the report to FILE instead of standard output (a one-line verdict still goes to "
          + "standard output).")
  Path output;

  @Option(names = "--fail-on", paramLabel = "SEVERITY", defaultValue = "high",
      converter = Converters.SeverityConverter.class, completionCandidates = Converters.SeverityCandidates.class,
      description = "Exit 1 when a check fails with this severity or worse: "
          + "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Severity failOn = Severity.HIGH;

  @Option(names = "--accept-risk", paramLabel = "RULE_ID",
      description = "Accept the risk a rule reports (repeatable): its findings are still reported but do not "
          + "fail the check, and the verdict names every accepted rule. Example: --accept-risk "
          + "live.server.version for a distribution package whose back-ported fixes its version cannot show.")
  List<String> acceptedRisks = new ArrayList<>();

  Policy policy() {
    Policy.Builder policy = Policy.builder().failOn(failOn);
    for (String ruleId : acceptedRisks) {
      try {
        policy.acceptRisk(ruleId);
      } catch (IllegalArgumentException e) {
        throw new UsageException("--accept-risk: " + e.getMessage());
      }
    }
    return policy.build();
  }

  /**
   * Writes {@code report} as asked and returns {@link ExitCodes#FINDINGS} if it fails the policy,
   * {@link ExitCodes#ERROR} if no rule could run at all (nothing was verified), else {@link ExitCodes#PASSED}. A text report on standard output ends with the verdict; with a machine format on
   * standard output the verdict goes to standard error, so that standard output stays parseable.
   *
   * @throws UncheckedIOException if the output file cannot be written
   */
  int emit(CheckReport report, PrintWriter out, PrintWriter err) {
    Policy policy = policy();
    String rendered = report.render(format);
    String verdict = verdict(report, policy);
    if (output != null) {
      String shownOutput = ControlCharacters.escape(output.toString());
      try {
        Files.writeString(output, rendered, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the report to " + shownOutput + ": "
            + ControlCharacters.escape(String.valueOf(e.getMessage())), e);
      }
      out.println(verdict + " (" + format.label() + " report written to " + shownOutput + ")");
    } else if (format == ReportFormat.TEXT) {
      out.print(rendered);
      out.println();
      out.println(verdict);
    } else {
      out.print(rendered);
      if (!rendered.endsWith("\n")) {
        out.println();
      }
      err.println(verdict);
    }
    out.flush();
    err.flush();
    if (!report.passes(policy)) {
      return ExitCodes.FINDINGS;
    }
    return report.findings().size() == report.count(Outcome.SKIPPED) ? ExitCodes.ERROR : ExitCodes.PASSED;
  }

  /**
   * One line saying whether the report passes {@code policy}; it always says how many rules were skipped, so a
   * check that could not look is never mistaken for one that passed.
   */
  static String verdict(CheckReport report, Policy policy) {
    List<Finding> failures = policy.failures(report);
    int skipped = report.count(Outcome.SKIPPED);
    int checked = report.findings().size() - skipped;
    StringBuilder sb = new StringBuilder();
    if (!failures.isEmpty()) {
      // a rule judged per node (cluster, sentinel) fails once per node: named once, with its count
      Map<String, Integer> times = new LinkedHashMap<>();
      for (Finding f : failures) {
        times.merge(f.ruleId(), 1, Integer::sum);
      }
      List<String> ids = new ArrayList<>();
      times.forEach((id, n) -> ids.add(n == 1 ? id : id + " x" + n));
      sb.append("FAILED: ").append(failures.size()).append(failures.size() == 1 ? " finding" : " findings")
          .append(" at or above ").append(policy.threshold().label()).append(": ").append(String.join(", ", ids));
    } else if (checked == 0) {
      sb.append("NOT CHECKED: every rule was skipped; nothing was verified");
    } else {
      sb.append("PASSED: no finding at or above ").append(policy.threshold().label());
      int below = report.count(Outcome.FAIL) + report.count(Outcome.WARN);
      if (below > 0) {
        sb.append("; ").append(below).append(" below the threshold");
      }
    }
    List<String> accepted = new ArrayList<>();
    for (Finding f : report.findings()) {
      if ((f.outcome() == Outcome.FAIL || f.outcome() == Outcome.WARN)
          && policy.acceptedRisks().contains(f.ruleId()) && !accepted.contains(f.ruleId())) {
        accepted.add(f.ruleId());
      }
    }
    if (!accepted.isEmpty()) {
      sb.append("; RISK ACCEPTED (still reported): ").append(String.join(", ", accepted));
    }
    sb.append(" (").append(checked).append(checked == 1 ? " rule" : " rules").append(" checked");
    if (skipped > 0) {
      sb.append(", ").append(skipped).append(" skipped: NOT checked");
    }
    sb.append(')');
    return sb.toString();
  }
}
