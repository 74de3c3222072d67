package dev.thalos.redis.security.lettuce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.ThalosSecurityException;
import dev.thalos.redis.security.acl.ThalosAclPlan;
import dev.thalos.redis.security.auth.SecretSource;
import dev.thalos.redis.security.channel.ThalosChannel;
import dev.thalos.redis.security.check.Finding;
import dev.thalos.redis.security.check.NodeReport;
import dev.thalos.redis.security.check.Outcome;
import dev.thalos.redis.security.check.TopologyCheck;
import dev.thalos.redis.security.check.TopologyReport;
import dev.thalos.redis.security.endpoint.NodeAddress;
import dev.thalos.redis.security.endpoint.RedisTopology;
import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import dev.thalos.redis.security.endpoint.ThalosRole;
import dev.thalos.redis.security.testkit.RedisCluster;
import dev.thalos.redis.security.testkit.RedisServer;
import dev.thalos.redis.security.testkit.TestPki;
import dev.thalos.redis.security.tls.TlsSettings;
import dev.thalos.redis.security.tls.TrustAnchors;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real 3-primary Redis Cluster over TLS only ({@code tls-cluster yes}, {@code tls-replication yes}) with Thalos
 * ACL users on every node: the validating subscriber and the publisher on the cluster, TLS verification of every
 * node, and the per-node self-check with its drift detection.
 */
@Tag("integration")
class ClusterTest {

  static final String ADMIN_PASSWORD = "cluster-admin-Secret-31e0";
  /**
   * The users {@code acl generate --cluster} writes: the role's commands plus what Lettuce's cluster client sends
   * (CLUSTER NODES and INFO for topology refresh, CLUSTER MYID and CLIENT SETNAME on node connections).
   */
  static final List<String> GENERATED_USERS = List.of(ThalosAclPlan.builder().namespace(TestRedis.WAX)
      .server("thalos").password("thalos", TestRedis.SERVER_PASSWORD.toCharArray())
      .client("sub", "wax").password("sub", TestRedis.CLIENT_PASSWORD.toCharArray())
      .redisCluster(true).build().generate().aclFile().split("\n"));
  static final String CLUSTER_OPERATOR = "user operator on >" + ADMIN_PASSWORD + " ~* &* +@all";

  private static TestPki pki;
  private static RedisCluster cluster;

