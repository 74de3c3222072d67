package dev.thalos.redis.security.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.thalos.redis.security.testkit.RedisServer;
import dev.thalos.redis.security.testkit.RespClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Differential test of {@link GlobPattern} against {@code PSUBSCRIBE} delivery on a real redis-server: one
 * connection subscribes to every generated pattern, each generated channel is published once, and the set of
 * (pattern, channel) pairs Redis delivers must be exactly the set {@link GlobPattern} matches. Unlike ACL
 * patterns, subscription patterns may contain spaces and NUL bytes.
 */
@Tag("integration")
class GlobPatternIntegrationTest {

  @Test
  void psubscribeDelivery_agreesWithGlobPattern() {
    List<GlobCorpus.Pair> corpus = GlobCorpus.generate(7L, 600);
    // Patterns are told apart by their UTF-8-decoded form in the pmessage reply: keep those decoding uniquely.
    Map<String, byte[]> patterns = new LinkedHashMap<>();
    Set<String> ambiguous = new HashSet<>();
    List<byte[]> extra = List.of(bytes("ship wax*"), bytes("a\u0000*"), bytes("*\u0000"), bytes("\u0000"),
        bytes("[ -a]*"), bytes("*"), bytes("**"));
    List<byte[]> candidates = new ArrayList<>(extra);
    for (GlobCorpus.Pair pair : corpus) {
      candidates.add(pair.pattern());
    }
    for (byte[] p : candidates) {
      String key = new String(p, StandardCharsets.UTF_8);
      if (patterns.containsKey(key) && !java.util.Arrays.equals(patterns.get(key), p)) {
        ambiguous.add(key);
      }
      patterns.putIfAbsent(key, p);
    }
    ambiguous.forEach(patterns::remove);
    patterns.remove("");
    List<byte[]> channels = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (GlobCorpus.Pair pair : corpus) {
      if (seen.add(new String(pair.channel(), StandardCharsets.ISO_8859_1)) && channels.size() < 12) {
        channels.add(pair.channel());
      }
    }
    channels.add(bytes("ship wax::x"));
    channels.add(bytes("a\u0000b"));
    channels.add(new byte[0]);

    try (RedisServer server = RedisServer.builder().start();
        RespClient subscriber = server.newAdminClient();
        RespClient publisher = server.newAdminClient()) {
      List<byte[]> args = new ArrayList<>();
      args.add(bytes("PSUBSCRIBE"));
      args.addAll(patterns.values());
      subscriber.send(args.toArray(new byte[0][]));
      for (int i = 0; i < patterns.size(); i++) {
        Object ack = subscriber.readReply();
        assertTrue(ack instanceof List && "psubscribe".equals(((List<?>) ack).get(0)), () -> "got " + ack);
      }
      Map<String, Set<Integer>> delivered = new HashMap<>();
      long expectedMessages = 0;
      for (int c = 0; c < channels.size(); c++) {
        Object n = publisher.command(bytes("PUBLISH"), channels.get(c), bytes(Integer.toString(c)));
        expectedMessages += (Long) n;
      }
      for (long m = 0; m < expectedMessages; m++) {
        Optional<Object> reply = subscriber.readReplyOrTimeout(Duration.ofSeconds(10));
        List<?> message = (List<?>) reply.orElseThrow(() -> new AssertionError("missing pmessage"));
        assertEquals("pmessage", message.get(0));
        delivered.computeIfAbsent((String) message.get(1), k -> new HashSet<>())
            .add(Integer.parseInt((String) message.get(3)));
      }
      int pairs = 0;
      List<String> mismatches = new ArrayList<>();
      for (Map.Entry<String, byte[]> p : patterns.entrySet()) {
        GlobPattern glob = GlobPattern.of(p.getValue());
        Set<Integer> got = delivered.getOrDefault(p.getKey(), Set.of());
        for (int c = 0; c < channels.size(); c++) {
          pairs++;
          if (glob.matches(channels.get(c)) != got.contains(c)) {
            mismatches.add(GlobCorpus.describe(p.getValue(), channels.get(c)) + " redis=" + got.contains(c));
          }
        }
      }
      System.out.println("GlobPattern vs redis-server PSUBSCRIBE delivery: " + pairs + " pairs, "
          + expectedMessages + " delivered, " + mismatches.size() + " mismatches");
      assertTrue(pairs >= 2000, "corpus too small: " + pairs);
      if (!mismatches.isEmpty()) {
        fail(mismatches.size() + " mismatches, first: " + mismatches.subList(0, Math.min(20, mismatches.size())));
      }
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
