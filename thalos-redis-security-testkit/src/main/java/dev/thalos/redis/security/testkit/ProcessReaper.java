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
 * crashed or interrupted test run leaves nothing behind.
 */
final class ProcessReaper {

  private static final Map<Process, Boolean> PROCESSES = new ConcurrentHashMap<>();
  private static final Map<Path, Boolean> DIRECTORIES = new ConcurrentHashMap<>();

  static {
    Thread hook = new Thread(ProcessReaper::reapAll, "thalos-testkit-reaper");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  private ProcessReaper() {}

  static void register(Process process) {
    PROCESSES.put(process, Boolean.TRUE);
  }

  static void unregister(Process process) {
    PROCESSES.remove(process);
  }

  static void register(Path directory) {
    DIRECTORIES.put(directory, Boolean.TRUE);
  }

  static void unregister(Path directory) {
    DIRECTORIES.remove(directory);
  }

  /** Number of processes started by the kit that are still registered (alive or not yet reaped). */
  static int liveProcessCount() {
    PROCESSES.keySet().removeIf(p -> !p.isAlive());
    return PROCESSES.size();
  }

  private static void reapAll() {
    for (Process process : PROCESSES.keySet()) {
      process.destroyForcibly();
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
