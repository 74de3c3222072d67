package dev.thalos.redis.security.testkit;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
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

/**
 * A Redis Cluster of real {@code redis-server} processes on free loopback ports, formed by the kit, for tests and
 * demos.
 *
 * <p>The kit starts every node as a {@link RedisServer} with {@code cluster-enabled yes}, an explicit
 * {@code cluster-port} probed free, a short {@code cluster-node-timeout} and the same ACL users, then forms the
 * cluster itself: it splits the 16384 slots evenly over the primaries ({@code CLUSTER ADDSLOTSRANGE}), introduces
 * the nodes to each other ({@code CLUSTER MEET} with client and bus port), attaches the replicas
 * ({@code CLUSTER REPLICATE}) and waits until every node reports {@code cluster_state:ok}, every node knows every
 * node in its role, and every replica is in sync.
 *
 * <pre>{@code
 * TestPki pki = TestPki.create();
 * try (RedisCluster cluster = RedisCluster.builder()
 *     .primaries(3)
 *     .replicasPerPrimary(1)
 *     .tls(pki.serverTls())                          // TLS-only nodes: tls-cluster and tls-replication too
 *     .aclUsers("user alice on >alice-pw ~thalos::* &thalos::* +@read +@write +@pubsub")
 *     .start()) {
 *   RedisServer owner = cluster.nodeForKey("thalos::head");
 *   try (RespClient alice = owner.connect("alice", "alice-pw")) {
 *     alice.commandOrThrow("SET", "thalos::head", "42");
 *   }
 *   cluster.seedAddresses();                          // what a cluster client starts from
 * }
 * }</pre>
 *
 * <p>Replicas authenticate to their primary as the least-privilege ACL user {@value #REPLICATION_USER}
 * ({@code +psync +replconf +ping}, random password, {@code masteruser}/{@code masterauth}), never as the
 * {@code default} user, so the caller may switch the default user off ({@code "user default off"}). All nodes
 * share one password for the kit's admin user ({@link RedisServer#admin()}).
 *
 * <p>With {@link Builder#tls(TestPki.ServerTls)} every node listens on a TLS port only, and cluster bus and
 * replication use TLS as well: each node presents the material's kit client certificate to its peers
 * ({@code tls-client-cert-file}) and trusts the server certificate's root CA. {@link #seedAddresses()} then lists
 * TLS ports.
 *
 * <p>A cluster that does not form in time fails with {@link TestkitException} {@code redis.cluster-timeout}, whose
 * message ends with the log tails of all nodes; a node that fails to start fails as in {@link RedisServer}. In both
 * cases the nodes already started are stopped and their directories removed. Instances are thread-safe.
 */
public final class RedisCluster implements AutoCloseable {

  /** The number of hash slots of a Redis Cluster. */
  public static final int SLOTS = 16384;

  /** The number of primaries, if unset. */
  public static final int DEFAULT_PRIMARIES = 3;

  /** {@code cluster-node-timeout} if unset: short, so that failures are detected quickly in tests. */
  public static final Duration DEFAULT_NODE_TIMEOUT = Duration.ofMillis(2000);

  /** Time allowed for the cluster to form once its nodes run, if unset. */
  public static final Duration DEFAULT_FORM_TIMEOUT = Duration.ofSeconds(30);

  /** Name of the ACL user replicas authenticate as ({@code +psync +replconf +ping}). */
  public static final String REPLICATION_USER = "thalos-testkit-replication";

  private static final int MAX_PRIMARIES = 16;
  private static final int MAX_REPLICAS_PER_PRIMARY = 4;

  private final List<RedisServer> primaries;
  private final List<RedisServer> replicas;
  private final List<RedisServer> nodes;
  private final Map<RedisServer, String> nodeIds;
  private final Map<RedisServer, RedisServer> primaryOf;
  private final Duration formTimeout;
  private boolean closed;

  private RedisCluster(Duration formTimeout) {
    this.primaries = new ArrayList<>();
    this.replicas = new ArrayList<>();
    this.nodes = new ArrayList<>();
    this.nodeIds = new HashMap<>();
    this.primaryOf = new HashMap<>();
    this.formTimeout = formTimeout;
  }

