package dev.thalos.redis.security.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar as a process: each command, each format, each exit code. */
@Tag("integration")
class CliProcessIT {

  @TempDir Path dir;

  @Test
  void help_exitsZero_andListsCommandsAndExitCodes() {
    CliRun.Result r = JarProcess.run("--help");
    assertEquals(0, r.exit(), r.toString());
    for (String s : new String[] {"check", "acl", "conf", "demo", "Exit codes:"}) {
      assertTrue(r.out().contains(s), s + " in " + r.out());
    }
  }

  @Test
  void confAudit_inEachFormat_exitsOneForTheWeakConfig_andZeroForTheHardenedOne() throws IOException {
    Path weak = TestFiles.weakConf(Files.createDirectory(dir.resolve("weak")));
    Path hardened = TestFiles.hardenedConf(Files.createDirectory(dir.resolve("hardened")));
    for (String format : new String[] {"text", "json", "sarif"}) {
      CliRun.Result w = JarProcess.run("conf", "audit", weak.toString(), "--format", format);
      assertEquals(ExitCodes.FINDINGS, w.exit(), format + w);
      assertTrue(w.out().contains("conf.tls.missing"), format + w.out());
    }
    CliRun.Result h = JarProcess.run("conf", "audit", hardened.toString(), "--format", "sarif");
    assertEquals(ExitCodes.PASSED, h.exit(), h.toString());
    assertTrue(h.out().contains("\"2.1.0\""), h.out());
  }

  @Test
  void badArguments_andMissingFiles_exitTwo_withAClearMessage() {
    CliRun.Result unknown = JarProcess.run("conf", "audit", "x.conf", "--bogus");
    assertEquals(ExitCodes.ERROR, unknown.exit(), unknown.toString());
    assertTrue(unknown.err().contains("--bogus"), unknown.err());
    CliRun.Result missing = JarProcess.run("conf", "audit", dir.resolve("none.conf").toString());
    assertEquals(ExitCodes.ERROR, missing.exit(), missing.toString());
    assertTrue(missing.err().contains("none.conf"), missing.err());
    assertFalse(missing.err().contains("\tat "), "no stack trace: " + missing.err());
    CliRun.Result acl = JarProcess.run("acl", "audit", dir.resolve("none.acl").toString(), "-n", "wax");
    assertEquals(ExitCodes.ERROR, acl.exit(), acl.toString());
  }

  @Test
  void passwordArgument_isRefused_andNotEchoed() {
    CliRun.Result r = JarProcess.run("check", "--password", "hunter2-secret");
    assertEquals(ExitCodes.ERROR, r.exit(), r.toString());
    assertFalse(r.out().contains("hunter2") || r.err().contains("hunter2"), r.toString());
  }

  @Test
  void check_unreachablePort_exitsTwo_quickly() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    long t0 = System.nanoTime();
    CliRun.Result r = JarProcess.run(Duration.ofSeconds(60), Map.of("PW", "x"), "check", "--uri",
        "redis://127.0.0.1:" + port, "--password-env", "PW", "-n", "wax", "--connect-timeout", "2s");
    assertEquals(ExitCodes.ERROR, r.exit(), r.toString());
    assertTrue(r.err().contains("[connection.refused]"), r.err());
    assertTrue((System.nanoTime() - t0) / 1_000_000_000L < 45);
  }

  @Test
  void aclGenerate_thenAudit_asAnOperatorWould() throws IOException {
    Path acl = dir.resolve("users.acl");
    CliRun.Result g = JarProcess.run("acl", "generate", "-n", "wax", "-o", acl.toString());
    assertEquals(0, g.exit(), g.toString());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(acl)));
    assertTrue(g.out().contains("shown once"), g.out());
    CliRun.Result a = JarProcess.run("acl", "audit", acl.toString(), "-n", "wax", "--format", "sarif");
    assertEquals(0, a.exit(), a.toString());
    CliRun.Result e = JarProcess.run("acl", "explain",
        "user default on nopass resetchannels &ship::* +@connection +subscribe", "-n", "wax");
    assertEquals(0, e.exit(), e.toString());
    assertTrue(e.out().contains("CLIENT KILL"), e.out());
  }
}
