package dev.thalos.redis.security.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What both subscribers under test hand each message to: counts messages and takes the
 * time, CPU time and allocation of the delivering thread (the connection's event loop) at the first and last
 * message. Called on one thread at a time (the event loop); read from the benchmark thread.
 *
 * <p>With a gate ({@link #gated}), the first message blocks the event loop until {@link #open()}: the server then
 * keeps everything published meanwhile in the subscriber's output buffer, and the clock starts when the gate
 * opens — the subscriber drains the backlog as fast as it can read.
 */
final class MessageCounter {

  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

  private final long expected;
  private final CountDownLatch gate;
  private final AtomicLong visible = new AtomicLong();
  private long count;
  private volatile Thread thread;
  private volatile long firstNanos;
  private volatile long firstCpuNanos;
  private volatile long firstAllocated;
  private volatile long lastNanos;
  private volatile long lastCount;
  private volatile long lastCpuNanos = -1;
  private volatile long lastAllocated = -1;

  private MessageCounter(long expected, boolean gated) {
    this.expected = expected;
    this.gate = gated ? new CountDownLatch(1) : null;
  }

  static MessageCounter live(long expected) {
    return new MessageCounter(expected, false);
  }

  static MessageCounter gated(long expected) {
    return new MessageCounter(expected, true);
  }

  /** One message. */
  void onMessage(byte[] payload) {
    long n = ++count;
    if (n == 1) {
      thread = Thread.currentThread();
      if (gate != null) {
        try {
          gate.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      firstCpuNanos = THREADS.getCurrentThreadCpuTime();
      firstAllocated = THREADS.getCurrentThreadAllocatedBytes();
      firstNanos = System.nanoTime();
      lastNanos = firstNanos;
      lastCount = 1;
    } else if ((n & 255) == 0 || n == expected) {
      lastNanos = System.nanoTime();
      lastCount = n;
      if (n == expected) {
        lastCpuNanos = THREADS.getCurrentThreadCpuTime();
        lastAllocated = THREADS.getCurrentThreadAllocatedBytes();
      }
    }
    visible.lazySet(n);
  }

  /** Opens the gate (no-op without one). */
  void open() {
    if (gate != null) {
      gate.countDown();
    }
  }

  /** Messages counted so far. */
  long count() {
    return visible.get();
  }

  /** Waits until {@code expected} messages arrived or none arrived for {@code idle}; returns the count. */
  long await(long idleMillis) throws InterruptedException {
    long last = -1;
    long since = System.nanoTime();
    while (true) {
      long n = count();
      if (n >= expected) {
        return n;
      }
      if (n != last) {
        last = n;
        since = System.nanoTime();
      } else if (System.nanoTime() - since > TimeUnit.MILLISECONDS.toNanos(idleMillis)) {
        return n;
      }
      Thread.sleep(2);
    }
  }

  /** Whether the first message arrived (for a gated counter: the event loop is now blocked in the gate). */
  boolean started() {
    return thread != null;
  }

  long lastNanos() {
    return lastNanos;
  }

  /** Messages per second between the first and the last time-stamped message. */
  double rate() {
    long n = lastCount;
    long dt = lastNanos - firstNanos;
    return n <= 1 || dt <= 0 ? Double.NaN : (n - 1) * 1e9 / dt;
  }

  /** CPU time of the delivering thread per message (ns), or NaN if not every message arrived. */
  double cpuNanosPerMessage() {
    long end = lastCpuNanos;
    return end < 0 ? Double.NaN : (double) (end - firstCpuNanos) / (expected - 1);
  }

  /** Bytes allocated by the delivering thread per message, or NaN if not every message arrived. */
  double allocatedPerMessage() {
    long end = lastAllocated;
    return end < 0 ? Double.NaN : (double) (end - firstAllocated) / (expected - 1);
  }
}
