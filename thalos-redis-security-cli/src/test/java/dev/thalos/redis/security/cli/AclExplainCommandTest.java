package dev.thalos.redis.security.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class AclExplainCommandTest {

  @Test
  void documentedClientLine_isExplained_includingClientKillAndPause() {
    CliRun.Result r = CliRun.exec("acl", "explain",
        "user default on >client_password resetchannels &ship::* +@connection +subscribe", "--namespace", "wax");
    assertEquals(ExitCodes.PASSED, r.exit(), r.toString());
    assertTrue(r.out().contains("CLIENT KILL: can disconnect any client"), r.out());
    assertTrue(r.out().contains("CLIENT PAUSE: can pause every client"), r.out());
    assertTrue(r.out().contains("CLIENT LIST: can list every connection"), r.out());
    assertTrue(r.out().contains("receive channels outside ship::wax::*:  yes"), r.out());
    assertTrue(r.out().contains("acl.subscribe-outside-namespace"), r.out());
    assertFalse(r.out().contains("client_password"), r.out());
    assertTrue(r.err().contains("clear-text password"), "warns about the password argument: " + r.err());
  }

  @Test
  void leastPrivilegeClient_canOnlySubscribeToItsChain() {
    CliRun.Result r = CliRun.exec("acl", "explain",
        "user wax-reader on #" + "b".repeat(64) + " resetchannels &ship::wax::* -@all +subscribe +unsubscribe +ping",
        "-n", "ship::wax");
    assertEquals(ExitCodes.PASSED, r.exit(), r.toString());
    assertTrue(r.out().contains("subscribe to ship::wax::heartbeat:  YES"), r.out());
    assertTrue(r.out().contains("publish (forge messages) to ship::wax::heartbeat:  no"), r.out());
    assertTrue(r.out().contains("Dangerous commands: none."), r.out());
    assertTrue(r.out().contains("Review as a Thalos client of ship::wax: nothing found."), r.out());
    assertTrue(r.err().isEmpty(), r.err());
  }

  @Test
  void passwordlessUser_isCalledOut() {
    CliRun.Result r = CliRun.exec("acl", "explain", "user default on nopass ~* &* +@all");
    assertEquals(ExitCodes.PASSED, r.exit());
    assertTrue(r.out().contains("NO PASSWORD"), r.out());
    assertTrue(r.out().contains("ALL keys") && r.out().contains("ALL channels"), r.out());
    assertTrue(r.out().contains("FLUSHALL: can delete all data"), r.out());
  }

  @Test
  void serverReview_findsWritesOutsideTheCache() {
    CliRun.Result r = CliRun.exec("acl", "explain",
        "user thalos on nopass resetchannels &ship::* ~thalos::* +@connection +@read +@write +publish",
        "-n", "wax", "--as", "server");
    assertEquals(ExitCodes.PASSED, r.exit());
    assertTrue(r.out().contains("acl.write-keys-outside-prefix"), r.out());
    assertTrue(r.out().contains("acl.publish-outside-namespace"), r.out());
  }

  @Test
  void malformedLine_isExitTwo() {
    CliRun.Result r = CliRun.exec("acl", "explain", "user x on +nosuchcommand");
    assertEquals(ExitCodes.ERROR, r.exit());
    assertTrue(r.err().contains("nosuchcommand"), r.err());
  }

  @Test
  void badRole_isExitTwo() {
    CliRun.Result r = CliRun.exec("acl", "explain", "user x on nopass +ping", "--as", "admin");
    assertEquals(ExitCodes.ERROR, r.exit());
    assertTrue(r.err().contains("must be client or server"), r.err());
  }

  // ---- control characters and secrets in messages ----

  @Test
  void optionValuesAndLines_withControlCharacters_areReportedEscaped() {
    CliRun.Result as = CliRun.exec("acl", "explain", "user x on nopass +ping", "--as", LogInjection.INJECTED);
    assertEquals(ExitCodes.ERROR, as.exit(), as.toString());
    LogInjection.assertEscaped(as.err());
    CliRun.Result line = CliRun.exec("acl", "explain", "user x on " + LogInjection.INJECTED);
    assertEquals(ExitCodes.ERROR, line.exit(), line.toString());
    LogInjection.assertNoControlCharacters(line.err());
    CliRun.Result first = CliRun.exec("acl", "explain", LogInjection.INJECTED + " x on");
    assertEquals(ExitCodes.ERROR, first.exit(), first.toString());
    LogInjection.assertNoControlCharacters(first.err());
  }

  @Test
  void passwordOnStandardInput_givenByMistake_isNeverShown() {
    InputStream original = System.in;
    System.setIn(new ByteArrayInputStream("Kn0wn-Pa55word\n".getBytes(StandardCharsets.UTF_8)));
    try {
      CliRun.Result r = CliRun.exec("acl", "explain", "-");
      assertEquals(ExitCodes.ERROR, r.exit(), r.toString());
      assertTrue(r.err().contains("[acl.syntax]"), r.err());
      assertFalse(r.toString().contains("Kn0wn"), r.toString());
    } finally {
      System.setIn(original);
    }
  }
}