  @BeforeAll
  static void start() {
    pki = TestPki.create();
    cluster = RedisCluster.builder().primaries(3).tls(pki.serverTls()).tlsAuthClients("optional")
        .aclUsers(concat(GENERATED_USERS, CLUSTER_OPERATOR))
        .start();
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static ThalosRedisEndpoint.Builder endpoint(String user, String password, ThalosRole role,
      RedisServer... seeds) {
    List<NodeAddress> nodes = new ArrayList<>();
    for (RedisServer seed : seeds.length == 0 ? cluster.primaries().toArray(new RedisServer[0]) : seeds) {
      nodes.add(NodeAddress.of(seed.host(), seed.tlsPort()));
    }
    return ThalosRedisEndpoint.builder()
        .cluster(nodes)
        .tls(TestRedis.tls(pki))
        .user(user)
        .password(SecretSource.of(password.toCharArray()))
        .namespace(TestRedis.WAX)
        .role(role)
        .connectTimeout(Duration.ofSeconds(3))
        .commandTimeout(Duration.ofSeconds(5));
  }

  @Test
  void subscriberOnOneNode_receivesWhatIsPublishedThroughEveryNode() {
    ThalosChannel heartbeat = TestRedis.WAX.heartbeat();
    cluster.nodes().forEach(n -> n.admin().commandOrThrow("ACL", "LOG", "RESET"));
    cluster.nodes().forEach(n -> n.admin().commandOrThrow("CONFIG", "RESETSTAT"));
    List<String> received = Collections.synchronizedList(new ArrayList<>());
    ThalosRedisEndpoint subEndpoint = endpoint("sub", TestRedis.CLIENT_PASSWORD, ThalosRole.CLIENT,
        cluster.primaries().get(0)).build();
    assertEquals(RedisTopology.CLUSTER, subEndpoint.topology());
    try (ThalosSubscriber subscriber = ThalosSubscriber.builder(subEndpoint).channels(heartbeat)
        .listener((channel, payload) -> received.add(new String(payload, StandardCharsets.UTF_8))).build();
         ThalosPublisher publisher = ThalosPublisher.builder(endpoint("thalos", TestRedis.SERVER_PASSWORD,
             ThalosRole.SERVER, cluster.primaries().get(2)).build()).connect()) {
      subscriber.start();
      // one publish through each node, with the node's own admin connection: at least two are on other nodes
      for (int i = 0; i < cluster.nodes().size(); i++) {
        cluster.nodes().get(i).admin().commandOrThrow("PUBLISH", heartbeat.name(), "via-node-" + i);
      }
      publisher.publish(heartbeat, "via-publisher");
      Await.until("4 messages", Duration.ofSeconds(10), () -> received.size() >= 4, received::toString);
      assertEquals(Set.of("via-node-0", "via-node-1", "via-node-2", "via-publisher"), new TreeSet<>(received));
      assertEquals(4, subscriber.stats().received());
      // the subscriber's connection is on one node; the publishes of the other nodes reached it across the bus
      long subscriberNodes = cluster.nodes().stream().filter(n -> clientList(n).contains("user=sub")).count();
      assertEquals(1, subscriberNodes);
    }
    // the least-privilege users never ran into a denial, and the minimal handshake sent nothing the server
    // refused (e.g. CLIENT MAINT_NOTIFICATIONS, which Redis 7.0 does not know)
    for (RedisServer node : cluster.nodes()) {
      assertEquals(List.of(), node.admin().commandOrThrow("ACL", "LOG"), node.toString());
      assertFalse(String.valueOf(node.admin().commandOrThrow("INFO", "errorstats")).contains("errorstat_"),
          node + ": " + node.admin().commandOrThrow("INFO", "errorstats"));
    }
  }

  @Test
  void publisher_refusesChannelsOutsideTheNamespace_beforeAnyNodeSeesThem() {
    try (ThalosPublisher publisher = ThalosPublisher.builder(endpoint("thalos", TestRedis.SERVER_PASSWORD,
        ThalosRole.SERVER).build()).connect()) {
      assertThrows(IllegalArgumentException.class, () -> publisher.publish(TestRedis.EOS.heartbeat(), "x"));
      assertEquals(0L, publisher.publish(TestRedis.WAX.rollback(), "nobody listens"));
    }
  }

  @Test
  void everyNodeIsVerified_anUnrelatedCaIsRefused() {
    TestPki other = TestPki.create();
    ThalosRedisEndpoint wrongCa = endpoint("sub", TestRedis.CLIENT_PASSWORD, ThalosRole.CLIENT)
        .tls(TlsSettings.builder().trustAnchors(TrustAnchors.certificates(other.ca().certificate())).build())
        .build();
    ThalosSubscriber subscriber = ThalosSubscriber.builder(wrongCa).channels(TestRedis.WAX.heartbeat())
        .listener((c, p) -> { }).build();
    ThalosSecurityException e = assertThrows(ThalosSecurityException.class, subscriber::start);
    assertEquals(ConnectionSecurityException.TLS_UNTRUSTED_CERTIFICATE, e.reason(), e.getMessage());
  }

  @Test
  void wrongPassword_isRefusedOnTheCluster_withoutLeakingIt() {
    String wrong = "wrong-Cluster-Pa55-77a1";
    ThalosSubscriber subscriber = ThalosSubscriber.builder(endpoint("sub", wrong, ThalosRole.CLIENT).build())
        .channels(TestRedis.WAX.heartbeat()).listener((c, p) -> { }).build();
    ThalosSecurityException e = assertThrows(ThalosSecurityException.class, subscriber::start);
    assertFalse(e.getMessage().contains(wrong), e.getMessage());
    assertEquals(ConnectionSecurityException.AUTH_WRONG_CREDENTIALS, e.reason(), e.getMessage());
    // Lettuce's own rendering of a URI shows one '*' per password character: that length must not leak either
    assertFalse(e.getMessage().contains("**"), e.getMessage());
  }

  @Test
  void topologyCheck_checksEveryNode_andFindsThemConsistent() {
    TopologyReport report = LettuceSelfCheck.runTopology(endpoint("sub", TestRedis.CLIENT_PASSWORD,
        ThalosRole.CLIENT, cluster.primaries().get(1)).build());
    assertEquals(3, report.nodes().size(), report.render(dev.thalos.redis.security.check.ReportFormat.TEXT));
    assertEquals(cluster.nodes().stream().map(n -> "127.0.0.1:" + n.tlsPort()).collect(Collectors.toSet()),
        report.nodes().stream().map(n -> n.address().toString()).collect(Collectors.toSet()));
    assertTrue(report.nodes().stream().allMatch(n -> n.kind() == NodeReport.Kind.PRIMARY));
    assertEquals(Outcome.PASS, report.finding(TopologyCheck.DISCOVERY).orElseThrow().outcome(),
        report.finding(TopologyCheck.DISCOVERY).toString());
    assertEquals(Outcome.PASS, report.finding(TopologyCheck.PERMISSIONS_CONSISTENT).orElseThrow().outcome());
    for (NodeReport node : report.nodes()) {
      assertEquals(Outcome.PASS, node.report().finding("live.acl.dangerous-commands").orElseThrow().outcome(),
          node.label());
      assertEquals(Outcome.PASS, node.report().finding("live.tls.in-use").orElseThrow().outcome(), node.label());
    }
    // every node's findings appear in the merged report, named by node
    long named = report.merged().findings().stream().filter(f -> f.summary().startsWith("[primary ")).count();
    assertTrue(named >= 3 * 10, "node findings in merged report: " + named);
  }

  @Test
  void aclDriftOnOneNode_isFound_byTheUserItself_andByTheOperator() {
    RedisServer drifted = cluster.primaries().get(2);
    drifted.admin().commandOrThrow("ACL", "SETUSER", "sub", "+client|list", "+keys", "~*");
    try {
      TopologyReport client = LettuceSelfCheck.runTopology(endpoint("sub", TestRedis.CLIENT_PASSWORD,
          ThalosRole.CLIENT).build());
      Finding permissions = client.finding(TopologyCheck.PERMISSIONS_CONSISTENT).orElseThrow();
      assertEquals(Outcome.FAIL, permissions.outcome(), permissions.toString());
      String drift = "127.0.0.1:" + drifted.tlsPort();
      assertTrue(permissions.evidence().stream().anyMatch(e -> e.contains(drift)), permissions.evidence().toString());
      assertEquals(Outcome.SKIPPED, client.finding(TopologyCheck.ACL_CONSISTENT).orElseThrow().outcome());

      TopologyReport operator = LettuceSelfCheck.runTopology(endpoint("operator", ADMIN_PASSWORD,
          ThalosRole.ADMIN).namespace(null).build());
      Finding acl = operator.finding(TopologyCheck.ACL_CONSISTENT).orElseThrow();
      assertEquals(Outcome.FAIL, acl.outcome(), acl.toString());
      assertTrue(acl.evidence().stream().anyMatch(e -> e.startsWith("user 'sub' differs") && e.contains(drift)),
          acl.evidence().toString());
      // password hashes never reach the report
      assertTrue(operator.render(dev.thalos.redis.security.check.ReportFormat.JSON).indexOf('#') < 0
          || !operator.render(dev.thalos.redis.security.check.ReportFormat.JSON).matches("(?s).*#[0-9a-f]{64}.*"));
    } finally {
      // the node's aclfile still has the original users; ACL LOAD drops the connections of every user
      try {
        drifted.admin().commandOrThrow("ACL", "LOAD");
      } catch (dev.thalos.redis.security.testkit.TestkitException dropped) {
        drifted.admin().close();
      }
    }
    TopologyReport healed = LettuceSelfCheck.runTopology(endpoint("operator", ADMIN_PASSWORD, ThalosRole.ADMIN)
        .namespace(null).build());
    assertEquals(Outcome.PASS, healed.finding(TopologyCheck.ACL_CONSISTENT).orElseThrow().outcome(),
        healed.finding(TopologyCheck.ACL_CONSISTENT).orElseThrow().evidence().toString());
  }

  @Test
  void aNodeWhoseCertificateDoesNotNameItsAddress_isRefused_andTheTopologyCheckNamesIt() {
    // same CA, so the cluster forms (Redis checks the chain on the bus, not the name), but the certificate of the
    // third primary names only redis-3.example, not the 127.0.0.1 the cluster announces
    TestPki.ServerTls wrongName = pki.serverTls().mutate()
        .serverCertificate(pki.ca().serverCertificate().subjectAlternativeNames("redis-3.example").build())
        .build();
    try (RedisCluster mixed = RedisCluster.builder().primaries(3).tls(pki.serverTls()).tlsAuthClients("optional")
        .aclUsers(GENERATED_USERS).node(2, n -> n.tls(wrongName)).start()) {
      RedisServer bad = mixed.primaries().get(2);
      ThalosRedisEndpoint.Builder viaBad = ThalosRedisEndpoint.builder()
          .cluster(List.of(NodeAddress.of("127.0.0.1", bad.tlsPort())))
          .tls(TestRedis.tls(pki)).user("sub").password(SecretSource.of(TestRedis.CLIENT_PASSWORD.toCharArray()))
          .namespace(TestRedis.WAX).connectTimeout(Duration.ofSeconds(3));
      ThalosSubscriber subscriber = ThalosSubscriber.builder(viaBad.build()).channels(TestRedis.WAX.heartbeat())
          .listener((c, p) -> { }).build();
      ThalosSecurityException e = assertThrows(ThalosSecurityException.class, subscriber::start);
      assertEquals(ConnectionSecurityException.TLS_HOSTNAME_MISMATCH, e.reason(), e.getMessage());

      List<NodeAddress> all = new ArrayList<>();
      mixed.primaries().forEach(n -> all.add(NodeAddress.of("127.0.0.1", n.tlsPort())));
      TopologyReport report = LettuceSelfCheck.runTopology(viaBad.cluster(all).build());
      String badAddress = "127.0.0.1:" + bad.tlsPort();
      Finding discovery = report.finding(TopologyCheck.DISCOVERY).orElseThrow();
      assertEquals(Outcome.FAIL, discovery.outcome(), discovery.toString());
      assertTrue(discovery.evidence().stream().anyMatch(x -> x.contains(badAddress)), discovery.evidence().toString());
      NodeReport badNode = report.node(badAddress).orElseThrow();
      assertEquals(Outcome.FAIL, badNode.report().finding("live.tls.certificate").orElseThrow().outcome(),
          badNode.report().render(dev.thalos.redis.security.check.ReportFormat.TEXT));
      for (RedisServer good : mixed.primaries().subList(0, 2)) {
        NodeReport ok = report.node("127.0.0.1:" + good.tlsPort()).orElseThrow();
        assertEquals(Outcome.PASS, ok.report().finding("live.connection").orElseThrow().outcome(), ok.label());
        // (the test CA's short-lived certificates make this a WARN about expiry, never a FAIL)
        assertTrue(ok.report().finding("live.tls.certificate").orElseThrow().outcome() != Outcome.FAIL, ok.label());
      }
    }
  }

  @Test
  void failover_primaryKilled_subscriberKeepsReceivingAfterTheReplicaTakesOver() throws Exception {
    try (RedisCluster ha = RedisCluster.builder().primaries(3).replicasPerPrimary(1).tls(pki.serverTls())
        .tlsAuthClients("optional").aclUsers(GENERATED_USERS).start()) {
      List<NodeAddress> seeds = new ArrayList<>();
      ha.primaries().forEach(n -> seeds.add(NodeAddress.of("127.0.0.1", n.tlsPort())));
      ThalosChannel heartbeat = TestRedis.WAX.heartbeat();
      List<String> received = Collections.synchronizedList(new ArrayList<>());
      java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
      try (ThalosSubscriber subscriber = ThalosSubscriber.builder(endpoint("sub", TestRedis.CLIENT_PASSWORD,
               ThalosRole.CLIENT).cluster(seeds).build())
               .channels(heartbeat).maxReconnectDelay(Duration.ofMillis(500))
               .listener((c, p) -> received.add(new String(p, StandardCharsets.UTF_8))).build();
           ThalosPublisher publisher = ThalosPublisher.builder(endpoint("thalos", TestRedis.SERVER_PASSWORD,
               ThalosRole.SERVER).cluster(seeds).build()).connect()) {
        subscriber.start();
        Thread thalos = new Thread(() -> {
          for (long block = 1; running.get(); block++) {
            try {
              publisher.publish(heartbeat, "{\"blocknum\":" + block + "}");
              Thread.sleep(20);
            } catch (ThalosSecurityException e) {
              // the node behind the publisher's connection may be the one that died: go on
            } catch (InterruptedException e) {
              return;
            }
          }
        }, "cluster-failover-publisher");
        thalos.start();
        try {
          Await.until("messages before the failover", Duration.ofSeconds(10), () -> received.size() >= 10);
          // the node the subscriber's pub/sub connection is on goes down, and so does a primary
          RedisServer subscriberNode = ha.nodes().stream()
              .filter(n -> String.valueOf(n.admin().commandOrThrow("CLIENT", "LIST", "TYPE", "pubsub"))
                  .contains("user=sub"))
              .findFirst().orElseThrow();
          RedisServer primary = ha.primaries().contains(subscriberNode) ? subscriberNode
              : ha.primaries().stream().filter(p -> !ha.replicasOf(p).contains(subscriberNode)).findFirst()
                  .orElseThrow();
          RedisServer replica = ha.replicasOf(primary).get(0);
          ha.killNode(primary);
          if (subscriberNode != primary) {
            ha.killNode(subscriberNode);
          }
          Await.until("the replica of the killed primary to take over", Duration.ofSeconds(30),
              () -> "master".equals(String.valueOf(((List<?>) replica.admin().commandOrThrow("ROLE")).get(0))));
          ha.awaitStateOk(Duration.ofSeconds(30));
          int atSwitch = received.size();
          Await.until("messages after the failover", Duration.ofSeconds(30), () -> received.size() >= atSwitch + 20,
              () -> "received " + received.size() + ", stats " + subscriber.stats());
          assertTrue(subscriber.stats().reconnects() >= 1, subscriber.stats().toString());
          assertTrue(subscriber.isSubscribed());
        } finally {
          running.set(false);
          thalos.join(5_000);
        }
      }
    }
  }

  private static List<String> concat(List<String> lines, String more) {
    List<String> all = new ArrayList<>(lines);
    all.add(more);
    return all;
  }

  private static String clientList(RedisServer node) {
    return String.valueOf(node.admin().commandOrThrow("CLIENT", "LIST"));
  }
}
