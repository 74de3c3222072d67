package dev.thalos.redis.security.lettuce;

import static dev.thalos.redis.security.lettuce.TestRedis.WAX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.testkit.RedisServer;
import dev.thalos.redis.security.testkit.TestPki;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link SubscriberStateListener}: events in order, and a listener that throws does not disturb delivery. */
@Tag("integration")
class SubscriberStateListenerTest {

  private static TestPki pki;
  private static RedisServer redis;

  @BeforeAll
  static void start() {
    pki = TestPki.create();
    redis = TestRedis.tlsServer(pki).start();
  }

  @AfterAll
  static void stop() {
    if (redis != null) {
      redis.close();
    }
  }

  @Test
  void events_arriveInOrder_evenWhenTheListenerThrowsOnEach() {
    List<String> events = new CopyOnWriteArrayList<>();
    List<String> messages = new CopyOnWriteArrayList<>();
    SubscriberStateListener throwing = new SubscriberStateListener() {
      @Override
      public void disconnected() {
        events.add("disconnected");
        throw new IllegalStateException("state listener failure");
      }

      @Override
      public void reconnected(long reconnects) {
        events.add("reconnected " + reconnects);
        throw new IllegalStateException("state listener failure");
      }

      @Override
      public void subscriptionsConfirmed() {
        events.add("confirmed");
        throw new IllegalStateException("state listener failure");
      }
    };
    try (ThalosPublisher publisher = ThalosPublisher.builder(TestRedis.server(redis, pki)).connect();
        ThalosSubscriber subscriber = ThalosSubscriber.builder(TestRedis.client(redis, pki))
            .channels(WAX.heartbeat()).stateListener(throwing)
            .listener((c, p) -> messages.add(new String(p, StandardCharsets.UTF_8))).build()) {
      subscriber.start();
      redis.admin().commandOrThrow("CLIENT", "KILL", "USER", "sub");
      Await.until("reconnect", Duration.ofSeconds(10), () -> events.size() == 4, events::toString);
      publisher.publish(WAX.heartbeat(), "after");

      Await.until("message", Duration.ofSeconds(10), () -> messages.size() == 1);
      assertEquals(List.of("confirmed", "disconnected", "reconnected 1", "confirmed"), events);
      assertTrue(subscriber.isSubscribed());
    }
  }

  @Test
  void defaultMethods_doNothing() {
    SubscriberStateListener none = new SubscriberStateListener() { };
    none.disconnected();
    none.reconnected(1);
    none.subscriptionsConfirmed();
    none.resubscribeFailed(List.of("ship::wax::heartbeat"), 1, null);
  }
}
