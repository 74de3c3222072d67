package dev.thalos.redis.security.acl;

import dev.thalos.redis.security.channel.ThalosNamespace;
import dev.thalos.redis.security.internal.LoneSurrogates;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A description of the Redis ACL users a Thalos deployment needs, from which {@link #generate()} produces a
 * {@code users.acl} file and the equivalent {@code ACL SETUSER} commands:
 * <ul>
 *   <li>the <b>Thalos server</b> may {@code PUBLISH} to its chains' namespaces, {@code PING}, and
 *       {@code GET}/{@code SET} keys under the cache prefix ({@value #DEFAULT_CACHE_KEY_PREFIX} unless set) —
 *       nothing else;</li>
 *   <li>each <b>client</b> may only {@code SUBSCRIBE}/{@code UNSUBSCRIBE}/{@code PING} on
 *       {@code <prefix>::<chain>::*} of its own chains — no {@code +@connection}, so no {@code CLIENT KILL},
 *       {@code CLIENT PAUSE} or {@code CLIENT LIST};</li>
 *   <li>the <b>admin</b> is a separate user with all permissions;</li>
 *   <li>the {@code default} user is {@code off} unless {@link DefaultUserPolicy#INSECURE_NOPASS_CLIENT}.</li>
 * </ul>
 * Passwords are 256-bit random values from {@link java.security.SecureRandom} (64 hex digits, like
 * {@code ACL GENPASS}) unless the operator provides one; the file holds only their SHA-256 hashes.
 *
 * <p><b>Handshake commands.</b> {@code HELLO} and {@code AUTH} are never ACL-gated. This library's Lettuce
 * adapter (minimal-handshake profile) sends nothing else before {@code SUBSCRIBE}; a client that names its
 * connection under RESP2 sends {@code CLIENT SETNAME}, allowed with {@link Builder#clientSetName(boolean)} (else
 * it is refused, the client connects anyway, and each connect leaves an {@code ACL LOG} entry). The Thalos server
 * (go-redis v9) sends {@code CLIENT SETINFO} on connect and ignores its error. It is deliberately <em>not</em>
 * allowed: Redis 7.0 has no such subcommand, refuses an ACL file that names it, and answers go-redis with
 * "unknown subcommand" before any ACL check (no {@code ACL LOG} entry). On Redis 7.2 and later an operator may
 * add {@code +client|setinfo} to the server user by hand: it only labels the server's own connection, and it
 * keeps two NOPERM entries per connect out of {@code ACL LOG}.
 *
 * <pre>{@code
 * ThalosAclPlan plan = ThalosAclPlan.builder()
 *     .namespace(ThalosNamespace.of("wax"))
 *     .server("thalos")
 *     .client("wax-reader", "wax")
 *     .admin("admin")
 *     .build();
 * GeneratedAcl acl = plan.generate();
 * Files.writeString(path, acl.aclFile());
 * acl.revealPasswords();   // once: user name -> password, for the operator
 * }</pre>
 */
public final class ThalosAclPlan {

  /** Key prefix of the Thalos server's cache unless set. */
  public static final String DEFAULT_CACHE_KEY_PREFIX = "thalos::cache::";

  /** Shortest operator-provided password accepted. */
  public static final int MIN_PASSWORD_LENGTH = 16;

  /** What a client may run with this library's Lettuce adapter (HELLO and AUTH are not ACL-gated). */
  public static final List<String> CLIENT_COMMANDS = List.of("subscribe", "unsubscribe", "ping");

  /**
   * What a Lettuce Redis Cluster client runs besides its role's commands: {@code CLUSTER NODES} and {@code INFO}
   * (topology refresh), {@code CLUSTER MYID} and {@code CLIENT SETNAME} (node connections). Lettuce copes with a
   * refusal, but every refused command is written to {@code ACL LOG} on every topology refresh.
   */
  public static final List<String> CLUSTER_COMMANDS = List.of("cluster|nodes", "cluster|myid", "info",
      "client|setname");

  /** What the Thalos server (go-redis v9) runs. */
  public static final List<String> SERVER_COMMANDS = List.of("publish", "ping", "get", "set");

  private final List<ThalosNamespace> namespaces;
  private final String serverUser;
  private final String cacheKeyPrefix;
  private final Map<String, List<ThalosNamespace>> clients;
  private final String adminUser;
  private final DefaultUserPolicy defaultUserPolicy;
  private final boolean clientSetName;
  private final boolean redisCluster;
  private final Map<String, char[]> passwords;

  private ThalosAclPlan(Builder b) {
    this.namespaces = List.copyOf(b.namespaces);
    this.serverUser = b.serverUser;
    this.cacheKeyPrefix = b.cacheKeyPrefix;
    Map<String, List<ThalosNamespace>> c = new LinkedHashMap<>();
    b.clients.forEach((k, v) -> c.put(k, List.copyOf(v)));
    this.clients = Collections.unmodifiableMap(c);
    this.adminUser = b.adminUser;
    this.defaultUserPolicy = b.defaultUserPolicy;
    this.clientSetName = b.clientSetName;
    this.redisCluster = b.redisCluster;
    Map<String, char[]> p = new LinkedHashMap<>();
    b.passwords.forEach((k, v) -> p.put(k, v.clone()));
    this.passwords = p;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The chains' namespaces the server publishes to. */
  public List<ThalosNamespace> namespaces() {
    return namespaces;
  }

  /** The server user's name, or {@code null} when the plan has no server user. */
  public String serverUser() {
    return serverUser;
  }

  public String cacheKeyPrefix() {
    return cacheKeyPrefix;
  }

  /** Client user names and the namespaces each may subscribe to. */
  public Map<String, List<ThalosNamespace>> clients() {
    return clients;
  }

  /** The admin user's name, or {@code null}. */
  public String adminUser() {
    return adminUser;
  }

  public DefaultUserPolicy defaultUserPolicy() {
    return defaultUserPolicy;
  }

  /** Whether clients may also run {@code CLIENT SETNAME} (to name their connection). */
  public boolean clientSetName() {
    return clientSetName;
  }

  /** Whether the users are for a Redis Cluster (they then also get {@link #CLUSTER_COMMANDS}). */
  public boolean redisCluster() {
    return redisCluster;
  }

  /** Generates users with fresh random passwords where none was provided. */
  public GeneratedAcl generate() {
    return GeneratedAcl.generate(this, new java.security.SecureRandom());
  }

  char[] providedPassword(String user) {
    char[] p = passwords.get(user);
    return p == null ? null : p.clone();
  }

  /** Does not show provided passwords. */
  @Override
  public String toString() {
    return "ThalosAclPlan{namespaces=" + namespaces + ", server=" + serverUser + ", clients=" + clients.keySet()
        + ", admin=" + adminUser + ", default=" + defaultUserPolicy + ", providedPasswords=" + passwords.keySet()
        + "}";
  }

  /** Builder; {@link #build()} checks that names are distinct and every client chain is one of the plan's. */
  public static final class Builder {
    private final List<ThalosNamespace> namespaces = new ArrayList<>();
    private String serverUser;
    private String cacheKeyPrefix = DEFAULT_CACHE_KEY_PREFIX;
    private final Map<String, List<ThalosNamespace>> clients = new LinkedHashMap<>();
    private final Map<String, List<String>> clientChains = new LinkedHashMap<>();
    private String adminUser;
    private DefaultUserPolicy defaultUserPolicy = DefaultUserPolicy.OFF;
    private boolean clientSetName;
    private boolean redisCluster;
    private final Map<String, char[]> passwords = new LinkedHashMap<>();

    private Builder() {
    }

    /** Adds a chain's namespace ({@code <prefix>::<chain>}). At least one is required. */
    public Builder namespace(ThalosNamespace namespace) {
      Objects.requireNonNull(namespace, "namespace must not be null");
      if (!namespaces.contains(namespace)) {
        namespaces.add(namespace);
      }
      return this;
    }

    /** The Thalos server's user. If unset, the plan has no server user. */
    public Builder server(String userName) {
      this.serverUser = userName(userName);
      return this;
    }

    /**
     * The key prefix of the server's cache. If unset, {@value #DEFAULT_CACHE_KEY_PREFIX}. Must not contain
     * glob metacharacters.
     */
    public Builder cacheKeyPrefix(String prefix) {
      AclTokens.requireToken("cache key prefix", prefix);
      for (char c : prefix.toCharArray()) {
        if ("*?[]\\".indexOf(c) >= 0) {
          throw new IllegalArgumentException("invalid cache key prefix: " + AclTokens.quote(prefix)
              + " (glob metacharacters * ? [ ] \\ are not allowed)");
        }
      }
      this.cacheKeyPrefix = prefix;
      return this;
    }

    /**
     * Adds a client user allowed to subscribe to the given chains (chain names or ids of namespaces added with
     * {@link #namespace}); with no chains, all of the plan's chains.
     *
     * @throws IllegalArgumentException if the user name is invalid or a chain name holds a lone surrogate
     */
    public Builder client(String userName, String... chains) {
      String name = userName(userName);
      for (String chain : chains) {
        if (chain != null && LoneSurrogates.indexIn(chain) >= 0) {
          throw new IllegalArgumentException("invalid chain name for client " + AclTokens.quote(name) + ": "
              + AclTokens.quote(chain) + " (" + AclTokens.LONE_SURROGATE + ")");
        }
      }
      clientChains.put(name, Arrays.asList(chains.clone()));
      return this;
    }

    /** The admin user (all permissions). If unset, the plan has no admin user. */
    public Builder admin(String userName) {
      this.adminUser = userName(userName);
      return this;
    }

    /** If unset, {@link DefaultUserPolicy#OFF}. */
    public Builder defaultUser(DefaultUserPolicy policy) {
      this.defaultUserPolicy = Objects.requireNonNull(policy, "policy must not be null");
      return this;
    }

    /**
     * Also allow clients {@code CLIENT SETNAME} ({@code +client|setname}), for clients that name their
     * connection. If unset, {@code false}: this library's Lettuce adapter needs only
     * {@link #CLIENT_COMMANDS}. ({@code CLIENT SETINFO} exists from Redis 7.2 on; a 7.0 server refuses an ACL
     * that names it, so it is never generated.)
     */
    public Builder clientSetName(boolean allow) {
      this.clientSetName = allow;
      return this;
    }

    /**
     * Whether the users are for a Redis Cluster: server and client users then also get
     * {@link #CLUSTER_COMMANDS}. Load the same users on every node (Redis does not replicate ACLs). If unset,
     * {@code false}.
     */
    public Builder redisCluster(boolean cluster) {
      this.redisCluster = cluster;
      return this;
    }

    /**
     * Uses an operator-provided password for a user instead of a generated one. The array is copied; wipe
     * yours afterwards.
     *
     * @throws IllegalArgumentException when shorter than {@value #MIN_PASSWORD_LENGTH} characters
     */
    public Builder password(String userName, char[] password) {
      String name = userName(userName);
      Objects.requireNonNull(password, "password must not be null");
      if (password.length < MIN_PASSWORD_LENGTH) {
        throw new IllegalArgumentException("invalid password for user " + AclTokens.quote(name)
            + ": too short (must be at least " + MIN_PASSWORD_LENGTH + " characters)");
      }
      passwords.put(name, password.clone());
      return this;
    }

    private static String userName(String name) {
      AclTokens.requireToken("user name", name);
      if (name.equals("default")) {
        throw new IllegalArgumentException("invalid user name: 'default' (Redis's default user is set by "
            + "defaultUser(DefaultUserPolicy))");
      }
      return name;
    }

    public ThalosAclPlan build() {
      if (namespaces.isEmpty()) {
        throw new IllegalStateException("a plan needs at least one namespace");
      }
      if (serverUser == null && clientChains.isEmpty() && adminUser == null) {
        throw new IllegalStateException("a plan needs at least one user (server, client or admin)");
      }
      Set<String> names = new LinkedHashSet<>();
      List<String> all = new ArrayList<>();
      if (serverUser != null) {
        all.add(serverUser);
      }
      all.addAll(clientChains.keySet());
      if (adminUser != null) {
        all.add(adminUser);
      }
      for (String n : all) {
        if (!names.add(n)) {
          throw new IllegalStateException("user name used for two roles: " + AclTokens.quote(n));
        }
      }
      for (String p : passwords.keySet()) {
        if (!names.contains(p)) {
          throw new IllegalStateException("password given for unknown user: " + AclTokens.quote(p));
        }
      }
      clients.clear();
      for (Map.Entry<String, List<String>> e : clientChains.entrySet()) {
        List<ThalosNamespace> ns = new ArrayList<>();
        if (e.getValue().isEmpty()) {
          ns.addAll(namespaces);
        }
        for (String chain : e.getValue()) {
          ThalosNamespace found = null;
          for (ThalosNamespace n : namespaces) {
            if (n.chain().equals(chain)) {
              found = n;
            }
          }
          if (found == null) {
            throw new IllegalStateException("client " + AclTokens.quote(e.getKey()) + " names chain "
                + AclTokens.quote(chain) + ", which is not one of the plan's namespaces");
          }
          if (!ns.contains(found)) {
            ns.add(found);
          }
        }
        clients.put(e.getKey(), ns);
      }
      return new ThalosAclPlan(this);
    }
  }
}
