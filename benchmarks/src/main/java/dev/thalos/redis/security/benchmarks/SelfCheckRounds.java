package dev.thalos.redis.security.benchmarks;

import dev.thalos.redis.security.check.CheckReport;
import dev.thalos.redis.security.check.Outcome;
import dev.thalos.redis.security.endpoint.ThalosRole;
import dev.thalos.redis.security.lettuce.LettuceSelfCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cost of the startup self-check ({@link LettuceSelfCheck#run}) for each role (client = least-privilege
 * subscriber, server = publisher, admin) over plaintext and TLS, against a real redis-server started by the test
 * kit: round trips and connections as the report counts them, commands the server processed
 * ({@code total_commands_processed}, the probe's {@code HELLO} included), the report's own duration and the
 * wall time of the whole call (connect, rules, close). Every round runs every cell in alternating order after a
 * discarded warm-up round; medians [min–max] over rounds.
 *
 * <p>Run (after {@code mvn -B -ntp -q -pl benchmarks -am package -DskipTests}):
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.thalos.redis.security.benchmarks.SelfCheckRounds --rounds=5
 * </pre>
 */
public final class SelfCheckRounds {

  private SelfCheckRounds() {}

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    int rounds = args.getInt("rounds", 5);
    StringBuilder log = new StringBuilder();
    say(log, String.format(Locale.ROOT, "# self-check: %d rounds + 1 warm-up, started %s, load average %.2f", rounds,
        Instant.now(), ProcessCpu.loadAverage()));
    List<String> cells = new ArrayList<>();
    for (ThalosRole role : ThalosRole.values()) {
      for (Transport t : new Transport[] {Transport.PLAINTEXT, Transport.TLS}) {
        cells.add(role.name().toLowerCase(Locale.ROOT) + " " + t.label());
      }
    }
    Map<String, Spread> wall = new LinkedHashMap<>();
    Map<String, Spread> reported = new LinkedHashMap<>();
    Map<String, String> counts = new LinkedHashMap<>();
    Spread load = new Spread();
    try (BenchmarkRedis redis = BenchmarkRedis.start()) {
      for (int round = 0; round <= rounds; round++) {
        List<String> order = new ArrayList<>(cells);
        if (round % 2 == 1) {
          Collections.reverse(order);
        }
        for (String cell : order) {
          String[] parts = cell.split(" ");
          ThalosRole role = ThalosRole.valueOf(parts[0].toUpperCase(Locale.ROOT));
          Transport transport = Transport.valueOf(parts[1].toUpperCase(Locale.ROOT));
          double l = ProcessCpu.loadAverage();
          long commands0 = commandsProcessed(redis);
          long start = System.nanoTime();
          CheckReport report = LettuceSelfCheck.run(redis.endpoint(role, transport));
          double millis = (System.nanoTime() - start) / 1e6;
          // minus 1: the INFO that read commands0 is counted after it ran
          long commands = commandsProcessed(redis) - commands0 - 1;
          String summary = String.format(Locale.ROOT, "%d round trips, %d connections, %d server commands; "
                  + "%d pass, %d fail, %d warn, %d skipped", report.roundTrips(), report.connectionsOpened(),
              commands, report.count(Outcome.PASS), report.count(Outcome.FAIL), report.count(Outcome.WARN),
              report.count(Outcome.SKIPPED));
          say(log, String.format(Locale.ROOT, "%s round %d %-16s wall %.1f ms, report %d ms | %s | load %.2f",
              round == 0 ? "warm-up" : "measured", round, cell, millis, report.duration().toMillis(), summary, l));
          if (round > 0) {
            wall.computeIfAbsent(cell, k -> new Spread()).add(millis);
            reported.computeIfAbsent(cell, k -> new Spread()).add(report.duration().toMillis());
            counts.put(cell, summary);
            load.add(l);
          }
        }
      }
    }
    say(log, "");
    say(log, "| role, transport | wall ms (connect + rules + close) | report duration ms | round trips etc. |");
    say(log, "|---|---|---|---|");
    for (String cell : cells) {
      say(log, String.format(Locale.ROOT, "| %s | %s | %s | %s |", cell, wall.get(cell).format("%.1f"),
          reported.get(cell).format("%.0f"), counts.get(cell)));
    }
    say(log, String.format(Locale.ROOT, "load average during the rounds: %s", load.format("%.1f")));
    String out = args.get("out", "");
    if (!out.isEmpty()) {
      Files.writeString(Path.of(out), log.toString());
    }
    System.exit(0);
  }

  private static long commandsProcessed(BenchmarkRedis redis) {
    String info = String.valueOf(redis.server.admin().commandOrThrow("INFO", "stats"));
    for (String line : info.split("\\r?\\n")) {
      if (line.startsWith("total_commands_processed:")) {
        return Long.parseLong(line.substring("total_commands_processed:".length()).trim());
      }
    }
    return -1;
  }

  private static void say(StringBuilder log, String line) {
    System.out.println(line);
    System.out.flush();
    log.append(line).append('\n');
  }
}