  /** A builder with the defaults: {@value #DEFAULT_PRIMARIES} primaries, no replicas, plaintext. */
  public static Builder builder() {
    return new Builder();
  }

  /** All nodes: the primaries in start order, then the replicas. */
  public synchronized List<RedisServer> nodes() {
    return List.copyOf(nodes);
  }

  /** The nodes that were primaries when the cluster formed (after a failover a replica may have taken over). */
  public synchronized List<RedisServer> primaries() {
    return List.copyOf(primaries);
  }

  /** The nodes that were replicas when the cluster formed. */
  public synchronized List<RedisServer> replicas() {
    return List.copyOf(replicas);
  }

  /** The replicas the kit attached to {@code primary}. */
  public synchronized List<RedisServer> replicasOf(RedisServer primary) {
    Objects.requireNonNull(primary, "primary must not be null");
    List<RedisServer> result = new ArrayList<>();
    for (RedisServer replica : replicas) {
      if (primaryOf.get(replica) == primary) {
        result.add(replica);
      }
    }
    return result;
  }

  /** The cluster node id of {@code node} ({@code CLUSTER MYID}). */
  public synchronized String nodeId(RedisServer node) {
    String id = nodeIds.get(Objects.requireNonNull(node, "node must not be null"));
    if (id == null) {
      throw new IllegalArgumentException("invalid node: " + node + " (not a node of this cluster)");
    }
    return id;
  }

  /**
   * The client addresses of all nodes ({@value RedisServer#HOST} and {@link RedisServer#clientPort()}: the TLS
   * port when TLS is on), primaries first: the seeds a cluster client starts from.
   */
  public synchronized List<InetSocketAddress> seedAddresses() {
    List<InetSocketAddress> seeds = new ArrayList<>();
    for (RedisServer node : nodes) {
      seeds.add(new InetSocketAddress(RedisServer.HOST, node.clientPort()));
    }
    return seeds;
  }

  /** The hash slot of {@code key} (CRC16 of the key, or of its {@code {hash tag}}, modulo 16384). */
  public static int slot(String key) {
    Objects.requireNonNull(key, "key must not be null");
    return slot(key.getBytes(StandardCharsets.UTF_8));
  }

  /** The hash slot of a binary {@code key}. */
  public static int slot(byte[] key) {
    Objects.requireNonNull(key, "key must not be null");
    int open = indexOf(key, (byte) '{', 0);
    if (open >= 0) {
      int close = indexOf(key, (byte) '}', open + 1);
      if (close > open + 1) {
        return Crc16.of(key, open + 1, close) & (SLOTS - 1);
      }
    }
    return Crc16.of(key, 0, key.length) & (SLOTS - 1);
  }

  /**
   * The node currently serving {@code slot} as a primary, asked from a running node ({@code CLUSTER SLOTS}), so
   * that it is right after a failover too.
   *
   * @throws IllegalArgumentException if {@code slot} is not 0..16383
   * @throws TestkitException {@code redis.cluster-state} if no running node knows an owner
   */
  public RedisServer nodeForSlot(int slot) {
    if (slot < 0 || slot >= SLOTS) {
      throw new IllegalArgumentException("invalid slot: " + slot + " (must be 0.." + (SLOTS - 1) + ")");
    }
    TestkitException last = null;
    for (RedisServer node : nodes()) {
      if (!node.isRunning()) {
        continue;
      }
      try {
        Object reply = node.admin().commandOrThrow("CLUSTER", "SLOTS");
        for (Object range : (List<?>) reply) {
          List<?> entry = (List<?>) range;
          if ((Long) entry.get(0) <= slot && slot <= (Long) entry.get(1)) {
            String ownerId = (String) ((List<?>) entry.get(2)).get(2);
            return nodeWithId(ownerId);
          }
        }
      } catch (TestkitException e) {
        last = e;
      }
    }
    throw new TestkitException("redis.cluster-state", "no running node knows the owner of slot " + slot, last);
  }

  /** The node currently serving the slot of {@code key}; see {@link #nodeForSlot(int)}. */
  public RedisServer nodeForKey(String key) {
    return nodeForSlot(slot(key));
  }

  /** Kills {@code node} with SIGKILL, like a crash; {@link RedisServer#restart()} starts it again. */
  public void killNode(RedisServer node) {
    nodeId(node);
    node.kill();
  }

