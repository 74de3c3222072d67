package dev.thalos.redis.security.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RedisSentinelGroupTest {

  private static final List<String> KIT_USERS = List.of(RedisCluster.REPLICATION_USER,
      RedisSentinelGroup.SENTINEL_USER, RedisSentinelGroup.SENTINEL_PEER_USER, RedisServer.ADMIN_USER);

  private TestPki pki;
  private RedisSentinelGroup group;

  @BeforeAll
  void startGroup() {
    pki = TestPki.create();
    group = RedisSentinelGroup.builder()
        .masterName("thalos-main")
        .tls(pki.serverTls())
        .aclUsers("user default off", "user alice on >alice-pw ~thalos::* &thalos::* -@all +get +set +ping")
        .sentinelAclUsers("user default off",
            "user watcher on >watcher-pw -@all +ping +sentinel|get-master-addr-by-name")
        .start();
  }

  @AfterAll
  void closeGroup() {
    if (group != null) {
      group.close();
    }
  }

  @Test
  @Order(1)
  void allSentinels_agreeOnTheMaster_andSeeTheReplicaAndEachOther() {
    assertEquals("thalos-main", group.masterName());
    assertEquals(3, group.sentinels().size());
    assertEquals(1, group.replicas().size());
    for (RedisServer sentinel : group.sentinels()) {
      assertTrue(sentinel.isSentinel());
      assertEquals(-1, sentinel.port(), "TLS-only sentinel");
      assertEquals(List.of("127.0.0.1", Integer.toString(group.primary().tlsPort())),
          sentinel.admin().commandOrThrow("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "thalos-main"));
      List<?> master = (List<?>) sentinel.admin().commandOrThrow("SENTINEL", "MASTER", "thalos-main");
      assertEquals("2", master.get(master.indexOf("num-other-sentinels") + 1));
      assertEquals("1", master.get(master.indexOf("num-slaves") + 1));
      List<?> peers = (List<?>) sentinel.admin().commandOrThrow("SENTINEL", "SENTINELS", "thalos-main");
      for (Object peer : peers) {
        List<?> fields = (List<?>) peer;
        int port = Integer.parseInt((String) fields.get(fields.indexOf("port") + 1));
        assertTrue(group.sentinels().stream().anyMatch(s -> s.tlsPort() == port), "announced TLS port " + port);
      }
    }
    assertSame(group.primary(), group.currentPrimary());
    assertEquals("master", ((List<?>) group.primary().admin().commandOrThrow("ROLE")).get(0));
    RedisServer replica = group.replicas().get(0);
    assertEquals("up", Topologies.infoField(replica.admin().commandOrThrow("INFO", "replication"),
        "master_link_status"));
  }

  @Test
  @Order(2)
  void sentinelClientUser_works_andTheDefaultUserIsRefused() {
    for (RedisServer sentinel : group.sentinels()) {
      try (RespClient watcher = sentinel.connect("watcher", "watcher-pw");
          RespClient anonymous = sentinel.connect()) {
        assertEquals(List.of("127.0.0.1", Integer.toString(group.primary().tlsPort())),
            watcher.commandOrThrow("SENTINEL", "GET-MASTER-ADDR-BY-NAME", "thalos-main"));
        assertEquals("NOPERM", code(watcher.command("SENTINEL", "MASTERS")));
        assertEquals("NOPERM", code(watcher.command("SENTINEL", "FAILOVER", "thalos-main")));
        assertEquals("NOAUTH", code(anonymous.command("PING")));
      }
    }
    for (RedisServer node : group.dataNodes()) {
      try (RespClient anonymous = node.connect(); RespClient alice = node.connect("alice", "alice-pw")) {
        assertEquals("NOAUTH", code(anonymous.command("PING")));
        assertEquals("NOPERM", code(alice.command("GET", "other::key")));
      }
    }
  }

  @Test
  @Order(3)
  void sentinelsAndReplicas_authenticateAsTheirOwnLeastPrivilegeUsers_withoutAclFailures() {
    RedisServer primary = group.primary();
    String clients = (String) primary.admin().commandOrThrow("CLIENT", "LIST");
    assertTrue(clients.contains("user=" + RedisSentinelGroup.SENTINEL_USER), clients);
    assertTrue(clients.contains("user=" + RedisCluster.REPLICATION_USER), clients);
    List<RedisServer> all = new ArrayList<>(group.dataNodes());
    all.addAll(group.sentinels());
    for (RedisServer sentinel : group.sentinels()) {
      String peers = (String) sentinel.admin().commandOrThrow("CLIENT", "LIST");
      assertTrue(peers.contains("user=" + RedisSentinelGroup.SENTINEL_PEER_USER), peers);
    }
    assertNoAclFailuresOfTheKit(all);
  }

  private static void assertNoAclFailuresOfTheKit(List<RedisServer> all) {
    for (RedisServer server : all) {
      for (Object entry : (List<?>) server.admin().commandOrThrow("ACL", "LOG")) {
        List<?> fields = (List<?>) entry;
        Object user = fields.get(fields.indexOf("username") + 1);
        assertFalse(KIT_USERS.contains(user), server + " logged an ACL failure of the kit: " + entry);
      }
    }
  }

  @Test
  @Order(4)
  void connectionWithoutTls_isRefusedBySentinelsAndDataNodes() {
    List<RedisServer> all = new ArrayList<>(group.dataNodes());
    all.addAll(group.sentinels());
    for (RedisServer server : all) {
      TestkitException plaintext = assertThrows(TestkitException.class, () -> {
        try (RespClient plain = RespClient.connect(RedisServer.HOST, server.tlsPort())) {
          plain.command("PING");
        }
      });
      assertEquals("resp.io", plaintext.reason());
    }
  }

  @Test
  @Order(5)
  void killingThePrimary_promotesTheReplica() {
    RedisServer replica = group.replicas().get(0);
    RedisServer killed = group.killPrimary();
    assertSame(group.primary(), killed);
    assertFalse(killed.isRunning());
    long started = System.nanoTime();
    RedisServer promoted = group.awaitFailover(Duration.ofSeconds(30));
    System.out.println("failover took " + (System.nanoTime() - started) / 1_000_000 + " ms");
    assertSame(replica, promoted);
    assertNotSame(killed, promoted);
    assertEquals("master", ((List<?>) promoted.admin().commandOrThrow("ROLE")).get(0));
    assertSame(promoted, group.currentPrimary());
    try (RespClient alice = promoted.connect("alice", "alice-pw")) {
      assertEquals("OK", alice.commandOrThrow("SET", "thalos::after-failover", "1"));
    }
    List<RedisServer> survivors = new ArrayList<>(group.sentinels());
    survivors.add(promoted);
    assertNoAclFailuresOfTheKit(survivors);
  }

  @Test
  @Order(6)
  void close_leavesNoProcessAndNoDirectory() {
    List<RedisServer> all = new ArrayList<>(group.dataNodes());
    all.addAll(group.sentinels());
    List<Long> pids = all.stream().map(RedisServer::pid).toList();
    group.close();
    group.close();
    for (int i = 0; i < all.size(); i++) {
      assertFalse(all.get(i).isRunning());
      assertFalse(Files.exists(all.get(i).directory()), all.get(i).directory().toString());
      long pid = pids.get(i);
      assertFalse(pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }
  }

  @Test
  void plaintextGroupWithoutReplicas_monitorsItsPrimary_onPlaintextPorts() {
    try (RedisSentinelGroup plain = RedisSentinelGroup.builder().replicas(0).sentinels(1).quorum(1).start()) {
      RedisServer sentinel = plain.sentinels().get(0);
      assertTrue(sentinel.port() > 0);
      assertEquals(-1, sentinel.tlsPort());
      assertEquals(RedisSentinelGroup.DEFAULT_MASTER_NAME, plain.masterName());
      assertSame(plain.primary(), plain.currentPrimary());
      assertEquals(List.of(), plain.replicas());
      assertEquals(sentinel.port(), plain.sentinelAddresses().get(0).getPort());
    }
  }

  @Test
  void tlsAuthClientsNo_appliesToDataNodesAndSentinels_whichAcceptAClientWithoutCertificate() {
    try (RedisSentinelGroup optional = RedisSentinelGroup.builder().replicas(0).sentinels(1).quorum(1)
        .tls(pki.serverTls()).tlsAuthClients("no").start()) {
      List<RedisServer> all = new ArrayList<>(optional.dataNodes());
      all.addAll(optional.sentinels());
      for (RedisServer server : all) {
        try (RespClient anonymous = server.connectTls(pki.clientSslContextWithoutCertificate(), null, null)) {
          assertEquals("PONG", anonymous.command("PING"), server.toString());
        }
      }
    }
  }

  @Test
  void invalidSettings_areRejected() {
    assertThrows(IllegalArgumentException.class, () -> RedisSentinelGroup.builder().masterName("a b"));
    assertThrows(IllegalArgumentException.class,
        () -> RedisSentinelGroup.builder().aclUsers("user " + RedisSentinelGroup.SENTINEL_USER + " on nopass"));
    assertThrows(IllegalArgumentException.class,
        () -> RedisSentinelGroup.builder().sentinelAclUsers("user " + RedisSentinelGroup.SENTINEL_PEER_USER));
    assertThrows(IllegalStateException.class, () -> RedisSentinelGroup.builder().sentinels(1).quorum(2).start());
  }

  private static String code(Object reply) {
    return assertInstanceOf(RespClient.Error.class, reply).code();
  }
}
