package dev.thalos.redis.security.endpoint;

/**
 * How the Redis behind a {@link ThalosRedisEndpoint} is deployed, which decides what its
 * {@link ThalosRedisEndpoint#nodes() nodes} are.
 *
 * <ul>
 *   <li>{@link #STANDALONE}: one server; one node, the server itself.</li>
 *   <li>{@link #CLUSTER}: Redis Cluster; the nodes are seeds from which the client learns every primary and
 *       replica. Pub/sub messages are broadcast to every node, so a subscriber may use any node.</li>
 *   <li>{@link #SENTINEL}: a primary with replicas watched by Redis Sentinel; the nodes are sentinels, asked for
 *       the current primary of the {@link ThalosRedisEndpoint#sentinelMasterName() master name} on every
 *       (re)connect, so that connections follow a failover.</li>
 * </ul>
 */
public enum RedisTopology {

  /** One Redis server. */
  STANDALONE("redis", "rediss", ThalosRedisEndpoint.DEFAULT_PORT),

  /** Redis Cluster, reached through seed nodes. */
  CLUSTER("redis-cluster", "rediss-cluster", ThalosRedisEndpoint.DEFAULT_PORT),

  /** A Sentinel-managed primary, reached through sentinels. */
  SENTINEL("redis-sentinel", "rediss-sentinel", ThalosRedisEndpoint.DEFAULT_SENTINEL_PORT);

  private final String plaintextScheme;
  private final String tlsScheme;
  private final int defaultPort;

  RedisTopology(String plaintextScheme, String tlsScheme, int defaultPort) {
    this.plaintextScheme = plaintextScheme;
    this.tlsScheme = tlsScheme;
    this.defaultPort = defaultPort;
  }

  /** The URI scheme of this topology: {@code rediss}, {@code rediss-cluster} or {@code rediss-sentinel}. */
  public String scheme(boolean tls) {
    return tls ? tlsScheme : plaintextScheme;
  }

  /** The port of a node given without one: 6379 for data nodes, 26379 for sentinels. */
  public int defaultPort() {
    return defaultPort;
  }

  /** Lower-case label, e.g. {@code cluster}. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The topology whose TLS or plaintext scheme this is, or null. Case-insensitive. */
  static RedisTopology ofScheme(String scheme) {
    for (RedisTopology t : values()) {
      if (t.tlsScheme.equalsIgnoreCase(scheme) || t.plaintextScheme.equalsIgnoreCase(scheme)) {
        return t;
      }
    }
    return null;
  }
}
