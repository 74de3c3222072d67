package dev.thalos.redis.security.acl;

import dev.thalos.redis.security.acl.internal.CommandTable;
import dev.thalos.redis.security.acl.internal.KeyFinder;
import dev.thalos.redis.security.acl.internal.RedisCommand;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Decides offline, with Redis 7.0 semantics, whether a user may run a command with given arguments — the
 * answer {@code ACL DRYRUN <user> <command> <args…>} would give, and why: the command, a key or a channel.
 *
 * <p>Covers command rules in order ({@code +@all -debug} vs {@code -debug +@all}), categories, subcommands and
 * first-argument rules, key patterns with {@code %R~}/{@code %W~} against each command's key specifications
 * (read/write/insert/delete/update), channels (glob matching for {@code SUBSCRIBE}/{@code PUBLISH}, literal
 * comparison for {@code PSUBSCRIBE}) and selectors. Like DRYRUN it ignores whether the user is {@code on}.
 * Evaluated against the command table of the Redis version this library ships
 * ({@link #redisVersion()}).
 *
 * <pre>{@code
 * AclEvaluator e = AclEvaluator.of(AclParser.redis7().parseUserLine(
 *     "user reader on nopass resetchannels &ship::wax::* -@all +subscribe"));
 * e.evaluate("SUBSCRIBE", "ship::wax::heartbeat").allowed();  // true
 * e.evaluate("SUBSCRIBE", "ship::eos::heartbeat").message();
 * // This user has no permissions to access the 'ship::eos::heartbeat' channel
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe; create one per user and reuse it.
 */
public final class AclEvaluator {

  private final AclUser user;
  private final CommandTable table;
  private final CompiledSelector[] selectors;
  private final boolean allKeysEverywhere;

  private AclEvaluator(AclUser user, CommandTable table) {
    this.user = user;
    this.table = table;
    List<AclSelector> all = user.allSelectors();
    this.selectors = new CompiledSelector[all.size()];
    for (int i = 0; i < all.size(); i++) {
      selectors[i] = new CompiledSelector(table, all.get(i));
    }
    boolean allKeys = true;
    for (CompiledSelector s : selectors) {
      allKeys &= s.allKeys();
    }
    this.allKeysEverywhere = allKeys;
  }

  /** An evaluator for one user, with the shipped Redis 7.0 command table. */
  public static AclEvaluator of(AclUser user) {
    return new AclEvaluator(Objects.requireNonNull(user, "user must not be null"), CommandTable.redis7());
  }

  public AclUser user() {
    return user;
  }

  /** Redis version of the command table, e.g. {@code 7.0.15}. */
  public String redisVersion() {
    return table.redisVersion();
  }

  /** Evaluates a command given as its argument vector, e.g. {@code "SET", "k", "v", "EX", "60"}. */
  public AclDecision evaluate(String... argv) {
    return evaluate(Arrays.asList(argv));
  }

  /** Evaluates a command given as its argument vector (the command name first). */
  public AclDecision evaluate(List<String> argv) {
    Objects.requireNonNull(argv, "argv must not be null");
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("argv must not be empty");
    }
    for (String a : argv) {
      Objects.requireNonNull(a, "argument must not be null");
    }
    RedisCommand cmd = table.lookup(argv);
    if (cmd == null) {
      return AclDecision.error(AclOutcome.UNKNOWN_COMMAND, argv.get(0),
          "Command '" + argv.get(0) + "' not found");
    }
    int argc = argv.size();
    if ((cmd.arity() > 0 && cmd.arity() != argc) || argc < -cmd.arity()) {
      return AclDecision.error(AclOutcome.WRONG_ARITY, argv.get(0),
          "wrong number of arguments for '" + cmd.fullName() + "' command");
    }
    int[] keyRefs = null;
    if (!allKeysEverywhere && KeyFinder.hasKeys(cmd)) {
      keyRefs = KeyFinder.find(cmd, argv);
    }
    int relevant = CompiledSelector.DENIED_CMD;
    int lastIdx = 0;
    for (CompiledSelector s : selectors) {
      long rc = s.check(cmd, argv, keyRefs);
      int r = (int) (rc >>> 32);
      int idx = (int) rc;
      if (r == CompiledSelector.OK) {
        return AclDecision.ok();
      }
      if (r > relevant || (r == relevant && idx > lastIdx)) {
        relevant = r;
        lastIdx = idx;
      }
    }
    return switch (relevant) {
      case CompiledSelector.DENIED_KEY -> AclDecision.denied(AclOutcome.DENIED_KEY, argv.get(lastIdx), lastIdx);
      case CompiledSelector.DENIED_CHANNEL ->
          AclDecision.denied(AclOutcome.DENIED_CHANNEL, argv.get(lastIdx), lastIdx);
      default -> AclDecision.denied(AclOutcome.DENIED_COMMAND, cmd.fullName(), -1);
    };
  }

  /**
   * Full names of the commands and subcommands that some selector allows by command rules alone (keys and
   * channels not considered); a first-argument rule counts as allowing its command.
   */
  public List<String> allowedCommands() {
    List<String> out = new ArrayList<>();
    for (RedisCommand c : table.commands()) {
      if (!c.subcommands().isEmpty()) {
        continue;
      }
      for (CompiledSelector s : selectors) {
        if (s.commandPossiblyAllowed(c)) {
          out.add(c.fullName());
          break;
        }
      }
    }
    return out;
  }

  /**
   * Whether {@code other} has exactly the same permissions, selector by selector: the same commands (however
   * the rules are written or ordered — Redis 7.0's {@code ACL LIST} reorders them), first arguments, key
   * patterns with permissions, and channel patterns. Names, passwords and on/off are not compared.
   */
  public boolean samePermissionsAs(AclUser other) {
    AclEvaluator o = other == user ? this : of(other);
    if (o.selectors.length != selectors.length) {
      return false;
    }
    for (int i = 0; i < selectors.length; i++) {
      if (!selectors[i].samePermissions(o.selectors[i])) {
        return false;
      }
    }
    return true;
  }

  CompiledSelector[] compiledSelectors() {
    return selectors;
  }

  CommandTable table() {
    return table;
  }
}
