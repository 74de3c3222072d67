package dev.thalos.redis.security.check;

import dev.thalos.redis.security.ThalosSecurityException;
import dev.thalos.redis.security.acl.ThalosAclPlan;
import dev.thalos.redis.security.channel.ThalosNamespace;
import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import dev.thalos.redis.security.endpoint.ThalosRole;
import dev.thalos.redis.security.internal.ControlCharacters;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The live startup self-check: with a {@link RedisProbe} connected exactly as the application connects, finds
 * out — with evidence — whether the Redis of a Thalos deployment and the application's own connection are as
 * safe as the Thalos security guide asks: TLS and the server certificate, authentication, the default user, this
 * user's privileges against its {@link Role}, channel and key permissions, a dedicated instance, the server
 * version against known CVEs, and (where the user may read them) {@code bind}, {@code protected-mode},
 * {@code enable-debug-command}, {@code enable-module-command}, the pub/sub output buffer limit and the peers
 * connected from outside trusted networks.
 *
 * <p>With Lettuce, {@code dev.thalos.redis.security.lettuce.LettuceSelfCheck} opens the probe from a
 * {@link dev.thalos.redis.security.endpoint.ThalosRedisEndpoint}; at application startup:
 *
 * <pre>{@code
 * ThalosRedisEndpoint endpoint = ThalosRedisEndpoint.fromEnvironment();
 * CheckReport report = LettuceSelfCheck.run(endpoint);         // SelfCheck.forEndpoint(endpoint) settings
 * log.info("{}", report.render(ReportFormat.TEXT));
 * report.requirePassing(Policy.failOn(Severity.HIGH));           // throws CheckFailedException listing failures
 * }</pre>
 *
 * <p>With any other client, implement {@link RedisProbe} and call {@link #run(RedisProbe)}:
 *
 * <pre>{@code
 * SelfCheck check = SelfCheck.builder()
 *     .role(Role.SUBSCRIBER)
 *     .namespace(ThalosNamespace.of("wax"))
 *     .build();
 * CheckReport report = check.run(probe);
 * }</pre>
 *
 * <h2>What it sends</h2>
 * Every probe is side-effect free even when the command is permitted (see {@link RedisProbe}): introspection
 * ({@code HELLO} without arguments, {@code ACL WHOAMI}, {@code CONFIG GET}, {@code INFO server}, one
 * {@code SCAN} page, {@code PUBSUB CHANNELS}) and forms of privileged commands that Redis lets through the ACL
 * check and then rejects or runs without effect: {@code CLIENT KILL ID 0}, {@code CLIENT PAUSE -1},
 * {@code CONFIG SET thalos-selfcheck-<random> x}, {@code FLUSHALL thalos-selfcheck}, {@code DEBUG HELP},
 * {@code EVAL "return type(package)" 0}, {@code EXPIRE thalos-selfcheck-<random> 1},
 * {@code SET thalos::cache::thalos-selfcheck-<random> "" XX}, {@code PUBLISH thalos-selfcheck-<random> ""} (a
 * random channel nobody subscribes to). All of them go out in one pipelined batch; a second connection without
 * credentials sends one more batch. Denials are written to {@code ACL LOG}; every invented key and channel
 * contains {@code thalos-selfcheck}, and the Lettuce probe names its connection
 * {@value #PROBE_CLIENT_NAME}. A client-role run costs three round trips ({@link CheckReport#roundTrips()}): the
 * batch, the batch of the connection without credentials and the {@code SUBSCRIBE} attempts on a connection of
 * their own. Over TLS, {@code live.tls.weak-suites-accepted} opens two or three more connections that carry
 * only a TLS handshake, offering weak options, dropped as soon as the server chooses
 * ({@link RedisProbe#attemptTlsHandshake}).
 *
 * <p>A rule that cannot look (no privilege, older Redis) reports {@link Outcome#SKIPPED} with the reason, never
 * a silent pass. Immutable and thread-safe; each {@code run} uses fresh random probe names.
 */
public final class SelfCheck {

  /** The client name of the probe connection, shown by {@code CLIENT LIST} (where the handshake can set it). */
  public static final String PROBE_CLIENT_NAME = "thalos-selfcheck";

  /** Default: warn when the server certificate expires within 30 days. */
  public static final int DEFAULT_CERTIFICATE_WARNING_DAYS = 30;

  private static final SecureRandom RANDOM = new SecureRandom();

  /** What a cache key prefix must not contain: glob characters and whitespace. */
  private static final Pattern GLOB_OR_SPACE = Pattern.compile("[*?\\[\\]\\\\\\s]");

  private final Role role;
  private final ThalosNamespace namespace;
  private final String cacheKeyPrefix;
  private final List<Cidr> trustedNetworks;
  private final Clock clock;
  private final int certificateWarningDays;

  private SelfCheck(Builder b) {
    this.role = b.role;
    this.namespace = b.namespace;
    this.cacheKeyPrefix = b.cacheKeyPrefix;
    this.trustedNetworks = List.copyOf(b.trustedNetworks);
    this.clock = b.clock;
    this.certificateWarningDays = b.certificateWarningDays;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder mutate() {
    Builder b = new Builder().role(role).cacheKeyPrefix(cacheKeyPrefix).clock(clock)
        .certificateWarningDays(certificateWarningDays);
    b.namespace = namespace;
    b.trustedNetworks.addAll(trustedNetworks);
    return b;
  }

  /**
   * Settings for {@code endpoint}: its role (mapped with {@link #role(ThalosRole)}) and its namespace, other
   * settings at their defaults.
   */
  public static SelfCheck forEndpoint(ThalosRedisEndpoint endpoint) {
    Objects.requireNonNull(endpoint, "endpoint must not be null");
    Builder b = builder().role(endpoint.role());
    endpoint.namespace().ifPresent(b::namespace);
    return b.build();
  }

  /**
   * The check role of an endpoint role — the one place where the two are mapped: {@link ThalosRole#CLIENT} is
   * {@link Role#SUBSCRIBER}, {@link ThalosRole#SERVER} is {@link Role#PUBLISHER}, {@link ThalosRole#ADMIN} is
   * {@link Role#OPERATOR}.
   */
  public static Role role(ThalosRole role) {
    Objects.requireNonNull(role, "role must not be null");
    switch (role) {
      case CLIENT:
        return Role.SUBSCRIBER;
      case SERVER:
        return Role.PUBLISHER;
      case ADMIN:
        return Role.OPERATOR;
      default:
        throw new IllegalArgumentException("invalid role: " + role);
    }
  }

  /** A fresh list of the live rules, in the order they run. */
  public static List<Rule> liveRules() {
    List<Rule> rules = new ArrayList<>();
    rules.add(new LiveTlsRules.Connection());
    rules.add(new LiveTlsRules.InUse());
    rules.add(new LiveTlsRules.Certificate());
    rules.add(new LiveTlsRules.WeakSuites());
    rules.add(new LiveAccessRules.AuthRequired());
    rules.add(new LiveAccessRules.DefaultUser());
    rules.add(new LiveAccessRules.DangerousCommands());
    rules.add(new LiveAccessRules.Publish());
    rules.add(new LiveAccessRules.Keys());
    rules.add(new LiveAccessRules.Channels());
    rules.add(new LiveAccessRules.OtherUsers());
    rules.add(new LiveServerRules.Version());
    rules.add(new LiveServerRules.LuaSandbox());
    rules.add(new LiveServerRules.Dedicated());
    rules.add(new LiveServerRules.TrustedPeers());
    rules.addAll(LiveServerRules.FromConfig.all());
    rules.add(new LiveTlsRules.PubsubWriteBug());
    return rules;
  }

  public Role role() {
    return role;
  }

  public Optional<ThalosNamespace> namespace() {
    return Optional.ofNullable(namespace);
  }

  public String cacheKeyPrefix() {
    return cacheKeyPrefix;
  }

  /** The trusted networks in CIDR notation. */
  public List<String> trustedNetworks() {
    List<String> out = new ArrayList<>();
    trustedNetworks.forEach(c -> out.add(c.toString()));
    return out;
  }

  List<Cidr> trustedNetworkList() {
    return trustedNetworks;
  }

  public Clock clock() {
    return clock;
  }

  public int certificateWarningDays() {
    return certificateWarningDays;
  }

  /**
   * Runs the live rules through {@code probe}; the caller keeps ownership of the probe and closes it. Never
   * throws because of what the server answers; the report counts round trips and connections.
   */
  public CheckReport run(RedisProbe probe) {
    return run(probe, facts -> { });
  }

  /** {@link #run(RedisProbe)}, handing the run's facts (the replies of its one batch) to {@code facts}. */
  CheckReport run(RedisProbe probe, Consumer<LiveFacts> facts) {
    Objects.requireNonNull(probe, "probe must not be null");
    return run(CheckContext.builder().role(role).target(probe.describe()).probe(probe), Optional.empty(), facts);
  }

  /**
   * The report when the probe could not connect: {@code live.connection} fails with the failure's reason (or,
   * for a refused server certificate, {@code live.tls.certificate} does), every other rule is skipped.
   *
   * @param target where the connection went, without credentials
   * @param failure the domain exception of the failed connection (its message must not contain secrets)
   */
  public CheckReport connectionFailed(String target, ThalosSecurityException failure) {
    Objects.requireNonNull(failure, "failure must not be null");
    return run(CheckContext.builder().role(role).target(target),
        Optional.of(new LiveFacts.ConnectFailure(failure.reason(), failure.getMessage())), facts -> { });
  }

  private CheckReport run(CheckContext.Builder context, Optional<LiveFacts.ConnectFailure> failure,
      Consumer<LiveFacts> factsSink) {
    byte[] token = new byte[8];
    RANDOM.nextBytes(token);
    LiveFacts facts = new LiveFacts(this, role, HexFormat.of().formatHex(token), failure);
    factsSink.accept(facts);
    CheckEngine engine = CheckEngine.builder().rules(liveRules()).clock(clock).build();
    return engine.run(context.attribute(LiveFacts.class, facts).build());
  }

  @Override
  public String toString() {
    return "SelfCheck[" + role.label() + ", namespace=" + namespace + ", trustedNetworks=" + trustedNetworks + "]";
  }

  /**
   * Builder of {@link SelfCheck}. If unset: role {@link Role#SUBSCRIBER}, no namespace (channel rules are
   * skipped), cache prefix {@link ThalosAclPlan#DEFAULT_CACHE_KEY_PREFIX}, no trusted networks (the peer rule is
   * skipped), the system UTC clock, {@link #DEFAULT_CERTIFICATE_WARNING_DAYS}.
   */
  public static final class Builder {
    private Role role = Role.SUBSCRIBER;
    private ThalosNamespace namespace;
    private String cacheKeyPrefix = ThalosAclPlan.DEFAULT_CACHE_KEY_PREFIX;
    private final List<Cidr> trustedNetworks = new ArrayList<>();
    private Clock clock = Clock.systemUTC();
    private int certificateWarningDays = DEFAULT_CERTIFICATE_WARNING_DAYS;

    private Builder() {}

    public Builder role(Role role) {
      this.role = Objects.requireNonNull(role, "role must not be null");
      return this;
    }

    /** The role of an endpoint, mapped with {@link SelfCheck#role(ThalosRole)}. */
    public Builder role(ThalosRole role) {
      return role(SelfCheck.role(role));
    }

    /** The Thalos namespace the user should be confined to. */
    public Builder namespace(ThalosNamespace namespace) {
      this.namespace = Objects.requireNonNull(namespace, "namespace must not be null");
      return this;
    }

    /** The key prefix of the Thalos server's cache. */
    public Builder cacheKeyPrefix(String prefix) {
      Objects.requireNonNull(prefix, "cacheKeyPrefix must not be null");
      if (prefix.isEmpty() || prefix.length() > 200 || GLOB_OR_SPACE.matcher(prefix).find()) {
        throw new IllegalArgumentException("invalid cacheKeyPrefix: " + ControlCharacters.escape(prefix)
            + " (must be non-empty, without glob characters or spaces)");
      }
      this.cacheKeyPrefix = prefix;
      return this;
    }

    /**
     * Adds a trusted network for the operator's peer rule, e.g. {@code 10.0.0.0/8}, {@code 127.0.0.1/32},
     * {@code fd00::/8}.
     *
     * @throws IllegalArgumentException quoting the value if it is not an IP literal with optional prefix
     */
    public Builder trustedNetwork(String cidr) {
      trustedNetworks.add(Cidr.parse(cidr));
      return this;
    }

    public Builder trustedNetworks(List<String> cidrs) {
      Objects.requireNonNull(cidrs, "trustedNetworks must not be null");
      cidrs.forEach(this::trustedNetwork);
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock must not be null");
      return this;
    }

    /** Warn when the server certificate expires within this many days (0..3650). */
    public Builder certificateWarningDays(int days) {
      if (days < 0 || days > 3650) {
        throw new IllegalArgumentException("invalid certificateWarningDays: " + days + " (must be 0..3650)");
      }
      this.certificateWarningDays = days;
      return this;
    }

    public SelfCheck build() {
      return new SelfCheck(this);
    }
  }
}
