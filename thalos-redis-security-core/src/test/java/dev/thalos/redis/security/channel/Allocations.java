package dev.thalos.redis.security.channel;

import java.lang.management.ManagementFactory;

/** Counts the bytes the current thread allocates while running an action (HotSpot's thread allocation counter). */
final class Allocations {

  private Allocations() {}

  static long bytesAllocated(Runnable action) {
    com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    action.run(); // warm up class loading and lambdas
    long before = bean.getThreadAllocatedBytes(thread);
    action.run();
    return bean.getThreadAllocatedBytes(thread) - before;
  }
}
