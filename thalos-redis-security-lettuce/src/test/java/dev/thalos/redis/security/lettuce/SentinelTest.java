package dev.thalos.redis.security.lettuce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.ThalosSecurityException;
import dev.thalos.redis.security.auth.SecretSource;
import dev.thalos.redis.security.channel.ThalosChannel;
import dev.thalos.redis.security.check.Finding;
import dev.thalos.redis.security.check.NodeReport;
import dev.thalos.redis.security.check.Outcome;
import dev.thalos.redis.security.check.ReportFormat;
import dev.thalos.redis.security.check.TopologyCheck;
import dev.thalos.redis.security.check.TopologyReport;
import dev.thalos.redis.security.endpoint.NodeAddress;
import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import dev.thalos.redis.security.endpoint.ThalosRole;
import dev.thalos.redis.security.testkit.RedisSentinelGroup;
import dev.thalos.redis.security.testkit.RedisServer;
import dev.thalos.redis.security.testkit.TestPki;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real primary + replica + 3 sentinels, everything TLS-only with ACL users (default user off on data nodes and
 * sentinels): subscriber and publisher found through the sentinels, the per-node self-check, and a failover
 * during which the subscriber keeps receiving after the switch.
 */
@Tag("integration")
class SentinelTest {

  static final String SENTINEL_CLIENT_PASSWORD = "sentinel-client-Secret-5d21";
  /** What a Thalos client and server need on a sentinel (plus the self-check's read-only questions). */
  static final String SENTINEL_CLIENT = "user sentinel-client on >" + SENTINEL_CLIENT_PASSWORD
      + " -@all +ping +sentinel|get-master-addr-by-name +sentinel|replicas +sentinel|sentinels"
      + " +sentinel|ckquorum";

  private static TestPki pki = TestPki.create();

  private static RedisSentinelGroup.Builder group() {
    return RedisSentinelGroup.builder().tls(pki.serverTls()).tlsAuthClients("optional")
        .aclUsers("user default off", TestRedis.SERVER_USER, TestRedis.CLIENT_USER)
        .sentinelAclUsers("user default off", SENTINEL_CLIENT);
  }

  private static ThalosRedisEndpoint.Builder endpoint(RedisSentinelGroup group, String user, String password,
      ThalosRole role) {
    return endpoint(group, user, password, role, true);
  }

  private static ThalosRedisEndpoint.Builder endpoint(RedisSentinelGroup group, String user, String password,
      ThalosRole role, boolean sentinelCredentials) {
    List<NodeAddress> sentinels = new ArrayList<>();
    for (InetSocketAddress a : group.sentinelAddresses()) {
      sentinels.add(NodeAddress.of(a.getHostString(), a.getPort()));
    }
    ThalosRedisEndpoint.Builder b = ThalosRedisEndpoint.builder()
        .sentinel(group.masterName(), sentinels)
        .tls(TestRedis.tls(pki))
        .user(user)
        .password(SecretSource.of(password.toCharArray()));
    if (sentinelCredentials) {
      b.sentinelUser("sentinel-client")
          .sentinelPassword(SecretSource.of(SENTINEL_CLIENT_PASSWORD.toCharArray()));
    }
    return b.namespace(TestRedis.WAX)
        .role(role)
        .connectTimeout(Duration.ofSeconds(2))
        .commandTimeout(Duration.ofSeconds(5));
  }

  @Test
  void subscriberAndPublisher_findThePrimaryThroughTheSentinels_andTheSelfCheckCoversEveryNode() {
    try (RedisSentinelGroup group = group().start()) {
      ThalosRedisEndpoint client = endpoint(group, "sub", TestRedis.CLIENT_PASSWORD, ThalosRole.CLIENT).build();
      assertFalse(client.isInsecure(), client.insecurityReasons().toString());
      List<String> received = new CopyOnWriteArrayList<>();
      ThalosChannel heartbeat = TestRedis.WAX.heartbeat();
      try (ThalosSubscriber subscriber = ThalosSubscriber.builder(client).channels(heartbeat)
          .listener((c, p) -> received.add(new String(p, StandardCharsets.UTF_8))).build();
           ThalosPublisher publisher = ThalosPublisher.builder(
               endpoint(group, "thalos", TestRedis.SERVER_PASSWORD, ThalosRole.SERVER).build()).connect()) {
        subscriber.start();
        assertEquals(1L, publisher.publish(heartbeat, "through-sentinel"));
        Await.until("message", Duration.ofSeconds(5), () -> received.size() == 1);
      }

      TopologyReport report = LettuceSelfCheck.runTopology(client);
      String text = report.render(ReportFormat.TEXT);
      assertEquals(5, report.nodes().size(), text);
      assertEquals(1, report.nodes().stream().filter(n -> n.kind() == NodeReport.Kind.PRIMARY).count(), text);
      assertEquals(1, report.nodes().stream().filter(n -> n.kind() == NodeReport.Kind.REPLICA).count(), text);
      assertEquals(3, report.nodes().stream().filter(n -> n.kind() == NodeReport.Kind.SENTINEL).count(), text);
      for (String rule : List.of(TopologyCheck.DISCOVERY, TopologyCheck.SENTINEL_AUTH, TopologyCheck.SENTINEL_TLS,
          TopologyCheck.SENTINEL_MASTER, TopologyCheck.PERMISSIONS_CONSISTENT)) {
        Finding f = report.finding(rule).orElseThrow();
        assertEquals(Outcome.PASS, f.outcome(), f + " " + f.evidence());
      }
      assertFalse(text.contains(SENTINEL_CLIENT_PASSWORD) || text.contains(TestRedis.CLIENT_PASSWORD));
    }
  }

