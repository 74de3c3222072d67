package dev.thalos.redis.security.benchmarks;

import dev.thalos.redis.security.lettuce.TlsEngine;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Throughput of the message path, raw Lettuce against {@code ThalosSubscriber}, plaintext against TLS, against
 * a real redis-server started by the test kit, in one JVM: every round runs every cell (subscriber ×
 * transport) once, in alternating order (forward, then reversed), after discarded warm-up rounds ({@code --warmups},
 * default 3: the JIT needs them, a single warm-up round left per-message costs about twice the steady state); ratios are
 * taken within a round and reported as median [min–max] over the rounds.
 *
 * <p>Modes ({@code --mode}):
 * <ul>
 *   <li>{@code drain} (subscriber saturated): the subscriber's first message blocks its event loop while the
 *       publishers ({@code redis-benchmark}, one process per channel) publish {@code --messages}; the server
 *       holds them in the subscriber's output buffer; then the event loop is released and the subscriber reads
 *       the backlog as fast as it can. Reports msg/s, and the event loop's CPU time and allocation per
 *       message (stable under machine load).</li>
 *   <li>{@code flood}: publishers and subscriber run at the same time (what the machine sustains: publishers,
 *       server and subscriber share the cores). Reports publish and receive rates, lost messages, reconnects,
 *       the largest subscriber output buffer, the time the subscriber needed after the publishers finished,
 *       and the CPU time of server, publishers and subscriber JVM.</li>
 *   <li>{@code paced}: a publisher at a fixed rate ({@code --rate} msg/s for {@code --seconds}), see
 *       {@link PacedPublisher}; reports received, lost and reconnects.</li>
 * </ul>
 *
 * <p>Run (after {@code mvn -B -ntp -q -pl benchmarks -am package -DskipTests}):
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.thalos.redis.security.benchmarks.MessagePathRounds \
 *     --mode=drain --messages=200000 --rounds=5 --mix=thalos
 * </pre>
 * Other options: {@code --transports=plaintext,tls}, {@code --subscribers=lettuce,thalos},
 * {@code --engines=jdk,openssl} (TLS engines: the JDK's, Netty's OpenSSL),
 * {@code --resp2}
 * (both subscribers pinned to RESP2), {@code --clients=2 --pipeline=64} (per publisher process),
 * {@code --out=FILE} (Markdown summary).
 */
public final class MessagePathRounds {

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

  private final Args args;
  private final String mode;
  private final long messages;
  private final boolean resp2;
  private final List<ThalosMessages.Stream> streams;
  private final List<Cell> cells = new ArrayList<>();
  private final Map<Cell, List<Result>> results = new LinkedHashMap<>();
  private final StringBuilder log = new StringBuilder();

  private MessagePathRounds(Args args) {
    this.args = args;
    this.mode = args.get("mode", "drain");
    this.messages = args.getLong("messages", 200_000);
    this.resp2 = args.flag("resp2");
    this.streams = ThalosMessages.mix(args.get("mix", "thalos"));
    for (String t : args.list("transports", "plaintext,tls")) {
      Transport transport = Transport.valueOf(t.toUpperCase(Locale.ROOT));
      for (String e : args.list("engines", "jdk")) {
        TlsEngine engine = TlsEngine.valueOf(e.toUpperCase(Locale.ROOT));
        if (!transport.isTls() && engine != TlsEngine.JDK) {
          continue;
        }
        for (String s : args.list("subscribers", "lettuce,thalos")) {
          SubscriberKind kind = SubscriberKind.valueOf(s.toUpperCase(Locale.ROOT));
          Cell c = new Cell(kind, transport, engine);
          cells.add(c);
          results.put(c, new ArrayList<>());
        }
      }
    }
  }

  public static void main(String[] argv) throws Exception {
    new MessagePathRounds(new Args(argv)).run();
    System.exit(0);
  }

