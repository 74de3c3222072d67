package dev.thalos.redis.security.lettuce;

import dev.thalos.redis.security.endpoint.RedisTopology;
import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.BaseRedisAsyncCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * The one place that picks Lettuce's client class for an endpoint's topology: {@link RedisClient} for a server
 * or a sentinel-managed primary, {@link RedisClusterClient} for a cluster. Subscriber, publisher and probe go
 * through it, so all three speak to every topology the same way.
 */
final class LettuceClients {

  private LettuceClients() {}

  /**
   * {@link #create(ClientResources, ThalosRedisEndpoint, HandshakeProfile, TlsEngine, int, UnaryOperator)} on
   * database 0 (publishing and pub/sub do not depend on it), with the options as they are.
   */
  static AbstractRedisClient create(ClientResources resources, ThalosRedisEndpoint endpoint, HandshakeProfile profile,
      TlsEngine engine) {
    return create(resources, endpoint, profile, engine, 0, UnaryOperator.identity());
  }

  /**
   * A configured client; {@code resources} null for the client's own. {@code database} applies to a server or
   * sentinel-managed primary (a cluster has only database 0). {@code tweak} adjusts the options before they are
   * set.
   */
  static AbstractRedisClient create(ClientResources resources, ThalosRedisEndpoint endpoint, HandshakeProfile profile,
      TlsEngine engine, int database, UnaryOperator<ClientOptions.Builder> tweak) {
    if (endpoint.topology() == RedisTopology.CLUSTER) {
      RedisClusterClient client = resources == null
          ? RedisClusterClient.create(ThalosLettuce.clusterSeedUris(endpoint, profile))
          : RedisClusterClient.create(resources, ThalosLettuce.clusterSeedUris(endpoint, profile));
      ClusterClientOptions.Builder options = ThalosLettuce.clusterOptionsBuilder(endpoint, profile, engine);
      tweak.apply(options);
      client.setOptions(options.build());
      return client;
    }
    RedisClient client = resources == null
        ? RedisClient.create(ThalosLettuce.redisUri(endpoint, profile, database))
        : RedisClient.create(resources, ThalosLettuce.redisUri(endpoint, profile, database));
    client.setOptions(tweak.apply(ThalosLettuce.clientOptionsBuilder(endpoint, profile, engine)).build());
    return client;
  }

  /** A pub/sub connection: on a cluster, to one node (messages are broadcast to every node). */
  static <K, V> StatefulRedisPubSubConnection<K, V> connectPubSub(AbstractRedisClient client, RedisCodec<K, V> codec) {
    return client instanceof RedisClusterClient
        ? ((RedisClusterClient) client).connectPubSub(codec)
        : ((RedisClient) client).connectPubSub(codec);
  }

  /** A command connection; on a cluster, one that routes commands to the node serving their slot. */
  static <K, V> StatefulConnection<K, V> connect(AbstractRedisClient client, RedisCodec<K, V> codec) {
    return client instanceof RedisClusterClient
        ? ((RedisClusterClient) client).connect(codec)
        : ((RedisClient) client).connect(codec);
  }

  /** The asynchronous commands of a connection made by {@link #connect}. */
  static <K, V> BaseRedisAsyncCommands<K, V> async(StatefulConnection<K, V> connection) {
    if (connection instanceof StatefulRedisClusterConnection) {
      return ((StatefulRedisClusterConnection<K, V>) connection).async();
    }
    return ((StatefulRedisConnection<K, V>) connection).async();
  }

  /** Shuts the client down without a quiet period. */
  static void shutdown(AbstractRedisClient client) {
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
  }
}
