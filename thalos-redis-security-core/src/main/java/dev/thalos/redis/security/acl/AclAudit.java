package dev.thalos.redis.security.acl;

import dev.thalos.redis.security.acl.internal.CommandTable;
import dev.thalos.redis.security.acl.internal.GlobWitness;
import dev.thalos.redis.security.acl.internal.RedisCommand;
import dev.thalos.redis.security.channel.ThalosNamespace;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The questions a Thalos self-check asks of an ACL user, answered offline with Redis 7.0 semantics and with
 * evidence — a command the user may run that {@code ACL DRYRUN} would allow:
 * can it publish or subscribe outside its namespaces, write or read keys outside its prefix, run dangerous
 * commands, log in without a password?
 *
 * <pre>{@code
 * AclAudit audit = AclAudit.of(AclParser.redis7().parseUserLine(
 *     "user default on >pw resetchannels &ship::* +@connection +subscribe"));
 * audit.subscribeOutside(List.of("ship::wax::"));  // Optional[[SUBSCRIBE, ship::x]]
 * audit.dangerousCommands();                      // [client|kill, client|list, client|no-evict, client|pause, …]
 * audit.reviewClient(List.of(ThalosNamespace.of("wax")));
 * }</pre>
 */
public final class AclAudit {

  /**
   * Commands named dangerous besides Redis's {@code @dangerous} and {@code @scripting} categories: the ones a
   * Thalos client or server never needs and that can stop, reconfigure, wipe or spy on the instance.
   */
  public static final Set<String> DANGEROUS_COMMANDS = Set.of("client|kill", "client|pause", "client|list",
      "client|no-evict", "client|unpause", "config|get", "config|set", "config|rewrite", "config|resetstat",
      "flushall", "flushdb", "debug", "module|load", "module|loadex", "module|unload", "module|list", "eval",
      "evalsha", "eval_ro", "evalsha_ro", "fcall", "fcall_ro", "keys", "shutdown", "replicaof", "slaveof",
      "monitor", "acl|setuser", "acl|deluser", "acl|load", "acl|save", "acl|list", "acl|getuser");

  private static final String[][] WRITE_TEMPLATES = {
    {"SET", "%", "v"}, {"DEL", "%"}, {"HSET", "%", "f", "v"}, {"LPUSH", "%", "v"}, {"SADD", "%", "m"},
    {"ZADD", "%", "1", "m"}, {"XADD", "%", "*", "f", "v"}, {"APPEND", "%", "v"}, {"INCR", "%"},
    {"EXPIRE", "%", "10"}, {"SETEX", "%", "10", "v"}, {"UNLINK", "%"}, {"GETDEL", "%"}, {"MSET", "%", "v"},
    {"RESTORE", "%", "0", "payload"},
  };
  private static final String[][] READ_TEMPLATES = {
    {"GET", "%"}, {"MGET", "%"}, {"HGETALL", "%"}, {"HGET", "%", "f"}, {"LRANGE", "%", "0", "-1"},
    {"SMEMBERS", "%"}, {"ZRANGE", "%", "0", "-1"}, {"XRANGE", "%", "-", "+"}, {"DUMP", "%"},
    {"GETRANGE", "%", "0", "-1"}, {"LINDEX", "%", "0"}, {"SORT_RO", "%"}, {"GETDEL", "%"},
  };

  private final AclUser user;
  private final AclEvaluator evaluator;

  private AclAudit(AclUser user) {
    this.user = user;
    this.evaluator = AclEvaluator.of(user);
  }

  public static AclAudit of(AclUser user) {
    return new AclAudit(Objects.requireNonNull(user, "user must not be null"));
  }

  public AclUser user() {
    return user;
  }

  /** Whether anyone can log in as this user without a secret ({@code on} and {@code nopass}). */
  public boolean passwordless() {
    return user.passwordless();
  }

