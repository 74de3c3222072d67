package dev.thalos.redis.security.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class AclAuditCommandTest {

  @TempDir Path dir;

  @Test
  void thalosDocsAcl_failsOnConnectionCommands_withDryRunEvidence() {
    Path acl = TestFiles.write(dir.resolve("users.acl"), TestFiles.THALOS_DOCS_ACL);
    CliRun.Result r = CliRun.exec("acl", "audit", acl.toString(), "--namespace", "ship::wax");
    assertEquals(ExitCodes.FINDINGS, r.exit(), r.toString());
    assertTrue(r.out().contains("FAIL  acl.dangerous-commands"), r.out());
    assertTrue(r.out().contains("client|kill") && r.out().contains("client|pause") && r.out().contains("client|list"),
        r.out());
    assertTrue(r.out().contains("ACL DRYRUN default CLIENT KILL"), r.out());
    assertTrue(r.out().contains("FAIL  acl.subscribe-outside-namespace"), r.out());
    assertTrue(r.out().contains("FAIL  acl.default-user-enabled"), r.out());
    assertTrue(r.out().contains("FAIL  acl.write-keys-outside-prefix"), r.out());
    assertFalse(r.out().contains("client_password") || r.out().contains("server_password"), r.out());
  }

  @Test
  void leastPrivilegeAcl_passes_withNamespacesInferredFromTheFile() {
    Path acl = TestFiles.write(dir.resolve("users.acl"), TestFiles.LEAST_PRIVILEGE_ACL);
    CliRun.Result r = CliRun.exec("acl", "audit", acl.toString());
    assertEquals(ExitCodes.PASSED, r.exit(), r.toString());
    assertTrue(r.err().contains("ship::wax"), r.err());
    assertTrue(r.out().contains("PASSED: no finding at or above high (9 rules checked)"), r.out());
  }

  @Test
  void leastPrivilegeAcl_reviewedForAnotherChain_failsOnTheServerPublishing() {
    Path acl = TestFiles.write(dir.resolve("users.acl"), TestFiles.LEAST_PRIVILEGE_ACL);
    CliRun.Result r = CliRun.exec("acl", "audit", acl.toString(), "-n", "eos", "--format", "json");
    assertEquals(ExitCodes.FINDINGS, r.exit(), r.toString());
    assertTrue(r.out().contains("acl.publish-outside-namespace"), r.out());
  }

  @Test
  void failures_pointAtTheLinesOfTheirUsers_inTextAndSarif() {
    // blank lines count: default is on line 2, admin on line 4, thalos on line 5
    String withBlankLines = "\n" + TestFiles.THALOS_DOCS_ACL.replaceFirst("\n", "\n\n");
    Path acl = TestFiles.write(dir.resolve("users.acl"), withBlankLines);
    CliRun.Result text = CliRun.exec("acl", "audit", acl.toString(), "-n", "wax");
    assertEquals(ExitCodes.FINDINGS, text.exit(), text.toString());
    assertTrue(text.out().contains("at " + acl + ":2"), text.out());
    assertTrue(text.out().contains("at " + acl + ":5"), text.out());
    assertFalse(text.out().contains("at " + acl + ":4"), text.out()); // the admin fails no rule
    CliRun.Result sarif = CliRun.exec("acl", "audit", acl.toString(), "-n", "wax", "--format", "sarif");
    assertEquals(ExitCodes.FINDINGS, sarif.exit(), sarif.toString());
    String compact = sarif.out().replaceAll("\\s", "");
    assertTrue(compact.contains("\"startLine\":2") && compact.contains("\"startLine\":5"), sarif.out());
  }

  @Test
  void aclWithoutRecognisableNamespace_asksForOne() {
    Path acl = TestFiles.write(dir.resolve("users.acl"), TestFiles.THALOS_DOCS_ACL);
    CliRun.Result r = CliRun.exec("acl", "audit", acl.toString());
    assertEquals(ExitCodes.ERROR, r.exit(), r.toString());
    assertTrue(r.err().contains("--namespace"), r.err());
  }

  @Test
  void syntaxError_isExitTwo_namingTheToken_butNeverAPassword() {
    Path acl = TestFiles.write(dir.resolve("users.acl"), "user x on >hunter2-secret +nosuchcommand\n");
    CliRun.Result r = CliRun.exec("acl", "audit", acl.toString(), "-n", "wax");
    assertEquals(ExitCodes.ERROR, r.exit(), r.toString());
    assertTrue(r.err().contains("nosuchcommand"), r.err());
    assertFalse(r.err().contains("hunter2-secret"), r.err());
  }

  @Test
  void missingFile_isExitTwo() {
    CliRun.Result r = CliRun.exec("acl", "audit", dir.resolve("missing.acl").toString(), "-n", "wax");
    assertEquals(ExitCodes.ERROR, r.exit());
    assertTrue(r.err().contains("missing.acl: no such file"), r.err());
  }

  @Test
  void badNamespace_isExitTwo() {
    Path acl = TestFiles.write(dir.resolve("users.acl"), TestFiles.LEAST_PRIVILEGE_ACL);
    CliRun.Result r = CliRun.exec("acl", "audit", acl.toString(), "-n", "ship::*");
    assertEquals(ExitCodes.ERROR, r.exit());
    assertTrue(r.err().contains("is not a Thalos namespace"), r.err());
  }

  // ---- control characters and secrets in messages ----

  @Test
  void fileNames_withControlCharacters_areReportedEscaped() {
    Path missing = dir.resolve(LogInjection.FILE_NAME);
    CliRun.Result r = CliRun.exec("acl", "audit", missing.toString(), "-n", "wax");
    assertEquals(ExitCodes.ERROR, r.exit(), r.toString());
    LogInjection.assertEscaped(r.err(), LogInjection.FILE_NAME_ESCAPED);
    Path noNamespace = TestFiles.write(dir.resolve(LogInjection.FILE_NAME + ".acl"), TestFiles.THALOS_DOCS_ACL);
    CliRun.Result ask = CliRun.exec("acl", "audit", noNamespace.toString());
    assertEquals(ExitCodes.ERROR, ask.exit(), ask.toString());
    LogInjection.assertEscaped(ask.err(), LogInjection.FILE_NAME_ESCAPED);
    CliRun.Result directory = CliRun.exec("acl", "audit", dir.toString(), "-n", "wax");
    assertEquals(ExitCodes.ERROR, directory.exit(), directory.toString());
    LogInjection.assertNoControlCharacters(directory.err());
  }

  @Test
  void passwordFileGivenByMistake_isRefused_neverShowingItsContent() {
    for (String content : new String[] {"Kn0wn-Pa55word\n", "Kn0wn-Pa55word and more\n",
        "user default off\nKn0wn-Pa55word\n"}) {
      Path file = TestFiles.write(dir.resolve("redis.password"), content);
      CliRun.Result r = CliRun.exec("acl", "audit", file.toString(), "-n", "wax");
      assertEquals(ExitCodes.ERROR, r.exit(), r.toString());
      assertTrue(r.err().contains("redis.password"), r.err());
      assertTrue(r.err().contains("[acl.syntax]"), r.err());
      assertFalse(r.toString().contains("Kn0wn"), r.toString());
    }
  }
}
