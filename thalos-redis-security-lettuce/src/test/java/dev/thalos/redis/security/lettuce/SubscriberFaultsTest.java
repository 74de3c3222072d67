package dev.thalos.redis.security.lettuce;

import static dev.thalos.redis.security.lettuce.TestRedis.WAX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.channel.ThalosChannel;
import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import dev.thalos.redis.security.endpoint.ThalosRole;
import dev.thalos.redis.security.testkit.RedisServer;
import dev.thalos.redis.security.testkit.RespClient;
import dev.thalos.redis.security.testkit.TestPki;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Faults a subscriber must survive without losing track: the server restarted, the server killed with SIGKILL
 * and restarted on the same port, the connection killed with {@code CLIENT KILL}, and the server's pub/sub
 * output-buffer limit disconnecting a slow subscriber. Each time the subscriber reconnects with backoff,
 * resubscribes, reports the missed blocks as a {@link MessageGap} that covers every message that did not
 * arrive, counts it, and leaves no thread behind after {@code close()}.
 */
@Tag("integration")
class SubscriberFaultsTest {

  private static final ThalosChannel HEARTBEAT = WAX.heartbeat();
  private static final ThalosChannel TRANSFERS = WAX.actions().contract("eosio.token").action("transfer");
  private static final int MAX_BLOCK = 40_000;
  private static final int FLOOD_LIMIT = 30_000;

  private static TestPki pki;
  private static LogCapture logs;

  @BeforeAll
  static void start() {
    logs = LogCapture.start();
    pki = TestPki.create();
  }

  @AfterAll
  static void stop() {
    logs.close();
    assertFalse(logs.text().contains(TestRedis.CLIENT_PASSWORD), "client password in a log line");
  }

  private static void publish(RedisServer server, ThalosChannel channel, long block, int size) {
    server.admin().commandOrThrow("PUBLISH", channel.name(),
        new String(BlockRecorder.heartbeat(block, size), StandardCharsets.US_ASCII));
  }

  private static void publishRange(RedisServer server, long first, long last) {
    for (long b = first; b <= last; b++) {
      publish(server, b % 2 == 0 ? HEARTBEAT : TRANSFERS, b, 200);
    }
  }

