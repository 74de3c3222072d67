package dev.thalos.redis.security.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class ConfAuditCommandTest {

  @TempDir Path dir;

  @Test
  void weakConfig_failsWithExitOne_namingTheHighFindings() {
    Path conf = TestFiles.weakConf(dir);
    CliRun.Result r = CliRun.exec("conf", "audit", conf.toString());
    assertEquals(ExitCodes.FINDINGS, r.exit(), r.toString());
    assertTrue(r.out().contains("FAIL  conf.tls.missing"), r.out());
    assertTrue(r.out().contains("FAILED: "), r.out());
    assertTrue(r.out().contains("conf.tls.missing"), r.out());
  }

  @Test
  void passwordsInTheAclFile_neverAppearInAnyFormat() {
    Path conf = TestFiles.weakConf(dir);
    for (String format : new String[] {"text", "json", "sarif"}) {
      CliRun.Result r = CliRun.exec("conf", "audit", conf.toString(), "--format", format);
      assertFalse(r.out().contains("client_password") || r.out().contains("server_password")
          || r.out().contains("admin_password"), format + ": " + r.out());
    }
  }

  @Test
  void hardenedConfig_passes() {
    Path conf = TestFiles.hardenedConf(dir);
    CliRun.Result r = CliRun.exec("conf", "audit", conf.toString());
    assertEquals(ExitCodes.PASSED, r.exit(), r.toString());
    assertTrue(r.out().contains("PASSED: no finding at or above high"), r.out());
  }

  @Test
  void failOnCritical_letsHighFindingsPass_andFailOnLowCatchesWarnings() throws Exception {
    Path conf = TestFiles.weakConf(dir);
    assertEquals(ExitCodes.PASSED, CliRun.exec("conf", "audit", conf.toString(), "--fail-on", "critical").exit());
    Path hardened = TestFiles.hardenedConf(Files.createTempDirectory(dir, "h"));
    assertEquals(ExitCodes.PASSED, CliRun.exec("conf", "audit", hardened.toString(), "--fail-on", "info").exit());
  }

  @Test
  void jsonFormat_isOneObject_onStdout_withTheVerdictOnStderr() {
    Path conf = TestFiles.weakConf(dir);
    CliRun.Result r = CliRun.exec("conf", "audit", conf.toString(), "--format", "json");
    assertEquals(ExitCodes.FINDINGS, r.exit());
    String json = r.out().strip();
    assertTrue(json.startsWith("{") && json.endsWith("}"), json);
    assertTrue(json.contains("\"formatVersion\""), json);
    assertTrue(json.contains("\"ruleId\": \"conf.tls.missing\"") || json.contains("\"ruleId\":\"conf.tls.missing\""),
        json);
    assertTrue(r.err().startsWith("FAILED:"), r.err());
  }

  @Test
  void sarifFormat_isSarif210() {
    Path conf = TestFiles.weakConf(dir);
    CliRun.Result r = CliRun.exec("conf", "audit", conf.toString(), "--format", "SARIF");
    assertEquals(ExitCodes.FINDINGS, r.exit());
    assertTrue(r.out().contains("\"version\": \"2.1.0\"") || r.out().contains("\"version\":\"2.1.0\""), r.out());
    assertTrue(r.out().contains("conf.tls.missing"), r.out());
  }

  @Test
  void output_writesTheReportToAFile_andPrintsTheVerdict() throws Exception {
    Path conf = TestFiles.weakConf(dir);
    Path sarif = dir.resolve("report.sarif");
    CliRun.Result r = CliRun.exec("conf", "audit", conf.toString(), "--format", "sarif", "--output", sarif.toString());
    assertEquals(ExitCodes.FINDINGS, r.exit());
    assertTrue(Files.readString(sarif).contains("\"runs\""));
    assertTrue(r.out().startsWith("FAILED:") && r.out().contains("written to " + sarif), r.out());
  }

  @Test
  void outputIntoAMissingDirectory_isExitTwo() {
    Path conf = TestFiles.weakConf(dir);
    CliRun.Result r = CliRun.exec("conf", "audit", conf.toString(), "-o", dir.resolve("no/such/dir/r.json").toString());
    assertEquals(ExitCodes.ERROR, r.exit(), r.toString());
    assertTrue(r.err().contains("cannot write the report"), r.err());
  }

  @Test
  void missingFile_isExitTwo_withAClearMessage() {
    CliRun.Result r = CliRun.exec("conf", "audit", dir.resolve("nope.conf").toString());
    assertEquals(ExitCodes.ERROR, r.exit(), r.toString());
    assertTrue(r.err().contains("nope.conf"), r.err());
    assertTrue(r.err().contains("[conf.unreadable]"), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
  }

  @Test
  void missingArgument_isExitTwo() {
    CliRun.Result r = CliRun.exec("conf", "audit");
    assertEquals(ExitCodes.ERROR, r.exit());
    assertTrue(r.err().contains("Missing required parameter"), r.err());
  }

  @Test
  void badFormatOrSeverity_isExitTwo_namingTheAllowedValues() {
    Path conf = TestFiles.weakConf(dir);
    CliRun.Result f = CliRun.exec("conf", "audit", conf.toString(), "--format", "xml");
    assertEquals(ExitCodes.ERROR, f.exit());
    assertTrue(f.err().contains("must be text, json or sarif"), f.err());
    CliRun.Result s = CliRun.exec("conf", "audit", conf.toString(), "--fail-on", "severe");
    assertEquals(ExitCodes.ERROR, s.exit());
    assertTrue(s.err().contains("info, low, medium, high or critical"), s.err());
  }

  @Test
  void unbalancedQuotes_isExitTwo_withoutQuotingTheLine() {
    Path conf = TestFiles.write(dir.resolve("bad.conf"), "requirepass \"s3cret-value\n");
    CliRun.Result r = CliRun.exec("conf", "audit", conf.toString());
    assertEquals(ExitCodes.ERROR, r.exit(), r.toString());
    assertFalse(r.err().contains("s3cret-value"), r.err());
  }

  // ---- control characters in file names ----

  @Test
  void fileNames_withControlCharacters_areReportedEscaped() {
    Path missing = dir.resolve(LogInjection.FILE_NAME);
    CliRun.Result conf = CliRun.exec("conf", "audit", missing.toString());
    assertEquals(ExitCodes.ERROR, conf.exit(), conf.toString());
    LogInjection.assertEscaped(conf.err(), LogInjection.FILE_NAME_ESCAPED);

    Path weak = TestFiles.weakConf(dir);
    CliRun.Result acl = CliRun.exec("conf", "audit", weak.toString(), "--acl-file", missing.toString());
    LogInjection.assertEscaped(acl.out(), LogInjection.FILE_NAME_ESCAPED);

    CliRun.Result output = CliRun.exec("conf", "audit", weak.toString(), "-o", missing.resolve("r.txt").toString());
    assertEquals(ExitCodes.ERROR, output.exit(), output.toString());
    LogInjection.assertEscaped(output.err(), LogInjection.FILE_NAME_ESCAPED);

    CliRun.Result written = CliRun.exec("conf", "audit", weak.toString(), "-o", missing.toString());
    assertEquals(ExitCodes.FINDINGS, written.exit(), written.toString());
    LogInjection.assertEscaped(written.out(), LogInjection.FILE_NAME_ESCAPED);

    CliRun.Result nul = CliRun.exec("conf", "audit", "a\0" + LogInjection.INJECTED);
    assertEquals(ExitCodes.ERROR, nul.exit(), nul.toString());
    LogInjection.assertEscaped(nul.err(), "a\\u0000" + LogInjection.ESCAPED);
    assertTrue(nul.err().contains("REDIS_CONF") && nul.err().contains("is not a valid file path"), nul.err());
  }
}