  private void run() throws Exception {
    int rounds = args.getInt("rounds", 5);
    int warmups = args.getInt("warmups", 3);
    say(String.format(Locale.ROOT, "# %s: %d messages per cell, mix %s (avg %.0f B), %s, %d rounds + %d warm-up, "
            + "started %s, load average %.2f, %d CPUs, %s", mode, messages, args.get("mix", "thalos"),
        ThalosMessages.averageSize(streams), resp2 ? "RESP2" : "RESP3 (default of both)", rounds, warmups,
        Instant.now(),
        ProcessCpu.loadAverage(), Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.version")));
    say("# streams: " + streams);
    try (BenchmarkRedis redis = BenchmarkRedis.start()) {
      FloodPublisher flood = new FloodPublisher(redis, args.getInt("clients", 2), args.getInt("pipeline", 64));
      for (int round = 1 - warmups; round <= rounds; round++) {
        List<Cell> order = new ArrayList<>(cells);
        if (round % 2 == 0) {
          java.util.Collections.reverse(order);
        }
        for (Cell cell : order) {
          Result r = runCell(redis, flood, cell);
          say(String.format(Locale.ROOT, "%s round %d %-8s %-18s %s", round <= 0 ? "warm-up" : "measured", round,
              cell.subscriber.label(), cell.label(), r));
          if (round > 0) {
            results.get(cell).add(r);
          }
        }
      }
    }
    summarize();
    String out = args.get("out", "");
    if (!out.isEmpty()) {
      Files.writeString(Path.of(out), log.toString());
    }
  }

  private Result runCell(BenchmarkRedis redis, FloodPublisher flood, Cell cell) throws Exception {
    System.gc();
    boolean drain = mode.equals("drain");
    long expected = mode.equals("paced") ? (long) args.getInt("rate", 50_000) * args.getInt("seconds", 5)
        : flood.published(streams, messages);
    MessageCounter counter = drain ? MessageCounter.gated(expected) : MessageCounter.live(expected);
    Result r = new Result();
    r.load = ProcessCpu.loadAverage();
    try (SubscriberKind.Running sub = cell.subscriber.start(redis, cell.transport, cell.engine, resp2,
        streams, counter);
        OutputBufferProbe probe = new OutputBufferProbe(redis)) {
      long publishCalls0 = publishCalls(redis);
      long serverCpu0 = redis.serverCpuMillis();
      long jvmCpu0 = OS.getProcessCpuTime();
      long wall0 = System.nanoTime();
      long publishersCpu = 0;
      long publishEnd = 0;
      if (mode.equals("paced")) {
        PacedPublisher.Result p = new PacedPublisher(redis, cell.transport, streams)
            .publish(args.getInt("rate", 50_000), args.getInt("seconds", 5));
        r.publishRate = p.rate();
        r.publishedWithoutSubscriber = p.withoutSubscriber;
      } else {
        FloodPublisher.Result p = flood.publish(cell.transport, streams, messages);
        r.publishRate = p.rate();
        publishersCpu = p.cpuMillis;
        publishEnd = p.endNanos;
      }
      r.published = publishCalls(redis) - publishCalls0;
      long serverCpu1 = redis.serverCpuMillis();
      long jvmCpu1 = OS.getProcessCpuTime();
      if (drain) {
        while (!counter.started()) {
          Thread.sleep(1);
        }
        counter.open();
      }
      long drain0 = System.nanoTime();
      r.received = counter.await(3000);
      r.wallMillis = ((drain ? Math.max(counter.lastNanos(), drain0) - drain0 : counter.lastNanos() - wall0)) / 1e6;
      r.receiveRate = counter.rate();
      r.reconnects = sub.reconnects();
      r.peakOmem = probe.peakBytes();
      long serverCpu2 = redis.serverCpuMillis();
      long jvmCpu2 = OS.getProcessCpuTime();
      r.cpuPerMessage = counter.cpuNanosPerMessage();
      r.allocPerMessage = counter.allocatedPerMessage();
      if (drain) {
        r.jvmCpuPerMessage = (jvmCpu2 - jvmCpu1) / (double) Math.max(1, r.received);
        r.serverCpuMillis = serverCpu2 - serverCpu1;
      } else {
        r.jvmCpuPerMessage = (jvmCpu2 - jvmCpu0) / (double) Math.max(1, r.received);
        r.serverCpuMillis = serverCpu2 - serverCpu0;
        r.publishersCpuMillis = publishersCpu;
        r.tailMillis = publishEnd == 0 ? 0 : (counter.lastNanos() - publishEnd) / 1e6;
      }
      r.expected = r.published;
    }
    return r;
  }

  /** {@code calls} of {@code cmdstat_publish} in {@code INFO commandstats}. */
  private static long publishCalls(BenchmarkRedis redis) {
    String info = String.valueOf(redis.server.admin().commandOrThrow("INFO", "commandstats"));
    for (String line : info.split("\r?\n")) {
      if (line.startsWith("cmdstat_publish:calls=")) {
        return Long.parseLong(line.substring("cmdstat_publish:calls=".length(), line.indexOf(',')));
      }
    }
    return 0;
  }

  private void summarize() {
    say("");
    say("## " + mode + " summary (median [min–max] over rounds)");
    say("");
    say("| subscriber | transport | received msg/s | event-loop CPU ns/msg | event-loop B/msg | lost | reconnects |"
        + " load avg |");
    say("|---|---|---|---|---|---|---|---|");
    for (Cell c : cells) {
      Spread rate = new Spread();
      Spread cpu = new Spread();
      Spread alloc = new Spread();
      Spread load = new Spread();
      long lost = 0;
      long reconnects = 0;
      for (Result r : results.get(c)) {
        rate.add(r.receiveRate);
        cpu.add(r.cpuPerMessage);
        alloc.add(r.allocPerMessage);
        load.add(r.load);
        lost += r.expected - r.received;
        reconnects += r.reconnects;
      }
      say(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %d | %d | %s |", c.subscriber.label(),
          c.label(), rate.format("%.0f"), cpu.format("%.0f"), alloc.format("%.0f"), lost, reconnects,
          load.format("%.1f")));
    }
    say("");
    say("| subscriber | transport | published msg/s | peak subscriber omem MB | tail ms | server CPU ms |"
        + " publishers CPU ms | subscriber JVM CPU ms | wall ms |");
    say("|---|---|---|---|---|---|---|---|---|");
    for (Cell c : cells) {
      Spread publish = new Spread();
      Spread omem = new Spread();
      Spread tail = new Spread();
      Spread server = new Spread();
      Spread publishers = new Spread();
      Spread jvm = new Spread();
      Spread wall = new Spread();
      for (Result r : results.get(c)) {
        publish.add(r.publishRate);
        omem.add(r.peakOmem / 1e6);
        tail.add(r.tailMillis);
        server.add(r.serverCpuMillis);
        publishers.add(r.publishersCpuMillis);
        jvm.add(r.jvmCpuPerMessage * r.received / 1e6);
        wall.add(r.wallMillis);
      }
      say(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |", c.subscriber.label(),
          c.label(), publish.format("%.0f"), omem.format("%.1f"), tail.format("%.0f"), server.format("%.0f"),
          publishers.format("%.0f"), jvm.format("%.0f"), wall.format("%.0f")));
    }
    say("");
    say("| ratio | received msg/s | event-loop CPU per msg |");
    say("|---|---|---|");
    for (Cell c : cells) {
      if (c.subscriber != SubscriberKind.LETTUCE) {
        ratio(c.subscriber.label() + " / lettuce, " + c.label(), c,
            new Cell(SubscriberKind.LETTUCE, c.transport, c.engine));
      }
    }
    for (Cell c : cells) {
      if (c.transport.isTls()) {
        ratio(c.subscriber.label() + ", " + c.label() + " / plaintext", c,
            new Cell(c.subscriber, Transport.PLAINTEXT, TlsEngine.JDK));
      }
    }
    for (Cell c : cells) {
      if (c.engine == TlsEngine.OPENSSL) {
        ratio(c.subscriber.label() + ", " + c.transport.label() + " openssl / jdk", c,
            new Cell(c.subscriber, c.transport, TlsEngine.JDK));
      }
    }
  }

