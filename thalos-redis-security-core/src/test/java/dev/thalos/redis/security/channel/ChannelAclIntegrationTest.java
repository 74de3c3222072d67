package dev.thalos.redis.security.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.thalos.redis.security.testkit.RedisServer;
import dev.thalos.redis.security.testkit.RespClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Differential test: {@link ChannelAcl} (and so {@link GlobPattern}) must answer exactly what a real
 * redis-server 7 answers to {@code ACL DRYRUN user PUBLISH <channel> x} and {@code ACL DRYRUN user PSUBSCRIBE
 * <pattern>} for a user holding one {@code &<pattern>}.
 */
@Tag("integration")
class ChannelAclIntegrationTest {

  private static final int PAIRS = 3000;
  private static final byte[] USER = bytes("glob-differential");

  private static RedisServer server;
  private static RespClient admin;

  @BeforeAll
  static void start() {
    server = RedisServer.builder().start();
    admin = server.newAdminClient();
  }

  @AfterAll
  static void stop() {
    if (admin != null) {
      admin.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void publishPermission_agreesWithRedis_onGeneratedCorpus(TestReporter reporter) {
    Map<String, List<GlobCorpus.Pair>> byPattern = new LinkedHashMap<>();
    for (GlobCorpus.Pair pair : GlobCorpus.generate(20261127L, PAIRS)) {
      byPattern.computeIfAbsent(new String(pair.pattern(), StandardCharsets.ISO_8859_1), p -> new ArrayList<>())
          .add(pair);
    }
    int compared = 0;
    int permitted = 0;
    List<String> mismatches = new ArrayList<>();
    for (Map.Entry<String, List<GlobCorpus.Pair>> e : byPattern.entrySet()) {
      byte[] pattern = e.getKey().getBytes(StandardCharsets.ISO_8859_1);
      byte[] rule = concat(bytes("&"), pattern);
      ChannelAcl acl = ChannelAcl.ofBytes(List.of(rule));
      admin.send(bytes("ACL"), bytes("SETUSER"), USER, bytes("reset"), bytes("on"), bytes("nopass"),
          bytes("+publish"), bytes("+psubscribe"), rule);
      for (GlobCorpus.Pair pair : e.getValue()) {
        admin.send(bytes("ACL"), bytes("DRYRUN"), USER, bytes("PUBLISH"), pair.channel(), bytes("x"));
      }
      expectOk(admin.readReply(), e.getKey());
      for (GlobCorpus.Pair pair : e.getValue()) {
        boolean redis = isOk(admin.readReply());
        boolean ours = acl.permitsPublish(pair.channel());
        compared++;
        permitted += redis ? 1 : 0;
        if (redis != ours) {
          mismatches.add(GlobCorpus.describe(pair.pattern(), pair.channel()) + " redis=" + redis + " ours=" + ours);
        }
      }
    }
    reporter.publishEntry("pairs", Integer.toString(compared));
    reporter.publishEntry("permitted", Integer.toString(permitted));
    System.out.println("ChannelAcl vs redis-server ACL DRYRUN PUBLISH: " + compared + " pairs, " + permitted
        + " permitted, " + mismatches.size() + " mismatches");
    assertTrue(compared >= 2000, "corpus too small: " + compared);
    assertTrue(permitted > compared / 10 && permitted < compared * 9 / 10,
        "corpus does not exercise both answers: " + permitted + " of " + compared);
    if (!mismatches.isEmpty()) {
      fail(mismatches.size() + " mismatches, first: " + mismatches.subList(0, Math.min(20, mismatches.size())));
    }
  }

  @Test
  void patternSubscribePermission_isLiteral_asInRedis() {
    List<GlobCorpus.Pair> pairs = GlobCorpus.generate(42L, 400);
    int compared = 0;
    for (GlobCorpus.Pair pair : pairs) {
      if (pair.pattern().length == 1 && pair.pattern()[0] == '*') {
        continue;
      }
      byte[] rule = concat(bytes("&"), pair.pattern());
      ChannelAcl acl = ChannelAcl.ofBytes(List.of(rule));
      expectOk(admin.command(bytes("ACL"), bytes("SETUSER"), USER, bytes("reset"), bytes("on"), bytes("nopass"),
          bytes("+psubscribe"), rule), "setuser");
      for (byte[] candidate : List.of(pair.pattern(), pair.channel(), concat(pair.pattern(), new byte[] {0, 'x'}),
          concat(pair.pattern(), bytes("*")))) {
        boolean redis = isOk(admin.command(bytes("ACL"), bytes("DRYRUN"), USER, bytes("PSUBSCRIBE"), candidate));
        assertEquals(redis, acl.permitsPatternSubscribe(candidate), () -> GlobCorpus.describe(pair.pattern(), candidate));
        compared++;
      }
    }
    assertTrue(compared >= 1000);
  }

  @Test
  void shardedPublishAndSubscribe_useTheSameGlobCheck() {
    int compared = 0;
    for (GlobCorpus.Pair pair : GlobCorpus.generate(99L, 300)) {
      byte[] rule = concat(bytes("&"), pair.pattern());
      ChannelAcl acl = ChannelAcl.ofBytes(List.of(rule));
      expectOk(admin.command(bytes("ACL"), bytes("SETUSER"), USER, bytes("reset"), bytes("on"), bytes("nopass"),
          bytes("+spublish"), bytes("+ssubscribe"), rule), "setuser");
      boolean expected = acl.permitsPublish(pair.channel());
      assertEquals(expected, isOk(admin.command(bytes("ACL"), bytes("DRYRUN"), USER, bytes("SPUBLISH"),
          pair.channel(), bytes("x"))), () -> GlobCorpus.describe(pair.pattern(), pair.channel()));
      assertEquals(expected, isOk(admin.command(bytes("ACL"), bytes("DRYRUN"), USER, bytes("SSUBSCRIBE"),
          pair.channel())), () -> GlobCorpus.describe(pair.pattern(), pair.channel()));
      compared += 2;
    }
    assertTrue(compared >= 600);
  }

  private static void expectOk(Object reply, String what) {
    if (!isOk(reply)) {
      fail("expected OK for " + what + ", got " + reply);
    }
  }

  private static boolean isOk(Object reply) {
    if (reply instanceof RespClient.Error) {
      fail("unexpected error reply: " + reply);
    }
    if (reply instanceof byte[]) {
      return new String((byte[]) reply, StandardCharsets.ISO_8859_1).equals("OK");
    }
    return "OK".equals(reply);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
