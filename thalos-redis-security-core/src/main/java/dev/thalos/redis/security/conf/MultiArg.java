package dev.thalos.redis.security.conf;

import dev.thalos.redis.security.internal.RedisArgs;
import java.util.List;
import java.util.Set;

/**
 * The directives redis-server 7.0 declares {@code MULTI_ARG_CONFIG} ({@code config.c}), and the arguments it
 * hands their setter: when such a directive has a single non-empty argument, Redis splits it again with the
 * quoting rules of a redis.conf line, so {@code client-output-buffer-limit "pubsub 32mb 8mb 60"} sets the same as
 * the line without quotes. An argument whose quotes do not balance gives the setter no argument at all.
 */
final class MultiArg {

  /** The multi-argument directives of redis-server 7.0 ({@code slaveof} is an alias of {@code replicaof}). */
  static final Set<String> DIRECTIVES = Set.of("bind", "save", "client-output-buffer-limit",
      "oom-score-adj-values", "replicaof", "slaveof", "latency-tracking-info-percentiles", "shutdown-on-sigint",
      "shutdown-on-sigterm");

  private MultiArg() {}

  /** The arguments redis-server 7.0 passes to the setter of {@code d}: split again if it is one of these. */
  static List<String> args(Directive d) {
    List<String> args = d.args();
    if (!DIRECTIVES.contains(d.name()) || args.size() != 1 || args.get(0).isEmpty()) {
      return args;
    }
    List<String> split = RedisArgs.split(args.get(0));
    return split == null ? List.of() : split;
  }
}
