package dev.thalos.redis.security.endpoint;

import dev.thalos.redis.security.auth.AclCredentials;
import dev.thalos.redis.security.auth.SecretSource;
import dev.thalos.redis.security.channel.ThalosNamespace;
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
 * One secure Thalos Redis endpoint: where to connect ({@link #host()}, {@link #port()}), how
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
 * <h2>URI</h2>
 * {@code rediss://[user@]host[:port][/database]} — {@code redis://} for plaintext. The user part is the ACL
 * user name (percent-encoded if needed; unlike Lettuce, {@code redis://x@host} never means password
 * {@code x}). Passwords, query parameters and fragments are refused: a password in a URI ends up in logs,
 * shell history and process lists; give it as a {@link SecretSource}.
 *
 * <h2>Environment</h2>
 * {@link #fromEnvironment(Map)} reads these variables (only {@value #ENV_URI} is required):
 * <table>
 *   <caption>Environment variables</caption>
 *   <tr><th>Variable</th><th>Meaning</th></tr>
 *   <tr><td>{@value #ENV_URI}</td><td>{@code rediss://[user@]host[:port][/database]}</td></tr>
 *   <tr><td>{@value #ENV_USER}</td><td>ACL user (if not in the URI)</td></tr>
 *   <tr><td>{@value #ENV_PASSWORD_FILE}</td><td>file holding the password (owner-only permissions)</td></tr>
 *   <tr><td>{@value #ENV_PASSWORD}</td><td>the password itself (read on every connect); prefer the file</td></tr>
 *   <tr><td>{@value #ENV_CA}</td><td>PEM file of trusted CA certificates (default: JVM trust store)</td></tr>
 *   <tr><td>{@value #ENV_CERT}, {@value #ENV_KEY}</td><td>PEM client certificate (chain) and key for
 *       mutual TLS</td></tr>
 *   <tr><td>{@value #ENV_KEY_PASSWORD_FILE}</td><td>file holding the password of an encrypted key</td></tr>
 *   <tr><td>{@value #ENV_TLS_PROTOCOLS}</td><td>comma-separated, e.g. {@code TLSv1.3}</td></tr>
 *   <tr><td>{@value #ENV_TLS_CIPHERS}</td><td>comma-separated JSSE cipher suite names</td></tr>
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

  private final String host;
  private final int port;
  private final int database;
  private final TlsSettings tls;
  private final AclCredentials credentials;
  private final ThalosNamespace namespace;
  private final ThalosRole role;
  private final Duration connectTimeout;
  private final Duration commandTimeout;
  private final Builder settings;

  private ThalosRedisEndpoint(Builder b, TlsSettings tls, AclCredentials credentials) {
    this.host = b.host;
    this.port = b.port;
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

  /** Host name or IP address (IPv6 without brackets). */
  public String host() {
    return host;
  }

  /** Port, 1..65535. */
  public int port() {
    return port;
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
    return Collections.unmodifiableList(reasons);
  }

  /** The URI of this endpoint, without password: {@code rediss://user@host:port/database}. */
  public String toUri() {
    StringBuilder uri = new StringBuilder(tls == null ? "redis://" : "rediss://");
    if (credentials != null) {
      uri.append(URLEncoder.encode(credentials.user(), StandardCharsets.UTF_8).replace("+", "%20")).append('@');
    }
    uri.append(host.indexOf(':') >= 0 ? "[" + host + "]" : host).append(':').append(port);
    uri.append('/').append(database);
    return uri.toString();
  }

  @Override
  public String toString() {
    return "ThalosRedisEndpoint{uri=" + toUri()
        + ", role=" + role.label()
        + (namespace == null ? "" : ", namespace=" + namespace)
        + (tls == null ? ", tls=none" : ", tls=" + tls)
        + (credentials == null ? "" : ", password=" + credentials.password().description())
        + ", connectTimeout=" + connectTimeout
        + ", commandTimeout=" + commandTimeout
        + "}";
  }

  static String checkHost(String host) {
    if (host == null) {
      throw new IllegalArgumentException("host must not be null");
    }
    if (host.isEmpty()) {
      throw new IllegalArgumentException("host must not be empty");
    }
    if (host.length() > 253) {
      throw new IllegalArgumentException("invalid host: '" + host + "' (longer than 253 characters)");
    }
    boolean ipv6 = host.indexOf(':') >= 0;
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
      boolean ok = ipv6
          ? hex || c == ':' || c == '.'
          : hex || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '.' || c == '_';
      if (!ok) {
        throw new IllegalArgumentException("invalid host: '" + host + "' (unexpected character '" + c
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
     * Sets host, port, database, user and transport from {@code rediss://[user@]host[:port][/database]}
     * ({@code redis://} for plaintext, which also needs {@link #plaintextInsecure()}). Port defaults to
     * {@value ThalosRedisEndpoint#DEFAULT_PORT}, database to 0.
     *
     * @throws IllegalArgumentException if the URI is malformed or contains a password, a query or a fragment
     */
    public Builder uri(String uri) {
      EndpointUri parsed = EndpointUri.parse(uri);
      this.host = parsed.host;
      this.port = parsed.port;
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
      return this;
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
      if (host == null) {
        throw new IllegalArgumentException("host must be set (or give a uri)");
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
      TlsSettings effectiveTls = plaintextInsecure ? null : (tls != null ? tls : TlsSettings.defaults());
      return new ThalosRedisEndpoint(this, effectiveTls, effectiveCredentials);
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
