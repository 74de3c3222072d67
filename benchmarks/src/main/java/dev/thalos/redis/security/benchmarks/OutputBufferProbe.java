package dev.thalos.redis.security.benchmarks;

import dev.thalos.redis.security.testkit.RespClient;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Samples the largest output buffer ({@code omem} in {@code CLIENT LIST TYPE pubsub}) the server holds for
 * subscribers, every 50 ms on its own admin connection: a growing buffer means the subscriber reads slower
 * than the publishers write.
 */
final class OutputBufferProbe implements AutoCloseable {

  private final AtomicLong peak = new AtomicLong();
  private final Thread thread;
  private volatile boolean running = true;

  OutputBufferProbe(BenchmarkRedis redis) {
    thread = new Thread(() -> {
      try (RespClient admin = redis.server.newAdminClient()) {
        while (running) {
          String list = String.valueOf(admin.commandOrThrow("CLIENT", "LIST", "TYPE", "pubsub"));
          for (String field : list.split("\\s+")) {
            if (field.startsWith("omem=")) {
              long omem = Long.parseLong(field.substring(5));
              peak.accumulateAndGet(omem, Math::max);
            }
          }
          Thread.sleep(50);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        // the probe is informative only
      }
    }, "omem-probe");
    thread.setDaemon(true);
    thread.start();
  }

  /** The largest subscriber output buffer seen, in bytes. */
  long peakBytes() {
    return peak.get();
  }

  @Override
  public void close() {
    running = false;
    try {
      thread.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
