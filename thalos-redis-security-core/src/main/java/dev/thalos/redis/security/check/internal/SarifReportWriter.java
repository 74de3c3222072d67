package dev.thalos.redis.security.check.internal;

import dev.thalos.redis.security.check.CheckReport;
import dev.thalos.redis.security.check.Finding;
import dev.thalos.redis.security.check.Location;
import dev.thalos.redis.security.check.Outcome;
import dev.thalos.redis.security.check.RuleDescriptor;
import dev.thalos.redis.security.check.Severity;
import dev.thalos.redis.security.internal.ControlCharacters;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a report as a SARIF 2.1.0 log with one run. Not part of the public API; see
 * {@link dev.thalos.redis.security.check.ReportFormat#SARIF} for the mapping.
 */
public final class SarifReportWriter {

  public static final String SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";

  private SarifReportWriter() {}

  public static void write(CheckReport report, Appendable out) {
    JsonWriter w = new JsonWriter(out);
    w.beginObject();
    w.field("$schema", SARIF_SCHEMA_URI);
    w.field("version", "2.1.0");
    w.name("runs").beginArray().beginObject();
    w.name("tool").beginObject().name("driver").beginObject()
        .field("name", ToolInfo.NAME)
        .field("version", ToolInfo.version())
        .field("informationUri", ToolInfo.INFORMATION_URI);
    w.name("rules").beginArray();
    Map<String, Integer> index = new HashMap<>();
    List<RuleDescriptor> rules = report.rules();
    for (int i = 0; i < rules.size(); i++) {
      RuleDescriptor r = rules.get(i);
      index.put(r.id(), i);
      w.beginObject()
          .field("id", r.id())
          .field("name", ruleName(r.id()));
      w.name("shortDescription").beginObject().field("text", r.title()).endObject();
      w.name("fullDescription").beginObject().field("text", r.description()).endObject();
      w.name("help").beginObject().field("text", r.description()).endObject();
      w.name("defaultConfiguration").beginObject().field("level", level(r.severity())).endObject();
      w.name("properties").beginObject()
          .field("security-severity", securitySeverity(r.severity()))
          .field("severity", r.severity().label());
      w.name("tags").beginArray().value("security").value("redis").endArray();
      w.endObject();
      w.endObject();
    }
    w.endArray();
    w.endObject().endObject();
    w.name("invocations").beginArray().beginObject()
        .field("executionSuccessful", true)
        .field("startTimeUtc", report.startedAt().toString());
    w.name("properties").beginObject()
        .field("target", report.target())
        .field("role", report.role().label())
        .field("durationMillis", report.duration().toMillis())
        .field("roundTrips", report.roundTrips())
        .field("connectionsOpened", report.connectionsOpened())
        .endObject();
    w.endObject().endArray();
    w.name("results").beginArray();
    for (Finding f : report.findings()) {
      if (f.outcome() == Outcome.PASS) {
        continue;
      }
      w.beginObject()
          .field("ruleId", f.ruleId())
          .field("ruleIndex", index.get(f.ruleId()));
      if (f.outcome() == Outcome.SKIPPED) {
        w.field("kind", "review").field("level", "none");
      } else {
        w.field("kind", "fail").field("level", f.outcome() == Outcome.WARN
            ? warnLevel(f.severity()) : level(f.severity()));
      }
      w.name("message").beginObject().field("text", message(f)).endObject();
      if (!f.locations().isEmpty()) {
        w.name("locations").beginArray();
        for (Location l : f.locations()) {
          w.beginObject().name("physicalLocation").beginObject();
          w.name("artifactLocation").beginObject().field("uri", uri(l.file())).endObject();
          w.name("region").beginObject().field("startLine", l.line()).endObject();
          w.endObject().endObject();
        }
        w.endArray();
      }
      w.name("properties").beginObject()
          .field("outcome", f.outcome().label())
          .field("severity", f.severity().label());
      w.name("evidence").beginArray();
      for (String e : f.evidence()) {
        w.value(e);
      }
      w.endArray();
      w.field("remediation", f.remediation());
      w.endObject();
      w.endObject();
    }
    w.endArray();
    w.endObject().endArray();
    w.endObject();
    w.finish();
  }

  private static String message(Finding f) {
    StringBuilder sb = new StringBuilder();
    if (f.outcome() == Outcome.SKIPPED) {
      sb.append("Skipped: ");
    }
    sb.append(f.summary());
    if (!f.evidence().isEmpty()) {
      sb.append("\nEvidence: ").append(String.join("; ", f.evidence()));
    }
    if (!f.remediation().isEmpty()) {
      sb.append("\nRemediation:\n").append(f.remediation());
    }
    return sb.toString();
  }

  /** SARIF {@code level} for a failure of this severity. */
  static String level(Severity s) {
    switch (s) {
      case CRITICAL:
      case HIGH:
        return "error";
      case MEDIUM:
        return "warning";
      default:
        return "note";
    }
  }

  private static String warnLevel(Severity s) {
    return s.atLeast(Severity.MEDIUM) ? "warning" : "note";
  }

  /** The CVSS-like score code-scanning tools use to rank security results. */
  static String securitySeverity(Severity s) {
    switch (s) {
      case CRITICAL:
        return "9.5";
      case HIGH:
        return "8.0";
      case MEDIUM:
        return "5.5";
      case LOW:
        return "3.0";
      default:
        return "0.0";
    }
  }

  /** {@code conf.tls.plaintext-port} -> {@code ConfTlsPlaintextPort}. */
  static String ruleName(String id) {
    StringBuilder sb = new StringBuilder();
    boolean upper = true;
    for (char c : id.toCharArray()) {
      if (c == '.' || c == '-') {
        upper = true;
      } else {
        sb.append(upper ? Character.toUpperCase(c) : c);
        upper = false;
      }
    }
    return sb.toString();
  }

  /** A relative path stays a relative URI reference (slashes, percent-encoded); absolute paths become file URIs. */
  static String uri(Path file) {
    if (file.isAbsolute()) {
      return file.toUri().toASCIIString();
    }
    StringBuilder joined = new StringBuilder();
    for (int i = 0; i < file.getNameCount(); i++) {
      if (i > 0) {
        joined.append('/');
      }
      joined.append(file.getName(i));
    }
    String path = joined.toString();
    if (path.indexOf(':') >= 0 && (path.indexOf('/') < 0 || path.indexOf(':') < path.indexOf('/'))) {
      path = "./" + path; // a colon in the first segment would read as a scheme
    }
    try {
      return new URI(null, null, path, null).toASCIIString();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("invalid path for a URI: " + ControlCharacters.escape(file.toString()), e);
    }
  }
}
