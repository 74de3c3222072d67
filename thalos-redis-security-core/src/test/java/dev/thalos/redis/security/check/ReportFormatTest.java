package dev.thalos.redis.security.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ReportFormatTest {

  private static final String HOSTILE = "quote \" backslash \\ tab \t nl \n esc \u001b[31m del \u007f "
      + "c1 \u0085 ls \u2028 lone \ud800 pair \ud83d\ude00 é";

  static CheckReport sample() {
    TestRule critical = TestRule.failing("conf.exposure", Severity.CRITICAL);
    TestRule warn = TestRule.warning("conf.tls.auth-clients", Severity.MEDIUM);
    TestRule skip = TestRule.passing("live.acl.users");
    TestRule pass = TestRule.passing("conf.tls.protocols");
    TestRule hostile = TestRule.passing("conf.hostile");
    Finding f1 = Finding.builder(critical).outcome(Outcome.FAIL).summary("anyone on the public network")
        .evidence("bind * -::*").evidence("protected-mode no (/etc/redis/redis.conf:12)")
        .remediation("bind 127.0.0.1 -::1\nuser default off")
        .location(Location.of(Path.of("/etc/redis/redis.conf"), 12))
        .location(Location.of(Path.of("conf dir/redis.conf"), 3)).build();
    Finding f2 = Finding.builder(warn).outcome(Outcome.WARN).severity(Severity.LOW).summary("optional")
        .evidence("tls-auth-clients optional").remediation("tls-auth-clients yes")
        .location(Location.of(Path.of("redis.conf"), 40)).build();
    Finding f3 = Finding.skipped(skip, "lacks privilege: Redis refused: NOPERM");
    Finding f4 = Finding.pass(pass, "TLSv1.2 and TLSv1.3 only");
    Finding f5 = Finding.builder(hostile).outcome(Outcome.FAIL).severity(Severity.HIGH).summary(HOSTILE)
        .evidence(HOSTILE).remediation(HOSTILE).build();
    return CheckReport.builder().target("/etc/redis/redis.conf").role(Role.OPERATOR)
        .startedAt(Instant.parse("2026-11-27T01:02:03.456Z")).duration(Duration.ofMillis(17)).roundTrips(4)
        .connectionsOpened(1)
        .rule(RuleDescriptor.of(critical)).rule(RuleDescriptor.of(warn)).rule(RuleDescriptor.of(skip))
        .rule(RuleDescriptor.of(pass)).rule(RuleDescriptor.of(hostile))
        .finding(f1).finding(f2).finding(f3).finding(f4).finding(f5).build();
  }

  @Test
  void json_isValidAgainstTheReportSchema_andCarriesEveryFinding() {
    String json = ReportFormat.JSON.render(sample());
    assertEquals(java.util.Set.of(), SchemaValidation.errors(SchemaValidation.REPORT, json));
    JsonNode root = SchemaValidation.parse(json);
    assertEquals(5, root.get("findings").size());
    assertEquals(4, root.get("roundTrips").asInt());
    assertEquals("critical", root.get("summary").get("highestFailedSeverity").asText());
    assertEquals(2, root.get("summary").get("fail").asInt());
    JsonNode f1 = root.get("findings").get(0);
    assertEquals("/etc/redis/redis.conf", f1.get("locations").get(0).get("file").asText());
    assertEquals(12, f1.get("locations").get(0).get("line").asInt());
    assertEquals("bind 127.0.0.1 -::1\nuser default off", f1.get("remediation").asText());
  }

  @Test
  void json_escapesHostileStrings_soTheyReadBackExactly() {
    JsonNode root = SchemaValidation.parse(ReportFormat.JSON.render(sample()));
    String read = root.get("findings").get(4).get("evidence").get(0).asText();
    assertEquals(HOSTILE, read);
  }

  @Test
  void reportSchema_rejectsADocumentMissingARequiredField() {
    ObjectNode root = (ObjectNode) SchemaValidation.parse(ReportFormat.JSON.render(sample()));
    root.remove("roundTrips");
    ((ObjectNode) root.get("findings").get(0)).put("outcome", "fine");
    assertEquals(2, SchemaValidation.REPORT.validate(root).size());
  }

  @Test
  void reportSchema_rejectsAFailWithoutRemediation() {
    ObjectNode root = (ObjectNode) SchemaValidation.parse(ReportFormat.JSON.render(sample()));
    ((ObjectNode) root.get("findings").get(0)).put("remediation", "");
    assertFalse(SchemaValidation.REPORT.validate(root).isEmpty());
  }

  @Test
  void sarif_isValidAgainstTheRequiredStructureOfSarif210() {
    String sarif = ReportFormat.SARIF.render(sample());
    assertEquals(java.util.Set.of(), SchemaValidation.errors(SchemaValidation.SARIF, sarif));
  }

  @Test
  void sarif_listsEveryRule_andResultsForProblemsAndSkipsOnly() {
    JsonNode run = SchemaValidation.parse(ReportFormat.SARIF.render(sample())).get("runs").get(0);
    JsonNode rules = run.get("tool").get("driver").get("rules");
    assertEquals(5, rules.size());
    assertEquals("ConfExposure", rules.get(0).get("name").asText());
    assertEquals("Title of conf.exposure", rules.get(0).get("shortDescription").get("text").asText());
    assertEquals("9.5", rules.get(0).get("properties").get("security-severity").asText());
    JsonNode results = run.get("results");
    assertEquals(4, results.size());
    JsonNode r0 = results.get(0);
    assertEquals("conf.exposure", r0.get("ruleId").asText());
    assertEquals(0, r0.get("ruleIndex").asInt());
    assertEquals("error", r0.get("level").asText());
    assertEquals("fail", r0.get("kind").asText());
    JsonNode loc = r0.get("locations").get(0).get("physicalLocation");
    assertEquals("file:///etc/redis/redis.conf", loc.get("artifactLocation").get("uri").asText());
    assertEquals(12, loc.get("region").get("startLine").asInt());
    assertEquals("conf%20dir/redis.conf",
        r0.get("locations").get(1).get("physicalLocation").get("artifactLocation").get("uri").asText());
    assertTrue(r0.get("message").get("text").asText().contains("bind 127.0.0.1 -::1"));
    assertEquals("note", results.get(1).get("level").asText());
    assertEquals("review", results.get(2).get("kind").asText());
    assertEquals("none", results.get(2).get("level").asText());
  }

  @Test
  void sarifSchema_rejectsAResultWithoutMessage_andAPassWithErrorLevel() {
    ObjectNode root = (ObjectNode) SchemaValidation.parse(ReportFormat.SARIF.render(sample()));
    ObjectNode r0 = (ObjectNode) root.get("runs").get(0).get("results").get(0);
    r0.remove("message");
    ObjectNode r2 = (ObjectNode) root.get("runs").get(0).get("results").get(2);
    r2.put("level", "error");
    assertEquals(2, SchemaValidation.SARIF.validate(root).size(), SchemaValidation.SARIF.validate(root)
        .toString());
    root.put("version", "2.0.0");
    assertEquals(3, SchemaValidation.SARIF.validate(root).size());
  }

  @Test
  void text_groupsBySeverity_mostSevereFirst_withPassesLast() {
    String text = ReportFormat.TEXT.render(sample());
    int critical = text.indexOf("\nCRITICAL\n");
    int high = text.indexOf("\nHIGH\n");
    int low = text.indexOf("\nLOW\n");
    int passed = text.indexOf("\nPASSED\n");
    assertTrue(critical > 0 && critical < high && high < low && low < passed, text);
    assertTrue(text.contains("  FAIL  conf.exposure  Title of conf.exposure\n"), text);
    assertTrue(text.contains("        at /etc/redis/redis.conf:12\n"), text);
    assertTrue(text.contains("          bind 127.0.0.1 -::1\n          user default off\n"), text);
    assertTrue(text.contains("SKIP  live.acl.users"), text);
    assertTrue(text.contains("2 failed, 1 warnings, 1 skipped, 1 passed; 4 round trips"), text);
    assertFalse(text.contains("\u001b"), "no colour unless asked");
  }

  @Test
  void text_neverPassesControlCharactersToTheTerminal() {
    String text = ReportFormat.TEXT.render(sample());
    assertTrue(text.contains("esc \\x1b[31m del \\x7f c1 \\x85 ls \\u2028"), text);
    for (char c : text.toCharArray()) {
      assertTrue(c == '\n' || c >= 0x20 && c != 0x7f && (c < 0x80 || c > 0x9f), "control char " + (int) c);
    }
  }

  @Test
  void text_isColouredOnlyWhenAsked() {
    StringBuilder sb = new StringBuilder();
    ReportFormat.TEXT.write(sample(), sb, true);
    assertTrue(sb.toString().contains("\u001b[31mFAIL\u001b[0m"));
    StringBuilder json = new StringBuilder();
    ReportFormat.JSON.write(sample(), json, true);
    assertFalse(json.toString().contains("\u001b["));
  }

  @Test
  void formatNames_parse() {
    assertEquals(ReportFormat.SARIF, ReportFormat.parse("Sarif"));
    assertEquals("invalid report format: xml (must be text, json or sarif)",
        assertThrows(IllegalArgumentException.class, () -> ReportFormat.parse("xml")).getMessage());
  }

  @Test
  void emptyReport_isValidInEveryFormat() {
    CheckReport empty = CheckReport.builder().build();
    assertEquals(java.util.Set.of(),
        SchemaValidation.errors(SchemaValidation.REPORT, ReportFormat.JSON.render(empty)));
    assertEquals(java.util.Set.of(),
        SchemaValidation.errors(SchemaValidation.SARIF, ReportFormat.SARIF.render(empty)));
    assertTrue(ReportFormat.TEXT.render(empty).startsWith("Security check of redis"));
  }
}
