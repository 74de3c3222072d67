package dev.thalos.redis.security.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the shaded jar ({@code java -jar}) as a separate process, as an operator would. */
final class JarProcess {

  /** Set by the failsafe configuration; the jar built in {@code package}. */
  static Path jar() {
    String p = System.getProperty("thalos.cli.jar");
    if (p == null || !Files.isRegularFile(Path.of(p))) {
      throw new IllegalStateException("system property thalos.cli.jar must name the shaded jar (got " + p + "); "
          + "run with 'mvn verify'");
    }
    return Path.of(p);
  }

  static ProcessBuilder builder(Map<String, String> env, String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-jar");
    cmd.add(jar().toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    return pb;
  }

  static CliRun.Result run(Duration timeout, Map<String, String> env, String... args) {
    try {
      Process p = builder(env, args).start();
      p.getOutputStream().close();
      Drain out = new Drain(p.getInputStream());
      Drain err = new Drain(p.getErrorStream());
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly().waitFor();
        throw new AssertionError("timed out after " + timeout + ": " + List.of(args) + "\n" + out.text() + err.text());
      }
      out.join();
      err.join();
      return new CliRun.Result(p.exitValue(), out.text(), err.text());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static CliRun.Result run(String... args) {
    return run(Duration.ofSeconds(60), Map.of(), args);
  }

  /** Collects a stream on its own thread. */
  static final class Drain extends Thread {
    private final InputStream in;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();

    Drain(InputStream in) {
      this.in = in;
      setDaemon(true);
      start();
    }

    @Override
    public void run() {
      byte[] b = new byte[8192];
      try {
        int n;
        while ((n = in.read(b)) >= 0) {
          synchronized (buf) {
            buf.write(b, 0, n);
          }
        }
      } catch (IOException e) {
        // process gone
      }
    }

    String text() {
      synchronized (buf) {
        return buf.toString(StandardCharsets.UTF_8);
      }
    }
  }
}
