package dev.thalos.redis.security.lettuce;

import dev.thalos.redis.security.ThalosSecurityException;
import dev.thalos.redis.security.endpoint.NodeAddress;
import dev.thalos.redis.security.endpoint.RedisTopology;
import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import dev.thalos.redis.security.tls.TlsSettings;
import dev.thalos.redis.security.tls.VerifyMode;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.MaintNotificationsConfig;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.resource.ClientResources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Turns a {@link ThalosRedisEndpoint} into a configured Lettuce {@link RedisClient}: TLS from the endpoint's
 * {@link TlsSettings} (re-read on every connect, so rotated certificates apply on reconnect), credentials from
 * its {@link dev.thalos.redis.security.auth.SecretSource} (resolved on every connect, so a rotated password
 * applies on reconnect), timeouts, and a {@link HandshakeProfile}.
 *
 * <pre>{@code
 * RedisClient client = ThalosLettuce.createClient(endpoint);   // MINIMAL handshake for client/server roles
 * try (StatefulRedisConnection<String, String> connection = client.connect()) {
 *   connection.sync().ping();
 * } catch (RedisException e) {
 *   throw ThalosLettuce.translate(e, endpoint);                // e.g. reason "auth.wrong-credentials"
 * } finally {
 *   client.shutdown();
 * }
 * }</pre>
 *
 * <h2>What is configured</h2>
 * <ul>
 *   <li>TLS: JDK provider (or OpenSSL, an opt-in: {@link TlsEngine}); trust manager and key manager from {@link TlsSettings#newTrustManager()} and
 *       {@link TlsSettings#newKeyManager()} for every connection; protocols and cipher suites from the
 *       {@link dev.thalos.redis.security.tls.TlsPolicy} (without suites of its own:
 *       {@link dev.thalos.redis.security.tls.TlsPolicy#DEFAULT_CIPHER_SUITES}, on either engine); SNI from {@link TlsSettings#serverName()}; handshake
 *       timeout = connect timeout. {@link VerifyMode#FULL} maps to Lettuce's {@code FULL} (host name checked),
 *       {@link VerifyMode#CA} to {@code CA}. {@link VerifyMode#NONE} (only through
 *       {@code insecureTrustAnyCertificate()}) is carried out by our own trust manager, which still enforces
 *       pins and the policy; Lettuce's {@code NONE} is never used, because it would replace our trust manager
 *       with one that accepts everything.</li>
 *   <li>Timeouts: the connect timeout bounds TCP connect, TLS handshake and the Redis handshake (so a TLS
 *       client on a plaintext port fails after the connect timeout, not after Lettuce's 60 s); the command
 *       timeout bounds every command.</li>
 *   <li>Auto-reconnect on (Lettuce default), with the handshake of the profile repeated on every
 *       reconnect.</li>
 * </ul>
 *
 * <h2>Logging and tracing</h2>
 * Never enable {@code TRACE} for {@code io.lettuce.core.protocol}: Lettuce then logs every byte it sends,
 * including {@code AUTH}/{@code HELLO} with the password, and every message payload it receives. Never enable
 * Lettuce's Brave tracing with command arguments ({@code includeCommandArgsInSpanTags}), which puts the
 * handshake's password into span tags. {@code DEBUG} is clean. Note also that Lettuce renders
 * {@code RedisURI.toString()} for connection events and JFR, which shows the user name and one {@code *} per
 * password character; this class never uses that string in its own messages.
 *
 * <p>Every call returns new Lettuce objects; nothing shared is mutated.
 */
public final class ThalosLettuce {

  private ThalosLettuce() {}

  /**
   * A client for {@code endpoint} with its own Lettuce resources and the
   * {@link HandshakeProfile#defaultFor(dev.thalos.redis.security.endpoint.ThalosRole) default profile} of its
   * role. Shut it down when done.
   */
  public static RedisClient createClient(ThalosRedisEndpoint endpoint) {
    Objects.requireNonNull(endpoint, "endpoint must not be null");
    return createClient(endpoint, HandshakeProfile.defaultFor(endpoint.role()));
  }

  /** A client for {@code endpoint} with its own Lettuce resources and the given handshake profile. */
  public static RedisClient createClient(ThalosRedisEndpoint endpoint, HandshakeProfile profile) {
    return client(null, endpoint, profile);
  }

  /**
   * A client for {@code endpoint} on shared Lettuce {@code resources} (event loops, reconnect delay), which the
   * caller shuts down after the client.
   */
  public static RedisClient createClient(ClientResources resources, ThalosRedisEndpoint endpoint,
      HandshakeProfile profile) {
    Objects.requireNonNull(resources, "resources must not be null");
    return client(resources, endpoint, profile);
  }

  private static RedisClient client(ClientResources resources, ThalosRedisEndpoint endpoint,
      HandshakeProfile profile) {
    requireNotCluster(endpoint);
    return (RedisClient) LettuceClients.create(resources, endpoint, profile, TlsEngine.JDK, endpoint.database(),
        UnaryOperator.identity());
  }

  /**
   * A Redis Cluster client for a {@link RedisTopology#CLUSTER} endpoint with its own Lettuce resources and the
   * default profile of its role. Every node — the seeds and every node learnt from {@code CLUSTER NODES} — is
   * reached with the endpoint's TLS settings (host name verification against the address the cluster announces,
   * so node certificates need that address as SAN), credentials and handshake. Topology refresh is periodic
   * ({@value #CLUSTER_REFRESH_SECONDS} s) and adaptive (MOVED/ASK redirects, reconnects, failed nodes), so a
   * failover is followed; nodes outside the learnt topology are refused. Shut it down when done.
   *
   * <p>Besides what its role needs, the ACL user should have what Lettuce's cluster client sends:
   * {@code +cluster|nodes +info} (topology refresh) and {@code +cluster|myid +client|setname} (node connections).
   * Lettuce copes with refusals, but each is written to {@code ACL LOG} on every refresh;
   * {@link dev.thalos.redis.security.acl.ThalosAclPlan#CLUSTER_COMMANDS} lists them, and {@code acl generate
   * --cluster} adds them.
   *
   * @throws IllegalArgumentException if the endpoint is not a cluster endpoint
   */
  public static RedisClusterClient createClusterClient(ThalosRedisEndpoint endpoint) {
    Objects.requireNonNull(endpoint, "endpoint must not be null");
    return createClusterClient(endpoint, HandshakeProfile.defaultFor(endpoint.role()));
  }

  /** {@link #createClusterClient(ThalosRedisEndpoint)} with the given handshake profile. */
  public static RedisClusterClient createClusterClient(ThalosRedisEndpoint endpoint, HandshakeProfile profile) {
    return clusterClient(null, endpoint, profile);
  }

  /**
   * {@link #createClusterClient(ThalosRedisEndpoint, HandshakeProfile)} on shared Lettuce {@code resources},
   * which the caller shuts down after the client.
   */
  public static RedisClusterClient createClusterClient(ClientResources resources, ThalosRedisEndpoint endpoint,
      HandshakeProfile profile) {
    Objects.requireNonNull(resources, "resources must not be null");
    return clusterClient(resources, endpoint, profile);
  }

  private static RedisClusterClient clusterClient(ClientResources resources, ThalosRedisEndpoint endpoint,
      HandshakeProfile profile) {
    requireCluster(endpoint);
    return (RedisClusterClient) LettuceClients.create(resources, endpoint, profile, TlsEngine.JDK);
  }

  /** Seconds between periodic topology refreshes of cluster clients. */
  public static final int CLUSTER_REFRESH_SECONDS = 30;

  /**
   * One {@link RedisURI} per seed node of a cluster endpoint, each as {@link #redisUri} would build it for
   * that node alone (database 0).
   *
   * @throws IllegalArgumentException if the endpoint is not a cluster endpoint
   */
  public static List<RedisURI> clusterSeedUris(ThalosRedisEndpoint endpoint, HandshakeProfile profile) {
    requireCluster(endpoint);
    List<RedisURI> uris = new ArrayList<>();
    for (NodeAddress seed : endpoint.nodes()) {
      uris.add(redisUri(endpoint.forNode(seed), profile, 0));
    }
    return uris;
  }

  /**
   * {@link #clientOptions(ThalosRedisEndpoint, HandshakeProfile, TlsEngine)} as Lettuce's
   * {@link ClusterClientOptions}, with periodic and adaptive topology refresh and node membership validation.
   */
  public static ClusterClientOptions clusterClientOptions(ThalosRedisEndpoint endpoint, HandshakeProfile profile,
      TlsEngine engine) {
    return clusterOptionsBuilder(endpoint, profile, engine).build();
  }

  /**
   * The builder behind {@link #clusterClientOptions}. Built on a {@link ClusterClientOptions.Builder} from the start,
   * not converted from {@link ClientOptions}: Lettuce's conversion (and {@code ClusterClientOptions.mutate()})
   * drops the maintenance-notifications setting, and cluster connections of a minimal profile would send
   * {@code CLIENT MAINT_NOTIFICATIONS} again.
   */
  static ClusterClientOptions.Builder clusterOptionsBuilder(ThalosRedisEndpoint endpoint, HandshakeProfile profile,
      TlsEngine engine) {
    ClusterClientOptions.Builder options = ClusterClientOptions.builder();
    configure(options, endpoint, profile, engine);
    options.topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
            .enablePeriodicRefresh(Duration.ofSeconds(CLUSTER_REFRESH_SECONDS))
            .enableAllAdaptiveRefreshTriggers()
            .build())
        .validateClusterNodeMembership(true);
    return options;
  }

  private static void requireCluster(ThalosRedisEndpoint endpoint) {
    Objects.requireNonNull(endpoint, "endpoint must not be null");
    if (endpoint.topology() != RedisTopology.CLUSTER) {
      throw new IllegalArgumentException("invalid endpoint: topology " + endpoint.topology().label()
          + " (cluster clients need a cluster endpoint; use createClient)");
    }
  }

  private static void requireNotCluster(ThalosRedisEndpoint endpoint) {
    Objects.requireNonNull(endpoint, "endpoint must not be null");
    if (endpoint.topology() == RedisTopology.CLUSTER) {
      throw new IllegalArgumentException("invalid endpoint: topology cluster (use createClusterClient)");
    }
  }

  /**
   * The {@link RedisURI} for {@code endpoint}: host, port, database, TLS and verify mode, a credentials
   * provider over the endpoint's secret source, connect timeout, and (minimal profiles) empty library name and
   * version so that no {@code CLIENT SETINFO} is sent. For a {@link RedisTopology#SENTINEL} endpoint: the
   * sentinels (each with TLS, the {@link ThalosRedisEndpoint#sentinelCredentials() sentinel credentials} and the
   * same handshake) and the master name; the data node settings apply to the primary the sentinels name.
   *
   * @throws IllegalArgumentException for a cluster endpoint (use {@link #clusterSeedUris})
   */
  public static RedisURI redisUri(ThalosRedisEndpoint endpoint, HandshakeProfile profile) {
    return redisUri(endpoint, profile, endpoint.database());
  }

  static RedisURI redisUri(ThalosRedisEndpoint endpoint, HandshakeProfile profile, int database) {
    Objects.requireNonNull(endpoint, "endpoint must not be null");
    Objects.requireNonNull(profile, "profile must not be null");
    if (endpoint.topology() == RedisTopology.CLUSTER) {
      throw new IllegalArgumentException("invalid endpoint: topology cluster has several seed URIs (use "
          + "clusterSeedUris)");
    }
    RedisURI.Builder uri = RedisURI.builder();
    if (endpoint.topology() == RedisTopology.SENTINEL) {
      for (NodeAddress sentinel : endpoint.nodes()) {
        uri.withSentinel(sentinelUri(endpoint, sentinel, profile));
      }
      uri.withSentinelMasterId(endpoint.sentinelMasterName().orElseThrow());
    } else {
      uri.withHost(endpoint.host()).withPort(endpoint.port());
    }
    uri.withDatabase(database)
        .withTimeout(endpoint.connectTimeout());
    endpoint.tls().ifPresent(tls -> uri.withSsl(true).withVerifyPeer(verifyMode(tls.verifyMode())));
    endpoint.credentials().ifPresent(c -> uri.withAuthentication(new SecretCredentialsProvider(c)));
    profile.clientName().ifPresent(uri::withClientName);
    if (profile.isMinimal()) {
      uri.withLibraryName("").withLibraryVersion("");
    }
    return uri.build();
  }

  private static RedisURI sentinelUri(ThalosRedisEndpoint endpoint, NodeAddress sentinel, HandshakeProfile profile) {
    RedisURI.Builder uri = RedisURI.builder()
        .withHost(sentinel.host())
        .withPort(sentinel.port())
        .withTimeout(endpoint.connectTimeout());
    endpoint.tls().ifPresent(tls -> uri.withSsl(true).withVerifyPeer(verifyMode(tls.verifyMode())));
    endpoint.sentinelCredentials().ifPresent(c -> uri.withAuthentication(new SecretCredentialsProvider(c)));
    if (profile.isMinimal()) {
      uri.withLibraryName("").withLibraryVersion("");
    }
    return uri.build();
  }

  /**
   * The {@link ClientOptions} for {@code endpoint}: socket connect timeout, command timeout, TLS options, and
   * for minimal profiles the pinned protocol, no maintenance notifications and no ping before activation.
   */
  public static ClientOptions clientOptions(ThalosRedisEndpoint endpoint, HandshakeProfile profile) {
    return clientOptions(endpoint, profile, TlsEngine.JDK);
  }

  /**
   * As {@link #clientOptions(ThalosRedisEndpoint, HandshakeProfile)}, with TLS on the given {@link TlsEngine}.
   *
   * @throws IllegalStateException if the engine is not available
   * @throws IllegalArgumentException if the engine cannot keep to the endpoint's TLS policy (see
   *     {@link #sslOptions(TlsSettings, Duration, TlsEngine)})
   */
  public static ClientOptions clientOptions(ThalosRedisEndpoint endpoint, HandshakeProfile profile,
      TlsEngine engine) {
    return clientOptionsBuilder(endpoint, profile, engine).build();
  }

  /** The builder behind {@link #clientOptions(ThalosRedisEndpoint, HandshakeProfile, TlsEngine)}. */
  static ClientOptions.Builder clientOptionsBuilder(ThalosRedisEndpoint endpoint, HandshakeProfile profile,
      TlsEngine engine) {
    ClientOptions.Builder options = ClientOptions.builder();
    configure(options, endpoint, profile, engine);
    return options;
  }

  /** What every client of {@code endpoint} gets, standalone or cluster: reconnect, timeouts, TLS, handshake. */
  private static void configure(ClientOptions.Builder options, ThalosRedisEndpoint endpoint, HandshakeProfile profile,
      TlsEngine engine) {
    Objects.requireNonNull(endpoint, "endpoint must not be null");
    Objects.requireNonNull(profile, "profile must not be null");
    Objects.requireNonNull(engine, "engine must not be null").requireAvailable();
    options.autoReconnect(true)
        .socketOptions(SocketOptions.builder().connectTimeout(endpoint.connectTimeout()).build())
        .timeoutOptions(TimeoutOptions.enabled(endpoint.commandTimeout()));
    endpoint.tls().ifPresent(tls -> options.sslOptions(sslOptions(tls, endpoint.connectTimeout(), engine)));
    profile.protocol().ifPresent(options::protocolVersion);
    if (profile.isMinimal()) {
      options.maintNotificationsConfig(MaintNotificationsConfig.disabled())
          .pingBeforeActivateConnection(false);
    }
  }

  /**
   * Lettuce {@link SslOptions} that build the TLS context from {@code tls} on every connect: our trust manager
   * (verify mode, pins, policy), our key manager (client identity), protocols, cipher suites and SNI.
   */
  public static SslOptions sslOptions(TlsSettings tls, java.time.Duration handshakeTimeout) {
    return sslOptions(tls, handshakeTimeout, TlsEngine.JDK);
  }

  /**
   * As {@link #sslOptions(TlsSettings, java.time.Duration)}, on the given {@link TlsEngine}.
   *
   * @throws IllegalStateException if the engine is not available
   * @throws IllegalArgumentException if the engine cannot keep to the TLS policy: {@link TlsEngine#OPENSSL} on
   *     BoringSSL with a policy that allows TLSv1.3 but not every TLSv1.3 cipher suite BoringSSL offers
   */
  public static SslOptions sslOptions(TlsSettings tls, java.time.Duration handshakeTimeout, TlsEngine engine) {
    return sslOptions(tls, handshakeTimeout, engine, UnaryOperator.identity());
  }

  /**
   * As {@link #sslOptions(TlsSettings, Duration, TlsEngine)}, with each connection's new trust manager passed
   * through {@code wrapTrust} (e.g. to record the server's chain).
   */
  static SslOptions sslOptions(TlsSettings tls, Duration handshakeTimeout, TlsEngine engine,
      UnaryOperator<X509ExtendedTrustManager> wrapTrust) {
    Objects.requireNonNull(tls, "tls must not be null");
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout must not be null");
    Objects.requireNonNull(engine, "engine must not be null").requireAvailable().requireEnforceable(tls.policy());
    SslOptions.Builder ssl = SslOptions.builder();
    if (engine == TlsEngine.OPENSSL) {
      ssl.openSslProvider();
    } else {
      ssl.jdkSslProvider();
    }
    ssl.handshakeTimeout(handshakeTimeout)
        .protocols(tls.protocols().toArray(new String[0]))
        // SNI override (if set) and protocols; Lettuce sets the endpoint identification itself.
        .sslParameters(() -> tls.sslParameters(null))
        // Always a list (also for a policy without one), else Netty offers its defaults: static RSA, CBC.
        // Lettuce applies it to the context and, over the JVM's list from sslParameters, to each engine.
        .cipherSuites(engine.cipherSuites(tls).toArray(new String[0]))
        // Runs for every connection, after Lettuce's own trust/key settings: it wins.
        .sslContext(builder -> {
          builder.trustManager(wrapTrust.apply(tls.newTrustManager()));
          tls.newKeyManager().ifPresent(builder::keyManager);
        });
    return ssl.build();
  }

  /**
   * Lettuce's verify mode for ours. {@link VerifyMode#NONE} becomes {@link SslVerifyMode#CA}: certificate
   * checks are then skipped by our trust manager (which keeps pins), never by Lettuce's insecure one.
   */
  static SslVerifyMode verifyMode(VerifyMode mode) {
    switch (mode) {
      case FULL:
        return SslVerifyMode.FULL;
      case CA:
      case NONE:
        return SslVerifyMode.CA;
      default:
        throw new IllegalStateException("unknown verify mode " + mode);
    }
  }

  /**
   * Drops the network connection under {@code connection} so that Lettuce's watchdog reconnects at once (with
   * its usual delays if that fails). The reconnect builds a new TLS context from the endpoint's
   * {@link TlsSettings} — re-reading the trust anchor, certificate and key files — and resolves the password
   * from its source again, so this is the way to apply rotated material to a long-lived connection without
   * restarting the application. Commands in flight fail or are retried as Lettuce does after any network
   * failure; pub/sub connections resubscribe.
   *
   * <pre>{@code
   * Files.move(newCa, caFile, StandardCopyOption.ATOMIC_MOVE);   // rotate the file ...
   * ThalosLettuce.forceReconnect(connection);                    // ... and use it now
   * }</pre>
   *
   * @throws IllegalArgumentException if {@code connection} is not a Lettuce connection this method knows
   */
  public static void forceReconnect(io.lettuce.core.api.StatefulConnection<?, ?> connection) {
    Objects.requireNonNull(connection, "connection must not be null");
    if (!(connection instanceof io.lettuce.core.RedisChannelHandler)) {
      throw new IllegalArgumentException("invalid connection: " + connection.getClass().getName()
          + " (must be a standalone Lettuce connection)");
    }
    Object writer = ((io.lettuce.core.RedisChannelHandler<?, ?>) connection).getChannelWriter();
    for (int i = 0; i < 8 && writer instanceof io.lettuce.core.Delegating; i++) {
      writer = ((io.lettuce.core.Delegating<?>) writer).getDelegate();
    }
    if (!(writer instanceof io.lettuce.core.protocol.DefaultEndpoint)) {
      throw new IllegalArgumentException("invalid connection: its writer " + writer.getClass().getName()
          + " is not a Lettuce endpoint");
    }
    ((io.lettuce.core.protocol.DefaultEndpoint) writer).disconnect();
  }

  /**
   * The domain exception for a Lettuce failure on a connection to {@code endpoint}: a
   * {@link ConnectionSecurityException} with a stable reason code, or the
   * {@link ThalosSecurityException} of our own that caused it (unreadable TLS material, a missing password
   * file). The message never contains a password.
   */
  public static ThalosSecurityException translate(Throwable failure, ThalosRedisEndpoint endpoint) {
    Objects.requireNonNull(failure, "failure must not be null");
    Objects.requireNonNull(endpoint, "endpoint must not be null");
    return FailureTranslator.translate(failure, endpoint, "connection to");
  }
}
