package dev.thalos.redis.security.check;

import dev.thalos.redis.security.check.internal.JsonReportWriter;
import dev.thalos.redis.security.check.internal.SarifReportWriter;
import dev.thalos.redis.security.check.internal.TextReportWriter;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;

/**
 * The three ways to write a {@link CheckReport}.
 *
 * <ul>
 *   <li>{@link #TEXT} — for people: failures, warnings and skipped rules grouped by severity, then what passed;
 *       ANSI colour only on a terminal ({@link #print(CheckReport, PrintStream)}).</li>
 *   <li>{@link #JSON} — for programs: one object following the JSON Schema (draft 2020-12) shipped as the
 *       resource {@code dev/thalos/redis/security/check/check-report.schema.json} ({@code $id}
 *       {@code urn:dev.thalos.redis.security:check-report:1}). Top level: {@code formatVersion} (1),
 *       {@code tool} {name, version}, {@code target}, {@code role}, {@code startedAt} (ISO-8601),
 *       {@code durationMillis}, {@code roundTrips}, {@code connectionsOpened}, {@code summary} (count per
 *       outcome and {@code highestFailedSeverity}), {@code rules} [{id, title, severity, description}] and
 *       {@code findings} [{ruleId, title, severity, outcome, summary, evidence[], remediation,
 *       locations[{file, line}]}]. Severities and outcomes are the lower-case labels. New optional fields may
 *       be added in a minor release; removing or renaming one raises {@code formatVersion}.</li>
 *   <li>{@link #SARIF} — for CI code-scanning: a SARIF 2.1.0 log with one run. Every rule that ran is in
 *       {@code tool.driver.rules} (id, name, shortDescription = title, fullDescription/help = description,
 *       defaultConfiguration.level, properties.security-severity). Each FAIL or WARN finding is a result of kind
 *       {@code fail} with {@code level} error (critical, high), warning (medium) or note (low, info; a WARN is
 *       never more than warning), the summary, evidence and remediation in {@code message.text}, and
 *       {@code locations} pointing at the configuration file and line for offline findings. A SKIPPED finding
 *       is a result of kind {@code review}, level {@code none}. Passing rules appear only in the rules list.</li>
 * </ul>
 */
public enum ReportFormat {
  TEXT,
  JSON,
  SARIF;

  /** Writes {@code report} to {@code out}; TEXT without colour. */
  public void write(CheckReport report, Appendable out) {
    write(report, out, false);
  }

  /** Writes {@code report} to {@code out}; {@code colour} only matters for TEXT. */
  public void write(CheckReport report, Appendable out, boolean colour) {
    Objects.requireNonNull(report, "report must not be null");
    Objects.requireNonNull(out, "out must not be null");
    switch (this) {
      case TEXT:
        TextReportWriter.write(report, out, colour);
        break;
      case JSON:
        JsonReportWriter.write(report, out);
        break;
      default:
        SarifReportWriter.write(report, out);
    }
  }

  /** {@code report} in this format, TEXT without colour. */
  public String render(CheckReport report) {
    StringBuilder sb = new StringBuilder();
    write(report, sb, false);
    return sb.toString();
  }

  /**
   * Prints {@code report} to {@code out}; TEXT is coloured only when {@code out} is {@code System.out} attached
   * to a terminal, {@code NO_COLOR} is unset and {@code TERM} is not {@code dumb}.
   */
  public void print(CheckReport report, PrintStream out) {
    Objects.requireNonNull(out, "out must not be null");
    write(report, out, this == TEXT && out == System.out && isColourTerminal());
    out.flush();
  }

  static boolean isColourTerminal() {
    return System.console() != null && System.getenv("NO_COLOR") == null
        && !"dumb".equals(System.getenv("TERM"));
  }

  /**
   * Parses {@code text}, {@code json} or {@code sarif} (case-insensitive).
   *
   * @throws IllegalArgumentException naming the value otherwise
   */
  public static ReportFormat parse(String name) {
    if (name != null) {
      for (ReportFormat f : values()) {
        if (f.name().equalsIgnoreCase(name.trim())) {
          return f;
        }
      }
    }
    throw new IllegalArgumentException("invalid report format: " + name + " (must be text, json or sarif)");
  }

  /** Lower-case name, e.g. {@code sarif}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
