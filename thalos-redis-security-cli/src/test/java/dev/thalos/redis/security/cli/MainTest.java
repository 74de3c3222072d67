package dev.thalos.redis.security.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class MainTest {

  private static final List<List<String>> COMMANDS = List.of(
      List.of(), List.of("check"), List.of("acl"), List.of("acl", "generate"), List.of("acl", "explain"),
      List.of("acl", "audit"), List.of("conf"), List.of("conf", "audit"), List.of("demo"));

  @Test
  void everyCommand_hasHelp_listingTheExitCodes() {
    for (List<String> command : COMMANDS) {
      String[] args = new java.util.ArrayList<String>(command) {{ add("--help"); }}.toArray(new String[0]);
      CliRun.Result r = CliRun.exec(args);
      assertEquals(ExitCodes.PASSED, r.exit(), command + ": " + r);
      assertTrue(r.out().contains("Usage: thalos-redis-security"), command + ": " + r.out());
      assertTrue(r.out().contains("Exit codes:"), command + ": " + r.out());
      assertTrue(r.out().contains("0   passed"), command + ": " + r.out());
      assertTrue(r.out().contains("1   findings at or above --fail-on"), command + ": " + r.out());
      assertTrue(r.out().contains("2   usage error"), command + ": " + r.out());
    }
  }

  @Test
  void noArguments_printsUsage_andExitsZero() {
    CliRun.Result r = CliRun.exec();
    assertEquals(0, r.exit());
    assertTrue(r.out().contains("check") && r.out().contains("demo"), r.out());
  }

  @Test
  void unknownCommand_isAUsageError() {
    CliRun.Result r = CliRun.exec("chekc");
    assertEquals(ExitCodes.ERROR, r.exit());
    assertTrue(r.err().contains("Unmatched argument") || r.err().contains("Unknown"), r.err());
    assertTrue(r.err().contains("Did you mean") || r.err().contains("Usage"), r.err());
  }

  @Test
  void groupWithoutSubcommand_isAUsageError() {
    CliRun.Result acl = CliRun.exec("acl");
    assertEquals(ExitCodes.ERROR, acl.exit(), acl.toString());
    assertTrue(acl.err().contains("Missing required subcommand"), acl.err());
    CliRun.Result conf = CliRun.exec("conf");
    assertEquals(ExitCodes.ERROR, conf.exit(), conf.toString());
  }

  @Test
  void unknownOption_isAUsageError_namingIt() {
    CliRun.Result r = CliRun.exec("conf", "audit", "--frobnicate", "x.conf");
    assertEquals(ExitCodes.ERROR, r.exit());
    assertTrue(r.err().contains("--frobnicate"), r.err());
  }

  @Test
  void version_printsTheToolName() {
    CliRun.Result r = CliRun.exec("--version");
    assertEquals(0, r.exit());
    assertTrue(r.out().startsWith("thalos-redis-security "), r.out());
  }

  @Test
  void exitCodes_areTheDocumentedValues() {
    assertEquals(0, ExitCodes.PASSED);
    assertEquals(1, ExitCodes.FINDINGS);
    assertEquals(2, ExitCodes.ERROR);
    assertEquals(List.of("0", "1", "2", "3"), List.copyOf(ExitCodes.helpList().keySet()));
  }

  @Test
  void unknownOptionsArgumentsAndCommands_withControlCharacters_areReportedEscaped() {
    for (String[] args : new String[][] {
        {"conf", "audit", "--" + LogInjection.INJECTED, "x.conf"},
        {"conf", "audit", "x.conf", LogInjection.INJECTED},
        {LogInjection.INJECTED},
        {"acl", LogInjection.INJECTED}}) {
      CliRun.Result r = CliRun.exec(args);
      assertEquals(ExitCodes.ERROR, r.exit(), r.toString());
      LogInjection.assertEscaped(r.err());
    }
  }

  @Test
  void aPasswordGivenToACommandThatTakesNone_isNeverEchoed() {
    String password = "Kn0wn-Pa55word-typed";
    for (String[] args : new String[][] {
        {"conf", "audit", "--password=" + password, "x.conf"},
        {"conf", "audit", "x.conf", "--password", password},
        {"acl", "audit", "--sentinel-password=" + password, "users.acl"},
        {"acl", "generate", "-n", "wax", "--password", password},
        {"conf", "audit", "x.conf", "--password-env", password},
        {"conf", "audit", "--password-env=" + password, "x.conf"},
        {"acl", "audit", "--sentinel-password-env", password, "users.acl"}}) {
      CliRun.Result r = CliRun.exec(args);
      assertEquals(ExitCodes.ERROR, r.exit(), r.toString());
      assertTrue(r.err().contains("--password") || r.err().contains("--sentinel-password"), r.err());
      assertFalse(r.err().contains(password), r.err());
    }
  }
}
