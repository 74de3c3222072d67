package dev.thalos.redis.security.cli;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What the demo must undo, closed in reverse order exactly once — at the end of the run or, on Ctrl-C, from a
 * JVM shutdown hook. Thread-safe; failures while closing are counted, never thrown.
 */
final class Cleanup implements AutoCloseable {

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private boolean closed;
  private int failures;

  /** Registers {@code resource} and returns it; closes it at once if cleanup already ran. */
  synchronized <T extends AutoCloseable> T add(T resource) {
    if (closed) {
      closeQuietly(resource);
      return resource;
    }
    resources.push(resource);
    return resource;
  }

  /** Closes {@code resource} now if it is registered, and forgets it. */
  synchronized void closeNow(AutoCloseable resource) {
    if (resources.remove(resource)) {
      closeQuietly(resource);
    }
  }

  /** Closes everything registered, most recent first. Idempotent. */
  @Override
  public synchronized void close() {
    closed = true;
    while (!resources.isEmpty()) {
      closeQuietly(resources.pop());
    }
  }

  synchronized int failures() {
    return failures;
  }

  private void closeQuietly(AutoCloseable resource) {
    try {
      resource.close();
    } catch (Exception | LinkageError e) {
      failures++;
    }
  }
}
