package dev.thalos.redis.security.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of another process from {@code /proc} (Linux), and the load average. Clock ticks are taken as
 * 10 ms ({@code CLK_TCK} 100).
 */
final class ProcessCpu {

  private static final long TICK_MILLIS = 10;

  private ProcessCpu() {}

  /** utime + stime of {@code pid} in ms, or -1 if unreadable. */
  static long ofPid(long pid) {
    long[] f = fields(pid);
    return f == null ? -1 : (f[0] + f[1]) * TICK_MILLIS;
  }

  /** The 1-minute load average, or NaN. */
  static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  private static long[] fields(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      // the command name may contain spaces: fields are counted after its closing parenthesis
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // after ')': state(3) ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime(14) stime(15)
      return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12])};
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
