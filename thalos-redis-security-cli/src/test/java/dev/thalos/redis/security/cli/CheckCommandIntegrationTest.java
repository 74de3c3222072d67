package dev.thalos.redis.security.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.testkit.RedisServer;
import dev.thalos.redis.security.testkit.TestPki;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check} against real redis-server processes: every way a connection can fail is exit 2, bounded. */
@Tag("integration")
class CheckCommandIntegrationTest {

  private static final String PASSWORD = "reader-password-0123456789";

  @TempDir static Path dir;
  static TestPki pki;
  static RedisServer tlsServer;
  static Path ca;
  static Path clientCert;
  static Path clientKey;
  static Path passwordFile;

  @BeforeAll
  static void start() {
    pki = TestPki.create();
    tlsServer = RedisServer.builder().tls(pki.serverTls()).tlsAuthClients("yes")
        .aclUsers("user default off resetchannels -@all",
            "user reader on >" + PASSWORD + " resetchannels &ship::wax::* -@all +subscribe +ping",
            "user ops on >" + PASSWORD + " ~* &* +@all")
        .start();
    ca = pki.ca().writeCertificatePem(dir.resolve("ca.pem"));
    clientCert = pki.clientCertificate().writeChainPem(dir.resolve("client.pem"));
    clientKey = TestFiles.write(dir.resolve("client.key"), pki.clientCertificate().privateKeyPkcs8Pem());
    passwordFile = TestFiles.write(dir.resolve("reader.password"), PASSWORD + "\n");
  }

  @AfterAll
  static void stop() {
    if (tlsServer != null) {
      tlsServer.close();
    }
  }

  private static List<String> tlsArgs(String user, String... more) {
    List<String> args = new ArrayList<>(List.of("check", "--uri",
        "rediss://" + (user == null ? "" : user + "@") + "localhost:" + tlsServer.tlsPort(), "--ca", ca.toString(),
        "--cert", clientCert.toString(), "--key", clientKey.toString(), "-n", "wax", "--connect-timeout", "3s"));
    args.addAll(List.of(more));
    return args;
  }

  private static CliRun.Result run(CliRun run, List<String> args) {
    return run.run(args.toArray(new String[0]));
  }

  @Test
  void leastPrivilegeClient_overVerifiedTls_passesEveryAccessAndTlsRule() {
    CliRun.Result r = run(new CliRun(), tlsArgs("reader", "--password-file", passwordFile.toString()));
    for (String rule : new String[] {"live.connection", "live.tls.in-use", "live.auth.required",
        "live.acl.dangerous-commands", "live.acl.publish", "live.acl.keys"}) {
      assertTrue(r.out().contains("PASS  " + rule), rule + " should pass:\n" + r.out());
    }
    assertFalse(r.out().contains("FAIL  live.acl") || r.out().contains("FAIL  live.tls"), r.out());
    // the exit code follows the report (the installed redis-server may have known CVEs: live.server.version)
    assertEquals(r.out().contains("\nFAILED: ") ? ExitCodes.FINDINGS : ExitCodes.PASSED, r.exit(), r.toString());
    assertFalse(r.out().contains(PASSWORD) || r.err().contains(PASSWORD), r.toString());
  }

  @Test
  void adminRole_looksAtTheServerConfiguration_thatAClientMayNotSee() {
    CliRun.Result r = run(new CliRun(), tlsArgs("ops", "--password-file", passwordFile.toString(), "--role", "admin"));
    for (String rule : new String[] {"live.tls.plaintext-port", "live.config.protected-mode",
        "live.config.debug-command", "live.acl.default-user"}) {
      assertTrue(r.out().contains("PASS  " + rule), rule + " should have run and passed:\n" + r.out());
    }
    assertTrue(r.out().contains("(role operator)"), r.out());
    assertEquals(r.out().contains("\nFAILED: ") ? ExitCodes.FINDINGS : ExitCodes.PASSED, r.exit(), r.toString());
  }

  @Test
  void thalosDocsClientAcl_overPlaintext_failsWithExitOne_inEveryFormat() throws IOException {
    try (RedisServer weak = RedisServer.builder().aclUsers(DemoCommand.THALOS_DOCS_ACL).start()) {
      String uri = "redis://127.0.0.1:" + weak.port();
      CliRun.Result text = new CliRun().env("PW", "client_password").run("check", "--uri", uri, "--password-env",
          "PW", "-n", "wax", "--connect-timeout", "3s");
      assertEquals(ExitCodes.FINDINGS, text.exit(), text.toString());
      assertTrue(text.out().contains("FAIL  live.tls.in-use"), text.out());
      assertTrue(text.out().contains("FAIL  live.acl.dangerous-commands"), text.out());
      assertTrue(text.out().contains("CLIENT KILL"), text.out());
      assertFalse(text.out().contains("client_password"), text.out());
      Path sarif = dir.resolve("check.sarif");
      CliRun.Result s = new CliRun().env("PW", "client_password").run("check", "--uri", uri, "--password-env", "PW",
          "-n", "wax", "--format", "sarif", "--output", sarif.toString());
      assertEquals(ExitCodes.FINDINGS, s.exit(), s.toString());
      assertTrue(Files.readString(sarif).contains("live.acl.dangerous-commands"));
      CliRun.Result json = new CliRun().env("PW", "client_password").run("check", "--uri", uri, "--password-env",
          "PW", "-n", "wax", "--format", "json", "--fail-on", "critical");
      assertTrue(json.out().strip().startsWith("{") && json.out().contains("\"live.tls.in-use\""), json.out());
      assertTrue(json.err().startsWith("FAILED") || json.err().startsWith("PASSED"), json.err());
    }
  }

