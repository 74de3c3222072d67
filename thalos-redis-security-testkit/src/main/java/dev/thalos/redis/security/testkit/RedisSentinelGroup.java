package dev.thalos.redis.security.testkit;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * A primary, its replicas and a group of Redis Sentinels monitoring them, all real {@code redis-server} processes on
 * free loopback ports, for tests and demos of failover.
 *
 * <p>The kit starts the primary and the replicas as {@link RedisServer}s with the same ACL users, then the sentinels
 * ({@code redis-server <conf> --sentinel}) with {@code sentinel monitor}, short timeouts
 * ({@code down-after-milliseconds} {@value #DEFAULT_DOWN_AFTER_MILLIS}) and quorum {@value #DEFAULT_QUORUM}, and
 * waits until every sentinel sees the master, all replicas and all other sentinels, and every replica is in sync.
 *
 * <pre>{@code
 * TestPki pki = TestPki.create();
 * try (RedisSentinelGroup group = RedisSentinelGroup.builder()
 *     .tls(pki.serverTls())                                   // data nodes and sentinels TLS-only
 *     .aclUsers("user default off", "user alice on >alice-pw ~thalos::* &thalos::* +@read +@write")
 *     .sentinelAclUsers("user default off", "user watcher on >watcher-pw +sentinel|get-master-addr-by-name")
 *     .start()) {
 *   group.sentinelAddresses();                                // what a sentinel-aware client starts from
 *   RedisServer old = group.killPrimary();                    // SIGKILL
 *   RedisServer promoted = group.awaitFailover(Duration.ofSeconds(20));
 *   promoted.admin().command("ROLE");                         // ["master", ...]
 * }
 * }</pre>
 *
 * <p>Nothing relies on the {@code default} user, so the caller may switch it off on data nodes and sentinels:
 * <ul>
 *   <li>replicas authenticate to their primary as {@value RedisCluster#REPLICATION_USER}
 *       ({@code +psync +replconf +ping});
 *   <li>sentinels authenticate to data nodes as {@value #SENTINEL_USER} ({@code sentinel auth-user}/{@code
 *       auth-pass}) with the permissions the Redis documentation recommends for Sentinel
 *       ({@code +multi +slaveof +ping +exec +subscribe +config|rewrite +role +publish +info +client|setname
 *       +client|kill +script|kill}, channel {@code __sentinel__:hello});
 *   <li>sentinels authenticate to each other as {@value #SENTINEL_PEER_USER} ({@code sentinel sentinel-user}/{@code
 *       sentinel-pass}).
 * </ul>
 * Their passwords are random. Data nodes and sentinels share one password for the kit's admin user
 * ({@link RedisServer#admin()}).
 *
 * <p>With {@link Builder#tls(TestPki.ServerTls)} data nodes and sentinels listen on TLS ports only, replication
 * and all sentinel links use TLS ({@code tls-replication yes}), and every process presents the material's kit
 * client certificate to its peers. Sentinels then announce their TLS port to each other.
 *
 * <p>Sentinels rewrite their own configuration file (inside their directory); {@link RedisServer#restart()} keeps
 * what they wrote. Failures to converge are reported as {@link TestkitException} {@code redis.sentinel-timeout}
 * with the log tails of all processes; already started processes are then stopped and their directories removed.
 * Instances are thread-safe.
 */
public final class RedisSentinelGroup implements AutoCloseable {

  /** Master name, if unset. */
  public static final String DEFAULT_MASTER_NAME = "thalos";

  /** Number of replicas, if unset. */
  public static final int DEFAULT_REPLICAS = 1;

  /** Number of sentinels, if unset. */
  public static final int DEFAULT_SENTINELS = 3;

  /** Sentinel quorum, if unset. */
  public static final int DEFAULT_QUORUM = 2;

  /** {@code sentinel down-after-milliseconds}, if unset. */
  public static final long DEFAULT_DOWN_AFTER_MILLIS = 1000;

  /** {@code sentinel failover-timeout}, if unset. */
  public static final Duration DEFAULT_FAILOVER_TIMEOUT = Duration.ofSeconds(5);

  /** Time allowed for the sentinels to discover everything once all processes run, if unset. */
  public static final Duration DEFAULT_DISCOVERY_TIMEOUT = Duration.ofSeconds(30);

  /** ACL user (on data nodes) the sentinels authenticate as. */
  public static final String SENTINEL_USER = "thalos-testkit-sentinel";

  /** ACL user (on sentinels) the sentinels authenticate to each other as. */
  public static final String SENTINEL_PEER_USER = "thalos-testkit-sentinel-peer";

  /** The users the group adds itself, besides the admin user: no ACL user line of the caller may define them. */
  private static final Set<String> KIT_USERS =
      Set.of(RedisCluster.REPLICATION_USER, SENTINEL_USER, SENTINEL_PEER_USER);

  private static final String HELLO_CHANNEL = "__sentinel__:hello";
  private static final Pattern MASTER_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final String masterName;
  private final List<RedisServer> dataNodes = new ArrayList<>();
  private final List<RedisServer> sentinels = new ArrayList<>();
  private RedisServer killedPrimary;
  private boolean closed;

  private RedisSentinelGroup(String masterName) {
    this.masterName = masterName;
  }

  /** A builder with the defaults: one replica, three sentinels, quorum two, plaintext, master {@code thalos}. */
  public static Builder builder() {
    return new Builder();
  }

  /** The master name the sentinels monitor. */
  public String masterName() {
    return masterName;
  }

  /** The node that was the primary at start. */
  public synchronized RedisServer primary() {
    return dataNodes.get(0);
  }

  /** The nodes that were replicas at start. */
  public synchronized List<RedisServer> replicas() {
    return List.copyOf(dataNodes.subList(1, dataNodes.size()));
  }

  /** The primary and the replicas, primary first. */
  public synchronized List<RedisServer> dataNodes() {
    return List.copyOf(dataNodes);
  }

  /** The sentinels. */
  public synchronized List<RedisServer> sentinels() {
    return List.copyOf(sentinels);
  }

  /** The client addresses of the sentinels (TLS ports when TLS is on). */
  public synchronized List<InetSocketAddress> sentinelAddresses() {
    List<InetSocketAddress> addresses = new ArrayList<>();
    for (RedisServer sentinel : sentinels) {
      addresses.add(new InetSocketAddress(RedisServer.HOST, sentinel.clientPort()));
    }
    return addresses;
  }

  /**
   * The data node the first reachable sentinel names as master ({@code SENTINEL GET-MASTER-ADDR-BY-NAME}).
   *
   * @throws TestkitException {@code redis.sentinel-state} if no sentinel answers with a node of this group
   */
  public RedisServer currentPrimary() {
    TestkitException last = null;
    for (RedisServer sentinel : sentinels()) {
      if (!sentinel.isRunning()) {
        continue;
      }
      try {
        return dataNodeAt(masterAddress(sentinel));
      } catch (TestkitException e) {
        last = e;
      }
    }
    throw new TestkitException("redis.sentinel-state", "no sentinel names a master of this group", last);
  }

  /** Kills the {@link #currentPrimary() current primary} with SIGKILL and returns it. */
  public RedisServer killPrimary() {
    RedisServer victim = currentPrimary();
    synchronized (this) {
      killedPrimary = victim;
    }
    victim.kill();
    return victim;
  }

  /**
   * Waits until every running sentinel names a master other than the primary last killed with
   * {@link #killPrimary()} (or other than {@link #primary()} if none was killed), all name the same one, and that
   * node reports itself master ({@code ROLE}); returns it.
   *
   * @throws TestkitException {@code redis.sentinel-timeout} with the log tails of all processes
   */
  public RedisServer awaitFailover(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout must not be null");
    RedisServer old;
    synchronized (this) {
      old = killedPrimary != null ? killedPrimary : dataNodes.get(0);
    }
    RedisServer[] promoted = new RedisServer[1];
    Topologies.await(timeout, "redis.sentinel-timeout", "the sentinels did not fail over from " + old,
        everyProcess(), () -> {
          RedisServer agreed = null;
          for (RedisServer sentinel : sentinels()) {
            if (!sentinel.isRunning()) {
              continue;
            }
            RedisServer named = dataNodeAt(masterAddress(sentinel));
            if (named == old) {
              return sentinel + " still names " + old;
            }
            if (agreed != null && agreed != named) {
              return "sentinels name different masters: " + agreed + " and " + named;
            }
            agreed = named;
          }
          if (agreed == null) {
            return "no sentinel is running";
          }
          Object role = agreed.admin().command("ROLE");
          if (!(role instanceof List<?> list) || !"master".equals(list.get(0))) {
            return agreed + " reports ROLE " + role;
          }
          promoted[0] = agreed;
          return null;
        });
    return promoted[0];
  }

  /**
   * Waits until every running sentinel sees the master, {@code replicas} replicas in sync and all other running
   * sentinels.
   *
   * @throws TestkitException {@code redis.sentinel-timeout} with the log tails of all processes
   */
  public void awaitDiscovery(Duration timeout, int replicas) {
    Objects.requireNonNull(timeout, "timeout must not be null");
    Topologies.await(timeout, "redis.sentinel-timeout", "the sentinels did not discover the group", everyProcess(),
        () -> discoveryProblem(replicas));
  }

  /** Stops sentinels and data nodes and removes their directories; idempotent. */
  @Override
  public void close() {
    List<RedisServer> all;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      all = new ArrayList<>(sentinels);
      all.addAll(dataNodes);
    }
    Topologies.closeAll(all);
  }

  @Override
  public synchronized String toString() {
    return "RedisSentinelGroup[" + masterName + ", data ports "
        + dataNodes.stream().map(n -> Integer.toString(n.clientPort())).toList() + ", sentinel ports "
        + sentinels.stream().map(n -> Integer.toString(n.clientPort())).toList() + (closed ? ", closed" : "") + "]";
  }

  // ---------------------------------------------------------------------------------------------------------

  private synchronized List<RedisServer> everyProcess() {
    List<RedisServer> all = new ArrayList<>(dataNodes);
    all.addAll(sentinels);
    return all;
  }

  private InetSocketAddress masterAddress(RedisServer sentinel) {
    Object reply = sentinel.admin().commandOrThrow("SENTINEL", "GET-MASTER-ADDR-BY-NAME", masterName);
    if (!(reply instanceof List<?> address) || address.size() != 2) {
      throw new TestkitException("redis.sentinel-state", sentinel + " does not know master " + masterName);
    }
    return InetSocketAddress.createUnresolved((String) address.get(0), Integer.parseInt((String) address.get(1)));
  }

  private RedisServer dataNodeAt(InetSocketAddress address) {
    for (RedisServer node : dataNodes()) {
      if (node.clientPort() == address.getPort() && RedisServer.HOST.equals(address.getHostString())) {
        return node;
      }
    }
    throw new TestkitException("redis.sentinel-state", "no data node of this group at " + address);
  }

  private String discoveryProblem(int replicas) {
    List<RedisServer> running = sentinels().stream().filter(RedisServer::isRunning).toList();
    for (RedisServer sentinel : running) {
      Map<String, String> master = fields(sentinel.admin().commandOrThrow("SENTINEL", "MASTER", masterName));
      if (!"master".equals(master.get("flags"))
          || !Integer.toString(replicas).equals(master.get("num-slaves"))
          || !Integer.toString(running.size() - 1).equals(master.get("num-other-sentinels"))) {
        return sentinel + " sees master " + master.get("ip") + ":" + master.get("port") + " flags "
            + master.get("flags") + " with num-slaves " + master.get("num-slaves") + " and num-other-sentinels "
            + master.get("num-other-sentinels");
      }
      for (Object entry : (List<?>) sentinel.admin().commandOrThrow("SENTINEL", "REPLICAS", masterName)) {
        Map<String, String> replica = fields(entry);
        if (!"slave".equals(replica.get("flags")) || !"ok".equals(replica.get("master-link-status"))) {
          return sentinel + " sees replica " + replica.get("ip") + ":" + replica.get("port") + " flags "
              + replica.get("flags") + " master-link-status " + replica.get("master-link-status");
        }
      }
    }
    return null;
  }

  private static Map<String, String> fields(Object reply) {
    Map<String, String> fields = new HashMap<>();
    if (reply instanceof List<?> list) {
      for (int i = 0; i + 1 < list.size(); i += 2) {
        fields.put(String.valueOf(list.get(i)), String.valueOf(list.get(i + 1)));
      }
    }
    return fields;
  }

  private static RedisSentinelGroup start(Builder settings) {
    String adminPassword = RedisServer.randomPassword();
    String sentinelPassword = RedisServer.randomPassword();
    String peerPassword = RedisServer.randomPassword();
    boolean tls = settings.dataTemplate.tlsMaterial() != null;
    RedisServer.Builder data = Topologies.replicationUser(settings.dataTemplate.copy().adminPassword(adminPassword))
        .aclUsers("user " + SENTINEL_USER + " on #" + RedisServer.sha256Hex(sentinelPassword) + " resetchannels &"
            + HELLO_CHANNEL + " -@all +multi +slaveof +ping +exec +subscribe +config|rewrite +role +publish"
            + " +info +client|setname +client|kill +script|kill");
    RedisServer.Builder sentinel = settings.sentinelTemplate.copy()
        .adminPassword(adminPassword)
        .sentinelMode()
        .aclUsers("user " + SENTINEL_PEER_USER + " on #" + RedisServer.sha256Hex(peerPassword) + " resetchannels &"
            + HELLO_CHANNEL + " -@all +ping +publish +client|setname +sentinel|is-master-down-by-addr");
    if (tls) {
      sentinel.tls(settings.dataTemplate.tlsMaterial()).tlsPeers();
      String tlsAuthClients = settings.dataTemplate.tlsAuthClientsMode();
      if (tlsAuthClients != null) {
        sentinel.tlsAuthClients(tlsAuthClients);
      }
    }
    RedisSentinelGroup group = new RedisSentinelGroup(settings.masterName);
    try {
      RedisServer primary = data.start();
      group.addDataNode(primary);
      for (int i = 0; i < settings.replicas; i++) {
        group.addDataNode(data.copy()
            .directive("replicaof", RedisServer.HOST, Integer.toString(primary.clientPort())).start());
      }
      String name = settings.masterName;
      sentinel
          .directive("sentinel", "monitor", name, RedisServer.HOST, Integer.toString(primary.clientPort()),
              Integer.toString(settings.quorum))
          .directive("sentinel", "auth-user", name, SENTINEL_USER)
          .directive("sentinel", "auth-pass", name, sentinelPassword)
          .directive("sentinel", "down-after-milliseconds", name, Long.toString(settings.downAfter.toMillis()))
          .directive("sentinel", "failover-timeout", name, Long.toString(settings.failoverTimeout.toMillis()))
          .directive("sentinel", "parallel-syncs", name, "1")
          .directive("sentinel", "sentinel-user", SENTINEL_PEER_USER)
          .directive("sentinel", "sentinel-pass", peerPassword);
      for (int i = 0; i < settings.sentinels; i++) {
        group.addSentinel(sentinel.start());
      }
      group.awaitDiscovery(settings.discoveryTimeout, settings.replicas);
      return group;
    } catch (RuntimeException e) {
      try {
        group.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private synchronized void addDataNode(RedisServer node) {
    dataNodes.add(node);
  }

  private synchronized void addSentinel(RedisServer sentinel) {
    sentinels.add(sentinel);
  }

  /**
   * Settings for a {@link RedisSentinelGroup}; {@link #start()} starts the processes and waits for discovery.
   * Setters reject malformed values at once.
   */
  public static final class Builder {

    private final RedisServer.Builder dataTemplate;
    private final RedisServer.Builder sentinelTemplate;
    private String masterName = DEFAULT_MASTER_NAME;
    private int replicas = DEFAULT_REPLICAS;
    private int sentinels = DEFAULT_SENTINELS;
    private int quorum = DEFAULT_QUORUM;
    private Duration downAfter = Duration.ofMillis(DEFAULT_DOWN_AFTER_MILLIS);
    private Duration failoverTimeout = DEFAULT_FAILOVER_TIMEOUT;
    private Duration discoveryTimeout = DEFAULT_DISCOVERY_TIMEOUT;

    private Builder() {
      // Replicas sync at once instead of after the default 5 s diskless-sync delay; a directive may override it.
      dataTemplate = RedisServer.builder().directive("repl-diskless-sync-delay", "0");
      sentinelTemplate = RedisServer.builder();
    }

    /** The master name, letters, digits, {@code .}, {@code _} and {@code -}. If unset, {@value #DEFAULT_MASTER_NAME}. */
    public Builder masterName(String name) {
      Objects.requireNonNull(name, "name must not be null");
      if (!MASTER_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("invalid masterName: '" + ControlCharacters.escape(name)
            + "' (must be 1..64 of A-Z a-z 0-9 . _ -)");
      }
      this.masterName = name;
      return this;
    }

    /** The number of replicas, 0..4. If unset, {@value #DEFAULT_REPLICAS}. */
    public Builder replicas(int count) {
      if (count < 0 || count > 4) {
        throw new IllegalArgumentException("invalid replicas: " + count + " (must be 0..4)");
      }
      this.replicas = count;
      return this;
    }

    /** The number of sentinels, 1..7. If unset, {@value #DEFAULT_SENTINELS}. */
    public Builder sentinels(int count) {
      if (count < 1 || count > 7) {
        throw new IllegalArgumentException("invalid sentinels: " + count + " (must be 1..7)");
      }
      this.sentinels = count;
      return this;
    }

    /** The quorum, at least 1 and at most the number of sentinels. If unset, {@value #DEFAULT_QUORUM}. */
    public Builder quorum(int quorum) {
      if (quorum < 1 || quorum > 7) {
        throw new IllegalArgumentException("invalid quorum: " + quorum + " (must be 1..7)");
      }
      this.quorum = quorum;
      return this;
    }

    /**
     * TLS for data nodes and sentinels: TLS ports only, {@code tls-replication yes}; every process presents the
     * material's kit client certificate to its peers. If unset, plaintext.
     */
    public Builder tls(TestPki.ServerTls material) {
      dataTemplate.tls(material);
      return this;
    }

    /** {@code tls-auth-clients} of data nodes and sentinels: yes, no or optional. If unset, {@code yes}. */
    public Builder tlsAuthClients(String mode) {
      dataTemplate.tlsAuthClients(mode);
      return this;
    }

    /**
     * ACL users of the primary and every replica, in aclfile syntax, e.g. {@code "user default off"}. The kit's
     * own users are reserved.
     */
    public Builder aclUsers(String... users) {
      Objects.requireNonNull(users, "users must not be null");
      dataTemplate.aclUsers(Arrays.asList(users), KIT_USERS);
      return this;
    }

    /**
     * ACL users of every sentinel, for the clients of the sentinels, in aclfile syntax, e.g.
     * {@code "user default off"} or {@code "user watcher on >pw -@all +sentinel|get-master-addr-by-name"}.
     */
    public Builder sentinelAclUsers(String... users) {
      Objects.requireNonNull(users, "users must not be null");
      sentinelTemplate.aclUsers(Arrays.asList(users), KIT_USERS);
      return this;
    }

    /** A redis.conf directive for the primary and every replica; see {@link RedisServer.Builder#directive}. */
    public Builder directive(String name, String... args) {
      dataTemplate.directive(name, args);
      return this;
    }

    /** {@code sentinel down-after-milliseconds}, at least 100 ms. If unset, {@value #DEFAULT_DOWN_AFTER_MILLIS} ms. */
    public Builder downAfter(Duration downAfter) {
      Objects.requireNonNull(downAfter, "downAfter must not be null");
      if (downAfter.toMillis() < 100) {
        throw new IllegalArgumentException("invalid downAfter: " + downAfter + " (must be at least 100 ms)");
      }
      this.downAfter = downAfter;
      return this;
    }

    /** {@code sentinel failover-timeout}, at least 1 s. If unset, {@link #DEFAULT_FAILOVER_TIMEOUT}. */
    public Builder failoverTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout must not be null");
      if (timeout.toMillis() < 1000) {
        throw new IllegalArgumentException("invalid failoverTimeout: " + timeout + " (must be at least 1 s)");
      }
      this.failoverTimeout = timeout;
      return this;
    }

    /** Time allowed for the sentinels' discovery at start. If unset, {@link #DEFAULT_DISCOVERY_TIMEOUT}. */
    public Builder discoveryTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout must not be null");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("invalid discoveryTimeout: " + timeout + " (must be positive)");
      }
      this.discoveryTimeout = timeout;
      return this;
    }

    /** The {@code redis-server} executable for all processes. */
    public Builder redisServerBinary(Path binary) {
      dataTemplate.redisServerBinary(binary);
      sentinelTemplate.redisServerBinary(binary);
      return this;
    }

    /**
     * Further settings of the primary and replicas (e.g. {@code node -> node.logLevel("verbose")}); the kit's
     * admin user is needed, so do not call {@link RedisServer.Builder#withoutAdminUser()}.
     */
    public Builder dataNodes(Consumer<RedisServer.Builder> customizer) {
      Objects.requireNonNull(customizer, "customizer must not be null").accept(dataTemplate);
      return this;
    }

    /** Further settings of every sentinel, e.g. {@code s -> s.directive("sentinel", "deny-scripts-reconfig", "yes")}. */
    public Builder sentinelNodes(Consumer<RedisServer.Builder> customizer) {
      Objects.requireNonNull(customizer, "customizer must not be null").accept(sentinelTemplate);
      return this;
    }

    /**
     * Starts primary, replicas and sentinels and waits until the sentinels have discovered each other and the
     * replicas.
     *
     * @throws IllegalStateException if the quorum exceeds the number of sentinels
     * @throws TestkitException {@code redis.sentinel-timeout} or any failure of {@link RedisServer.Builder#start()}
     */
    public RedisSentinelGroup start() {
      if (quorum > sentinels) {
        throw new IllegalStateException("quorum " + quorum + " exceeds the number of sentinels " + sentinels);
      }
      return RedisSentinelGroup.start(this);
    }
  }
}
