package dev.thalos.redis.security.benchmarks;

import dev.thalos.redis.security.acl.AclDecision;
import dev.thalos.redis.security.acl.AclEvaluator;
import dev.thalos.redis.security.acl.AclParser;
import dev.thalos.redis.security.acl.AclUser;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Measures the offline ACL evaluator ({@link AclEvaluator}, Redis 7.0 {@code ACL DRYRUN} semantics) deciding a
 * Thalos client's {@code SUBSCRIBE}:
 *
 * <ul>
 *   <li>{@code subscribe}: one decision for a user compiled once — {@code evaluate(["SUBSCRIBE", channel])}.
 *       The {@code user} parameter picks the ACL: {@code generated} (this library's client:
 *       {@code resetchannels &ship::wax::* -@all +subscribe +unsubscribe +ping}), {@code thalosDocs} (the
 *       Thalos documentation's {@code &ship::* +@connection +subscribe}) and {@code tenChains} (ten
 *       {@code &ship::<chain>::*} patterns, the channel matching the last); {@code decision} picks an allowed
 *       channel or one outside the namespace (denied, with the DRYRUN message built).
 *   <li>{@code compile}: building the evaluator for the user (replaying its rules over the 366-command table),
 *       what a self-check pays once per user.
 * </ul>
 *
 * <p>Run (2 cores shared, so keep it short):
 * <pre>
 * mvn -B -ntp -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar AclEvaluation -prof gc -f 1 -wi 3 -i 5 -w 1s -r 1s
 * </pre>
 * {@code gc.alloc.rate.norm} in the output is the allocation per operation in bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AclEvaluationBenchmark {

  /** Which user: {@code generated}, {@code thalosDocs}, {@code tenChains}. */
  @Param({"generated", "thalosDocs", "tenChains"})
  public String user;

  /** {@code allowed}: a channel of the user's namespace; {@code denied}: one outside it. */
  @Param({"allowed", "denied"})
  public String decision;

  private AclUser aclUser;
  private AclEvaluator evaluator;
  private List<String> argv;

  @Setup
  public void setup() {
    String line = switch (user) {
      case "generated" -> "user reader on #" + "a".repeat(64)
          + " resetchannels &ship::wax::* -@all +subscribe +unsubscribe +ping";
      case "thalosDocs" -> "user default on #" + "a".repeat(64) + " resetchannels &ship::* +@connection +subscribe";
      case "tenChains" -> {
        StringBuilder sb = new StringBuilder("user reader on #" + "a".repeat(64) + " resetchannels");
        for (int i = 0; i < 9; i++) {
          sb.append(" &ship::chain").append(i).append("::*");
        }
        yield sb.append(" &ship::wax::* -@all +subscribe +unsubscribe +ping").toString();
      }
      default -> throw new IllegalArgumentException("unknown user: " + user);
    };
    aclUser = AclParser.redis7().parseUserLine(line);
    evaluator = AclEvaluator.of(aclUser);
    String channel = decision.equals("allowed")
        ? "ship::wax::actions/contract/eosio.token/name/transfer"
        : "thalos::" + ChannelValidationBenchmark.WAX_ID + "::actions/contract/eosio.token/name/transfer";
    argv = List.of("SUBSCRIBE", channel);
    AclDecision d = evaluator.evaluate(argv);
    if (d.allowed() != decision.equals("allowed")) {
      throw new IllegalStateException("unexpected decision for " + user + "/" + decision + ": " + d);
    }
  }

  @Benchmark
  public AclDecision subscribe() {
    return evaluator.evaluate(argv);
  }

  @Benchmark
  public AclEvaluator compile() {
    return AclEvaluator.of(aclUser);
  }
}
