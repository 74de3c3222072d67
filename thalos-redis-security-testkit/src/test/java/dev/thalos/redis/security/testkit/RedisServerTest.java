package dev.thalos.redis.security.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
class RedisServerTest {

  @Test
  void startedServer_answersPingOnFreeLoopbackPort_andCloseRemovesProcessAndDirectory() throws Exception {
    RedisServer server = RedisServer.builder().start();
    Path directory = server.directory();
    long pid = server.pid();
    try {
      assertTrue(server.isRunning());
      assertEquals("127.0.0.1", server.host());
      assertNotEquals(6379, server.port());
      assertEquals(-1, server.tlsPort());
      assertTrue(server.logLines().stream().anyMatch(l -> l.contains("Ready to accept connections")));
      try (RespClient client = server.connect()) {
        assertEquals("PONG", client.command("PING"));
      }
      assertEquals(RedisServer.ADMIN_USER, server.admin().command("ACL", "WHOAMI"));
      assertTrue(Files.readString(server.configFile()).contains("save \"\""));
    } finally {
      server.close();
    }
    assertFalse(server.isRunning());
    assertFalse(Files.exists(directory), "directory removed");
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process gone");
  }

  @Test
  void aclUsers_areApplied_andWrongPasswordIsRefused() {
    try (RedisServer server = RedisServer.builder()
        .aclUsers("user alice on >alice-pw ~k* +get +acl|whoami", "user default off")
        .start()) {
      try (RespClient alice = server.connect("alice", "alice-pw")) {
        assertEquals("alice", alice.command("ACL", "WHOAMI"));
        RespClient.Error denied = assertInstanceOf(RespClient.Error.class, alice.command("SET", "k", "v"));
        assertEquals("NOPERM", denied.code());
        TestkitException thrown = assertThrows(TestkitException.class, () -> alice.commandOrThrow("SET", "k", "v"));
        assertEquals("resp.error-reply", thrown.reason());
      }
      TestkitException wrong = assertThrows(TestkitException.class, () -> server.connect("alice", "nope"));
      assertEquals("resp.auth-failed", wrong.reason());
      assertFalse(wrong.getMessage().contains("nope"), "password not in message");
      try (RespClient anonymous = server.connect()) {
        RespClient.Error error = assertInstanceOf(RespClient.Error.class, anonymous.command("PING"));
        assertEquals("NOAUTH", error.code());
      }
    }
  }

  @Test
  void aclChangesAtRuntime_takeEffect_andRestartRereadsAclFileOnSamePort() {
    try (RedisServer server = RedisServer.builder().start()) {
      int port = server.port();
      server.aclSetUser("bob", "on", ">bob-pw", "+ping");
      try (RespClient bob = server.connect("bob", "bob-pw")) {
        assertEquals("PONG", bob.command("PING"));
      }
      server.restart();
      assertEquals(port, server.port());
      TestkitException gone = assertThrows(TestkitException.class, () -> server.connect("bob", "bob-pw"));
      assertEquals("resp.auth-failed", gone.reason());
      assertEquals("PONG", server.admin().command("PING"));
    }
  }

  @Test
  void killedServer_isNotRunning_andRestartsOnSamePort() {
    try (RedisServer server = RedisServer.builder().start()) {
      int port = server.port();
      long pid = server.pid();
      server.kill();
      assertFalse(server.isRunning());
      assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
      assertThrows(TestkitException.class, () -> RespClient.connect(server.host(), port));
      server.restart();
      assertEquals(port, server.port());
      assertEquals("PONG", server.admin().command("PING"));
    }
  }

  @Test
  void badDirective_failsWithLogLines_andLeavesNothingBehind() {
    TestkitException thrown = assertThrows(TestkitException.class,
        () -> RedisServer.builder().directive("maxmemory", "lots").start());
    assertEquals("redis.start-failed", thrown.reason());
    assertTrue(thrown.getMessage().contains("FATAL CONFIG FILE ERROR"), thrown.getMessage());
    assertTrue(thrown.getMessage().contains("maxmemory"), thrown.getMessage());
  }

  @Test
  void missingBinary_failsWithClearMessage(@TempDir Path temp) {
    TestkitException thrown = assertThrows(TestkitException.class,
        () -> RedisServer.builder().redisServerBinary(temp.resolve("no-such-redis-server")).start());
    assertEquals("redis.binary-missing", thrown.reason());
    assertTrue(thrown.getMessage().contains("no-such-redis-server"), thrown.getMessage());
    assertTrue(thrown.getMessage().contains("apt-get install redis-server"), thrown.getMessage());
  }

  @Test
  void managedDirectives_areRejectedByTheBuilder() {
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
        () -> RedisServer.builder().directive("port", "6379"));
    assertTrue(thrown.getMessage().contains("'port'"));
    assertThrows(IllegalArgumentException.class, () -> RedisServer.builder().startTimeout(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> RedisServer.builder().aclUsers("alice on"));
  }

  @Test
  void withoutAdminUser_adminThrows() {
    try (RedisServer server = RedisServer.builder().withoutAdminUser().start()) {
      assertThrows(IllegalStateException.class, server::admin);
      assertEquals(null, server.aclFile());
      try (RespClient client = server.connect()) {
        assertEquals("default", client.command("ACL", "WHOAMI"));
      }
    }
  }
}
