package dev.thalos.redis.security.benchmarks;

import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import dev.thalos.redis.security.lettuce.HandshakeProfile;
import dev.thalos.redis.security.lettuce.ThalosLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Connection setup time through this library's Lettuce adapter ({@link ThalosLettuce#createClient}, client
 * role, handshake {@code MINIMAL}: TCP, TLS if any, {@code HELLO 3 AUTH}) over plaintext, TLS (server verified
 * fully) and mutual TLS, against a real redis-server started by the test kit. Every round connects
 * {@code --connects} times per transport (connect, then close) in alternating order after a discarded warm-up
 * round; per round the median connect time of each transport is taken, and reported as median [min–max] over
 * rounds together with the ratios TLS / plaintext and mTLS / plaintext within each round.
 *
 * <p>The adapter builds a fresh TLS context for every connection (so rotated certificates apply), so every
 * TLS connect is a full handshake: no session resumption.
 *
 * <p>Run (after {@code mvn -B -ntp -q -pl benchmarks -am package -DskipTests}):
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.thalos.redis.security.benchmarks.ConnectionSetupRounds \
 *     --rounds=5 --connects=20
 * </pre>
 */
public final class ConnectionSetupRounds {

  private ConnectionSetupRounds() {}

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    int rounds = args.getInt("rounds", 5);
    int connects = args.getInt("connects", 20);
    StringBuilder log = new StringBuilder();
    say(log, String.format(Locale.ROOT, "# connection setup: %d connects per transport per round, %d rounds + 1 "
        + "warm-up, started %s, load average %.2f", connects, rounds, Instant.now(), ProcessCpu.loadAverage()));
    Transport[] transports = {Transport.PLAINTEXT, Transport.TLS, Transport.MTLS};
    Map<Transport, List<Double>> medians = new EnumMap<>(Transport.class);
    Spread load = new Spread();
    ClientResources resources = DefaultClientResources.create();
    try (BenchmarkRedis redis = BenchmarkRedis.start()) {
      for (int round = 0; round <= rounds; round++) {
        List<Transport> order = new ArrayList<>(List.of(transports));
        if (round % 2 == 1) {
          Collections.reverse(order);
        }
        for (Transport t : order) {
          double l = ProcessCpu.loadAverage();
          double median = medianConnectMillis(resources, redis.subscriberEndpoint(t), connects);
          say(log, String.format(Locale.ROOT, "%s round %d %-9s median connect %.2f ms | load %.2f",
              round == 0 ? "warm-up" : "measured", round, t.label(), median, l));
          if (round > 0) {
            medians.computeIfAbsent(t, k -> new ArrayList<>()).add(median);
            load.add(l);
          }
        }
      }
    } finally {
      resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
    say(log, "");
    say(log, "| transport | connect ms (median of round medians [min–max]) | / plaintext |");
    say(log, "|---|---|---|");
    for (Transport t : transports) {
      Spread s = new Spread();
      Spread ratio = new Spread();
      List<Double> m = medians.get(t);
      List<Double> p = medians.get(Transport.PLAINTEXT);
      for (int i = 0; i < m.size(); i++) {
        s.add(m.get(i));
        ratio.add(m.get(i) / p.get(i));
      }
      say(log, String.format(Locale.ROOT, "| %s | %s | %s |", t.label(), s.format("%.2f"), ratio.format("%.2f")));
    }
    say(log, String.format(Locale.ROOT, "load average during the rounds: %s", load.format("%.1f")));
    String out = args.get("out", "");
    if (!out.isEmpty()) {
      Files.writeString(Path.of(out), log.toString());
    }
    System.exit(0);
  }

  private static double medianConnectMillis(ClientResources resources, ThalosRedisEndpoint endpoint, int connects) {
    RedisClient client = ThalosLettuce.createClient(resources, endpoint, HandshakeProfile.MINIMAL);
    try {
      List<Double> times = new ArrayList<>();
      for (int i = 0; i < connects; i++) {
        long start = System.nanoTime();
        StatefulRedisConnection<String, String> c = client.connect();
        times.add((System.nanoTime() - start) / 1e6);
        c.close();
      }
      Collections.sort(times);
      return times.get(times.size() / 2);
    } finally {
      client.shutdown(0, 2, TimeUnit.SECONDS);
    }
  }

  private static void say(StringBuilder log, String line) {
    System.out.println(line);
    System.out.flush();
    log.append(line).append('\n');
  }
}
