package dev.thalos.redis.security.lettuce;

import dev.thalos.redis.security.ThalosSecurityException;
import dev.thalos.redis.security.channel.ChannelAcl;
import dev.thalos.redis.security.channel.ThalosChannel;
import dev.thalos.redis.security.channel.ThalosNamespace;
import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.pubsub.RedisPubSubListener;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.pubsub.api.async.RedisPubSubAsyncCommands;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A validating Thalos subscriber over one Lettuce pub/sub connection.
 *
 * <ul>
 *   <li>Subscribes only to {@link ThalosChannel}s (or validated channel strings) of the endpoint's
 *       {@link ThalosNamespace}, and only to channels the user's {@link ChannelAcl} allows — checked in
 *       {@link Builder#build()}, before any command is sent. If no ACL is given, the namespace's own rule
 *       {@code &<prefix>::<chain>::*} is assumed.</li>
 *   <li>Refuses pattern subscriptions unless one is asked for with {@link Builder#allowPattern(String)}: a
 *       literal channel prefix inside the namespace followed by a single {@code *}, and literally equal to one of
 *       the ACL's patterns (Redis compares {@code PSUBSCRIBE} patterns literally with the user's {@code &}
 *       patterns).</li>
 *   <li>Checks every delivered message: its channel must be one it subscribed to (for pattern messages: a
 *       valid channel starting with the pattern's prefix), and its payload must not exceed
 *       {@link Builder#maxPayloadBytes(int)}. Others are dropped and counted ({@link #stats()}), never
 *       handed to the listener. Channel names are compared as bytes, in place; the payload is copied once.</li>
 *   <li>Reconnects automatically (Lettuce re-sends the subscriptions), with the handshake of its
 *       {@link HandshakeProfile} ({@link HandshakeProfile#MINIMAL} by default for client and server roles),
 *       and watches that every subscription is confirmed again within
 *       {@link Builder#resubscribeTimeout(Duration)}; if not — for example the ACL changed and Redis refused
 *       the resubscription, which Lettuce only logs — it reports {@link SubscriberStateListener#resubscribeFailed}
 *       and retries with growing delays (capped at {@link #MAX_RESUBSCRIBE_BACKOFF}) while connected.</li>
 *   <li>Accounts for what pub/sub loses: it reads the block number of each message ({@code "blocknum"}, found
 *       by a bounded byte scan, no JSON parsing; JSON and msgpack codecs), and after a disconnect reports the
 *       blocks whose messages may be missing as a {@link MessageGap} to the {@link Builder#gapListener} and in
 *       {@link #stats()} ({@link SubscriberStats#gaps()}, {@link SubscriberStats#disconnects()}).</li>
 *   <li>Keeps no unbounded queue: messages go straight from Lettuce's read loop to the listener (or the
 *       caller's bounded hand-off executor), and Lettuce's command queue is limited to
 *       {@link #REQUEST_QUEUE_SIZE}. After {@link #close()} no thread of the subscriber is left (unless shared
 *       {@link Builder#clientResources} were given, which the caller shuts down).</li>
 * </ul>
 *
 * <pre>{@code
 * ThalosNamespace wax = endpoint.namespace().orElseThrow();
 * try (ThalosSubscriber subscriber = ThalosSubscriber.builder(endpoint)
 *     .channels(wax.heartbeat(), wax.actions().contract("eosio.token").action("transfer"))
 *     .maxPayloadBytes(1 << 20)
 *     .listener((channel, payload) -> queue.offer(new Message(channel, payload)))   // never block here
 *     .build()) {
 *   subscriber.start();   // throws ConnectionSecurityException, e.g. reason "auth.wrong-credentials"
 *   ...
 * }
 * }</pre>
 *
 * <p>The listener runs on the connection's event loop unless a {@link Builder#handOff(Executor) hand-off
 * executor} is set; see {@link ThalosMessageListener}. Pub/sub has no replay: messages published while
 * disconnected are lost. Thread-safe.
 */
public final class ThalosSubscriber implements AutoCloseable {

  /** Time allowed for the server to confirm the subscriptions after a reconnect, if unset. */
  public static final Duration DEFAULT_RESUBSCRIBE_TIMEOUT = Duration.ofSeconds(5);

  /** Upper bound of the delay between resubscribe attempts. */
  public static final Duration MAX_RESUBSCRIBE_BACKOFF = Duration.ofSeconds(60);

  /** Upper bound of the delay between reconnect attempts (exponential from 1 ms), if unset. */
  public static final Duration DEFAULT_MAX_RECONNECT_DELAY = Duration.ofSeconds(10);

  /** Commands Lettuce may queue for this connection (subscriptions and their retries; never messages). */
  public static final int REQUEST_QUEUE_SIZE = 1024;

  /** Payload limit meaning "no limit"; the default. */
  public static final int UNLIMITED_PAYLOAD = Integer.MAX_VALUE;

  private static final Logger LOG = LoggerFactory.getLogger(ThalosSubscriber.class);

  private enum State {
    NEW,
    STARTING,
    RUNNING,
    CLOSED
  }

  private final ThalosRedisEndpoint endpoint;
  private final List<ThalosChannel> channels;
  private final List<String> patterns;
  private final SubscriptionKey[] channelKeys;
  private final SubscriptionKey[] patternKeys;
  private final Set<SubscriptionKey> expected;
  private final ThalosMessageListener listener;
  private final SubscriberStateListener stateListener;
  private final GapListener gapListener;
  private final Executor handOff;
  private final HandshakeProfile profile;
  private final Duration resubscribeTimeout;
  private final Duration maxReconnectDelay;
  private final ClientResources sharedResources;
  private final SubscriptionCodec codec;
  private final TlsEngine tlsEngine;

  /**
   * Messages given to the listener on the event loop. One writer at a time: Lettuce delivers every message of the
   * one pub/sub connection on its channel's event loop, and a reconnected channel's first message comes after the
   * old channel's last.
   */
  private volatile long receivedInline;
  /** Messages given to the listener on the hand-off executor's threads. */
  private final LongAdder receivedHandedOff = new LongAdder();
  private final LongAdder droppedForeign = new LongAdder();
  private final LongAdder droppedOversize = new LongAdder();
  private final LongAdder droppedRejected = new LongAdder();
  private final LongAdder droppedMalformed = new LongAdder();
  private final LongAdder listenerFailures = new LongAdder();
  private final AtomicLong reconnects = new AtomicLong();
  private final AtomicLong resubscribeFailures = new AtomicLong();
  private final AtomicLong disconnects = new AtomicLong();
  private final AtomicLong gaps = new AtomicLong();
  // block accounting: lastBlock and gapOpen are touched per message (event loop), the rest under lock
  private volatile long lastBlock = BlockNumbers.NONE;
  private static final java.lang.invoke.VarHandle LAST_BLOCK;
  private static final java.lang.invoke.VarHandle RECEIVED_INLINE;

  static {
    try {
      LAST_BLOCK = java.lang.invoke.MethodHandles.lookup().findVarHandle(ThalosSubscriber.class, "lastBlock",
          long.class);
      RECEIVED_INLINE = java.lang.invoke.MethodHandles.lookup().findVarHandle(ThalosSubscriber.class,
          "receivedInline", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
  private volatile boolean gapOpen;
  private int gapDisconnects;
  private long gapLastBefore;
  private java.time.Instant gapDisconnectedAt;

  private final Object lock = new Object();
  private State state = State.NEW;
  private ClientResources ownResources;
  private AbstractRedisClient client;
  private StatefulRedisPubSubConnection<SubscriptionKey, byte[]> connection;
  // confirmation watchdog, guarded by lock
  private final Set<SubscriptionKey> pending = new HashSet<>();
  private int generation;
  private int attempt;
  private boolean down;
  private ScheduledFuture<?> timer;
  private Throwable lastRetryFailure;

  private ThalosSubscriber(Builder b, List<ThalosChannel> channels, List<String> patterns) {
    this.endpoint = b.endpoint;
    this.channels = List.copyOf(channels);
    this.patterns = List.copyOf(patterns);
    List<SubscriptionKey> ck = new ArrayList<>();
    for (ThalosChannel c : channels) {
      ck.add(SubscriptionKey.channel(c));
    }
    List<SubscriptionKey> pk = new ArrayList<>();
    for (String p : patterns) {
      pk.add(SubscriptionKey.pattern(p));
    }
    this.channelKeys = ck.toArray(new SubscriptionKey[0]);
    this.patternKeys = pk.toArray(new SubscriptionKey[0]);
    Set<SubscriptionKey> all = new LinkedHashSet<>(ck);
    all.addAll(pk);
    this.expected = Collections.unmodifiableSet(all);
    this.listener = b.listener;
    this.stateListener = b.stateListener;
    this.gapListener = b.gapListener;
    this.handOff = b.handOff;
    this.profile = b.profile != null ? b.profile : HandshakeProfile.defaultFor(endpoint.role());
    this.resubscribeTimeout = b.resubscribeTimeout;
    this.maxReconnectDelay = b.maxReconnectDelay;
    this.sharedResources = b.resources;
    this.tlsEngine = b.tlsEngine;
    this.codec = new SubscriptionCodec(ck, pk, endpoint.namespace().orElseThrow().validator(), b.maxPayloadBytes);
  }

  /** A builder for a subscriber to {@code endpoint}, which must have a namespace. */
  public static Builder builder(ThalosRedisEndpoint endpoint) {
    return new Builder(endpoint);
  }

  /**
   * Connects, subscribes and waits until the server confirmed every subscription. Call once.
   *
   * @throws ThalosSecurityException if the connection or a subscription fails ({@link ConnectionSecurityException}
   *     with reasons such as {@code auth.wrong-credentials}, {@code acl.noperm}, {@code tls.untrusted-certificate},
   *     or the core exception for unreadable TLS material or a missing password); the subscriber is then closed
   * @throws IllegalStateException if already started or closed
   */
  public void start() {
    synchronized (lock) {
      if (state != State.NEW) {
        throw new IllegalStateException("subscriber was already started" + (state == State.CLOSED ? " and closed"
            : ""));
      }
      state = State.STARTING;
    }
    try {
      ClientResources resources = sharedResources;
      if (resources == null) {
        ownResources = DefaultClientResources.builder()
            .reconnectDelay(Delay.exponential(Duration.ZERO, maxReconnectDelay, 2, TimeUnit.MILLISECONDS))
            .nettyCustomizer(HeapTlsInput.CUSTOMIZER)
            .build();
        resources = ownResources;
      }
      client = LettuceClients.create(resources, endpoint, profile, tlsEngine, 0,
          options -> options.requestQueueSize(REQUEST_QUEUE_SIZE));
      try {
        connection = LettuceClients.connectPubSub(client, codec);
      } catch (RuntimeException e) {
        throw FailureTranslator.translate(e, endpoint, "connection to");
      }
      connection.addListener(new Delivery());
      connection.addListener(new ConnectionWatch());
      synchronized (lock) {
        pending.addAll(expected);
      }
      subscribeInitially();
      synchronized (lock) {
        if (state == State.CLOSED) {
          throw new IllegalStateException("subscriber was closed while starting");
        }
        state = State.RUNNING;
      }
      fire(SubscriberStateListener::subscriptionsConfirmed);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private void subscribeInitially() {
    RedisPubSubAsyncCommands<SubscriptionKey, byte[]> async = connection.async();
    List<RedisFuture<Void>> futures = new ArrayList<>();
    if (channelKeys.length > 0) {
      futures.add(async.subscribe(channelKeys));
    }
    if (patternKeys.length > 0) {
      futures.add(async.psubscribe(patternKeys));
    }
    long deadline = System.nanoTime() + endpoint.commandTimeout().toNanos();
    for (RedisFuture<Void> f : futures) {
      try {
        f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      } catch (ExecutionException e) {
        throw FailureTranslator.translate(e.getCause(), endpoint, "subscribe on");
      } catch (java.util.concurrent.TimeoutException e) {
        throw FailureTranslator.translate(e, endpoint, "subscribe on");
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while subscribing", e);
      }
    }
    synchronized (lock) {
      while (!pending.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new ConnectionSecurityException(ConnectionSecurityException.CONNECTION_TIMEOUT,
              "subscribe on " + endpoint.toUri() + ": the server did not confirm " + names(pending) + " within "
                  + endpoint.commandTimeout().toMillis() + " ms", null);
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(lock, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted while subscribing", e);
        }
      }
    }
  }

  /** Stops delivery, closes the connection and releases Lettuce's resources. Idempotent. */
  @Override
  public void close() {
    StatefulRedisPubSubConnection<SubscriptionKey, byte[]> c;
    AbstractRedisClient cl;
    ClientResources own;
    synchronized (lock) {
      if (state == State.CLOSED) {
        return;
      }
      state = State.CLOSED;
      generation++;
      cancelTimer();
      pending.clear();
      lock.notifyAll();
      c = connection;
      cl = client;
      own = ownResources;
    }
    try {
      if (c != null) {
        c.close();
      }
    } catch (RuntimeException e) {
      LOG.debug("closing the pub/sub connection failed", e);
    }
    if (cl != null) {
      LettuceClients.shutdown(cl);
    }
    if (own != null) {
      try {
        own.shutdown(0, 2, TimeUnit.SECONDS).get(3, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
        LOG.debug("shutting down client resources failed", e);
      }
    }
  }

  /**
   * Drops the current connection so that Lettuce reconnects at once: the new connection reads the TLS material
   * (trust anchors, client certificate and key files) and resolves the password again, and every channel is
   * subscribed again. Use it after rotating certificate or password files — they are read on every connect
   * anyway; this makes the next connect happen now rather than at the next network failure. Messages published
   * in between are lost and reported as a {@link MessageGap}. Returns without waiting; watch
   * {@link #isSubscribed()} or the {@link SubscriberStateListener}. If the new material is refused (e.g. a
   * certificate from a CA the server does not trust yet), Lettuce keeps retrying with growing delays.
   *
   * @throws IllegalStateException if the subscriber is not running
   */
  public void reconnect() {
    StatefulRedisPubSubConnection<SubscriptionKey, byte[]> c;
    synchronized (lock) {
      if (state != State.RUNNING) {
        throw new IllegalStateException("subscriber is not running (" + state.name().toLowerCase() + ")");
      }
      c = connection;
    }
    LOG.info("subscriber to {}: reconnecting on request", endpoint.toUri());
    ThalosLettuce.forceReconnect(c);
  }

  /** A snapshot of the counters. */
  public SubscriberStats stats() {
    return new SubscriberStats(receivedInline + receivedHandedOff.sum(), droppedForeign.sum(),
        droppedOversize.sum(), droppedRejected.sum(),
        listenerFailures.sum(), reconnects.get(), resubscribeFailures.get(), disconnects.get(), gaps.get(),
        lastBlock, droppedMalformed.sum());
  }

  /** The subscribed channels, in the order given. */
  public List<ThalosChannel> channels() {
    return channels;
  }

  /** The explicitly allowed patterns, in the order given. */
  public List<String> patterns() {
    return patterns;
  }

  /** The endpoint. */
  public ThalosRedisEndpoint endpoint() {
    return endpoint;
  }

  /** The handshake profile in use. */
  public HandshakeProfile handshakeProfile() {
    return profile;
  }

  /** Whether the connection is currently open and every subscription is confirmed. */
  public boolean isSubscribed() {
    synchronized (lock) {
      return state == State.RUNNING && !down && pending.isEmpty() && connection != null && connection.isOpen();
    }
  }

  @Override
  public String toString() {
    return "ThalosSubscriber{endpoint=" + endpoint.toUri() + ", channels=" + channels
        + (patterns.isEmpty() ? "" : ", patterns=" + patterns) + ", " + profile + "}";
  }

  // ---------------------------------------------------------------------------------------------------------
  // delivery

  private void deliver(ThalosChannel channel, byte[] payload) {
    if (payload == SubscriptionCodec.OVERSIZE) {
      droppedOversize.increment();
      return;
    }
    long block = BlockNumbers.find(payload);
    if (block != BlockNumbers.NONE) {
      if (gapOpen) {
        closeGap(block);
      }
      // a release store: ordered for readers of stats() and the disconnect handler, without the full fence of a
      // volatile write on every message
      LAST_BLOCK.setRelease(this, block);
    }
    if (handOff == null) {
      // single writer (the event loop of the one connection): a release store, no atomic read-modify-write
      RECEIVED_INLINE.setRelease(this, receivedInline + 1);
      invoke(channel, payload);
      return;
    }
    try {
      handOff.execute(() -> {
        receivedHandedOff.increment();
        invoke(channel, payload);
      });
    } catch (RejectedExecutionException e) {
      droppedRejected.increment();
    }
  }

  private void closeGap(long firstBlockAfter) {
    MessageGap gap;
    synchronized (lock) {
      if (!gapOpen) {
        return;
      }
      gapOpen = false;
      gap = new MessageGap(gapDisconnects, gapLastBefore, firstBlockAfter, gapDisconnectedAt,
          java.time.Instant.now());
      gaps.incrementAndGet();
    }
    LOG.warn("subscriber to {}: messages of blocks {}..{} may be missing ({} disconnect(s), {} ms without"
        + " messages)", endpoint.toUri(), gap.lastBlockBefore().isPresent() ? gap.fromBlock() : "?",
        gap.toBlock(), gap.disconnects(), gap.duration().toMillis());
    if (gapListener != null) {
      try {
        gapListener.onGap(gap);
      } catch (RuntimeException e) {
        LOG.warn("the gap listener threw; ignored", e);
      }
    }
  }

  private void invoke(ThalosChannel channel, byte[] payload) {
    try {
      listener.onMessage(channel, payload);
    } catch (VirtualMachineError e) {
      throw e;
    } catch (Throwable e) {
      listenerFailures.increment();
      if (listenerFailures.sum() == 1) {
        LOG.warn("the message listener threw on channel {}; the message is counted as a listener failure and "
            + "delivery continues (further failures are logged at debug level)", channel, e);
      } else {
        LOG.debug("the message listener threw on channel {}", channel, e);
      }
    }
  }

  /** The single pub/sub listener registered with Lettuce; never throws. */
  private final class Delivery implements RedisPubSubListener<SubscriptionKey, byte[]> {

    @Override
    public void message(SubscriptionKey channel, byte[] message) {
      if (channel == null || message == null) {
        droppedMalformed.increment();
      } else if (channel.kind == SubscriptionKey.Kind.CHANNEL) {
        deliver(channel.channel, message);
      } else {
        droppedForeign.increment();
      }
    }

    @Override
    public void message(SubscriptionKey pattern, SubscriptionKey channel, byte[] message) {
      if (pattern == null || channel == null || message == null) {
        droppedMalformed.increment();
      } else if (pattern.kind == SubscriptionKey.Kind.PATTERN && channel.channel != null && pattern.covers(channel.channel)) {
        deliver(channel.channel, message);
      } else {
        droppedForeign.increment();
      }
    }

    @Override
    public void subscribed(SubscriptionKey channel, long count) {
      confirmed(channel);
    }

    @Override
    public void psubscribed(SubscriptionKey pattern, long count) {
      confirmed(pattern);
    }

    @Override
    public void unsubscribed(SubscriptionKey channel, long count) {}

    @Override
    public void punsubscribed(SubscriptionKey pattern, long count) {}
  }

  // ---------------------------------------------------------------------------------------------------------
  // reconnect and resubscribe watchdog

  private void confirmed(SubscriptionKey key) {
    boolean complete;
    synchronized (lock) {
      complete = pending.remove(key) && pending.isEmpty();
      if (complete) {
        cancelTimer();
        lock.notifyAll();
      }
      complete = complete && state == State.RUNNING;
    }
    if (complete) {
      fire(SubscriberStateListener::subscriptionsConfirmed);
    }
  }

  /** Connection events of the one connection. */
  private final class ConnectionWatch implements RedisConnectionStateListener {

    @Override
    public void onRedisConnected(RedisChannelHandler<?, ?> c, SocketAddress address) {
      long n;
      synchronized (lock) {
        if (!down || state == State.CLOSED) {
          return;
        }
        down = false;
        n = reconnects.incrementAndGet();
        generation++;
        attempt = 0;
        lastRetryFailure = null;
        pending.clear();
        pending.addAll(expected);
        schedule(generation, resubscribeTimeout);
      }
      LOG.info("subscriber to {} reconnected ({} reconnects so far)", endpoint.toUri(), n);
      fire(l -> l.reconnected(n));
    }

    @Override
    public void onRedisDisconnected(RedisChannelHandler<?, ?> c) {
      synchronized (lock) {
        if (state == State.CLOSED) {
          return;
        }
        down = true;
        generation++;
        cancelTimer();
        disconnects.incrementAndGet();
        if (!gapOpen) {
          gapDisconnects = 0;
          gapLastBefore = lastBlock;
          gapDisconnectedAt = java.time.Instant.now();
          gapOpen = true;
        }
        gapDisconnects++;
      }
      fire(SubscriberStateListener::disconnected);
    }

    @Override
    public void onRedisExceptionCaught(RedisChannelHandler<?, ?> c, Throwable cause) {}
  }

  private void schedule(int gen, Duration delay) {
    ClientResources resources = sharedResources != null ? sharedResources : ownResources;
    timer = resources.eventExecutorGroup().schedule(() -> checkConfirmed(gen), delay.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void cancelTimer() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  private void checkConfirmed(int gen) {
    List<String> missing;
    int n;
    Throwable cause;
    List<SubscriptionKey> retryChannels = new ArrayList<>();
    List<SubscriptionKey> retryPatterns = new ArrayList<>();
    synchronized (lock) {
      if (state != State.RUNNING || gen != generation || pending.isEmpty()) {
        return;
      }
      n = ++attempt;
      resubscribeFailures.incrementAndGet();
      missing = names(pending);
      cause = lastRetryFailure;
      for (SubscriptionKey k : pending) {
        (k.kind == SubscriptionKey.Kind.PATTERN ? retryPatterns : retryChannels).add(k);
      }
      long backoff = resubscribeTimeout.toMillis() << Math.min(n, 16);
      schedule(gen, Duration.ofMillis(Math.min(backoff, MAX_RESUBSCRIBE_BACKOFF.toMillis())));
    }
    LOG.warn("subscriber to {}: subscriptions {} not confirmed after reconnect (attempt {}){}; retrying",
        endpoint.toUri(), missing, n, cause == null ? "" : ": " + cause.getMessage());
    int finalN = n;
    fire(l -> l.resubscribeFailed(missing, finalN, cause));
    try {
      RedisPubSubAsyncCommands<SubscriptionKey, byte[]> async = connection.async();
      if (!retryChannels.isEmpty()) {
        async.subscribe(retryChannels.toArray(new SubscriptionKey[0]))
            .whenComplete((ok, error) -> retryFailed(gen, error));
      }
      if (!retryPatterns.isEmpty()) {
        async.psubscribe(retryPatterns.toArray(new SubscriptionKey[0]))
            .whenComplete((ok, error) -> retryFailed(gen, error));
      }
    } catch (RuntimeException e) {
      retryFailed(gen, e);
    }
  }

  private void retryFailed(int gen, Throwable error) {
    if (error == null) {
      return;
    }
    ThalosSecurityException translated = FailureTranslator.translate(error, endpoint, "resubscribe on");
    synchronized (lock) {
      if (gen == generation) {
        lastRetryFailure = translated;
      }
    }
  }

  private static List<String> names(Set<SubscriptionKey> keys) {
    List<String> names = new ArrayList<>();
    for (SubscriptionKey k : keys) {
      names.add(k.text());
    }
    Collections.sort(names);
    return names;
  }

  private void fire(java.util.function.Consumer<SubscriberStateListener> event) {
    if (stateListener == null) {
      return;
    }
    try {
      event.accept(stateListener);
    } catch (RuntimeException e) {
      LOG.warn("the subscriber state listener threw; ignored", e);
    }
  }

  /**
   * Builder of {@link ThalosSubscriber}. Setters reject malformed values at once; {@link #build()} checks every
   * channel and pattern against the endpoint's namespace and the user's channel ACL.
   */
  public static final class Builder {

    private final ThalosRedisEndpoint endpoint;
    private final ThalosNamespace namespace;
    private final Set<ThalosChannel> channels = new LinkedHashSet<>();
    private final Set<String> patterns = new LinkedHashSet<>();
    private ChannelAcl channelAcl;
    private ThalosMessageListener listener;
    private SubscriberStateListener stateListener;
    private GapListener gapListener;
    private Executor handOff;
    private int maxPayloadBytes = UNLIMITED_PAYLOAD;
    private HandshakeProfile profile;
    private Duration resubscribeTimeout = DEFAULT_RESUBSCRIBE_TIMEOUT;
    private Duration maxReconnectDelay = DEFAULT_MAX_RECONNECT_DELAY;
    private ClientResources resources;
    private TlsEngine tlsEngine = TlsEngine.JDK;

    private Builder(ThalosRedisEndpoint endpoint) {
      this.endpoint = Objects.requireNonNull(endpoint, "endpoint must not be null");
      this.namespace = endpoint.namespace().orElseThrow(() -> new IllegalArgumentException(
          "endpoint must have a namespace: a subscriber subscribes to the channels of one Thalos namespace"));
    }

    /** Adds channels to subscribe to. They must belong to the endpoint's namespace (checked by {@link #build()}). */
    public Builder channels(ThalosChannel... channels) {
      Objects.requireNonNull(channels, "channels must not be null");
      for (ThalosChannel c : channels) {
        this.channels.add(Objects.requireNonNull(c, "channels must not contain null"));
      }
      return this;
    }

    /** Adds channels to subscribe to. */
    public Builder channels(List<ThalosChannel> channels) {
      Objects.requireNonNull(channels, "channels must not be null");
      return channels(channels.toArray(new ThalosChannel[0]));
    }

    /**
     * Adds channels given as strings, validated with the namespace's validator.
     *
     * @throws dev.thalos.redis.security.channel.InvalidChannelException if a name is not a valid channel
     */
    public Builder channelNames(String... names) {
      Objects.requireNonNull(names, "names must not be null");
      for (String name : names) {
        channels.add(namespace.validator().parse(Objects.requireNonNull(name, "names must not contain null")));
      }
      return this;
    }

    /**
     * Allows one pattern subscription. The pattern must be a literal prefix of channels in the endpoint's
     * namespace followed by a single {@code *} (e.g. {@code ship::wax::*}), with no other glob metacharacter
     * ({@code * ? [ ] \}), and must be literally one of the channel ACL's patterns (Redis allows
     * {@code PSUBSCRIBE} only for patterns literally equal to a user's {@code &} pattern).
     *
     * @throws IllegalArgumentException if the pattern has another shape
     */
    public Builder allowPattern(String pattern) {
      Objects.requireNonNull(pattern, "pattern must not be null");
      String prefix = pattern.endsWith("*") ? pattern.substring(0, pattern.length() - 1) : null;
      if (prefix == null) {
        throw new IllegalArgumentException("invalid pattern: '" + printable(pattern)
            + "' (must end with a single '*', e.g. " + namespace.channelPattern() + ")");
      }
      for (int i = 0; i < prefix.length(); i++) {
        char c = prefix.charAt(i);
        if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\' || c <= ' ' || c == 0x7F) {
          throw new IllegalArgumentException("invalid pattern: '" + printable(pattern) + "' (character '"
              + printable(String.valueOf(c)) + "' at index " + i
              + " is not allowed; only a literal prefix followed by a single '*')");
        }
      }
      if (!prefix.startsWith(namespace.channelPrefix())) {
        throw new IllegalArgumentException("invalid pattern: '" + printable(pattern)
            + "' (outside the endpoint's namespace " + namespace + "; must start with "
            + namespace.channelPrefix() + ")");
      }
      patterns.add(pattern);
      return this;
    }

    /**
     * The channel permissions of the endpoint's ACL user (its {@code &} rules); every channel and pattern is
     * checked against them in {@link #build()}. If unset: the namespace's rule ({@code &<prefix>::<chain>::*}).
     */
    public Builder channelAcl(ChannelAcl channelAcl) {
      this.channelAcl = Objects.requireNonNull(channelAcl, "channelAcl must not be null");
      return this;
    }

    /** Receives the messages. Required. See {@link ThalosMessageListener} for threading. */
    public Builder listener(ThalosMessageListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener must not be null");
      return this;
    }

    /**
     * Told which blocks' messages may be missing after a disconnect ({@link MessageGap}). Gaps are also
     * counted in {@link ThalosSubscriber#stats()}. If unset: gaps are only counted and logged at WARN.
     */
    public Builder gapListener(GapListener gapListener) {
      this.gapListener = Objects.requireNonNull(gapListener, "gapListener must not be null");
      return this;
    }

    /** Receives connection events (disconnects, reconnects, resubscribe failures). If unset: none. */
    public Builder stateListener(SubscriberStateListener stateListener) {
      this.stateListener = Objects.requireNonNull(stateListener, "stateListener must not be null");
      return this;
    }

    /**
     * Runs the listener on {@code executor} instead of the event loop. Use a bounded executor (e.g. a
     * {@link java.util.concurrent.ThreadPoolExecutor} with a bounded queue and the default abort policy):
     * messages it rejects are dropped and counted ({@link SubscriberStats#droppedHandOffRejected()}). With
     * several threads, messages may reach the listener out of order. If unset: the event loop.
     */
    public Builder handOff(Executor executor) {
      this.handOff = Objects.requireNonNull(executor, "executor must not be null");
      return this;
    }

    /**
     * Largest payload handed to the listener; larger ones are dropped without being copied. If unset:
     * {@link ThalosSubscriber#UNLIMITED_PAYLOAD}.
     *
     * @throws IllegalArgumentException if less than 1
     */
    public Builder maxPayloadBytes(int maxPayloadBytes) {
      if (maxPayloadBytes < 1) {
        throw new IllegalArgumentException("invalid maxPayloadBytes: " + maxPayloadBytes + " (must be >= 1)");
      }
      this.maxPayloadBytes = maxPayloadBytes;
      return this;
    }

    /** The handshake. If unset: {@link HandshakeProfile#defaultFor} the endpoint's role. */
    public Builder handshakeProfile(HandshakeProfile profile) {
      this.profile = Objects.requireNonNull(profile, "profile must not be null");
      return this;
    }

    /**
     * Time allowed for the server to confirm every subscription after a reconnect. If unset:
     * {@link ThalosSubscriber#DEFAULT_RESUBSCRIBE_TIMEOUT}.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder resubscribeTimeout(Duration timeout) {
      this.resubscribeTimeout = positive(timeout, "resubscribeTimeout");
      return this;
    }

    /**
     * Upper bound of the exponential delay between reconnect attempts; ignored with shared
     * {@link #clientResources}. If unset: {@link ThalosSubscriber#DEFAULT_MAX_RECONNECT_DELAY}.
     *
     * @throws IllegalArgumentException if not positive
     */
    public Builder maxReconnectDelay(Duration delay) {
      this.maxReconnectDelay = positive(delay, "maxReconnectDelay");
      return this;
    }

    /** Shared Lettuce resources (the caller shuts them down). If unset: the subscriber owns its own. */
    public Builder clientResources(ClientResources resources) {
      this.resources = Objects.requireNonNull(resources, "resources must not be null");
      return this;
    }

    /**
     * The TLS implementation for a TLS endpoint ({@link TlsEngine#OPENSSL} for high message rates). If unset:
     * {@link TlsEngine#JDK}.
     *
     * @throws IllegalStateException if the engine is not available (netty-tcnative missing for OPENSSL)
     */
    public Builder tlsEngine(TlsEngine engine) {
      this.tlsEngine = Objects.requireNonNull(engine, "engine must not be null").requireAvailable();
      return this;
    }

    private static Duration positive(Duration d, String field) {
      Objects.requireNonNull(d, field + " must not be null");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("invalid " + field + ": " + d + " (must be positive)");
      }
      return d;
    }

    /**
     * Checks the subscriptions and builds the subscriber; nothing is sent to Redis before
     * {@link ThalosSubscriber#start()}.
     *
     * @throws IllegalArgumentException if there is no channel and no pattern, a channel is outside the
     *     endpoint's namespace, the channel ACL does not allow a channel or pattern, or the TLS engine cannot keep
     *     to the endpoint's TLS policy (see {@link TlsEngine})
     * @throws IllegalStateException if no listener was set
     */
    public ThalosSubscriber build() {
      if (listener == null) {
        throw new IllegalStateException("listener must be set");
      }
      endpoint.tls().ifPresent(tls -> tlsEngine.requireEnforceable(tls.policy()));
      if (channels.isEmpty() && patterns.isEmpty()) {
        throw new IllegalArgumentException("channels must not be empty (give at least one channel or pattern)");
      }
      ChannelAcl acl = channelAcl != null ? channelAcl : ChannelAcl.of(namespace.aclChannelRule());
      for (ThalosChannel c : channels) {
        if (!c.namespace().equals(namespace)) {
          throw new IllegalArgumentException("invalid channel: '" + c.name() + "' is outside the endpoint's"
              + " namespace " + namespace + " (refused before subscribing)");
        }
        if (!acl.permitsSubscribe(c)) {
          throw new IllegalArgumentException("invalid channel: '" + c.name() + "' is not allowed by the channel"
              + " ACL " + acl + " (refused before subscribing; Redis would answer NOPERM)");
        }
      }
      for (String p : patterns) {
        if (!acl.permitsPatternSubscribe(p)) {
          throw new IllegalArgumentException("invalid pattern: '" + p + "' is not literally one of the channel"
              + " ACL's patterns " + acl + " (Redis compares PSUBSCRIBE patterns literally and would answer"
              + " NOPERM)");
        }
      }
      return new ThalosSubscriber(this, new ArrayList<>(channels), new ArrayList<>(patterns));
    }

    private static String printable(String s) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < s.length() && i < 200; i++) {
        char c = s.charAt(i);
        b.append(c >= ' ' && c < 0x7F ? String.valueOf(c) : String.format("\\u%04X", (int) c));
      }
      return b.toString();
    }
  }
}
