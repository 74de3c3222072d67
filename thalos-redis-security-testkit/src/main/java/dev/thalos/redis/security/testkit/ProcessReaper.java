package dev.thalos.redis.security.testkit;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kills the redis-server processes the kit started and removes their directories when the JVM exits, so that a
 * crashed or interrupted test run leaves nothing behind: a shutdown hook covers normal exits and SIGTERM; a
 * small {@code /bin/sh} watchdog per server covers a JVM killed with SIGKILL (it polls once a second).
 */
final class ProcessReaper {

  private static final Path SHELL = Path.of("/bin/sh");
  private static final String WATCHDOG_SCRIPT =
      "while kill -0 \"$2\" 2>/dev/null; do"
          + " if ! kill -0 \"$1\" 2>/dev/null; then kill -9 \"$2\" 2>/dev/null; rm -rf \"$3\"; exit 0; fi;"
          + " sleep 1; done";

  private static final Map<Process, Process> PROCESSES = new ConcurrentHashMap<>();
  private static final Map<Path, Boolean> DIRECTORIES = new ConcurrentHashMap<>();

  static {
    Thread hook = new Thread(ProcessReaper::reapAll, "thalos-testkit-reaper");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  private ProcessReaper() {}

  /** Registers a redis-server process whose files live in {@code directory}, and starts its watchdog. */
  static void register(Process process, Path directory) {
    PROCESSES.put(process, watchdog(process, directory));
  }

  static void unregister(Process process) {
    Process watchdog = PROCESSES.remove(process);
    if (watchdog != null && watchdog != process) {
      watchdog.destroy();
    }
  }

  private static Process watchdog(Process process, Path directory) {
    if (!Files.isExecutable(SHELL)) {
      return process;
    }
    try {
      return new ProcessBuilder(SHELL.toString(), "-c", WATCHDOG_SCRIPT, "thalos-testkit-watchdog",
          Long.toString(ProcessHandle.current().pid()), Long.toString(process.pid()), directory.toString())
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .redirectError(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      return process; // the shutdown hook still covers normal exits
    }
  }

  static void register(Path directory) {
    DIRECTORIES.put(directory, Boolean.TRUE);
  }

  static void unregister(Path directory) {
    DIRECTORIES.remove(directory);
  }

  /** Number of processes started by the kit that are still registered (alive or not yet reaped). */
  static int liveProcessCount() {
    for (Process process : PROCESSES.keySet()) {
      if (!process.isAlive()) {
        unregister(process);
      }
    }
    return PROCESSES.size();
  }

  private static void reapAll() {
    for (Map.Entry<Process, Process> entry : PROCESSES.entrySet()) {
      entry.getKey().destroyForcibly();
      entry.getValue().destroyForcibly();
    }
    for (Process process : PROCESSES.keySet()) {
      try {
        process.waitFor(2, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    for (Path directory : DIRECTORIES.keySet()) {
      try {
        deleteRecursively(directory);
      } catch (IOException ignored) {
        // best effort at JVM exit
      }
    }
  }

  static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    Files.walkFileTree(root, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        Files.deleteIfExists(file);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
        Files.deleteIfExists(dir);
        return FileVisitResult.CONTINUE;
      }
    });
  }
}