  private void ratio(String label, Cell a, Cell b) {
    List<Result> ra = results.get(a);
    List<Result> rb = results.get(b);
    if (ra == null || rb == null) {
      return;
    }
    Spread rate = new Spread();
    Spread cpu = new Spread();
    for (int i = 0; i < Math.min(ra.size(), rb.size()); i++) {
      rate.add(ra.get(i).receiveRate / rb.get(i).receiveRate);
      cpu.add(ra.get(i).cpuPerMessage / rb.get(i).cpuPerMessage);
    }
    say(String.format(Locale.ROOT, "| %s | %s | %s |", label, rate.format("%.3f"), cpu.format("%.3f")));
  }

  private void say(String line) {
    System.out.println(line);
    System.out.flush();
    log.append(line).append('\n');
  }

  /** A subscriber on a transport. */
  private static final class Cell {
    final SubscriberKind subscriber;
    final Transport transport;
    final TlsEngine engine;

    Cell(SubscriberKind subscriber, Transport transport, TlsEngine engine) {
      this.subscriber = subscriber;
      this.transport = transport;
      this.engine = engine;
    }

    /** The transport, with the engine for TLS. */
    String label() {
      return transport.isTls() ? transport.label() + " (" + engine.name().toLowerCase(Locale.ROOT) + ")"
          : transport.label();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Cell && ((Cell) o).subscriber == subscriber && ((Cell) o).transport == transport
          && ((Cell) o).engine == engine;
    }

    @Override
    public int hashCode() {
      return (subscriber.hashCode() * 31 + transport.hashCode()) * 31 + engine.hashCode();
    }
  }

  /** One cell's measurement. */
  private static final class Result {
    double load;
    long published;
    long expected;
    long publishedWithoutSubscriber;
    double publishRate;
    long received;
    double receiveRate;
    long reconnects;
    long peakOmem;
    double tailMillis;
    double cpuPerMessage;
    double allocPerMessage;
    double jvmCpuPerMessage;
    long serverCpuMillis;
    long publishersCpuMillis;
    double wallMillis;

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "published %d at %.0f msg/s%s | received %d (lost %d) at %.0f msg/s, "
              + "reconnects %d | event loop %.0f ns/msg, %.0f B/msg; JVM CPU %.0f ns/msg | server CPU %d ms, "
              + "publishers CPU %d ms | peak subscriber omem %.1f MB, tail %.0f ms, wall %.0f ms | load %.2f",
          published, publishRate, publishedWithoutSubscriber > 0 ? " (" + publishedWithoutSubscriber
              + " while no subscriber)" : "", received, expected - received, receiveRate, reconnects, cpuPerMessage,
          allocPerMessage, jvmCpuPerMessage, serverCpuMillis, publishersCpuMillis, peakOmem / 1e6, tailMillis, wallMillis,
          load);
    }
  }
}
