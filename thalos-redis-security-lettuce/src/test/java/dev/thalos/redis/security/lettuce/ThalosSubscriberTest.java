package dev.thalos.redis.security.lettuce;

import static dev.thalos.redis.security.lettuce.TestRedis.WAX;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
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
import dev.thalos.redis.security.tls.ClientIdentity;
import dev.thalos.redis.security.tls.TlsSettings;
import io.lettuce.core.protocol.ProtocolVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link ThalosSubscriber} against a real TLS-only redis-server, with least-privilege users. */
@Tag("integration")
class ThalosSubscriberTest {

  private static final ThalosChannel HEARTBEAT = WAX.heartbeat();
  private static final ThalosChannel TRANSFERS = WAX.actions().contract("eosio.token").action("transfer");
  private static final ThalosChannel TRANSACTIONS = WAX.transactions();

  private static TestPki pki;
  private static RedisServer redis;
  private static ThalosPublisher publisher;
  private static LogCapture logs;

  @BeforeAll
  static void start() {
    logs = LogCapture.start();
    pki = TestPki.create();
    redis = TestRedis.tlsServer(pki).start();
    publisher = ThalosPublisher.builder(TestRedis.server(redis, pki)).connect();
  }

  @AfterAll
  static void stop() {
    try {
      if (publisher != null) {
        publisher.close();
      }
      if (redis != null) {
        redis.close();
      }
    } finally {
      logs.close();
    }
    String captured = logs.text();
    assertTrue(captured.contains("NOPERM"), "the log capture must see Lettuce's resubscribe warning");
    assertFalse(captured.contains(TestRedis.CLIENT_PASSWORD), "client password in a log line");
    assertFalse(captured.contains(TestRedis.SERVER_PASSWORD), "server password in a log line");
  }

  /** Records messages and state events. */
  static final class Recorder implements ThalosMessageListener, SubscriberStateListener {
    final List<String> messages = new CopyOnWriteArrayList<>();
    final List<ThalosChannel> channels = new CopyOnWriteArrayList<>();
    final AtomicInteger reconnected = new AtomicInteger();
    final AtomicInteger confirmed = new AtomicInteger();
    final AtomicInteger disconnected = new AtomicInteger();
    final List<List<String>> resubscribeFailures = new CopyOnWriteArrayList<>();
    final List<Throwable> resubscribeCauses = new CopyOnWriteArrayList<>();

    @Override
    public void onMessage(ThalosChannel channel, byte[] payload) {
      channels.add(channel);
      messages.add(channel.name() + "=" + new String(payload, StandardCharsets.UTF_8));
    }

    @Override
    public void disconnected() {
      disconnected.incrementAndGet();
    }

    @Override
    public void reconnected(long reconnects) {
      reconnected.incrementAndGet();
    }

    @Override
    public void subscriptionsConfirmed() {
      confirmed.incrementAndGet();
    }

    @Override
    public void resubscribeFailed(List<String> missing, int attempt, Throwable cause) {
      resubscribeFailures.add(missing);
      if (cause != null) {
        resubscribeCauses.add(cause);
      }
    }
  }

  private static ThalosSubscriber.Builder subscriber(Recorder recorder) {
    return ThalosSubscriber.builder(TestRedis.client(redis, pki)).listener(recorder).stateListener(recorder);
  }

  private static void awaitMessages(Recorder recorder, int count) {
    Await.until(count + " messages", Duration.ofSeconds(10), () -> recorder.messages.size() >= count,
        () -> recorder.messages.toString());
  }

  // ---------------------------------------------------------------------------------------------------------

