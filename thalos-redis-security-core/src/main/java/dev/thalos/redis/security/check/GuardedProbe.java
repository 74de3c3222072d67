package dev.thalos.redis.security.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The probe the engine hands to rules: counts round trips and opened connections, and refuses commands with side
 * effects before they reach the adapter.
 */
final class GuardedProbe implements RedisProbe {

  /** Commands never sent, whatever their arguments. */
  private static final Set<String> REFUSED = Set.of(
      "FLUSHALL", "FLUSHDB", "SHUTDOWN", "DEBUG", "SAVE", "BGSAVE", "BGREWRITEAOF", "REPLICAOF", "SLAVEOF",
      "FAILOVER", "MODULE", "MIGRATE", "SWAPDB", "KEYS", "MONITOR", "SYNC", "PSYNC", "RESTORE", "DEL", "UNLINK",
      "SET", "SETEX", "PSETEX", "GETSET", "GETDEL", "EXPIRE", "PEXPIRE", "FUNCTION", "EVAL", "EVALSHA",
      "EVAL_RO", "EVALSHA_RO", "FCALL", "FCALL_RO", "RESET", "SELECT", "MULTI", "EXEC", "WATCH", "HSET",
      "LPUSH", "RPUSH", "SADD", "ZADD", "XADD", "INCR", "DECR", "APPEND", "RENAME", "COPY", "MOVE");

  /** Commands with subcommands: the only subcommands sent (upper case); any other is refused. */
  private static final Map<String, Set<String>> ALLOWED_SUBCOMMANDS = Map.of(
      "CONFIG", Set.of("GET"),
      "ACL", Set.of("WHOAMI", "GETUSER", "LIST", "CAT", "DRYRUN", "USERS", "HELP"),
      "SCRIPT", Set.of("EXISTS"),
      "CLUSTER", Set.of("NODES", "SLOTS", "SHARDS", "INFO", "MYID", "KEYSLOT", "HELP"),
      "SENTINEL", Set.of("MASTERS", "MASTER", "REPLICAS", "SLAVES", "SENTINELS", "GET-MASTER-ADDR-BY-NAME",
          "CKQUORUM", "MYID", "HELP"),
      "CLIENT", Set.of("INFO", "ID", "GETNAME", "KILL"));

  private final RedisProbe delegate;
  private final AtomicLong roundTrips;
  private final AtomicLong connections;

  GuardedProbe(RedisProbe delegate, AtomicLong roundTrips, AtomicLong connections) {
    this.delegate = Objects.requireNonNull(delegate, "delegate must not be null");
    this.roundTrips = roundTrips;
    this.connections = connections;
  }

  static void checkAllowed(String... args) {
    if (args == null || args.length == 0 || args[0] == null || args[0].isBlank()) {
      throw new IllegalArgumentException("command must not be empty");
    }
    if (HarmlessProbes.isHarmless(args)) {
      return;
    }
    String name = args[0].toUpperCase(Locale.ROOT);
    String sub = args.length > 1 && args[1] != null ? args[1].toUpperCase(Locale.ROOT) : "";
    Set<String> allowedSubcommands = ALLOWED_SUBCOMMANDS.get(name);
    boolean refused = REFUSED.contains(name)
        || allowedSubcommands != null && !allowedSubcommands.contains(sub)
        || name.equals("CLIENT") && sub.equals("KILL") && !isKillIdZero(args)
        || name.equals("HELLO") && args.length > 2;
    if (refused) {
      throw new ProbeException(ProbeException.REFUSED,
          "the engine refuses to send " + name + (sub.isEmpty() ? "" : " " + sub)
              + " from a self-check: it may change the server");
    }
  }

  private static boolean isKillIdZero(String... args) {
    return args.length == 4 && "ID".equalsIgnoreCase(args[2]) && "0".equals(args[3]);
  }

  @Override
  public ProbeReply command(String... args) {
    checkAllowed(args);
    roundTrips.incrementAndGet();
    ProbeReply reply = delegate.command(args.clone());
    if (reply == null) {
      throw new ProbeException(ProbeException.IO, "the probe returned no reply");
    }
    return reply;
  }

  @Override
  public List<ProbeReply> commands(List<String[]> commands) {
    Objects.requireNonNull(commands, "commands must not be null");
    List<String[]> copies = new ArrayList<>(commands.size());
    for (String[] command : commands) {
      checkAllowed(command);
      copies.add(command.clone());
    }
    if (copies.isEmpty()) {
      return List.of();
    }
    roundTrips.addAndGet(delegate.pipelinesBatches() ? 1 : copies.size());
    List<ProbeReply> replies = delegate.commands(copies);
    if (replies == null || replies.size() != copies.size() || replies.stream().anyMatch(Objects::isNull)) {
      throw new ProbeException(ProbeException.IO, "the probe returned " + (replies == null ? "no" : replies.size())
          + " replies for " + copies.size() + " commands");
    }
    return List.copyOf(replies);
  }

  @Override
  public boolean pipelinesBatches() {
    return delegate.pipelinesBatches();
  }

  @Override
  public Optional<TlsSessionFacts> tls() {
    return delegate.tls();
  }

  @Override
  public RedisProbe openUnauthenticated() {
    connections.incrementAndGet();
    return new GuardedProbe(delegate.openUnauthenticated(), roundTrips, connections);
  }

  @Override
  public RedisProbe openSubscriptionProbe() {
    RedisProbe other = delegate.openSubscriptionProbe();
    connections.incrementAndGet();
    return new GuardedProbe(other, roundTrips, connections);
  }

  @Override
  public TlsHandshakeAttempt attemptTlsHandshake(List<String> protocols, List<String> cipherSuites) {
    Objects.requireNonNull(protocols, "protocols must not be null");
    Objects.requireNonNull(cipherSuites, "cipherSuites must not be null");
    TlsHandshakeAttempt attempt;
    try {
      attempt = delegate.attemptTlsHandshake(List.copyOf(protocols), List.copyOf(cipherSuites));
    } catch (ProbeException e) {
      if (!e.reason().equals(ProbeException.UNSUPPORTED)) {
        connections.incrementAndGet(); // the connection was tried
      }
      throw e;
    }
    connections.incrementAndGet();
    if (attempt == null) {
      throw new ProbeException(ProbeException.IO, "the probe returned no handshake result");
    }
    return attempt;
  }

  @Override
  public String describe() {
    return delegate.describe();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return "GuardedProbe[" + delegate.describe() + "]";
  }
}
