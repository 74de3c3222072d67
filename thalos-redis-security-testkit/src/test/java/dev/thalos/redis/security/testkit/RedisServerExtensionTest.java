package dev.thalos.redis.security.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("integration")
class RedisServerExtensionTest {

  private static RedisServer perClassServer;
  private static RedisServer firstPerTestServer;

  @AfterAll
  static void serversAreClosedAfterTheirScope() {
    assertNotNull(perClassServer, "per-class tests ran");
    assertFalse(perClassServer.isRunning());
    assertFalse(Files.exists(perClassServer.directory()));
    assertNotNull(firstPerTestServer, "per-test tests ran");
    assertFalse(Files.exists(firstPerTestServer.directory()));
  }

  @Test
  void serverOutsideOfALifecycle_isAnError() {
    assertThrows(IllegalStateException.class, () -> RedisServerExtension.perTest().server());
  }

  @Nested
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class PerClass {

    @RegisterExtension
    static RedisServerExtension redis = RedisServerExtension.perClass(b -> b
        .aclUsers("user alice on >alice-pw ~* +@all"));

    @Test
    @Order(1)
    void firstTest_getsARunningServerWithTheCustomizedAcl(RedisServer server) {
      assertSame(redis.server(), server);
      try (RespClient alice = server.connect("alice", "alice-pw")) {
        assertEquals("alice", alice.command("ACL", "WHOAMI"));
        alice.commandOrThrow("SET", "shared", "1");
      }
      perClassServer = server;
    }

    @Test
    @Order(2)
    void secondTest_getsTheSameServer_evenAfterItWasKilled() {
      assertSame(perClassServer, redis.server());
      assertEquals("1", redis.server().admin().command("GET", "shared"));
      redis.server().kill();
    }

    @Test
    @Order(3)
    void thirdTest_findsTheKilledServerRestarted() {
      assertTrue(redis.server().isRunning());
      assertEquals("PONG", redis.server().admin().command("PING"));
    }
  }

  @Nested
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class PerTest {

    @RegisterExtension
    RedisServerExtension redis = RedisServerExtension.perTest();

    @Test
    @Order(1)
    void firstTest_getsAFreshServer() {
      firstPerTestServer = redis.server();
      assertTrue(firstPerTestServer.isRunning());
      firstPerTestServer.admin().commandOrThrow("SET", "k", "v");
    }

    @Test
    @Order(2)
    void secondTest_getsAnotherServer_andTheFirstIsGone(RedisServer server) {
      assertNotSame(firstPerTestServer, server);
      assertFalse(firstPerTestServer.isRunning());
      assertFalse(Files.exists(firstPerTestServer.directory()));
      assertEquals(null, server.admin().command("GET", "k"));
    }
  }
}
