package dev.thalos.redis.security.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class RespClientTest {

  private static RedisServer server;

  @BeforeAll
  static void startServer() {
    server = RedisServer.builder().start();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void replies_areMappedToJavaValues() {
    try (RespClient c = server.newAdminClient()) {
      assertEquals("OK", c.command("SET", "resp:k", "välue"));
      assertEquals("välue", c.command("GET", "resp:k"));
      assertNull(c.command("GET", "resp:missing"));
      assertEquals(3L, c.command("RPUSH", "resp:list", "a", "b", "c"));
      assertEquals(List.of("a", "b", "c"), c.command("LRANGE", "resp:list", "0", "-1"));
      RespClient.Error error = assertInstanceOf(RespClient.Error.class, c.command("NOSUCHCOMMAND"));
      assertEquals("ERR", error.code());
      assertTrue(error.toString().startsWith("-ERR"));
    }
  }

  @Test
  void binaryArgumentsAndReplies_roundTrip() {
    byte[] value = {0, (byte) 0xff, '\r', '\n', 42};
    try (RespClient c = server.newAdminClient()) {
      c.command("SET".getBytes(StandardCharsets.UTF_8), "resp:bin".getBytes(StandardCharsets.UTF_8), value);
      byte[] read = (byte[]) c.commandBinary("GET".getBytes(StandardCharsets.UTF_8),
          "resp:bin".getBytes(StandardCharsets.UTF_8));
      assertArrayEquals(value, read);
    }
  }

  @Test
  void pubSubMessages_areReadWithSendAndReadReply() {
    try (RespClient subscriber = server.newAdminClient(); RespClient publisher = server.newAdminClient()) {
      subscriber.send("SUBSCRIBE", "thalos::chan");
      assertEquals(List.of("subscribe", "thalos::chan", 1L), subscriber.readReply());
      assertTrue(subscriber.readReplyOrTimeout(Duration.ofMillis(50)).isEmpty());
      assertEquals(1L, publisher.command("PUBLISH", "thalos::chan", "hello"));
      assertEquals(List.of("message", "thalos::chan", "hello"),
          subscriber.readReplyOrTimeout(Duration.ofSeconds(5)).orElseThrow());
    }
  }

  @Test
  void connectionRefused_isReportedAsIoFailure() {
    int unused = FreePorts.pick(1)[0];
    TestkitException thrown = assertThrows(TestkitException.class, () -> RespClient.connect("127.0.0.1", unused));
    assertEquals("resp.io", thrown.reason());
  }

  @Test
  void malformedArguments_areRejected() {
    assertThrows(IllegalArgumentException.class, () -> RespClient.connect("127.0.0.1", 70000));
    assertThrows(IllegalArgumentException.class,
        () -> RespClient.connect("127.0.0.1", server.port(), null, "alice", null));
    try (RespClient c = server.connect()) {
      assertThrows(IllegalArgumentException.class, () -> c.command(new String[0]));
    }
  }
}