  @Test
  void wrongPassword_isExitTwo_authWrongCredentials() {
    CliRun.Result r = run(new CliRun().env("PW", "not-the-password"), tlsArgs("reader", "--password-env", "PW"));
    assertEquals(ExitCodes.ERROR, r.exit(), r.toString());
    assertTrue(r.err().contains("[auth.wrong-credentials]"), r.err());
    assertFalse(r.err().contains("not-the-password"), r.err());
  }

  @Test
  void typedPassword_isUsed() {
    CliRun run = new CliRun().typedPassword("wrong-typed-password");
    CliRun.Result r = run(run, tlsArgs("reader"));
    assertEquals(1, run.prompts);
    assertEquals(ExitCodes.ERROR, r.exit(), r.toString());
    assertTrue(r.err().contains("[auth.wrong-credentials]"), r.err());
  }

  @Test
  void passwordFileReadableByOthers_isRefused_beforeConnecting() throws IOException {
    Path open = dir.resolve("open.password");
    Files.writeString(open, PASSWORD);
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
    CliRun.Result r = run(new CliRun(), tlsArgs("reader", "--password-file", open.toString()));
    assertEquals(ExitCodes.ERROR, r.exit(), r.toString());
    assertTrue(r.err().contains("[auth.file-permissions]"), r.err());
  }

  @Test
  void untrustedServerCertificate_isExitTwo() throws IOException {
    Path stranger = TestPki.unrelatedCa().writeCertificatePem(dir.resolve("stranger.pem"));
    List<String> args = tlsArgs("reader", "--password-file", passwordFile.toString());
    args.set(args.indexOf(ca.toString()), stranger.toString());
    CliRun.Result r = run(new CliRun(), args);
    assertEquals(ExitCodes.ERROR, r.exit(), r.toString());
    assertTrue(r.err().contains("[tls.untrusted-certificate]"), r.err());
  }

  @Test
  void missingClientCertificate_whenTheServerRequiresOne_isExitTwo() {
    CliRun.Result r = CliRun.exec("check", "--uri", "rediss://reader@localhost:" + tlsServer.tlsPort(), "--ca",
        ca.toString(), "--password-file", passwordFile.toString(), "-n", "wax", "--connect-timeout", "3s");
    assertEquals(ExitCodes.ERROR, r.exit(), r.toString());
    assertTrue(r.err().contains("[tls."), r.err());
  }

  @Test
  void plaintextToTheTlsPort_isExitTwo() {
    long t0 = System.nanoTime();
    CliRun.Result r = CliRun.exec("check", "--uri", "redis://127.0.0.1:" + tlsServer.tlsPort(), "-n", "wax",
        "--connect-timeout", "2s", "--command-timeout", "2s");
    assertEquals(ExitCodes.ERROR, r.exit(), r.toString());
    assertTrue((System.nanoTime() - t0) / 1_000_000_000L < 20, "bounded");
  }

  @Test
  void nothingListening_isExitTwo_connectionRefused() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    CliRun.Result r = CliRun.exec("check", "--uri", "rediss://127.0.0.1:" + port, "--ca", ca.toString(), "-n", "wax");
    assertEquals(ExitCodes.ERROR, r.exit(), r.toString());
    assertTrue(r.err().contains("[connection.refused]"), r.err());
  }

  @Test
  void clusterOrSentinelWithNoNodeListening_isExitTwo_withTheFirstNodesReason() throws IOException {
    int first = freePort();
    int second = freePort();
    for (String scheme : List.of("rediss-cluster://", "rediss-sentinel://")) {
      String uri = scheme + "127.0.0.1:" + first + ",127.0.0.1:" + second + (scheme.contains("sentinel") ? "#wax" : "");
      CliRun.Result r = CliRun.exec("check", "--uri", uri, "--ca", ca.toString(), "-n", "wax");
      assertEquals(ExitCodes.ERROR, r.exit(), r.toString());
      assertTrue(r.err().contains("[connection.refused]"), r.err());
      assertTrue(r.err().contains(":" + first + "/") && !r.err().contains(":" + second + "/"), r.err());
      assertTrue(r.out().isEmpty(), r.out());
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void hostThatNeverAnswers_isExitTwo_withinTheConnectTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> accepted = new ArrayList<>();
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            accepted.add(silent.accept()); // accept, then say nothing
          }
        } catch (IOException e) {
          // closed
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      long t0 = System.nanoTime();
      CliRun.Result r = CliRun.exec("check", "--uri", "rediss://127.0.0.1:" + silent.getLocalPort(), "--ca",
          ca.toString(), "-n", "wax", "--connect-timeout", "1s");
      long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
      assertEquals(ExitCodes.ERROR, r.exit(), r.toString());
      assertTrue(r.err().contains("[tls.tls-to-plaintext-port]") || r.err().contains("[connection.timeout]"),
          r.err());
      assertTrue(seconds < 15, "took " + seconds + " s with a 1 s connect timeout");
      for (Socket s : accepted) {
        s.close();
      }
    }
  }
}
