package dev.thalos.redis.security.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.thalos.redis.security.channel.ThalosNamespace;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;

/**
 * A "malicious server": every command gets an arbitrary reply (wrong types, nested arrays, odd strings, errors
 * that look like denials, huge integers). The self-check must still produce one finding per rule, never throw,
 * and never let a reply's text reach a finding's rule identity.
 */
@Tag("unit")
class SelfCheckMaliciousServerPropertyTest {

  private static final String[] TEXTS = {"", "OK", "table", "nil", "NOPERM", "NOPERM this user has no permissions",
    "ERR unknown command", "ERR wrong number of arguments", "7.0.15", "valkey", "redis", "* -::*", "0", "-1",
    "99999999999999999999", "user default on nopass ~* &* +@all", "user x", "id=1 addr=", "\r\n", "a b c",
    "server", "version", "\u0000", "é", "1.2.3.4.5"};

  @Provide
  Arbitrary<Long> seeds() {
    return Arbitraries.longs();
  }

  @Property(tries = 50)
  void arbitraryReplies_neverBreakTheRun(@ForAll("seeds") long seed) {
    Random random = new Random(seed);
    FakeRedis anon = new FakeRedis().otherwise(a -> reply(random, 0));
    FakeRedis redis = new FakeRedis().otherwise(a -> reply(random, 0)).anonymous(anon);
    for (Role role : Role.values()) {
      SelfCheck check = SelfCheck.builder().role(role).namespace(ThalosNamespace.of("wax"))
          .trustedNetwork("10.0.0.0/8").build();
      CheckReport report = check.run(redis);
      long applicable = SelfCheck.liveRules().stream().filter(r -> r.appliesTo(role)).count();
      assertEquals(applicable, report.findings().size());
      for (Finding f : report.findings()) {
        assertNotNull(f.outcome());
        assertFalse(f.summary().isBlank());
        assertFalse(f.summary().startsWith("rule error"), f.ruleId() + ": " + f.summary());
      }
    }
  }

  static ProbeReply reply(Random r, int depth) {
    switch (r.nextInt(depth > 2 ? 6 : 8)) {
      case 0:
        return ProbeReply.status(text(r));
      case 1:
        return ProbeReply.error(r.nextBoolean() ? "NOPERM " + text(r) : "ERR " + text(r));
      case 2:
        return ProbeReply.integer(r.nextInt(5) == 0 ? Long.MIN_VALUE : r.nextInt(100) - 50);
      case 3:
      case 4:
        return ProbeReply.bulk(text(r));
      case 5:
        return ProbeReply.nil();
      default:
        List<ProbeReply> items = new ArrayList<>();
        int n = r.nextInt(7);
        for (int i = 0; i < n; i++) {
          items.add(reply(r, depth + 1));
        }
        return ProbeReply.array(items);
    }
  }

  static String text(Random r) {
    return TEXTS[r.nextInt(TEXTS.length)];
  }
}
