package dev.thalos.redis.security.check.internal;

import dev.thalos.redis.security.check.CheckReport;
import dev.thalos.redis.security.check.Finding;
import dev.thalos.redis.security.check.Location;
import dev.thalos.redis.security.check.Outcome;
import dev.thalos.redis.security.check.RuleDescriptor;
import java.util.Optional;

/**
 * Writes a report as JSON following {@code check-report.schema.json} (format version 1). Not part of the public
 * API; see {@link dev.thalos.redis.security.check.ReportFormat#JSON}.
 */
public final class JsonReportWriter {

  /** The {@code $id} of the schema the output follows. */
  public static final String SCHEMA_ID = "urn:dev.thalos.redis.security:check-report:1";
  public static final int FORMAT_VERSION = 1;

  private JsonReportWriter() {}

  public static void write(CheckReport report, Appendable out) {
    JsonWriter w = new JsonWriter(out);
    w.beginObject();
    w.field("$schema", SCHEMA_ID);
    w.field("formatVersion", FORMAT_VERSION);
    w.name("tool").beginObject()
        .field("name", ToolInfo.NAME)
        .field("version", ToolInfo.version())
        .endObject();
    w.field("target", report.target());
    w.field("role", report.role().label());
    w.field("startedAt", report.startedAt().toString());
    w.field("durationMillis", report.duration().toMillis());
    w.field("roundTrips", report.roundTrips());
    w.field("connectionsOpened", report.connectionsOpened());
    w.name("summary").beginObject();
    for (Outcome o : Outcome.values()) {
      w.field(o.label(), report.count(o));
    }
    Optional<Finding> worst = report.findings(Outcome.FAIL).stream()
        .max((a, b) -> a.severity().compareTo(b.severity()));
    w.name("highestFailedSeverity");
    if (worst.isPresent()) {
      w.value(worst.get().severity().label());
    } else {
      w.nullValue();
    }
    w.endObject();
    w.name("rules").beginArray();
    for (RuleDescriptor r : report.rules()) {
      w.beginObject()
          .field("id", r.id())
          .field("title", r.title())
          .field("severity", r.severity().label())
          .field("description", r.description())
          .endObject();
    }
    w.endArray();
    w.name("findings").beginArray();
    for (Finding f : report.findings()) {
      w.beginObject()
          .field("ruleId", f.ruleId())
          .field("title", f.title())
          .field("severity", f.severity().label())
          .field("outcome", f.outcome().label())
          .field("summary", f.summary());
      w.name("evidence").beginArray();
      for (String e : f.evidence()) {
        w.value(e);
      }
      w.endArray();
      w.field("remediation", f.remediation());
      w.name("locations").beginArray();
      for (Location l : f.locations()) {
        w.beginObject().field("file", l.file().toString()).field("line", l.line()).endObject();
      }
      w.endArray();
      w.endObject();
    }
    w.endArray();
    w.endObject();
    w.finish();
  }
}
