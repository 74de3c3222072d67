package dev.thalos.redis.security.lettuce;

import static dev.thalos.redis.security.lettuce.TestRedis.WAX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.ThalosSecurityException;
import dev.thalos.redis.security.channel.ChannelAcl;
import dev.thalos.redis.security.channel.InvalidChannelException;
import dev.thalos.redis.security.channel.ThalosChannel;
import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import dev.thalos.redis.security.endpoint.ThalosRole;
import dev.thalos.redis.security.testkit.RedisServer;
import dev.thalos.redis.security.testkit.TestPki;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link ThalosPublisher} against a real TLS-only redis-server, as a user with only {@code +publish}. */
@Tag("integration")
class ThalosPublisherTest {

  private static TestPki pki;
  private static RedisServer redis;
  private static ThalosPublisher publisher;

  @BeforeAll
  static void start() {
    pki = TestPki.create();
    redis = TestRedis.tlsServer(pki)
        .aclUsers("user heartbeat-only on >" + TestRedis.SERVER_PASSWORD
            + " resetchannels &ship::wax::heartbeat -@all +publish")
        .start();
    publisher = ThalosPublisher.builder(TestRedis.server(redis, pki)).connect();
  }

  @AfterAll
  static void stop() {
    if (publisher != null) {
      publisher.close();
    }
    if (redis != null) {
      redis.close();
    }
  }

  private static long publishCalls() {
    return TestRedis.info(redis, "commandstats", "cmdstat_publish");
  }

  @Test
  void pipelinedAsyncPublishes_allReachTheSubscriber_inOrder() {
    List<String> received = new ArrayList<>();
    AtomicLong count = new AtomicLong();
    try (ThalosSubscriber subscriber = ThalosSubscriber.builder(TestRedis.client(redis, pki))
        .channels(WAX.transactions()).listener((c, p) -> {
          synchronized (received) {
            received.add(new String(p, StandardCharsets.UTF_8));
          }
          count.incrementAndGet();
        }).build()) {
      subscriber.start();
      List<CompletableFuture<Long>> futures = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        futures.add(publisher.publishAsync(WAX.transactions(), ("tx-" + i).getBytes(StandardCharsets.UTF_8))
            .toCompletableFuture());
      }
      for (CompletableFuture<Long> f : futures) {
        assertEquals(1L, f.join());
      }
      Await.until("500 messages", Duration.ofSeconds(10), () -> count.get() == 500);
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        expected.add("tx-" + i);
      }
      synchronized (received) {
        assertEquals(expected, received);
      }
    }
  }

  @Test
  void channelOfAnotherNamespace_isRefusedBeforeAnythingIsSent() {
    long before = publishCalls();

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> publisher.publish(TestRedis.EOS.heartbeat(), "x"));

    assertTrue(e.getMessage().contains("outside the endpoint's namespace"), e.getMessage());
    assertEquals(before, publishCalls());
  }

  @Test
  void invalidChannelStrings_areRefusedBeforeAnythingIsSent() {
    long before = publishCalls();

    assertThrows(InvalidChannelException.class, () -> publisher.publish("ship::wax::*", new byte[1]));
    assertThrows(InvalidChannelException.class, () -> publisher.publish("ship::wax::actions/name/a b", new byte[1]));
    assertThrows(InvalidChannelException.class, () -> publisher.publish("ship::wax::heartbeat\n", new byte[1]));

    assertEquals(before, publishCalls());
    assertEquals(0L, publisher.publish(WAX.rollback().name(), new byte[1]));
  }

  @Test
  void channelOutsideTheLocalAcl_isRefusedBeforeSending_andByRedisOtherwise() {
    ThalosRedisEndpoint heartbeatOnly = TestRedis.endpoint(redis, pki, "heartbeat-only", TestRedis.SERVER_PASSWORD,
        ThalosRole.SERVER).build();
    ThalosChannel transactions = WAX.transactions();

    try (ThalosPublisher checked = ThalosPublisher.builder(heartbeatOnly)
        .channelAcl(ChannelAcl.of("&" + WAX.heartbeat().name())).connect()) {
      assertThrows(IllegalArgumentException.class, () -> checked.publish(transactions, "x"));
      assertEquals(0L, checked.publish(WAX.heartbeat(), "ok"));
    }
    try (ThalosPublisher unchecked = ThalosPublisher.builder(heartbeatOnly).connect()) {
      ThalosSecurityException e = assertThrows(ThalosSecurityException.class,
          () -> unchecked.publish(transactions, "x"));
      assertEquals(ConnectionSecurityException.ACL_NOPERM, e.reason(), e.getMessage());
      CompletionStage<Long> async = unchecked.publishAsync(transactions, new byte[1]);
      CompletionException ce = assertThrows(CompletionException.class, () -> async.toCompletableFuture().join());
      assertEquals(ConnectionSecurityException.ACL_NOPERM, ((ThalosSecurityException) ce.getCause()).reason());
    }
  }

  @Test
  void clientRoleEndpoints_cannotPublish() {
    assertThrows(IllegalArgumentException.class, () -> ThalosPublisher.builder(TestRedis.client(redis, pki)));
  }

  @Test
  void wrongPassword_isWrongCredentials() {
    ThalosRedisEndpoint wrong = TestRedis.endpoint(redis, pki, "thalos", "not-" + TestRedis.SERVER_PASSWORD,
        ThalosRole.SERVER).build();

    ThalosSecurityException e = assertThrows(ThalosSecurityException.class,
        () -> ThalosPublisher.builder(wrong).connect());

    assertEquals(ConnectionSecurityException.AUTH_WRONG_CREDENTIALS, e.reason());
    ThalosLettuceTest.assertNoSecret(e);
  }

  @Test
  void publisherWithOnlyPublishPermission_leavesNoAclDenials() {
    TestRedis.resetAclLog(redis);
    try (ThalosPublisher p = ThalosPublisher.builder(TestRedis.server(redis, pki)).connect()) {
      p.publish(WAX.heartbeat(), "x");
      redis.admin().commandOrThrow("CLIENT", "KILL", "USER", "thalos");
      Await.until("publish after reconnect", Duration.ofSeconds(10), () -> {
        try {
          p.publish(WAX.heartbeat(), "y");
          return true;
        } catch (ThalosSecurityException e) {
          return false;
        }
      });
    }
    assertEquals(List.of(), TestRedis.aclLog(redis));
    // the shared publisher was killed too; it reconnects on its own
    Await.until("shared publisher back", Duration.ofSeconds(10), () -> {
      try {
        publisher.publish(WAX.heartbeat(), "z");
        return true;
      } catch (ThalosSecurityException e) {
        return false;
      }
    });
  }
}
