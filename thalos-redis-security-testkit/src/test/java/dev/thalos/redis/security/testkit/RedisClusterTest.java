package dev.thalos.redis.security.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisClusterTest {

  private static final String ALICE = "user alice on >alice-pw resetkeys ~thalos::* resetchannels &thalos::*"
      + " -@all +get +set +publish +subscribe +ping";

  private TestPki pki;
  private RedisCluster cluster;

  @BeforeAll
  void startCluster() {
    pki = TestPki.create();
    cluster = RedisCluster.builder()
        .primaries(3)
        .replicasPerPrimary(1)
        .tls(pki.serverTls())
        .tlsAuthClients("yes")
        .aclUsers("user default off", ALICE)
        .start();
  }

  @AfterAll
  void closeCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void everyNode_reportsClusterStateOk_andKnowsAllNodes() {
    assertEquals(6, cluster.nodes().size());
    assertEquals(3, cluster.primaries().size());
    assertEquals(3, cluster.replicas().size());
    for (RedisServer node : cluster.nodes()) {
      Object info = node.admin().commandOrThrow("CLUSTER", "INFO");
      assertEquals("ok", Topologies.infoField(info, "cluster_state"), node.toString());
      assertEquals("6", Topologies.infoField(info, "cluster_known_nodes"), node.toString());
      assertEquals("16384", Topologies.infoField(info, "cluster_slots_ok"), node.toString());
      assertEquals(-1, node.port(), "TLS-only node");
      assertTrue(node.clusterBusPort() > 0 && node.clusterBusPort() != node.tlsPort());
    }
    assertEquals(cluster.nodes().stream().map(RedisServer::tlsPort).toList(),
        cluster.seedAddresses().stream().map(a -> a.getPort()).toList());
  }

  @Test
  void keyWrittenThroughTheNodeOwningItsSlot_isReadableThere_andOtherNodesRedirect() {
    String key = "thalos::head";
    RedisServer owner = cluster.nodeForKey(key);
    assertTrue(cluster.primaries().contains(owner));
    assertEquals((long) RedisCluster.slot(key), owner.admin().commandOrThrow("CLUSTER", "KEYSLOT", key));
    try (RespClient alice = owner.connect("alice", "alice-pw")) {
      assertEquals("OK", alice.commandOrThrow("SET", key, "42"));
      assertEquals("42", alice.commandOrThrow("GET", key));
    }
    RedisServer other = cluster.primaries().stream().filter(n -> n != owner).findFirst().orElseThrow();
    try (RespClient alice = other.connect("alice", "alice-pw")) {
      RespClient.Error moved = assertInstanceOf(RespClient.Error.class, alice.command("GET", key));
      assertEquals("MOVED " + RedisCluster.slot(key) + " 127.0.0.1:" + owner.tlsPort(), moved.message());
    }
  }

  @Test
  void connectionWithoutTls_orWithoutClientCertificate_isRefused() {
    for (RedisServer node : cluster.nodes()) {
      TestkitException plaintext = assertThrows(TestkitException.class, () -> {
        try (RespClient plain = RespClient.connect(RedisServer.HOST, node.tlsPort())) {
          plain.command("PING");
        }
      });
      assertEquals("resp.io", plaintext.reason());
      assertThrows(TestkitException.class, () -> {
        try (RespClient anonymous = node.connectTls(pki.clientSslContextWithoutCertificate(), "alice", "alice-pw")) {
          anonymous.command("PING");
        }
      });
    }
  }

  @Test
  void aclRestrictions_holdOnEveryNode() {
    for (RedisServer node : cluster.nodes()) {
      try (RespClient alice = node.connect("alice", "alice-pw");
          RespClient anonymous = node.connect()) {
        assertEquals("NOPERM", code(alice.command("GET", "secret::x")), node.toString());
        assertEquals("NOPERM", code(alice.command("FLUSHALL")), node.toString());
        assertEquals("NOPERM", code(alice.command("CLUSTER", "NODES")), node.toString());
        assertEquals("NOAUTH", code(anonymous.command("PING")), node.toString());
      }
      TestkitException wrong = assertThrows(TestkitException.class, () -> node.connect("alice", "wrong"));
      assertEquals("resp.auth-failed", wrong.reason());
    }
  }

  @Test
  void publishOnOneNode_isDeliveredToASubscriberOnAnother() {
    RedisServer a = cluster.primaries().get(0);
    RedisServer b = cluster.replicas().get(cluster.replicas().size() - 1);
    assertNotSame(a, b);
    try (RespClient subscriber = b.connect("alice", "alice-pw");
        RespClient publisher = a.connect("alice", "alice-pw")) {
      subscriber.send("SUBSCRIBE", "thalos::blocks");
      assertEquals(List.of("subscribe", "thalos::blocks", 1L), subscriber.readReply());
      publisher.commandOrThrow("PUBLISH", "thalos::blocks", "block-1");
      Optional<Object> message = subscriber.readReplyOrTimeout(Duration.ofSeconds(5));
      assertEquals(Optional.of(List.of("message", "thalos::blocks", "block-1")), message);
    }
  }

  @Test
  void replicas_syncAsTheLeastPrivilegeReplicationUser() {
    for (RedisServer primary : cluster.primaries()) {
      List<RedisServer> replicas = cluster.replicasOf(primary);
      assertEquals(1, replicas.size());
      RedisServer replica = replicas.get(0);
      String clients = (String) primary.admin().commandOrThrow("CLIENT", "LIST", "TYPE", "replica");
      assertTrue(clients.contains("user=" + RedisCluster.REPLICATION_USER), clients);
      String value = "written-on-" + cluster.nodeId(primary);
      String owned = ownedKey(primary);
      primary.admin().commandOrThrow("SET", owned, value);
      assertEquals(1L, primary.admin().commandOrThrow("WAIT", "1", "5000"));
      try (RespClient reader = replica.newAdminClient()) {
        reader.commandOrThrow("READONLY");
        assertEquals(value, reader.commandOrThrow("GET", owned));
      }
      Object rules = primary.admin().commandOrThrow("ACL", "GETUSER", RedisCluster.REPLICATION_USER);
      String commands = (String) ((List<?>) rules).get(((List<?>) rules).indexOf("commands") + 1);
      assertEquals(Set.of("-@all", "+ping", "+psync", "+replconf"), Set.of(commands.split(" ")));
    }
  }

  @Test
  void nodeForSlot_followsTheEvenSplit() {
    List<RedisServer> primaries = cluster.primaries();
    assertEquals(primaries.get(0), cluster.nodeForSlot(0));
    assertEquals(primaries.get(1), cluster.nodeForSlot(RedisCluster.SLOTS / 2));
    assertEquals(primaries.get(2), cluster.nodeForSlot(RedisCluster.SLOTS - 1));
    assertThrows(IllegalArgumentException.class, () -> cluster.nodeForSlot(RedisCluster.SLOTS));
  }

  @Test
  void close_leavesNoProcessAndNoDirectory() {
    RedisCluster small = RedisCluster.builder().primaries(2).start();
    List<RedisServer> nodes = small.nodes();
    List<Long> pids = nodes.stream().map(RedisServer::pid).toList();
    small.close();
    small.close();
    for (int i = 0; i < nodes.size(); i++) {
      assertFalse(Files.exists(nodes.get(i).directory()));
      assertFalse(ProcessHandle.of(pids.get(i)).map(ProcessHandle::isAlive).orElse(false));
    }
  }

  @Test
  void clusterThatDoesNotFormInTime_failsWithTheLogs_andLeavesNothingBehind() throws Exception {
    Set<Path> before = kitDirectories();
    int processes = ProcessReaper.liveProcessCount();
    TestkitException thrown = assertThrows(TestkitException.class,
        () -> RedisCluster.builder().primaries(3).formTimeout(Duration.ofNanos(1)).start());
    assertEquals("redis.cluster-timeout", thrown.reason());
    assertTrue(thrown.getMessage().contains("Ready to accept connections"), thrown.getMessage());
    assertEquals(processes, ProcessReaper.liveProcessCount());
    assertEquals(before, kitDirectories());
  }

  @Test
  void reservedUserNames_areRejected() {
    assertThrows(IllegalArgumentException.class,
        () -> RedisCluster.builder().aclUsers("user " + RedisCluster.REPLICATION_USER + " on nopass"));
    assertThrows(IllegalArgumentException.class, () -> RedisCluster.builder().primaries(0));
    assertThrows(IllegalArgumentException.class, () -> RedisCluster.builder().directive("cluster-port", "1"));
  }

  private String ownedKey(RedisServer primary) {
    for (int i = 0; ; i++) {
      String key = "thalos::replicated::" + i;
      if (cluster.nodeForKey(key) == primary) {
        return key;
      }
    }
  }

  private static String code(Object reply) {
    return assertInstanceOf(RespClient.Error.class, reply).code();
  }

  private static Set<Path> kitDirectories() throws java.io.IOException {
    try (var entries = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return entries.filter(p -> p.getFileName().toString().startsWith("thalos-redis-"))
          .collect(Collectors.toSet());
    }
  }
}