  @Test
  void receivesExactlyWhatWasPublishedOnItsChannels() {
    Recorder recorder = new Recorder();
    try (ThalosSubscriber subscriber = subscriber(recorder).channels(HEARTBEAT, TRANSFERS).build()) {
      subscriber.start();
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        publisher.publish(HEARTBEAT, "hb-" + i);
        publisher.publish(TRANSACTIONS, "tx-" + i);       // not subscribed
        publisher.publish(TRANSFERS, "transfer-" + i);
        expected.add(HEARTBEAT.name() + "=hb-" + i);
        expected.add(TRANSFERS.name() + "=transfer-" + i);
      }
      publisher.publish(HEARTBEAT, "last");
      expected.add(HEARTBEAT.name() + "=last");

      awaitMessages(recorder, expected.size());

      assertEquals(expected, recorder.messages);
      assertEquals(expected.size(), subscriber.stats().received());
      assertEquals(0, subscriber.stats().dropped());
      // the listener gets the subscribed instances themselves
      for (ThalosChannel c : recorder.channels) {
        assertTrue(c == subscriber.channels().get(0) || c == subscriber.channels().get(1));
      }
    }
  }

  @Test
  void mutualTls_subscriberReceivesWhatThePublisherSent() {
    try (RedisServer mtls = TestRedis.tlsServer(pki).tlsAuthClients("yes").start()) {
      TlsSettings withIdentity = TestRedis.tls(pki).mutate()
          .clientIdentity(ClientIdentity.pem(pki.clientCertificate().chainPem(),
              pki.clientCertificate().privateKeyPkcs8Pem()))
          .build();
      ThalosRedisEndpoint subEndpoint = TestRedis.client(mtls, pki).mutate().tls(withIdentity).build();
      ThalosRedisEndpoint pubEndpoint = TestRedis.server(mtls, pki).mutate().tls(withIdentity).build();
      Recorder recorder = new Recorder();
      try (ThalosPublisher mtlsPublisher = ThalosPublisher.builder(pubEndpoint).connect();
          ThalosSubscriber subscriber = ThalosSubscriber.builder(subEndpoint).channels(HEARTBEAT)
              .listener(recorder).build()) {
        subscriber.start();
        mtlsPublisher.publish(HEARTBEAT, "over-mtls");
        mtlsPublisher.publish(TRANSACTIONS, "not-subscribed");
        mtlsPublisher.publish(HEARTBEAT, "again");

        awaitMessages(recorder, 2);
        assertEquals(List.of(HEARTBEAT.name() + "=over-mtls", HEARTBEAT.name() + "=again"), recorder.messages);
      }
      // without the identity the same server refuses the subscriber
      ThalosSubscriber anonymous = ThalosSubscriber.builder(TestRedis.client(mtls, pki)).channels(HEARTBEAT)
          .listener(recorder).build();
      ThalosSecurityException e = assertThrows(ThalosSecurityException.class, anonymous::start);
      assertEquals(ConnectionSecurityException.TLS_CLIENT_CERTIFICATE_REQUIRED, e.reason(), e.getMessage());
    }
  }

  @Test
  void binaryPayloads_arriveUnchanged() {
    Recorder recorder = new Recorder();
    List<byte[]> payloads = new CopyOnWriteArrayList<>();
    byte[] sent = new byte[4096];
    for (int i = 0; i < sent.length; i++) {
      sent[i] = (byte) (i * 31);
    }
    try (ThalosSubscriber subscriber = subscriber(recorder).channels(HEARTBEAT)
        .listener((channel, payload) -> payloads.add(payload)).build()) {
      subscriber.start();
      publisher.publish(HEARTBEAT, sent);
      Await.until("binary payload", Duration.ofSeconds(10), () -> payloads.size() == 1);
      assertArrayEquals(sent, payloads.get(0));
    }
  }

  @Test
  void leastPrivilegeUser_connectSubscribeAndReconnect_leaveNoAclDenials_minimalResp3() {
    leavesNoAclDenials(HandshakeProfile.MINIMAL);
  }

  @Test
  void leastPrivilegeUser_connectSubscribeAndReconnect_leaveNoAclDenials_minimalResp2() {
    leavesNoAclDenials(HandshakeProfile.MINIMAL_RESP2);
  }

  private static void leavesNoAclDenials(HandshakeProfile profile) {
    TestRedis.resetAclLog(redis);
    Recorder recorder = new Recorder();
    try (ThalosSubscriber subscriber = subscriber(recorder).channels(HEARTBEAT).handshakeProfile(profile).build()) {
      subscriber.start();
      publisher.publish(HEARTBEAT, "before");
      awaitMessages(recorder, 1);

      redis.admin().commandOrThrow("CLIENT", "KILL", "USER", "sub");
      Await.until("reconnect and resubscribe", Duration.ofSeconds(10),
          () -> recorder.reconnected.get() == 1 && recorder.confirmed.get() == 2 && subscriber.isSubscribed());
      publisher.publish(HEARTBEAT, "after");
      awaitMessages(recorder, 2);

      assertEquals(List.of(HEARTBEAT.name() + "=before", HEARTBEAT.name() + "=after"), recorder.messages);
      assertEquals(1, subscriber.stats().reconnects());
      assertEquals(0, subscriber.stats().resubscribeFailures());
      assertEquals(List.of(), TestRedis.aclLog(redis), "ACL LOG after connect, subscribe, reconnect");
    }
  }

  @Test
  void fullHandshakeWithClientNameUnderResp2_leavesAnAclDenial_whichTheMinimalProfileAvoids() {
    TestRedis.resetAclLog(redis);
    Recorder recorder = new Recorder();
    HandshakeProfile chatty = HandshakeProfile.FULL.withProtocol(ProtocolVersion.RESP2).withClientName("thalos-sub");
    try (ThalosSubscriber subscriber = subscriber(recorder).channels(HEARTBEAT).handshakeProfile(chatty).build()) {
      subscriber.start();

      List<?> log = TestRedis.aclLog(redis);
      assertEquals(1, log.size(), () -> "expected the CLIENT SETNAME denial: " + log);
      assertTrue(log.toString().contains("client|setname"), log::toString);
    }
  }

  @Test
  void channelOutsideTheNamespace_isRefusedBeforeAnyCommandIsSent() {
    long connectionsBefore = TestRedis.info(redis, "stats", "total_connections_received");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> subscriber(new Recorder()).channels(TestRedis.EOS.heartbeat()).build());

    assertTrue(e.getMessage().contains("outside the endpoint's namespace"), e.getMessage());
    assertEquals(connectionsBefore, TestRedis.info(redis, "stats", "total_connections_received"),
        "the subscriber must not have connected");
  }

  @Test
  void channelOutsideTheUsersAcl_isRefusedBeforeAnyCommandIsSent() {
    ChannelAcl heartbeatOnly = ChannelAcl.of("resetchannels", "&" + HEARTBEAT.name());

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> subscriber(new Recorder()).channelAcl(heartbeatOnly).channels(HEARTBEAT, TRANSACTIONS).build());

    assertTrue(e.getMessage().contains(TRANSACTIONS.name()), e.getMessage());
  }

  @Test
  void channelOutsideTheUsersAcl_withoutLocalAcl_isRefusedByRedis_asAclNoperm() {
    // the ACL (&ship::wax::*) given locally would have caught it; without it Redis refuses with NOPERM
    ThalosRedisEndpoint narrow = TestRedis.client(redis, pki).mutate().user("narrow").build();
    redis.aclSetUser("narrow", "on", ">" + TestRedis.CLIENT_PASSWORD, "resetchannels", "&" + HEARTBEAT.name(),
        "-@all", "+subscribe", "+unsubscribe");
    try (ThalosSubscriber subscriber = ThalosSubscriber.builder(narrow).listener(new Recorder())
        .channels(TRANSACTIONS).build()) {
      ThalosSecurityException e = assertThrows(ThalosSecurityException.class, subscriber::start);
      assertEquals(ConnectionSecurityException.ACL_NOPERM, e.reason(), e.getMessage());
      ThalosLettuceTest.assertNoSecret(e);
    } finally {
      redis.aclDelUser("narrow");
    }
  }

  @Test
  void stringChannels_areValidated() {
    assertThrows(InvalidChannelException.class,
        () -> subscriber(new Recorder()).channelNames("ship::wax::actions/contract/*"));
    assertThrows(InvalidChannelException.class, () -> subscriber(new Recorder()).channelNames("ship::wax::nope"));
    ThalosSubscriber ok = subscriber(new Recorder()).channelNames(HEARTBEAT.name()).build();
    assertEquals(List.of(HEARTBEAT), ok.channels());
  }

  @Test
  void patternSubscriptions_areRefusedUnlessExplicitAndSafe() {
    for (String unsafe : List.of("ship::wax::act?ons*", "ship::wax::[a]*", "ship::wax::*/*", "ship::wax::\\*",
        "ship::*", "ship::eos::*", "ship::wax::heartbeat", "*")) {
      assertThrows(IllegalArgumentException.class, () -> subscriber(new Recorder()).allowPattern(unsafe),
          unsafe);
    }
    // well-formed, but not literally an ACL pattern: Redis would refuse PSUBSCRIBE
    assertThrows(IllegalArgumentException.class,
        () -> subscriber(new Recorder()).allowPattern("ship::wax::actions*").build());
    ThalosSubscriber ok = subscriber(new Recorder()).allowPattern("ship::wax::*").build();
    assertEquals(List.of("ship::wax::*"), ok.patterns());
  }

  @Test
  void safePattern_deliversValidChannels_andDropsInvalidOnes() {
    Recorder recorder = new Recorder();
    ThalosRedisEndpoint psub = TestRedis.client(redis, pki).mutate().user("psub").build();
    try (ThalosSubscriber subscriber = ThalosSubscriber.builder(psub).listener(recorder)
        .allowPattern(WAX.channelPattern()).build()) {
      subscriber.start();
      redis.admin().commandOrThrow("PUBLISH", "ship::wax::bogus", "not a thalos channel");
      redis.admin().commandOrThrow("PUBLISH", "ship::wax::actions/contract/EOSIO", "not canonical");
      publisher.publish(TRANSFERS, "t1");

      awaitMessages(recorder, 1);
      Await.until("two foreign drops", Duration.ofSeconds(5),
          () -> subscriber.stats().droppedForeignChannel() == 2, () -> subscriber.stats().toString());
      assertEquals(List.of(TRANSFERS.name() + "=t1"), recorder.messages);
      assertEquals(TRANSFERS, recorder.channels.get(0));
    }
  }

  @Test
  void oversizePayloads_areDroppedAndCounted() {
    Recorder recorder = new Recorder();
    try (ThalosSubscriber subscriber = subscriber(recorder).channels(HEARTBEAT).maxPayloadBytes(16).build()) {
      subscriber.start();
      publisher.publish(HEARTBEAT, "x".repeat(17));
      publisher.publish(HEARTBEAT, "x".repeat(16));

      awaitMessages(recorder, 1);
      assertEquals(1, subscriber.stats().droppedOversize());
      assertEquals(List.of(HEARTBEAT.name() + "=" + "x".repeat(16)), recorder.messages);
    }
  }

  @Test
  void throwingListener_isCounted_andDeliveryContinues() {
    List<String> seen = new CopyOnWriteArrayList<>();
    try (ThalosSubscriber subscriber = subscriber(new Recorder()).channels(HEARTBEAT).listener((c, p) -> {
      String s = new String(p, StandardCharsets.UTF_8);
      seen.add(s);
      if (s.startsWith("boom")) {
        throw new IllegalStateException("listener failure");
      }
    }).build()) {
      subscriber.start();
      publisher.publish(HEARTBEAT, "a");
      publisher.publish(HEARTBEAT, "boom");
      publisher.publish(HEARTBEAT, "b");

      Await.until("three messages", Duration.ofSeconds(10), () -> seen.size() == 3);
      assertEquals(List.of("a", "boom", "b"), seen);
      assertEquals(1, subscriber.stats().listenerFailures());
      assertEquals(3, subscriber.stats().received());
    }
  }

  @Test
  void handOffExecutor_runsTheListener_andRejectionsAreCounted() {
    Recorder recorder = new Recorder();
    List<String> threads = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger accepted = new AtomicInteger();
    try (ThalosSubscriber subscriber = subscriber(recorder).channels(HEARTBEAT).listener((c, p) -> {
      threads.add(Thread.currentThread().getName());
      recorder.onMessage(c, p);
    }).handOff(task -> {
      if (accepted.getAndIncrement() >= 2) {
        throw new RejectedExecutionException("queue full");
      }
      Thread t = new Thread(task, "hand-off-thread");
      t.start();
    }).build()) {
      subscriber.start();
      for (int i = 0; i < 5; i++) {
        publisher.publish(HEARTBEAT, "m" + i);
      }

      awaitMessages(recorder, 2);
      Await.until("three rejections", Duration.ofSeconds(5),
          () -> subscriber.stats().droppedHandOffRejected() == 3, () -> subscriber.stats().toString());
      assertEquals(List.of("hand-off-thread", "hand-off-thread"), threads);
    }
  }

  @Test
  void wrongPassword_failsStart_andClosesTheSubscriber() {
    ThalosRedisEndpoint wrong = TestRedis.endpoint(redis, pki, "sub", "wrong-" + TestRedis.CLIENT_PASSWORD,
        ThalosRole.CLIENT).build();
    ThalosSubscriber subscriber = ThalosSubscriber.builder(wrong).channels(HEARTBEAT).listener(new Recorder())
        .build();

    ThalosSecurityException e = assertThrows(ThalosSecurityException.class, subscriber::start);

    assertEquals(ConnectionSecurityException.AUTH_WRONG_CREDENTIALS, e.reason());
    assertFalse(e.getMessage().contains(TestRedis.CLIENT_PASSWORD));
    assertThrows(IllegalStateException.class, subscriber::start);
  }

  @Test
  void serverRestartMidStream_subscriberReconnectsAndResubscribes() {
    try (RedisServer own = TestRedis.tlsServer(pki).start();
        ThalosPublisher ownPublisher = ThalosPublisher.builder(TestRedis.server(own, pki)).connect()) {
      Recorder recorder = new Recorder();
      try (ThalosSubscriber subscriber = ThalosSubscriber.builder(TestRedis.client(own, pki))
          .channels(HEARTBEAT, TRANSFERS).listener(recorder).stateListener(recorder)
          .maxReconnectDelay(Duration.ofMillis(200)).build()) {
        subscriber.start();
        for (int i = 0; i < 20; i++) {
          ownPublisher.publish(HEARTBEAT, "before-" + i);
        }
        awaitMessages(recorder, 20);

        own.restart();
        Await.until("reconnect and resubscribe", Duration.ofSeconds(15),
            () -> subscriber.isSubscribed() && recorder.confirmed.get() >= 1);
        Await.until("publisher reconnect", Duration.ofSeconds(15), () -> {
          try {
            ownPublisher.publish(TRANSFERS, "probe");
            return true;
          } catch (ThalosSecurityException e) {
            return false;
          }
        });
        for (int i = 0; i < 20; i++) {
          ownPublisher.publish(TRANSFERS, "after-" + i);
        }

        Await.until("messages after the restart", Duration.ofSeconds(10),
            () -> recorder.messages.contains(TRANSFERS.name() + "=after-19"));
        List<String> after = new ArrayList<>();
        for (String m : recorder.messages) {
          if (m.contains("=after-")) {
            after.add(m);
          }
        }
        assertEquals(20, after.size());
        assertTrue(subscriber.stats().reconnects() >= 1, subscriber.stats().toString());
        assertTrue(recorder.disconnected.get() >= 1);
      }
    }
  }

  @Test
  void refusedResubscription_isDetected_reported_andRetriedUntilTheAclAllowsItAgain() {
    try (RedisServer own = TestRedis.tlsServer(pki).start();
        ThalosPublisher ownPublisher = ThalosPublisher.builder(TestRedis.server(own, pki)).connect()) {
      Recorder recorder = new Recorder();
      try (ThalosSubscriber subscriber = ThalosSubscriber.builder(TestRedis.client(own, pki))
          .channels(HEARTBEAT).listener(recorder).stateListener(recorder)
          .resubscribeTimeout(Duration.ofMillis(300)).maxReconnectDelay(Duration.ofMillis(200)).build()) {
        subscriber.start();

        // Redis disconnects a subscriber whose channel permission is revoked; the resubscription is refused
        own.aclSetUser("sub", "resetchannels", "&ship::eos::*");
        Await.until("resubscribe failure reported", Duration.ofSeconds(10),
            () -> !recorder.resubscribeFailures.isEmpty() && subscriber.stats().resubscribeFailures() >= 1,
            () -> subscriber.stats().toString());
        assertEquals(List.of(HEARTBEAT.name()), recorder.resubscribeFailures.get(0));
        assertFalse(subscriber.isSubscribed());

        own.aclSetUser("sub", "resetchannels", "&ship::wax::*");
        Await.until("resubscribed by a retry", Duration.ofSeconds(10), subscriber::isSubscribed,
            () -> subscriber.stats().toString());
        ownPublisher.publish(HEARTBEAT, "after-acl-restored");
        awaitMessages(recorder, 1);
        assertEquals(List.of(HEARTBEAT.name() + "=after-acl-restored"), recorder.messages);
        assertTrue(recorder.resubscribeCauses.stream().allMatch(c -> c instanceof ThalosSecurityException
            && ((ThalosSecurityException) c).reason().equals(ConnectionSecurityException.ACL_NOPERM)),
            recorder.resubscribeCauses::toString);
      }
    }
  }

  @Test
  void subscribedChannels_areTheInternedInstances() {
    ThalosSubscriber subscriber = subscriber(new Recorder()).channels(HEARTBEAT).build();
    assertSame(HEARTBEAT, subscriber.channels().get(0));
  }
}
