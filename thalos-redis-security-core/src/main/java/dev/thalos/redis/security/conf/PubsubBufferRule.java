package dev.thalos.redis.security.conf;

import dev.thalos.redis.security.check.Finding;
import dev.thalos.redis.security.check.Location;
import dev.thalos.redis.security.check.Outcome;
import dev.thalos.redis.security.check.Severity;
import java.util.Locale;
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

  @Override
  Finding check(AuditInput in) {
    String[] found = null;
    Location where = null;
    String evidence = null;
    for (Directive d : in.config.all("client-output-buffer-limit")) {
      for (int i = 0; i + 3 < d.args().size(); i += 4) {
        if (d.arg(i).toLowerCase(Locale.ROOT).equals("pubsub")) {
          found = new String[] {d.arg(i + 1), d.arg(i + 2), d.arg(i + 3)};
          where = d.location();
          evidence = d.toString();
        }
      }
    }
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
          .summary("client-output-buffer-limit pubsub has a size Redis would reject")
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
    if (h > in.maxPubsubHardLimit) {
      return finding().outcome(Outcome.WARN).severity(Severity.MEDIUM)
          .summary("pub/sub hard limit " + MemorySize.format(h) + " is above "
              + MemorySize.format(in.maxPubsubHardLimit) + " per subscriber")
          .evidence(evidence).location(where).remediation(fix).build();
    }
    return pass("pub/sub output buffers are limited (hard " + MemorySize.format(h) + ")");
  }
}
