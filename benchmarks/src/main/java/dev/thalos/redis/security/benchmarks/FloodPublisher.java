package dev.thalos.redis.security.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Floods the benchmark server with {@code redis-benchmark} (/usr/bin/redis-benchmark): one process per stream
 * of the mix ({@code PUBLISH <channel> <payload>}, its share of the messages), each with {@code clients}
 * connections pipelining {@code pipeline} commands, all at once, as the publisher user, over the given
 * transport. Only ever pointed at the benchmark server's own ports.
 */
final class FloodPublisher {

  static final String BINARY = System.getProperty("thalos.redis.benchmark.binary", "/usr/bin/redis-benchmark");

  private final BenchmarkRedis redis;
  private final int clients;
  private final int pipeline;

  FloodPublisher(BenchmarkRedis redis, int clients, int pipeline) {
    this.redis = redis;
    this.clients = clients;
    this.pipeline = pipeline;
  }

  /**
   * Messages per stream for about {@code total} messages: each a multiple of clients × pipeline, because
   * redis-benchmark completes every pipeline it started (it would publish more than asked otherwise).
   */
  long[] counts(List<ThalosMessages.Stream> streams, long total) {
    long[] counts = ThalosMessages.split(streams, total);
    long unit = (long) clients * pipeline;
    for (int i = 0; i < counts.length; i++) {
      counts[i] = Math.max(unit, counts[i] / unit * unit);
    }
    return counts;
  }

  /** The number of messages {@link #publish} publishes when asked for {@code total}. */
  long published(List<ThalosMessages.Stream> streams, long total) {
    long sum = 0;
    for (long c : counts(streams, total)) {
      sum += c;
    }
    return sum;
  }

  /** Publishes about {@code total} messages split over the streams; returns when every publisher exited. */
  Result publish(Transport transport, List<ThalosMessages.Stream> streams, long total) throws InterruptedException {
    long[] counts = counts(streams, total);
    long published = published(streams, total);
    List<Process> processes = new ArrayList<>();
    List<Path> outputs = new ArrayList<>();
    long start = System.nanoTime();
    try {
      for (int i = 0; i < streams.size(); i++) {
        if (counts[i] == 0) {
          continue;
        }
        // sh reports its child's CPU time (cutime, cstime of /proc/$$/stat) once redis-benchmark exited
        List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c",
            "\"$@\"; rc=$?; echo; echo \"cpu-ticks $(cut -d' ' -f16,17 /proc/$$/stat)\"; exit $rc", "sh",
            BINARY, "-h", redis.server.host(),
            "-p", String.valueOf(redis.port(transport)), "--user", BenchmarkRedis.PUBLISHER,
            "-a", redis.publisherPassword, "-c", String.valueOf(clients), "-P", String.valueOf(pipeline),
            "-n", String.valueOf(counts[i]), "-q"));
        if (transport.isTls()) {
          cmd.addAll(List.of("--tls", "--cacert", redis.caPem.toString()));
          if (transport == Transport.MTLS) {
            cmd.addAll(List.of("--cert", redis.clientCertificatePem.toString(),
                "--key", redis.clientKeyPem.toString()));
          }
        }
        cmd.addAll(List.of("PUBLISH", streams.get(i).channel.name(),
            new String(streams.get(i).payload, StandardCharsets.UTF_8)));
        Path out = Files.createTempFile("thalos-bench-publisher", ".log");
        out.toFile().deleteOnExit();
        outputs.add(out);
        processes.add(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start());
      }
      for (Process p : processes) {
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
          throw new IllegalStateException("redis-benchmark did not finish within 10 minutes");
        }
      }
      long end = System.nanoTime();
      long cpuMillis = 0;
      for (int i = 0; i < processes.size(); i++) {
        String output = Files.readString(outputs.get(i));
        if (processes.get(i).exitValue() != 0) {
          throw new IllegalStateException("redis-benchmark failed: " + output);
        }
        cpuMillis += cpuMillis(output);
      }
      return new Result(published, end - start, cpuMillis, end);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      for (Process p : processes) {
        p.destroyForcibly();
      }
      for (Path out : outputs) {
        try {
          Files.deleteIfExists(out);
        } catch (IOException e) {
          // a temporary file; deleted on exit anyway
        }
      }
    }
  }

  /** The {@code cpu-ticks <cutime> <cstime>} line the wrapper printed, in ms (10 ms ticks), or 0. */
  private static long cpuMillis(String output) {
    for (String line : output.split("\\R")) {
      if (line.startsWith("cpu-ticks ")) {
        String[] f = line.trim().split(" ");
        return (Long.parseLong(f[1]) + Long.parseLong(f[2])) * 10;
      }
    }
    return 0;
  }

  /** What was published and how fast. */
  static final class Result {
    final long messages;
    final long nanos;
    final long cpuMillis;
    final long endNanos;

    Result(long messages, long nanos, long cpuMillis, long endNanos) {
      this.messages = messages;
      this.nanos = nanos;
      this.cpuMillis = cpuMillis;
      this.endNanos = endNanos;
    }

    double rate() {
      return messages * 1e9 / nanos;
    }
  }
}
