package dev.thalos.redis.security.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code demo} as a process: finishes with exit 0, shows its steps, and leaves no redis-server behind. */
@Tag("integration")
class DemoIT {

  private static final Pattern PID = Pattern.compile("pid (\\d+):");
  private static final Pattern DIR = Pattern.compile("files in (\\S+)");

  @Test
  void demo_exitsZero_showsTheKeySteps_andLeavesNothingBehind() {
    CliRun.Result r = JarProcess.run(Duration.ofSeconds(120), Map.of(), "demo");
    assertEquals(ExitCodes.PASSED, r.exit(), r.toString());
    String out = r.out();
    for (String line : new String[] {
        "Starting a hardened redis-server: TLS only",
        "ok the subscriber received the 3 messages of its channels",
        "ok refused: the client publishing a forged heartbeat (acl.noperm)",
        "ok refused: CLIENT KILL USER thalos (NOPERM)",
        "ok refused: CLIENT PAUSE 1000 (NOPERM)",
        "ok refused: an unauthenticated PING (NOAUTH)",
        "ok self-check as client (subscriber): ",
        "ok self-check as server (publisher): ",
        "ok self-check as the documented client: FAILED",
        "FAIL [high] live.acl.dangerous-commands",
        "ok conf audit of its redis.conf: PASSED",
        "ok acl audit of the Thalos docs' ACL: FAILED",
        "acl.dangerous-commands",
        "ok the documented client runs CLIENT KILL USER thalos: the publisher's connection is gone",
        "ok temporary files removed",
        "expectations met."}) {
      assertTrue(out.contains(line), "missing '" + line + "' in\n" + out);
    }
    assertFalse(out.contains("UNEXPECTED"), out);
    List<Long> pids = pids(out);
    assertEquals(2, pids.size(), out);
    for (long pid : pids) {
      assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "redis-server " + pid + " left");
    }
    Matcher d = DIR.matcher(out);
    assertTrue(d.find(), out);
    assertFalse(Files.exists(Path.of(d.group(1))), "temporary directory left behind");
  }

  @Test
  void keepRunning_printsACommandThatReachesTheHardenedServer_andStoppingItStopsEverything() throws Exception {
    Process p = JarProcess.builder(Map.of(), "demo", "--keep-running").redirectErrorStream(true).start();
    p.getOutputStream().close();
    StringBuilder seen = new StringBuilder();
    String command = null;
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        seen.append(line).append('\n');
        if (line.contains("redis-cli --tls")) {
          command = line.trim();
          break; // the demo now waits for Ctrl-C with both servers running
        }
      }
      assertTrue(command != null, "no redis-cli command line printed:\n" + seen);
      assertTrue(p.isAlive(), "the demo did not keep running:\n" + seen);
      String out = seen.toString();
      assertTrue(out.contains("press Ctrl-C"), out);
      assertTrue(out.contains(" expectations met so far") && !out.contains("NOT met"), out);
      assertFalse(command.contains(readerPassword(out)), "the password itself is printed: " + command);

      // the printed command works as printed: TLS, client certificate, the reader's password from its file
      Process cli = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
      String reply = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      assertTrue(cli.waitFor(10, TimeUnit.SECONDS));
      assertEquals("PONG", reply, command);

      // SIGTERM runs the same shutdown hook as Ctrl-C's SIGINT; SIGINT itself is ignored by processes started in
      // the background of a non-interactive shell (as a CI script may start the build), and the JVM keeps it so
      new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
      assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the demo did not stop on SIGTERM:\n" + seen);
      while ((line = in.readLine()) != null) {
        seen.append(line).append('\n');
      }
    } finally {
      p.destroyForcibly();
    }
    String out = seen.toString();
    List<Long> pids = pids(out);
    assertEquals(2, pids.size(), out);
    for (long pid : pids) {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "redis-server " + pid + " left");
    }
    Matcher d = DIR.matcher(out);
    assertTrue(d.find(), out);
    assertFalse(Files.exists(Path.of(d.group(1))), "temporary directory left behind: " + d.group(1));
  }

  /** The reader's password as the demo wrote it to its file (read before the demo removes it). */
  private static String readerPassword(String out) throws java.io.IOException {
    Matcher d = DIR.matcher(out);
    assertTrue(d.find(), out);
    return Files.readString(Path.of(d.group(1)).resolve("reader.password")).trim();
  }

  private static List<Long> pids(String out) {
    List<Long> pids = new ArrayList<>();
    Matcher m = PID.matcher(out);
    while (m.find()) {
      pids.add(Long.parseLong(m.group(1)));
    }
    return pids;
  }
}