  private static long lettuceThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("lettuce")).count();
  }

  /** Injects a fault; returns the last block it published itself (10 if none). */
  private interface Fault {
    long inject(RedisServer server);
  }

  private static Fault publishingNothing(Consumer<RedisServer> fault) {
    return s -> {
      fault.accept(s);
      return 10;
    };
  }

  /**
   * Blocks 1..10 before the fault, ten more right after it (while the subscriber may be down), then one block
   * at a time until one arrives; checks the gap accounting, the counters and the threads.
   */
  private static void survives(String fault, RedisServer server, ThalosSubscriber.Builder builder,
      BlockRecorder recorder, Fault inject) {
    long threadsBefore = lettuceThreads();
    try (ThalosSubscriber subscriber = builder.build()) {
      subscriber.start();
      publishRange(server, 1, 10);
      Await.until("blocks 1..10", Duration.ofSeconds(10), () -> recorder.lastBlock == 10);

      long k = inject.inject(server);
      for (long b = k + 1; b <= k + 10; b++) {
        try {
          publishRange(server, b, b);
        } catch (RuntimeException serverStillStarting) {
          // lost on the publishing side too; such blocks are not expected to arrive
        }
      }
      Await.until("resubscribed after " + fault, Duration.ofSeconds(20), subscriber::isSubscribed,
          () -> subscriber.stats().toString());
      long[] next = {k + 11};
      Await.until("a message after " + fault, Duration.ofSeconds(10), () -> {
        publishRange(server, next[0], next[0]);
        next[0]++;
        return !recorder.gaps.isEmpty() && recorder.lastBlock >= k + 11;
      });
      long last = next[0] - 1;
      Await.until("block " + last, Duration.ofSeconds(5), () -> recorder.lastBlock == last);

      SubscriberStats stats = subscriber.stats();
      long missing = recorder.assertEveryLossIsCovered(1, last, 1);
      // the fault's gap (a loaded machine may add an earlier one, e.g. a handshake timing out after start)
      assertTrue(recorder.gaps.stream().anyMatch(g -> g.lastBlockBefore().orElse(-1) >= 10
          && g.firstBlockAfter() > 10), recorder.gaps::toString);
      assertTrue(stats.disconnects() >= 1 && stats.reconnects() >= 1 && stats.gaps() >= 1, stats.toString());
      assertEquals(recorder.gaps.size(), stats.gaps(), stats.toString());
      assertEquals(last, stats.lastBlockNumber(), stats.toString());
      assertTrue(recorder.disconnected.get() >= 1);
      System.out.println(fault + ": " + stats + ", gaps " + recorder.gaps + ", messages lost " + missing);
    }
    Await.until("Lettuce threads to end", Duration.ofSeconds(10), () -> lettuceThreads() <= threadsBefore,
        () -> "before " + threadsBefore + ", now " + lettuceThreads());
  }

  private static ThalosSubscriber.Builder subscriber(RedisServer server, BlockRecorder recorder) {
    // generous connect timeout: the first TLS connect of a JVM on a busy 2-core machine can take seconds
    ThalosRedisEndpoint endpoint = TestRedis.endpoint(server, pki, "sub", TestRedis.CLIENT_PASSWORD,
        ThalosRole.CLIENT).connectTimeout(Duration.ofSeconds(10)).build();
    return ThalosSubscriber.builder(endpoint).channels(HEARTBEAT, TRANSFERS)
        .listener(recorder).stateListener(recorder).gapListener(recorder)
        .maxReconnectDelay(Duration.ofMillis(200));
  }

  @Test
  void clientKill_subscriberReconnects_resubscribes_andReportsTheGap() {
    try (RedisServer server = TestRedis.tlsServer(pki).start()) {
      BlockRecorder recorder = new BlockRecorder(MAX_BLOCK);
      survives("CLIENT KILL", server, subscriber(server, recorder), recorder,
          publishingNothing(s -> s.admin().commandOrThrow("CLIENT", "KILL", "USER", "sub")));
    }
  }

  @Test
  void serverRestart_subscriberReconnects_resubscribes_andReportsTheGap() {
    try (RedisServer server = TestRedis.tlsServer(pki).start()) {
      BlockRecorder recorder = new BlockRecorder(MAX_BLOCK);
      survives("server restart", server, subscriber(server, recorder), recorder, publishingNothing(RedisServer::restart));
    }
  }

  @Test
  void serverKilledWithSigkill_andRestartedOnTheSamePort_subscriberReconnects_andReportsTheGap() {
    try (RedisServer server = TestRedis.tlsServer(pki).start()) {
      BlockRecorder recorder = new BlockRecorder(MAX_BLOCK);
      int port = server.tlsPort();
      survives("SIGKILL and restart", server, subscriber(server, recorder), recorder, publishingNothing(s -> {
        s.kill();
        sleep(300);   // a few failed reconnect attempts while nothing listens
        s.restart();
        assertEquals(port, s.tlsPort());
      }));
    }
  }

  @Test
  void pubsubOutputBufferLimit_disconnectsASlowSubscriber_whichReconnects_andReportsTheGap() {
    try (RedisServer server = TestRedis.tlsServer(pki)
        .directive("client-output-buffer-limit", "pubsub", "256kb", "128kb", "1").start()) {
      BlockRecorder recorder = new BlockRecorder(MAX_BLOCK);
      CountDownLatch release = new CountDownLatch(1);
      long[] flooded = {0};
      ThalosMessageListener slow = (channel, payload) -> {
        if (BlockNumbers.find(payload) == 11) {
          try {
            // stall the event loop, as a listener doing blocking work would (bounded)
            release.await(30, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        recorder.onMessage(channel, payload);
      };
      ThalosSubscriber.Builder builder = subscriber(server, recorder).listener(slow);
      survives("output buffer limit", server, builder, recorder, s -> {
        publish(s, HEARTBEAT, 11, 200);
        // 2 kB blocks, pipelined, while the subscriber does not read, until the server drops it: the kernel's
        // socket buffers take several MB before the 256 kB output-buffer limit is reached
        long b = 11;
        try (RespClient flood = s.newAdminClient()) {
          byte[] channel = HEARTBEAT.nameBytes();
          byte[] publish = "PUBLISH".getBytes(StandardCharsets.US_ASCII);
          while (b < FLOOD_LIMIT && s.logLines().stream().noneMatch(l -> l.contains("output buffer limits"))) {
            for (int i = 0; i < 250; i++) {
              flood.send(publish, channel, BlockRecorder.heartbeat(++b, 2000));
            }
            for (int i = 0; i < 250; i++) {
              flood.readReply();
            }
          }
        }
        assertTrue(s.logLines().stream().anyMatch(l -> l.contains("output buffer limits")),
            "the server did not drop the subscriber after " + (b - 11) + " messages");
        flooded[0] = b;
        release.countDown();
        return flooded[0];
      });
      long arrived = 0;
      for (long b = 12; b <= flooded[0]; b++) {
        arrived += recorder.count(b);
      }
      assertTrue(arrived < flooded[0] - 11, "the server must have dropped some of the flood, but all " + arrived
          + " arrived");
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
