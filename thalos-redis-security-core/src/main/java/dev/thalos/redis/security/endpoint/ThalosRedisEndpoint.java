package dev.thalos.redis.security.endpoint;

import dev.thalos.redis.security.auth.AclCredentials;
import dev.thalos.redis.security.auth.SecretSource;
import dev.thalos.redis.security.channel.ThalosNamespace;
import dev.thalos.redis.security.internal.ControlCharacters;
import dev.thalos.redis.security.tls.TlsSettings;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One secure Thalos Redis endpoint: where to connect ({@link #topology()}, {@link #nodes()}), how
 * ({@link #tls()}, timeouts), as whom ({@link #credentials()}, {@link #role()}) and for which Thalos
 * namespace ({@link #namespace()}).
 *
 * <p>Secure by default: without further settings the connection uses TLS with
 * {@link TlsSettings#defaults()} (JVM trust store, TLSv1.3/TLSv1.2, full certificate and host name
 * verification). Plaintext needs the explicit {@link Builder#plaintextInsecure()}; an endpoint that is
 * plaintext, has weakened TLS verification or no credentials reports itself through {@link #isInsecure()} and
 * {@link #insecurityReasons()}.
 *
 * <pre>{@code
 * ThalosRedisEndpoint endpoint = ThalosRedisEndpoint.builder()
 *     .uri("rediss://thalos-client@redis.example:6380")
 *     .password(SecretSource.fromFile(Path.of("/run/secrets/thalos-client")))
 *     .tls(TlsSettings.builder().trustAnchors(TrustAnchors.pemFile(Path.of("/etc/thalos/ca.pem"))).build())
 *     .namespace(ThalosNamespace.of("wax"))
 *     .role(ThalosRole.CLIENT)
 *     .build();
 * }</pre>
 *
 * <h2>Cluster and Sentinel</h2>
 * The same settings secure a Redis Cluster or a Sentinel-managed primary: {@link Builder#cluster(List)} takes
 * seed nodes, {@link Builder#sentinel(String, List)} a master name and the sentinels. TLS settings apply to
 * every node and sentinel (their certificates must name the address a node is reached at — the host names or IP
 * addresses the cluster or the sentinels announce); the credentials to every data node; sentinels that require
 * authentication get their own {@link Builder#sentinelCredentials(AclCredentials)}.
 * <pre>{@code
 * ThalosRedisEndpoint cluster = ThalosRedisEndpoint.builder()
 *     .uri("rediss-cluster://thalos-client@redis-1.example:7000,redis-2.example:7000")
 *     .password(SecretSource.fromFile(Path.of("/run/secrets/thalos-client")))
 *     .namespace(ThalosNamespace.of("wax"))
 *     .build();
 * ThalosRedisEndpoint sentinel = ThalosRedisEndpoint.builder()
 *     .sentinel("thalos", List.of(NodeAddress.parse("s1.example:26379"), NodeAddress.parse("s2.example:26379")))
 *     .user("thalos-client").password(clientPassword)
 *     .sentinelCredentials(AclCredentials.of("sentinel-client", sentinelPassword))
 *     .namespace(ThalosNamespace.of("wax"))
 *     .build();
 * }</pre>
 *
 * <h2>URI</h2>
 * {@code rediss://[user@]host[:port][/database]} — {@code redis://} for plaintext. The user part is the ACL
 * user name (percent-encoded if needed; unlike Lettuce, {@code redis://x@host} never means password
 * {@code x}). Passwords, query parameters and fragments are refused: a password in a URI ends up in logs,
 * shell history and process lists; give it as a {@link SecretSource}. A cluster is
 * {@code rediss-cluster://[user@]host[:port][,host[:port]...]} (seed nodes, port 6379 if omitted, database 0);
 * a sentinel set {@code rediss-sentinel://[user@]host[:port][,host[:port]...][/database]#master-name}
 * (sentinels, port 26379 if omitted; as in Lettuce, the fragment is the master name). Plaintext variants drop
 * the {@code s}: {@code redis-cluster://}, {@code redis-sentinel://}.
 *
 * <h2>Environment</h2>
 * {@link #fromEnvironment(Map)} reads these variables (only {@value #ENV_URI} is required):
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><th>Variable</th><th>Meaning</th></tr>
 *   <tr><td>{@value #ENV_URI}</td><td>{@code rediss://[user@]host[:port][/database]}, or a cluster or
 *       sentinel URI as above</td></tr>
 *   <tr><td>{@value #ENV_USER}</td><td>ACL user (if not in the URI)</td></tr>
 *   <tr><td>{@value #ENV_PASSWORD_FILE}</td><td>file holding the password (owner-only permissions)</td></tr>
 *   <tr><td>{@value #ENV_PASSWORD}</td><td>the password itself (read on every connect); prefer the file</td></tr>
 *   <tr><td>{@value #ENV_SENTINEL_USER}</td><td>ACL user on the sentinels (sentinel URIs only)</td></tr>
 *   <tr><td>{@value #ENV_SENTINEL_PASSWORD_FILE}, {@value #ENV_SENTINEL_PASSWORD}</td><td>its password, as
 *       above</td></tr>
 *   <tr><td>{@value #ENV_CA}</td><td>PEM file of trusted CA certificates (default: JVM trust store)</td></tr>
 *   <tr><td>{@value #ENV_CERT}, {@value #ENV_KEY}</td><td>PEM client certificate (chain) and key for
 *       mutual TLS</td></tr>
 *   <tr><td>{@value #ENV_KEY_PASSWORD_FILE}</td><td>file holding the password of an encrypted key</td></tr>
 *   <tr><td>{@value #ENV_TLS_PROTOCOLS}</td><td>comma-separated, e.g. {@code TLSv1.3}</td></tr>
 *   <tr><td>{@value #ENV_TLS_CIPHERS}</td><td>comma-separated JSSE cipher suite names (if unset:
 *       {@link dev.thalos.redis.security.tls.TlsPolicy#DEFAULT_CIPHER_SUITES})</td></tr>
 *   <tr><td>{@value #ENV_TLS_SERVER_NAME}</td><td>SNI name to send</td></tr>
 *   <tr><td>{@value #ENV_TLS_PINS}</td><td>comma-separated {@code sha256/<base64>} public-key pins</td></tr>
 *   <tr><td>{@value #ENV_INSECURE_TLS_VERIFY}</td><td>INSECURE: {@code ca} (no host name check) or
 *       {@code none} (no certificate check)</td></tr>
 *   <tr><td>{@value #ENV_INSECURE_PLAINTEXT}</td><td>INSECURE: {@code true} to allow a {@code redis://}
 *       URI</td></tr>
 *   <tr><td>{@value #ENV_NAMESPACE}</td><td>{@code prefix::chain} or just {@code chain} (prefix
 *       {@code ship})</td></tr>
 *   <tr><td>{@value #ENV_ROLE}</td><td>{@code client} (default), {@code server} or {@code admin}</td></tr>
 *   <tr><td>{@value #ENV_CONNECT_TIMEOUT}, {@value #ENV_COMMAND_TIMEOUT}</td><td>{@code 500ms},
 *       {@code 10s}, {@code 2m} or ISO-8601 ({@code PT10S})</td></tr>
 * </table>
 *
 * <p>Immutable. Not {@link java.io.Serializable}; {@link #toString()} shows where the password comes from,
 * never the password.
 */
public final class ThalosRedisEndpoint {

  /** Port used when none is given. */
  public static final int DEFAULT_PORT = 6379;
  /** Port of a sentinel given without one. */
  public static final int DEFAULT_SENTINEL_PORT = 26379;
  /** Time allowed to establish a connection (TCP + TLS handshake + AUTH), if unset. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** Time allowed for one command's reply, if unset. */
  public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(60);
  /** Role used when none is given: the least privileged one. */
  public static final ThalosRole DEFAULT_ROLE = ThalosRole.CLIENT;

  /** Environment variable: the endpoint URI. Required by {@link #fromEnvironment(Map)}. */
  public static final String ENV_URI = "THALOS_REDIS_URI";
  /** Environment variable: the ACL user name. */
  public static final String ENV_USER = "THALOS_REDIS_USER";
  /** Environment variable: path of the password file. */
  public static final String ENV_PASSWORD_FILE = "THALOS_REDIS_PASSWORD_FILE";
  /** Environment variable: the password itself. */
  public static final String ENV_PASSWORD = "THALOS_REDIS_PASSWORD";
  /** Environment variable: the ACL user on the sentinels. */
  public static final String ENV_SENTINEL_USER = "THALOS_REDIS_SENTINEL_USER";
  /** Environment variable: path of the file holding the sentinel user's password. */
  public static final String ENV_SENTINEL_PASSWORD_FILE = "THALOS_REDIS_SENTINEL_PASSWORD_FILE";
  /** Environment variable: the sentinel user's password itself. */
  public static final String ENV_SENTINEL_PASSWORD = "THALOS_REDIS_SENTINEL_PASSWORD";
  /** Environment variable: PEM file of trust anchors. */
  public static final String ENV_CA = "THALOS_REDIS_CA";
  /** Environment variable: PEM client certificate chain. */
  public static final String ENV_CERT = "THALOS_REDIS_CERT";
  /** Environment variable: PEM client key. */
  public static final String ENV_KEY = "THALOS_REDIS_KEY";
  /** Environment variable: path of the client key's password file. */
  public static final String ENV_KEY_PASSWORD_FILE = "THALOS_REDIS_KEY_PASSWORD_FILE";
  /** Environment variable: comma-separated TLS protocol versions. */
  public static final String ENV_TLS_PROTOCOLS = "THALOS_REDIS_TLS_PROTOCOLS";
  /** Environment variable: comma-separated cipher suites. */
  public static final String ENV_TLS_CIPHERS = "THALOS_REDIS_TLS_CIPHERS";
  /** Environment variable: SNI server name. */
  public static final String ENV_TLS_SERVER_NAME = "THALOS_REDIS_TLS_SERVER_NAME";
  /** Environment variable: comma-separated public-key pins. */
  public static final String ENV_TLS_PINS = "THALOS_REDIS_TLS_PINS";
  /** Environment variable: INSECURE verification mode, {@code ca} or {@code none}. */
  public static final String ENV_INSECURE_TLS_VERIFY = "THALOS_REDIS_INSECURE_TLS_VERIFY";
  /** Environment variable: INSECURE, {@code true} allows plaintext {@code redis://}. */
  public static final String ENV_INSECURE_PLAINTEXT = "THALOS_REDIS_INSECURE_PLAINTEXT";
  /** Environment variable: Thalos namespace, {@code prefix::chain} or {@code chain}. */
  public static final String ENV_NAMESPACE = "THALOS_REDIS_NAMESPACE";
  /** Environment variable: role, {@code client}, {@code server} or {@code admin}. */
  public static final String ENV_ROLE = "THALOS_REDIS_ROLE";
  /** Environment variable: connect timeout. */
  public static final String ENV_CONNECT_TIMEOUT = "THALOS_REDIS_CONNECT_TIMEOUT";
  /** Environment variable: command timeout. */
  public static final String ENV_COMMAND_TIMEOUT = "THALOS_REDIS_COMMAND_TIMEOUT";

  private final RedisTopology topology;
  private final List<NodeAddress> nodes;
  private final String masterName;
  private final AclCredentials sentinelCredentials;
  private final int database;
  private final TlsSettings tls;
  private final AclCredentials credentials;
  private final ThalosNamespace namespace;
  private final ThalosRole role;
  private final Duration connectTimeout;
  private final Duration commandTimeout;
  private final Builder settings;

  private ThalosRedisEndpoint(Builder b, List<NodeAddress> nodes, TlsSettings tls, AclCredentials credentials,
      AclCredentials sentinelCredentials) {
    this.topology = b.topology;
    this.nodes = nodes;
    this.masterName = b.masterName;
    this.sentinelCredentials = sentinelCredentials;
    this.database = b.database;
    this.tls = tls;
    this.credentials = credentials;
    this.namespace = b.namespace;
    this.role = b.role;
    this.connectTimeout = b.connectTimeout;
    this.commandTimeout = b.commandTimeout;
    this.settings = b.copy();
  }

  /** A builder with the secure defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * An endpoint from {@code uri} and the password of its user ({@code null} for none), with default TLS
   * settings, role and timeouts. Use {@link #builder()} to set more.
   *
   * @throws IllegalArgumentException if the URI is malformed, carries a password, or is plaintext; or if the
   *     default role needs a namespace (it does: use the builder)
   */
  public static ThalosRedisEndpoint fromUri(String uri, SecretSource password, ThalosNamespace namespace) {
    return builder().uri(uri).password(password).namespace(namespace).build();
  }

  /** {@link #fromEnvironment(Map)} with the process environment. */
  public static ThalosRedisEndpoint fromEnvironment() {
    return fromEnvironment(System.getenv());
  }

  /**
   * An endpoint described by the environment variables listed in the class documentation.
   *
   * @throws IllegalArgumentException naming the variable when a value is missing or malformed
   * @throws dev.thalos.redis.security.tls.TlsMaterialException if TLS files cannot be read or fail a check
   */
  public static ThalosRedisEndpoint fromEnvironment(Map<String, String> environment) {
    return EndpointEnvironment.read(environment);
  }

  /** A builder pre-filled with this endpoint. */
  public Builder mutate() {
    return settings.copy();
  }

  /**
   * Host name or IP address (IPv6 without brackets) of the server, or of the first {@link #nodes() node}: a
   * seed node of a cluster, a sentinel of a sentinel set.
   */
  public String host() {
    return nodes.get(0).host();
  }

  /** Port of the server, or of the first {@link #nodes() node}. */
  public int port() {
    return nodes.get(0).port();
  }

  /** How the Redis behind this endpoint is deployed. */
  public RedisTopology topology() {
    return topology;
  }

  /**
   * The nodes to connect to, never empty: the server ({@link RedisTopology#STANDALONE}), the seed nodes
   * ({@link RedisTopology#CLUSTER}) or the sentinels ({@link RedisTopology#SENTINEL}).
   */
  public List<NodeAddress> nodes() {
    return nodes;
  }

  /** The master name the sentinels monitor; present exactly for {@link RedisTopology#SENTINEL}. */
  public Optional<String> sentinelMasterName() {
    return Optional.ofNullable(masterName);
  }

  /**
   * Credentials for the sentinels themselves; empty when they accept connections without {@code AUTH} (or for
   * other topologies). The data nodes use {@link #credentials()}.
   */
  public Optional<AclCredentials> sentinelCredentials() {
    return Optional.ofNullable(sentinelCredentials);
  }

  /**
   * This endpoint narrowed to one data node: a {@link RedisTopology#STANDALONE} endpoint at {@code node} with
   * the same TLS settings, credentials, namespace, role and timeouts — e.g. to self-check every node of a
   * cluster, or the primary and replicas a sentinel names.
   *
   * @throws IllegalArgumentException if {@code node} is null
   */
  public ThalosRedisEndpoint forNode(NodeAddress node) {
    if (node == null) {
      throw new IllegalArgumentException("node must not be null");
    }
    return narrowedTo(node).build();
  }

  /**
   * An endpoint for one sentinel of this {@link RedisTopology#SENTINEL} endpoint: {@link RedisTopology#STANDALONE}
   * at {@code sentinel}, with the same TLS settings and timeouts, the {@link #sentinelCredentials()} and role
   * {@link ThalosRole#ADMIN} (a sentinel serves no Thalos channels).
   *
   * @throws IllegalArgumentException if {@code sentinel} is null or this is not a sentinel endpoint
   */
  public ThalosRedisEndpoint forSentinel(NodeAddress sentinel) {
    if (sentinel == null) {
      throw new IllegalArgumentException("sentinel must not be null");
    }
    if (topology != RedisTopology.SENTINEL) {
      throw new IllegalArgumentException("invalid topology: " + topology.label() + " (forSentinel needs a "
          + "sentinel endpoint)");
    }
    Builder b = narrowedTo(sentinel);
    b.uriUser = null;
    b.user = null;
    b.password = null;
    b.credentials = sentinelCredentials;
    b.namespace = null;
    b.role = ThalosRole.ADMIN;
    b.database = 0;
    return b.build();
  }

  /**
   * This endpoint's settings for one standalone node: no cluster or sentinel settings, and the TLS settings this
   * endpoint resolved (so that default TLS settings, i.e. the JVM trust store, are not loaded again per node).
   */
  private Builder narrowedTo(NodeAddress node) {
    Builder b = settings.copy();
    b.topology = RedisTopology.STANDALONE;
    b.host = null;
    b.portSet = false;
    b.nodes = List.of(node);
    b.masterName = null;
    b.sentinelUser = null;
    b.sentinelPassword = null;
    b.sentinelCredentials = null;
    if (tls != null) {
      b.tls = tls;
    }
    return b;
  }

  /** Database number for keyed commands (pub/sub ignores it). */
  public int database() {
    return database;
  }

  /** TLS settings; empty only for an endpoint built with {@link Builder#plaintextInsecure()}. */
  public Optional<TlsSettings> tls() {
    return Optional.ofNullable(tls);
  }

  /** Whether the connection uses TLS. */
  public boolean isTls() {
    return tls != null;
  }

  /** ACL credentials; empty means the connection runs as Redis' {@code default} user without AUTH. */
  public Optional<AclCredentials> credentials() {
    return Optional.ofNullable(credentials);
  }

  /** The Thalos namespace; always present for {@link ThalosRole#CLIENT} and {@link ThalosRole#SERVER}. */
  public Optional<ThalosNamespace> namespace() {
    return Optional.ofNullable(namespace);
  }

  /** What the connection is for. */
  public ThalosRole role() {
    return role;
  }

  /** Time allowed to connect. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** Time allowed per command. */
  public Duration commandTimeout() {
    return commandTimeout;
  }

  /** Whether anything about this endpoint is insecure; see {@link #insecurityReasons()}. */
  public boolean isInsecure() {
    return !insecurityReasons().isEmpty();
  }

  /** Why this endpoint is insecure, one sentence per weakness; empty when it is not. */
  public List<String> insecurityReasons() {
    List<String> reasons = new ArrayList<>();
    if (tls == null) {
      reasons.add("plaintext connection (plaintextInsecure()): passwords and messages cross the network "
          + "unencrypted and the server is not authenticated");
    } else {
      reasons.addAll(tls.insecurityReasons());
    }
    if (credentials == null) {
      reasons.add("no credentials: the connection runs as Redis' default user without AUTH");
    }
    if (topology == RedisTopology.SENTINEL && sentinelCredentials == null) {
      reasons.add("no sentinel credentials: the sentinels accept connections without AUTH, and whoever reaches "
          + "them can reconfigure the master or force a failover");
    }
    return Collections.unmodifiableList(reasons);
  }

  /**
   * The URI of this endpoint, without password: {@code rediss://user@host:port/database},
   * {@code rediss-cluster://user@host:port,host:port/0} or
   * {@code rediss-sentinel://user@host:port,host:port/database#master}.
   */
  public String toUri() {
    StringBuilder uri = new StringBuilder(topology.scheme(tls != null)).append("://");
    if (credentials != null) {
      uri.append(URLEncoder.encode(credentials.user(), StandardCharsets.UTF_8).replace("+", "%20")).append('@');
    }
    for (int i = 0; i < nodes.size(); i++) {
      uri.append(i == 0 ? "" : ",").append(nodes.get(i));
    }
    uri.append('/').append(database);
    if (masterName != null) {
      uri.append('#').append(URLEncoder.encode(masterName, StandardCharsets.UTF_8).replace("+", "%20"));
    }
    return uri.toString();
  }

  @Override
  public String toString() {
    return "ThalosRedisEndpoint{uri=" + toUri()
        + ", role=" + role.label()
        + (namespace == null ? "" : ", namespace=" + namespace)
        + (tls == null ? ", tls=none" : ", tls=" + tls)
        + (credentials == null ? "" : ", password=" + credentials.password().description())
        + (sentinelCredentials == null ? "" : ", sentinelUser=" + sentinelCredentials.user()
            + ", sentinelPassword=" + sentinelCredentials.password().description())
        + ", connectTimeout=" + connectTimeout
        + ", commandTimeout=" + commandTimeout
        + "}";
  }

  static String checkMasterName(String name) {
    if (name == null) {
      throw new IllegalArgumentException("masterName must not be null");
    }
    String problem = masterNameProblem(name);
    if (problem != null) {
      throw new IllegalArgumentException(
          "invalid masterName: '" + ControlCharacters.escape(name) + "' (" + problem + ")");
    }
    return name;
  }

  /** Why {@code name} cannot be a Sentinel master name, or {@code null}. */
  static String masterNameProblem(String name) {
    if (name.isEmpty() || name.length() > 256) {
      return "must be 1..256 characters";
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c <= ' ' || c >= 0x7f) {
        return "must be visible ASCII without spaces, as Redis Sentinel's configuration needs it";
      }
    }
    return null;
  }

  static String checkHost(String host) {
    if (host == null) {
      throw new IllegalArgumentException("host must not be null");
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    if (host.length() > 253) {
      throw new IllegalArgumentException(
          "invalid host: '" + ControlCharacters.escape(host) + "' (longer than 253 characters)");
    }
    boolean ipv6 = host.indexOf(':') >= 0;
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      boolean ok = ipv6
          ? hex || c == ':' || c == '.'
          : hex || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '.' || c == '_';
      if (!ok) {
        String unexpected = new String(Character.toChars(host.codePointAt(i)));
        throw new IllegalArgumentException("invalid host: '" + ControlCharacters.escape(host)
            + "' (unexpected character '" + ControlCharacters.escape(unexpected)
            + "'; write IPv6 addresses without brackets)");
      }
    }
    return host;
  }

  /**
   * Builder of {@link ThalosRedisEndpoint}. Setters reject malformed values naming the field;
   * {@link #build()} checks that the fields fit together.
   */
  public static final class Builder {

    private enum Transport {
      UNSET,
      TLS,
      PLAINTEXT
    }

    private String host;
    private int port = DEFAULT_PORT;
    private boolean portSet;
    private RedisTopology topology = RedisTopology.STANDALONE;
    private List<NodeAddress> nodes;
    private String masterName;
    private String sentinelUser;
    private SecretSource sentinelPassword;
    private AclCredentials sentinelCredentials;
    private int database;
    private TlsSettings tls;
    private boolean plaintextInsecure;
    private Transport uriTransport = Transport.UNSET;
    private String uriUser;
    private String user;
    private SecretSource password;
    private AclCredentials credentials;
    private ThalosNamespace namespace;
    private ThalosRole role = DEFAULT_ROLE;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration commandTimeout = DEFAULT_COMMAND_TIMEOUT;

    private Builder() {}

    private Builder copy() {
      Builder b = new Builder();
      b.host = host;
      b.port = port;
      b.portSet = portSet;
      b.topology = topology;
      b.nodes = nodes;
      b.masterName = masterName;
      b.sentinelUser = sentinelUser;
      b.sentinelPassword = sentinelPassword;
      b.sentinelCredentials = sentinelCredentials;
      b.database = database;
      b.tls = tls;
      b.plaintextInsecure = plaintextInsecure;
      b.uriTransport = uriTransport;
      b.uriUser = uriUser;
      b.user = user;
      b.password = password;
      b.credentials = credentials;
      b.namespace = namespace;
      b.role = role;
      b.connectTimeout = connectTimeout;
      b.commandTimeout = commandTimeout;
      return b;
    }

    /**
     * Sets topology, nodes, database, user and transport from {@code rediss://[user@]host[:port][/database]}
     * ({@code redis://} for plaintext, which also needs {@link #plaintextInsecure()}), or from a cluster or
     * sentinel URI (see the class documentation). Port defaults to
     * {@value ThalosRedisEndpoint#DEFAULT_PORT} (sentinels: {@value ThalosRedisEndpoint#DEFAULT_SENTINEL_PORT}),
     * database to 0.
     *
     * @throws IllegalArgumentException if the URI is malformed or contains a password, a query or a fragment
     */
    public Builder uri(String uri) {
      EndpointUri parsed = EndpointUri.parse(uri);
      this.topology = parsed.topology;
      this.masterName = parsed.masterName;
      this.portSet = false;
      if (parsed.topology == RedisTopology.STANDALONE) {
        this.host = parsed.nodes.get(0).host();
        this.port = parsed.nodes.get(0).port();
        this.nodes = null;
      } else {
        this.host = null;
        this.nodes = parsed.nodes;
      }
      this.database = parsed.database == null ? 0 : parsed.database;
      this.uriUser = parsed.user;
      this.uriTransport = parsed.tls ? Transport.TLS : Transport.PLAINTEXT;
      return this;
    }

    /**
     * Host name or IP address (IPv6 without brackets). Required unless a URI is given.
     *
     * @throws IllegalArgumentException if empty or containing characters no host name has
     */
    public Builder host(String host) {
      this.host = checkHost(host);
      this.topology = RedisTopology.STANDALONE;
      this.nodes = null;
      this.masterName = null;
      return this;
    }

    /**
     * A Redis Cluster reached through {@code seeds} (at least one; more survive a seed being down). Replaces a
     * host, URI or sentinel set before it.
     *
     * @throws IllegalArgumentException if the list is null or empty, or holds null or the same node twice
     */
    public Builder cluster(List<NodeAddress> seeds) {
      this.nodes = checkNodes(seeds, "seeds");
      this.topology = RedisTopology.CLUSTER;
      this.host = null;
      this.portSet = false;
      this.masterName = null;
      return this;
    }

    /**
     * {@link #cluster(List)} from {@code host:port} strings.
     *
     * @throws IllegalArgumentException if an address is malformed, or as {@link #cluster(List)}
     */
    public Builder cluster(String... seeds) {
      return cluster(parseAll(seeds, "seeds", DEFAULT_PORT));
    }

    /**
     * A primary found through Redis Sentinel: {@code masterName} as the sentinels know it and the sentinels'
     * addresses (at least one; give all of them, so that a sentinel being down does not matter). Replaces a
     * host, URI or cluster before it.
     *
     * @throws IllegalArgumentException if the name is empty or has spaces or control characters, or the list
     *     is null or empty, or holds null or the same sentinel twice
     */
    public Builder sentinel(String masterName, List<NodeAddress> sentinels) {
      this.masterName = checkMasterName(masterName);
      this.nodes = checkNodes(sentinels, "sentinels");
      this.topology = RedisTopology.SENTINEL;
      this.host = null;
      this.portSet = false;
      return this;
    }

    /**
     * {@link #sentinel(String, List)} from {@code host[:port]} strings (port
     * {@value ThalosRedisEndpoint#DEFAULT_SENTINEL_PORT} if omitted).
     */
    public Builder sentinel(String masterName, String... sentinels) {
      return sentinel(masterName, parseAll(sentinels, "sentinels", DEFAULT_SENTINEL_PORT));
    }

    /** The ACL user on the sentinels; needs {@link #sentinelPassword(SecretSource)}. */
    public Builder sentinelUser(String user) {
      this.sentinelUser = AclCredentials.checkUser(user);
      return this;
    }

    /** Where the sentinels' password comes from (user {@code default} unless {@link #sentinelUser}). */
    public Builder sentinelPassword(SecretSource password) {
      this.sentinelPassword = password;
      return this;
    }

    /** User and password on the sentinels at once; null for none. */
    public Builder sentinelCredentials(AclCredentials credentials) {
      this.sentinelCredentials = credentials;
      return this;
    }

    private static List<NodeAddress> checkNodes(List<NodeAddress> list, String field) {
      if (list == null) {
        throw new IllegalArgumentException(field + " must not be null");
      }
      if (list.isEmpty()) {
        throw new IllegalArgumentException("invalid " + field + ": empty (give at least one address)");
      }
      List<NodeAddress> copy = new ArrayList<>();
      for (NodeAddress node : list) {
        if (node == null) {
          throw new IllegalArgumentException("invalid " + field + ": contains null");
        }
        if (copy.contains(node)) {
          throw new IllegalArgumentException("invalid " + field + ": " + node + " is listed twice");
        }
        copy.add(node);
      }
      return List.copyOf(copy);
    }

    private static List<NodeAddress> parseAll(String[] texts, String field, int defaultPort) {
      if (texts == null) {
        throw new IllegalArgumentException(field + " must not be null");
      }
      List<NodeAddress> list = new ArrayList<>();
      for (String text : texts) {
        list.add(NodeAddress.parse(text, defaultPort));
      }
      return list;
    }

    /**
     * Port. If unset: {@value ThalosRedisEndpoint#DEFAULT_PORT}.
     *
     * @throws IllegalArgumentException if not 1..65535
     */
    public Builder port(int port) {
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("invalid port: " + port + " (must be 1..65535)");
      }
      this.port = port;
      this.portSet = true;
      return this;
    }

    /**
     * Database number. If unset: 0.
     *
     * @throws IllegalArgumentException if negative
     */
    public Builder database(int database) {
      if (database < 0) {
        throw new IllegalArgumentException("invalid database: " + database + " (must be >= 0)");
      }
      this.database = database;
      return this;
    }

    /**
     * TLS settings. If unset: {@link TlsSettings#defaults()} (unless {@link #plaintextInsecure()}).
     *
     * @throws IllegalArgumentException if null
     */
    public Builder tls(TlsSettings tls) {
      if (tls == null) {
        throw new IllegalArgumentException("tls must not be null (use plaintextInsecure() for plaintext)");
      }
      this.tls = tls;
      return this;
    }

    /**
     * INSECURE: connect without TLS. The endpoint reports itself insecure. Cannot be combined with
     * {@link #tls(TlsSettings)} or a {@code rediss://} URI.
     */
    public Builder plaintextInsecure() {
      this.plaintextInsecure = true;
      return this;
    }

    /**
     * The ACL user. If unset: the URI's user, or {@code default} when only a password is given.
     *
     * @throws IllegalArgumentException if empty or containing whitespace or control characters
     */
    public Builder user(String user) {
      this.user = AclCredentials.checkUser(user);
      return this;
    }

    /** Where the password comes from; null for none. */
    public Builder password(SecretSource password) {
      this.password = password;
      return this;
    }

    /**
     * User and password at once (instead of {@link #user(String)} and {@link #password(SecretSource)}); null
     * for none.
     */
    public Builder credentials(AclCredentials credentials) {
      this.credentials = credentials;
      return this;
    }

    /** The Thalos namespace. Required for roles {@link ThalosRole#CLIENT} and {@link ThalosRole#SERVER}. */
    public Builder namespace(ThalosNamespace namespace) {
      this.namespace = namespace;
      return this;
    }

    /**
     * What the connection is for. If unset: {@link ThalosRedisEndpoint#DEFAULT_ROLE}.
     *
     * @throws IllegalArgumentException if null
     */
    public Builder role(ThalosRole role) {
      if (role == null) {
        throw new IllegalArgumentException("role must not be null");
      }
      this.role = role;
      return this;
    }

    /**
     * Time allowed to connect. If unset: {@link ThalosRedisEndpoint#DEFAULT_CONNECT_TIMEOUT}.
     *
     * @throws IllegalArgumentException if null, zero or negative
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = checkTimeout(timeout, "connectTimeout");
      return this;
    }

    /**
     * Time allowed per command. If unset: {@link ThalosRedisEndpoint#DEFAULT_COMMAND_TIMEOUT}.
     *
     * @throws IllegalArgumentException if null, zero or negative
     */
    public Builder commandTimeout(Duration timeout) {
      this.commandTimeout = checkTimeout(timeout, "commandTimeout");
      return this;
    }

    private static Duration checkTimeout(Duration timeout, String field) {
      if (timeout == null) {
        throw new IllegalArgumentException(field + " must not be null");
      }
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("invalid " + field + ": " + timeout + " (must be positive)");
      }
      return timeout;
    }

    /**
     * The endpoint.
     *
     * @throws IllegalArgumentException if no host is set, transport settings contradict each other (plaintext
     *     URI with TLS settings, {@code rediss://} with {@link #plaintextInsecure()}, {@code redis://} without
     *     it), user names contradict each other, a user has no password, or the role needs a namespace
     * @throws dev.thalos.redis.security.auth.CredentialsException if the password cannot be obtained now (it
     *     is resolved once to check, then wiped; every connection resolves it again)
     * @throws dev.thalos.redis.security.tls.TlsMaterialException if default TLS settings cannot load the JVM's
     *     trust store
     */
    public ThalosRedisEndpoint build() {
      List<NodeAddress> effectiveNodes;
      if (host != null) {
        effectiveNodes = List.of(NodeAddress.of(host, port));
      } else if (nodes != null) {
        if (portSet) {
          throw new IllegalArgumentException("port(...) applies to a single host; give the port of each "
              + (topology == RedisTopology.SENTINEL ? "sentinel" : "seed node") + " in its address");
        } else {
          effectiveNodes = nodes;
        }
      } else {
        throw new IllegalArgumentException("host must be set (or give a uri, cluster seeds or sentinels)");
      }
      if (topology == RedisTopology.CLUSTER && database != 0) {
        throw new IllegalArgumentException("invalid database: " + database + " (Redis Cluster has only "
            + "database 0)");
      }
      AclCredentials effectiveSentinelCredentials = sentinelCredentials();
      if (effectiveSentinelCredentials != null && topology != RedisTopology.SENTINEL) {
        throw new IllegalArgumentException("sentinel credentials given for a " + topology.label()
            + " endpoint (they are for sentinel(...) endpoints only)");
      }
      if (uriTransport == Transport.PLAINTEXT && tls != null) {
        throw new IllegalArgumentException(
            "invalid uri: plaintext redis:// together with TLS settings; use rediss://");
      }
      if (uriTransport == Transport.TLS && plaintextInsecure) {
        throw new IllegalArgumentException("invalid uri: rediss:// together with plaintextInsecure()");
      }
      if (plaintextInsecure && tls != null) {
        throw new IllegalArgumentException("tls settings given together with plaintextInsecure()");
      }
      if (uriTransport == Transport.PLAINTEXT && !plaintextInsecure) {
        throw new IllegalArgumentException(
            "invalid uri: redis:// is plaintext; use rediss:// or call plaintextInsecure() explicitly");
      }
      AclCredentials effectiveCredentials = credentials();
      if ((role == ThalosRole.CLIENT || role == ThalosRole.SERVER) && namespace == null) {
        throw new IllegalArgumentException(
            "namespace must be set for role " + role.label() + " (the Thalos channels it "
                + (role == ThalosRole.CLIENT ? "subscribes to" : "publishes to") + ")");
      }
      if (effectiveCredentials != null) {
        // fail now, not at the first connect, if the password cannot be had (missing file, bad mode, unset variable)
        effectiveCredentials.password().resolve().close();
      }
      if (effectiveSentinelCredentials != null) {
        effectiveSentinelCredentials.password().resolve().close();
      }
      TlsSettings effectiveTls = plaintextInsecure ? null : (tls != null ? tls : TlsSettings.defaults());
      return new ThalosRedisEndpoint(this, effectiveNodes, effectiveTls, effectiveCredentials,
          effectiveSentinelCredentials);
    }

    private AclCredentials sentinelCredentials() {
      if (sentinelCredentials != null) {
        if (sentinelUser != null || sentinelPassword != null) {
          throw new IllegalArgumentException(
              "give either sentinelCredentials or sentinelUser/sentinelPassword, not both");
        }
        return sentinelCredentials;
      }
      if (sentinelPassword == null) {
        if (sentinelUser != null) {
          throw new IllegalArgumentException("the sentinel user has no password: set sentinelPassword(SecretSource)");
        }
        return null;
      }
      return AclCredentials.of(sentinelUser == null ? AclCredentials.DEFAULT_USER : sentinelUser, sentinelPassword);
    }

    private AclCredentials credentials() {
      String named = user;
      if (uriUser != null) {
        if (named != null && !named.equals(uriUser)) {
          throw new IllegalArgumentException(
              "invalid user: user(...) differs from the user given in the uri");
        }
        named = uriUser;
      }
      if (credentials != null) {
        if (named != null && !named.equals(credentials.user())) {
          throw new IllegalArgumentException(
              "invalid credentials: their user differs from the user given by user(...) or the uri");
        }
        if (password != null) {
          throw new IllegalArgumentException("give either credentials or password, not both");
        }
        return credentials;
      }
      if (password == null) {
        if (named != null) {
          // the name is not quoted: with Lettuce's URI convention it could be a password
          throw new IllegalArgumentException("the user" + (uriUser != null ? " given in the uri" : "")
              + " has no password: set password(SecretSource) (the part of a uri before '@' is the ACL user "
              + "name, never a password)");
        }
        return null;
      }
      return AclCredentials.of(named == null ? AclCredentials.DEFAULT_USER : named, password);
    }
  }
}