  @Test
  void sentinelsThatAnswerAnyone_areReported_andMissingSentinelCredentials_areRefused() {
    try (RedisSentinelGroup open = RedisSentinelGroup.builder().tls(pki.serverTls()).tlsAuthClients("optional")
        .aclUsers("user default off", TestRedis.CLIENT_USER).start()) {
      ThalosRedisEndpoint noSentinelAuth = endpoint(open, "sub", TestRedis.CLIENT_PASSWORD, ThalosRole.CLIENT,
          false).build();
      assertTrue(noSentinelAuth.insecurityReasons().stream().anyMatch(r -> r.startsWith("no sentinel credentials")));
      TopologyReport report = LettuceSelfCheck.runTopology(noSentinelAuth);
      Finding auth = report.finding(TopologyCheck.SENTINEL_AUTH).orElseThrow();
      assertEquals(Outcome.FAIL, auth.outcome(), auth.toString());
      assertEquals(3, report.nodes().stream().filter(n -> n.kind() == NodeReport.Kind.SENTINEL).count());
    }
    try (RedisSentinelGroup closed = group().sentinels(1).quorum(1).replicas(0).start()) {
      ThalosRedisEndpoint withoutSentinelCredentials = endpoint(closed, "sub", TestRedis.CLIENT_PASSWORD,
          ThalosRole.CLIENT, false).build();
      ThalosSubscriber subscriber = ThalosSubscriber.builder(withoutSentinelCredentials)
          .channels(TestRedis.WAX.heartbeat()).listener((c, p) -> { }).build();
      ThalosSecurityException e = assertThrows(ThalosSecurityException.class, subscriber::start);
      assertTrue(e.reason().startsWith("auth."), e.reason() + ": " + e.getMessage());
    }
  }

  @Test
  void failover_primaryKilled_subscriberKeepsReceivingFromTheNewPrimary() throws Exception {
    try (RedisSentinelGroup group = group().start()) {
      ThalosChannel heartbeat = TestRedis.WAX.heartbeat();
      List<String> received = new CopyOnWriteArrayList<>();
      List<MessageGap> gaps = new CopyOnWriteArrayList<>();
      AtomicLong published = new AtomicLong();
      AtomicLong publishFailures = new AtomicLong();
      AtomicBoolean running = new AtomicBoolean(true);
      try (ThalosSubscriber subscriber = ThalosSubscriber.builder(
               endpoint(group, "sub", TestRedis.CLIENT_PASSWORD, ThalosRole.CLIENT).build())
               .channels(heartbeat).maxReconnectDelay(Duration.ofMillis(500))
               .listener((c, p) -> received.add(new String(p, StandardCharsets.UTF_8)))
               .gapListener(gaps::add).build();
           ThalosPublisher publisher = ThalosPublisher.builder(
               endpoint(group, "thalos", TestRedis.SERVER_PASSWORD, ThalosRole.SERVER).build()).connect()) {
        subscriber.start();
        Thread thalos = new Thread(() -> {
          long block = 1;
          while (running.get()) {
            try {
              publisher.publish(heartbeat, "{\"blocknum\":" + block + "}");
              published.incrementAndGet();
              block++;
            } catch (ThalosSecurityException e) {
              publishFailures.incrementAndGet();
            }
            try {
              Thread.sleep(20);
            } catch (InterruptedException e) {
              return;
            }
          }
        }, "failover-publisher");
        thalos.start();
        try {
          Await.until("messages before the failover", Duration.ofSeconds(5), () -> received.size() >= 10);
          long killedAt = System.nanoTime();
          RedisServer old = group.killPrimary();
          RedisServer promoted = group.awaitFailover(Duration.ofSeconds(30));
          assertNotEquals(old.tlsPort(), promoted.tlsPort());
          int atSwitch = received.size();
          Await.until("messages from the new primary", Duration.ofSeconds(30),
              () -> received.size() >= atSwitch + 20,
              () -> "received " + received.size() + ", stats " + subscriber.stats() + ", published " + published
                  + ", publish failures " + publishFailures);
          System.out.printf("failover: receiving again %d ms after the primary was killed; %d published, %d "
              + "publish failures, %d received, %d gap(s) reported%n", (System.nanoTime() - killedAt) / 1_000_000,
              published.get(), publishFailures.get(), received.size(), gaps.size());
          assertTrue(subscriber.isSubscribed());
          assertTrue(subscriber.stats().reconnects() >= 1, subscriber.stats().toString());
          // the subscriber is now on the promoted node
          assertTrue(String.valueOf(promoted.admin().commandOrThrow("CLIENT", "LIST")).contains("user=sub"));
        } finally {
          running.set(false);
          thalos.join(5_000);
        }
        // what was published while no primary accepted is reported as a gap, not silently lost
        long lastBlock = Long.parseLong(received.get(received.size() - 1).replaceAll("\\D", ""));
        long missing = lastBlock - received.size();
        assertTrue(missing == 0 || !gaps.isEmpty(), "missing " + missing + " without a reported gap");
      }
    }
  }
}