  /**
   * A {@code PUBLISH}/{@code SPUBLISH} the user may run to a channel that starts with none of
   * {@code channelPrefixes} (e.g. {@code ship::wax::}); with no prefixes, any publish at all.
   */
  public Optional<List<String>> publishOutside(List<String> channelPrefixes) {
    Objects.requireNonNull(channelPrefixes, "channelPrefixes must not be null");
    for (String pattern : channelCandidates()) {
      String w = GlobWitness.outside(pattern, channelPrefixes);
      if (w == null) {
        continue;
      }
      for (String cmd : new String[] {"PUBLISH", "SPUBLISH"}) {
        List<String> argv = List.of(cmd, w, "message");
        if (evaluator.evaluate(argv).allowed()) {
          return Optional.of(argv);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * A {@code SUBSCRIBE}/{@code SSUBSCRIBE} to a channel outside {@code channelPrefixes}, or a
   * {@code PSUBSCRIBE} to a pattern (compared literally with the user's {@code &} patterns) that receives
   * such channels.
   */
  public Optional<List<String>> subscribeOutside(List<String> channelPrefixes) {
    Objects.requireNonNull(channelPrefixes, "channelPrefixes must not be null");
    for (String pattern : channelCandidates()) {
      String w = GlobWitness.outside(pattern, channelPrefixes);
      if (w == null) {
        continue;
      }
      for (List<String> argv : List.of(List.of("SUBSCRIBE", w), List.of("SSUBSCRIBE", w),
          List.of("PSUBSCRIBE", pattern))) {
        if (evaluator.evaluate(argv).allowed()) {
          return Optional.of(argv);
        }
      }
    }
    return Optional.empty();
  }

  /** A command the user may run that writes a key not starting with {@code keyPrefix} (null: any key). */
  public Optional<List<String>> writeKeyOutside(String keyPrefix) {
    return keyOutside(keyPrefix, true, WRITE_TEMPLATES);
  }

  /** A command the user may run that reads a key not starting with {@code keyPrefix} (null: any key). */
  public Optional<List<String>> readKeyOutside(String keyPrefix) {
    return keyOutside(keyPrefix, false, READ_TEMPLATES);
  }

  private Optional<List<String>> keyOutside(String keyPrefix, boolean write, String[][] templates) {
    List<String> prefixes = keyPrefix == null ? List.of() : List.of(keyPrefix);
    List<String> patterns = new ArrayList<>();
    for (AclSelector s : user.allSelectors()) {
      if (s.allKeys()) {
        patterns.add("*");
      }
      for (KeyPattern k : s.keyPatterns()) {
        if (write ? k.permission().canWrite() : k.permission().canRead()) {
          patterns.add(k.pattern());
        }
      }
    }
    for (String pattern : patterns) {
      String w = GlobWitness.outside(pattern, prefixes);
      if (w == null) {
        continue;
      }
      for (String[] t : templates) {
        List<String> argv = new ArrayList<>();
        for (String a : t) {
          argv.add(a.equals("%") ? w : a);
        }
        if (evaluator.evaluate(argv).allowed()) {
          return Optional.of(List.copyOf(argv));
        }
      }
    }
    return Optional.empty();
  }

  private List<String> channelCandidates() {
    List<String> out = new ArrayList<>();
    for (AclSelector s : user.allSelectors()) {
      if (s.allChannels()) {
        out.add("*");
      }
      out.addAll(s.channelPatterns());
    }
    return out;
  }

  /**
   * Full names of the dangerous commands the user's command rules allow: Redis's {@code @dangerous} and
   * {@code @scripting} categories and {@link #DANGEROUS_COMMANDS}, sorted. (Key and channel patterns are not
   * considered: most of these commands take no key.)
   */
  public List<String> dangerousCommands() {
    CommandTable table = CommandTable.redis7();
    long mask = (1L << table.categoryBit("dangerous")) | (1L << table.categoryBit("scripting"));
    Set<String> out = new TreeSet<>();
    for (String name : evaluator.allowedCommands()) {
      RedisCommand c = table.command(name);
      if ((c.categories() & mask) != 0 || DANGEROUS_COMMANDS.contains(name)) {
        out.add(name);
      }
    }
    return List.copyOf(out);
  }

  /**
   * Reviews a Thalos client user: it should only subscribe inside {@code namespaces}, never publish, never
   * touch keys, never run dangerous commands, and need a password.
   */
  public List<AclFinding> reviewClient(List<ThalosNamespace> namespaces) {
    List<String> prefixes = prefixes(namespaces);
    List<AclFinding> out = common();
    subscribeOutside(prefixes).ifPresent(e -> out.add(finding("acl.subscribe-outside-namespace",
        "can subscribe to channels outside " + prefixes, e)));
    publishOutside(List.of()).ifPresent(e -> out.add(finding("acl.client-can-publish",
        "a client can publish, i.e. forge Thalos messages", e)));
    Optional<List<String>> keys = readKeyOutside(null).or(() -> writeKeyOutside(null));
    keys.ifPresent(e -> out.add(finding("acl.client-can-access-keys", "a client can read or write keys", e)));
    return out;
  }

  /**
   * Reviews the Thalos server user: it should publish only inside {@code namespaces}, use keys only under
   * {@code cacheKeyPrefix}, run no dangerous commands, and need a password.
   */
  public List<AclFinding> reviewServer(List<ThalosNamespace> namespaces, String cacheKeyPrefix) {
    Objects.requireNonNull(cacheKeyPrefix, "cacheKeyPrefix must not be null");
    List<String> prefixes = prefixes(namespaces);
    List<AclFinding> out = common();
    publishOutside(prefixes).ifPresent(e -> out.add(finding("acl.publish-outside-namespace",
        "can publish to channels outside " + prefixes, e)));
    subscribeOutside(prefixes).ifPresent(e -> out.add(finding("acl.subscribe-outside-namespace",
        "can subscribe to channels outside " + prefixes, e)));
    writeKeyOutside(cacheKeyPrefix).ifPresent(e -> out.add(finding("acl.write-keys-outside-prefix",
        "can write keys outside " + cacheKeyPrefix, e)));
    readKeyOutside(cacheKeyPrefix).ifPresent(e -> out.add(finding("acl.read-keys-outside-prefix",
        "can read keys outside " + cacheKeyPrefix, e)));
    return out;
  }

  private List<AclFinding> common() {
    List<AclFinding> out = new ArrayList<>();
    if (passwordless()) {
      out.add(finding("acl.passwordless", "anyone can log in as this user without a password (on nopass)",
          List.of()));
    }
    if (user.name().equals("default") && user.enabled()) {
      out.add(finding("acl.default-user-enabled", "the default user is on: its permissions are what an "
          + "unauthenticated or password-only (AUTH <password>) connection gets", List.of()));
    }
    List<String> dangerous = dangerousCommands();
    if (!dangerous.isEmpty()) {
      List<String> evidence = new ArrayList<>();
      for (String d : dangerous) {
        List<String> argv = example(d);
        if (argv != null && evaluator.evaluate(argv).allowed()) {
          evidence = argv;
          break;
        }
      }
      out.add(finding("acl.dangerous-commands", "may run " + dangerous.size() + " dangerous commands: "
          + String.join(", ", dangerous.subList(0, Math.min(12, dangerous.size())))
          + (dangerous.size() > 12 ? ", …" : ""), evidence));
    }
    return out;
  }

  private static List<String> example(String fullName) {
    return switch (fullName) {
      case "client|kill" -> List.of("CLIENT", "KILL", "USER", "thalos");
      case "client|pause" -> List.of("CLIENT", "PAUSE", "60000");
      case "client|list" -> List.of("CLIENT", "LIST");
      case "flushall" -> List.of("FLUSHALL");
      case "config|set" -> List.of("CONFIG", "SET", "appendonly", "no");
      case "keys" -> List.of("KEYS", "*");
      case "shutdown" -> List.of("SHUTDOWN");
      default -> null;
    };
  }

  private AclFinding finding(String code, String message, List<String> evidence) {
    return new AclFinding(code, user.name(), message, evidence);
  }

  private static List<String> prefixes(List<ThalosNamespace> namespaces) {
    Objects.requireNonNull(namespaces, "namespaces must not be null");
    List<String> out = new ArrayList<>();
    for (ThalosNamespace n : namespaces) {
      out.add(n.channelPrefix());
    }
    return out;
  }
}