  /**
   * Waits until every running node reports {@code cluster_state:ok}, e.g. after a node was killed and a replica
   * took over.
   *
   * @throws TestkitException {@code redis.cluster-timeout} with the nodes' log tails
   */
  public void awaitStateOk(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout must not be null");
    List<RedisServer> all = nodes();
    Topologies.await(timeout, "redis.cluster-timeout", "the cluster did not report cluster_state:ok", all, () -> {
      for (RedisServer node : all) {
        if (node.isRunning()) {
          String state = Topologies.infoField(node.admin().command("CLUSTER", "INFO"), "cluster_state");
          if (!"ok".equals(state)) {
            return node + " reports cluster_state:" + state;
          }
        }
      }
      return null;
    });
  }

  /** Stops all nodes and removes their directories; idempotent. */
  @Override
  public void close() {
    List<RedisServer> all;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      all = List.copyOf(nodes);
    }
    Topologies.closeAll(all);
  }

  @Override
  public synchronized String toString() {
    return "RedisCluster[" + primaries.size() + " primaries, " + replicas.size() + " replicas, ports "
        + nodes.stream().map(n -> Integer.toString(n.clientPort())).toList() + (closed ? ", closed" : "") + "]";
  }

  // ---------------------------------------------------------------------------------------------------------

  private RedisServer nodeWithId(String id) {
    synchronized (this) {
      for (Map.Entry<RedisServer, String> entry : nodeIds.entrySet()) {
        if (entry.getValue().equals(id)) {
          return entry.getKey();
        }
      }
    }
    throw new TestkitException("redis.cluster-state", "unknown cluster node id " + id);
  }

  private static int indexOf(byte[] bytes, byte value, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == value) {
        return i;
      }
    }
    return -1;
  }

  private static RedisCluster start(Builder settings) {
    String adminPassword = RedisServer.randomPassword();
    RedisServer.Builder template = Topologies.replicationUser(settings.template.copy()
        .adminPassword(adminPassword)
        .clusterNode()
        .directive("cluster-node-timeout", Long.toString(settings.nodeTimeout.toMillis())));
    RedisCluster cluster = new RedisCluster(settings.formTimeout);
    try {
      int index = 0;
      for (int i = 0; i < settings.primaries; i++) {
        cluster.add(settings.nodeBuilder(template, index++).start(), null);
      }
      for (int r = 0; r < settings.replicasPerPrimary; r++) {
        for (RedisServer primary : cluster.primaries()) {
          cluster.add(settings.nodeBuilder(template, index++).start(), primary);
        }
      }
      cluster.form();
      return cluster;
    } catch (RuntimeException e) {
      try {
        cluster.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private synchronized void add(RedisServer node, RedisServer primary) {
    nodes.add(node);
    if (primary == null) {
      primaries.add(node);
    } else {
      replicas.add(node);
      primaryOf.put(node, primary);
    }
    nodeIds.put(node, (String) node.admin().commandOrThrow("CLUSTER", "MYID"));
  }

  private void form() {
    List<RedisServer> all = nodes();
    List<RedisServer> mains = primaries();
    for (int i = 0; i < mains.size(); i++) {
      int first = i * SLOTS / mains.size();
      int last = (i + 1) * SLOTS / mains.size() - 1;
      mains.get(i).admin().commandOrThrow("CLUSTER", "ADDSLOTSRANGE", Integer.toString(first),
          Integer.toString(last));
    }
    RedisServer introducer = all.get(0);
    for (RedisServer node : all.subList(1, all.size())) {
      introducer.admin().commandOrThrow("CLUSTER", "MEET", RedisServer.HOST, Integer.toString(node.clientPort()),
          Integer.toString(node.clusterBusPort()));
    }
    Topologies.await(formTimeout, "redis.cluster-timeout", "the cluster nodes did not all meet", all,
        () -> everyNodeKnowsEveryNode(all, false));
    for (RedisServer replica : replicas()) {
      replica.admin().commandOrThrow("CLUSTER", "REPLICATE", nodeId(primaryOf.get(replica)));
    }
    Topologies.await(formTimeout, "redis.cluster-timeout", "the cluster did not form", all, () -> {
      String problem = everyNodeKnowsEveryNode(all, true);
      if (problem != null) {
        return problem;
      }
      for (RedisServer node : all) {
        Object info = node.admin().command("CLUSTER", "INFO");
        if (!"ok".equals(Topologies.infoField(info, "cluster_state"))
            || !Integer.toString(SLOTS).equals(Topologies.infoField(info, "cluster_slots_ok"))) {
          return node + " reports " + Topologies.infoField(info, "cluster_state") + " with cluster_slots_ok:"
              + Topologies.infoField(info, "cluster_slots_ok");
        }
      }
      for (RedisServer replica : replicas()) {
        Object info = replica.admin().command("INFO", "replication");
        if (!"up".equals(Topologies.infoField(info, "master_link_status"))
            || !"0".equals(Topologies.infoField(info, "master_sync_in_progress"))) {
          return "replica " + replica + " is not in sync: master_link_status:"
              + Topologies.infoField(info, "master_link_status");
        }
      }
      return null;
    });
  }

  /** {@code null} when every node lists every node with its address (and, if asked, its role); else why not. */
  private String everyNodeKnowsEveryNode(List<RedisServer> all, boolean roles) {
    for (RedisServer node : all) {
      Object reply = node.admin().command("CLUSTER", "NODES");
      if (!(reply instanceof String text)) {
        return node + " answered CLUSTER NODES with " + reply;
      }
      Map<String, String[]> lines = new HashMap<>();
      for (String line : text.split("\n")) {
        if (!line.isBlank()) {
          String[] fields = line.strip().split(" ");
          lines.put(fields[0], fields);
        }
      }
      for (RedisServer other : all) {
        String[] fields = lines.get(nodeId(other));
        if (fields == null) {
          return node + " does not know " + other;
        }
        List<String> flags = Arrays.asList(fields[2].split(","));
        if (flags.contains("handshake") || flags.contains("noaddr") || !"connected".equals(fields[7])) {
          return node + " sees " + other + " as " + fields[2] + " " + fields[7];
        }
        if (roles) {
          RedisServer primary = primaryOf.get(other);
          boolean rightRole = primary == null ? flags.contains("master")
              : flags.contains("slave") && fields[3].equals(nodeId(primary));
          if (!rightRole) {
            return node + " sees " + other + " as " + fields[2] + " of " + fields[3];
          }
        }
      }
    }
    return null;
  }

  /**
   * Settings for a {@link RedisCluster}; {@link #start()} starts the nodes and forms the cluster. Setters reject
   * malformed values at once. Every node gets the same ACL users, directives and TLS material.
   */
  public static final class Builder {

    private final RedisServer.Builder template;
    private final java.util.Map<Integer, Consumer<RedisServer.Builder>> perNode = new java.util.HashMap<>();
    private int primaries = DEFAULT_PRIMARIES;
    private int replicasPerPrimary;
    private Duration nodeTimeout = DEFAULT_NODE_TIMEOUT;
    private Duration formTimeout = DEFAULT_FORM_TIMEOUT;

    private Builder() {
      // Replicas sync at once instead of after the default 5 s diskless-sync delay; a directive may override it.
      template = RedisServer.builder().directive("repl-diskless-sync-delay", "0");
    }

    /** The number of primaries, 1..16; the slots are split evenly among them. If unset, {@value #DEFAULT_PRIMARIES}. */
    public Builder primaries(int count) {
      if (count < 1 || count > MAX_PRIMARIES) {
        throw new IllegalArgumentException("invalid primaries: " + count + " (must be 1.." + MAX_PRIMARIES + ")");
      }
      this.primaries = count;
      return this;
    }

    /** The number of replicas of each primary, 0..4. If unset, 0. */
    public Builder replicasPerPrimary(int count) {
      if (count < 0 || count > MAX_REPLICAS_PER_PRIMARY) {
        throw new IllegalArgumentException("invalid replicasPerPrimary: " + count + " (must be 0.."
            + MAX_REPLICAS_PER_PRIMARY + ")");
      }
      this.replicasPerPrimary = count;
      return this;
    }

    /**
     * TLS for every node: a TLS port only ({@code port 0}), {@code tls-cluster yes} and {@code tls-replication
     * yes}; nodes present the material's kit client certificate to each other. If unset, plaintext.
     */
    public Builder tls(TestPki.ServerTls material) {
      template.tls(material);
      return this;
    }

    /** {@code tls-auth-clients} of every node: yes, no or optional; see {@link RedisServer.Builder#tlsAuthClients}. */
    public Builder tlsAuthClients(String mode) {
      template.tlsAuthClients(mode);
      return this;
    }

    /**
     * ACL users of every node, in aclfile syntax, e.g. {@code "user default off"} or
     * {@code "user alice on >pw ~thalos::* &thalos::* +@read"}. The kit's own users
     * ({@value RedisServer#ADMIN_USER}, {@value #REPLICATION_USER}) are reserved, compared case-sensitively as
     * Redis compares user names.
     */
    public Builder aclUsers(String... users) {
      Objects.requireNonNull(users, "users must not be null");
      return aclUsers(Arrays.asList(users));
    }

    /** ACL users of every node; see {@link #aclUsers(String...)}. */
    public Builder aclUsers(List<String> users) {
      template.aclUsers(users, Set.of(REPLICATION_USER));
      return this;
    }

    /** A redis.conf directive for every node; see {@link RedisServer.Builder#directive(String, String...)}. */
    public Builder directive(String name, String... args) {
      template.directive(name, args);
      return this;
    }

    /** {@code cluster-node-timeout}, at least 100 ms. If unset, {@link #DEFAULT_NODE_TIMEOUT}. */
    public Builder nodeTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout must not be null");
      if (timeout.toMillis() < 100) {
        throw new IllegalArgumentException("invalid nodeTimeout: " + timeout + " (must be at least 100 ms)");
      }
      this.nodeTimeout = timeout;
      return this;
    }

    /** Time allowed for forming the cluster once its nodes run. If unset, {@link #DEFAULT_FORM_TIMEOUT}. */
    public Builder formTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout must not be null");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("invalid formTimeout: " + timeout + " (must be positive)");
      }
      this.formTimeout = timeout;
      return this;
    }

    /** The {@code redis-server} executable; see {@link RedisServer.Builder#redisServerBinary(Path)}. */
    public Builder redisServerBinary(Path binary) {
      template.redisServerBinary(binary);
      return this;
    }

    /**
     * Further settings of every node, e.g. {@code node -> node.logLevel("verbose")}; the nodes need the kit's
     * admin user, so do not call {@link RedisServer.Builder#withoutAdminUser()}.
     */
    public Builder nodes(Consumer<RedisServer.Builder> customizer) {
      Objects.requireNonNull(customizer, "customizer must not be null").accept(template);
      return this;
    }

    /**
     * Further settings of one node, applied after everything else: index 0 is the first primary, the primaries
     * come first (in {@link RedisCluster#nodes()} order), then the replicas. E.g. a node with another TLS
     * certificate: {@code node(2, n -> n.tls(otherMaterial))}.
     *
     * @throws IllegalArgumentException if the index is negative
     */
    public Builder node(int index, Consumer<RedisServer.Builder> customizer) {
      if (index < 0) {
        throw new IllegalArgumentException("invalid node index: " + index + " (must be >= 0)");
      }
      perNode.put(index, Objects.requireNonNull(customizer, "customizer must not be null"));
      return this;
    }

    RedisServer.Builder nodeBuilder(RedisServer.Builder template, int index) {
      Consumer<RedisServer.Builder> customizer = perNode.get(index);
      if (customizer == null) {
        return template;
      }
      RedisServer.Builder copy = template.copy();
      customizer.accept(copy);
      return copy;
    }

    /**
     * Starts the nodes and forms the cluster.
     *
     * @throws TestkitException {@code redis.cluster-timeout} or any failure of {@link RedisServer.Builder#start()}
     */
    public RedisCluster start() {
      return RedisCluster.start(this);
    }
  }

  /** CRC16-CCITT (XModem), the checksum Redis Cluster hashes keys with. */
  static final class Crc16 {

    private Crc16() {}

    static int of(byte[] bytes, int from, int to) {
      int crc = 0;
      for (int i = from; i < to; i++) {
        crc ^= (bytes[i] & 0xff) << 8;
        for (int bit = 0; bit < 8; bit++) {
          crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
        }
      }
      return crc & 0xffff;
    }
  }
}
