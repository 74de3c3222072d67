package dev.thalos.redis.security.conf;

import dev.thalos.redis.security.check.Finding;
import dev.thalos.redis.security.check.Location;
import dev.thalos.redis.security.check.Outcome;
import dev.thalos.redis.security.check.Severity;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code conf.pubsub.output-buffer-limit}: a subscriber that reads slowly makes Redis buffer Thalos's messages
 * for it; {@code client-output-buffer-limit pubsub} caps that buffer. Unlimited (hard 0 and soft 0) lets one slow
 * or malicious subscriber exhaust the server's memory; a very high cap multiplies by the number of subscribers.
 */
final class PubsubBufferRule extends ConfRule {

  static final String ID = "conf.pubsub.output-buffer-limit";

  PubsubBufferRule() {
    super(ID, Severity.HIGH, "Pub/sub output buffers are limited",
        "client-output-buffer-limit pubsub <hard> <soft> <seconds> disconnects a subscriber whose unsent "
            + "messages exceed the hard limit, or the soft limit for that many seconds. 0 0 0 means unlimited: "
            + "a slow or malicious subscriber then grows the server's memory without bound while Thalos "
            + "publishes. Redis's default is 32mb 8mb 60.");
  }

  /**
   * The pub/sub group in effect, {@code <hard> <soft> <seconds>} as written, with its line: the last one of the
   * last {@code client-output-buffer-limit} line that has one, its arguments split as Redis splits a single one
   * ({@code "pubsub 32mb 8mb 60"}); empty when no line states it.
   */
  static Optional<Map.Entry<Directive, List<String>>> pubsubLimits(RedisConfig config) {
    Optional<Map.Entry<Directive, List<String>>> found = Optional.empty();
    for (Directive d : config.all("client-output-buffer-limit")) {
      List<String> args = MultiArg.args(d);
      for (int i = 0; i + 3 < args.size(); i += 4) {
        if (args.get(i).toLowerCase(Locale.ROOT).equals("pubsub")) {
          found = Optional.of(Map.entry(d, args.subList(i + 1, i + 4)));
        }
      }
    }
    return found;
  }

  @Override
  Finding check(AuditInput in) {
    Optional<Map.Entry<Directive, List<String>>> limits = pubsubLimits(in.config);
    String[] found = limits.map(e -> e.getValue().toArray(new String[0])).orElse(null);
    Location where = limits.map(e -> e.getKey().location()).orElse(null);
    String evidence = limits.map(e -> e.getKey().toString()).orElse(null);
    String fix = "client-output-buffer-limit pubsub 32mb 8mb 60";
    if (found == null) {
      return finding().outcome(Outcome.WARN).severity(Severity.LOW)
          .summary("no client-output-buffer-limit pubsub line: the default 32mb 8mb 60 applies")
          .evidence("no client-output-buffer-limit directive for the pubsub class")
          .remediation("# state the limit explicitly, sized for Thalos's message rate:\n" + fix)
          .build();
    }
    OptionalLong hard = MemorySize.parse(found[0]);
    OptionalLong soft = MemorySize.parse(found[1]);
    if (hard.isEmpty() || soft.isEmpty()) {
      return finding().outcome(Outcome.WARN).severity(Severity.LOW)
          .summary("client-output-buffer-limit pubsub has a size redis-server 7.0 cannot read: it refuses to start "
              + "(see " + StartupRule.ID + ")")
          .evidence(evidence).location(where).remediation(fix).build();
    }
    long h = hard.getAsLong();
    long s = soft.getAsLong();
    if (h == 0 && s == 0) {
      return finding().outcome(Outcome.FAIL).summary("pub/sub output buffers are unlimited")
          .evidence(evidence).location(where).remediation(fix).build();
    }
    if (h == 0) {
      return finding().outcome(Outcome.WARN).severity(Severity.MEDIUM)
          .summary("no hard limit on pub/sub output buffers (soft limit only)")
          .evidence(evidence).location(where).remediation(fix).build();
    }
    if (Long.compareUnsigned(h, in.maxPubsubHardLimit) > 0) {
      return finding().outcome(Outcome.WARN).severity(Severity.MEDIUM)
          .summary("pub/sub hard limit " + MemorySize.format(h) + " is above "
              + MemorySize.format(in.maxPubsubHardLimit) + " per subscriber")
          .evidence(evidence).location(where).remediation(fix).build();
    }
    return pass("pub/sub output buffers are limited (hard " + MemorySize.format(h) + ")");
  }
}
