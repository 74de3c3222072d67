package dev.thalos.redis.security.check.internal;

import dev.thalos.redis.security.check.CheckReport;
import dev.thalos.redis.security.check.Finding;
import dev.thalos.redis.security.check.Location;
import dev.thalos.redis.security.check.Outcome;
import dev.thalos.redis.security.check.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a report for people: a header, then failures, warnings and skipped rules grouped by severity (most
 * severe first), then the rules that passed. ANSI colour only when asked to. Every string taken from the report
 * has its control characters escaped, so a hostile configuration value cannot drive the terminal. Not part of
 * the public API.
 */
public final class TextReportWriter {

  private static final String RESET = "\u001b[0m";
  private static final String BOLD = "\u001b[1m";
  private static final String RED = "\u001b[31m";
  private static final String GREEN = "\u001b[32m";
  private static final String YELLOW = "\u001b[33m";
  private static final String CYAN = "\u001b[36m";

  private final boolean colour;
  private final StringBuilder sb = new StringBuilder();

  private TextReportWriter(boolean colour) {
    this.colour = colour;
  }

  public static void write(CheckReport report, Appendable out, boolean colour) {
    TextReportWriter w = new TextReportWriter(colour);
    w.render(report);
    try {
      out.append(w.sb);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void render(CheckReport r) {
    sb.append(paint(BOLD, "Security check of " + printable(r.target()))).append(" (role ")
        .append(r.role().label()).append(")\n");
    sb.append("  ").append(r.count(Outcome.FAIL)).append(" failed, ").append(r.count(Outcome.WARN))
        .append(" warnings, ").append(r.count(Outcome.SKIPPED)).append(" skipped, ")
        .append(r.count(Outcome.PASS)).append(" passed; ").append(r.roundTrips()).append(" round trips, ")
        .append(r.connectionsOpened()).append(" extra connections, ").append(r.duration().toMillis())
        .append(" ms\n");
    for (int i = Severity.values().length - 1; i >= 0; i--) {
      Severity s = Severity.values()[i];
      List<Finding> group = new ArrayList<>();
      for (Finding f : r.findings()) {
        if (f.severity() == s && f.outcome() != Outcome.PASS) {
          group.add(f);
        }
      }
      if (group.isEmpty()) {
        continue;
      }
      sb.append('\n').append(paint(BOLD, s.name())).append('\n');
      for (Outcome o : new Outcome[] {Outcome.FAIL, Outcome.WARN, Outcome.SKIPPED}) {
        for (Finding f : group) {
          if (f.outcome() == o) {
            finding(f);
          }
        }
      }
    }
    List<Finding> passed = r.findings(Outcome.PASS);
    if (!passed.isEmpty()) {
      sb.append('\n').append(paint(BOLD, "PASSED")).append('\n');
      for (Finding f : passed) {
        sb.append("  ").append(paint(GREEN, "PASS")).append("  ").append(f.ruleId()).append("  ")
            .append(printable(f.summary())).append('\n');
      }
    }
  }

  private void finding(Finding f) {
    String tag;
    switch (f.outcome()) {
      case FAIL:
        tag = paint(RED, "FAIL");
        break;
      case WARN:
        tag = paint(YELLOW, "WARN");
        break;
      default:
        tag = paint(CYAN, "SKIP");
    }
    sb.append("  ").append(tag).append("  ").append(f.ruleId()).append("  ").append(printable(f.title()))
        .append('\n');
    sb.append("        ").append(printable(f.summary())).append('\n');
    for (String e : f.evidence()) {
      sb.append("        - ").append(printable(e)).append('\n');
    }
    for (Location l : f.locations()) {
      sb.append("        at ").append(printable(l.toString())).append('\n');
    }
    if (!f.remediation().isEmpty()) {
      sb.append("        fix:\n");
      for (String line : f.remediation().split("\n", -1)) {
        sb.append("          ").append(printable(line)).append('\n');
      }
    }
  }

  private String paint(String code, String text) {
    return colour ? code + text + RESET : text;
  }

  /** Escapes C0/C1 control characters and DEL as {@code \xHH} / {@code \\uHHHH}. */
  public static String printable(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean control = c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f) || c == '\u2028'
          || c == '\u2029';
      if (control) {
        if (out == null) {
          out = new StringBuilder(s.length() + 8).append(s, 0, i);
        }
        out.append(c <= 0xff ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
      } else if (out != null) {
        out.append(c);
      }
    }
    return out == null ? s : out.toString();
  }
}
