package dev.thalos.redis.security.acl;

import dev.thalos.redis.security.acl.internal.Ascii;
import dev.thalos.redis.security.acl.internal.CommandTable;
import dev.thalos.redis.security.acl.internal.KeyFinder;
import dev.thalos.redis.security.acl.internal.KeySpec;
import dev.thalos.redis.security.acl.internal.RedisCommand;
import dev.thalos.redis.security.channel.GlobPattern;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One selector's rules replayed into Redis's representation: a command bit set, first-args, patterns. */
final class CompiledSelector {

  static final int OK = 0;
  static final int DENIED_CMD = 1;
  static final int DENIED_KEY = 2;
  static final int DENIED_CHANNEL = 4;

  private static final int READ = 1;
  private static final int WRITE = 2;

  private final CommandTable table;
  private final long[] allowed;
  private final String[][] firstArgs;
  private final boolean allKeys;
  private final String[] keyPatterns;
  private final GlobPattern[] keyGlobs;
  private final int[] keyPerms;
  private final boolean allChannels;
  private final String[] channelPatterns;
  private final GlobPattern[] channelGlobs;

  CompiledSelector(CommandTable table, AclSelector selector) {
    this.table = table;
    int n = table.commands().size();
    this.allowed = new long[(n + 63) / 64];
    this.firstArgs = new String[n][];
    for (CommandRule rule : selector.commandRules()) {
      switch (rule.kind()) {
        case ALL -> {
          Arrays.fill(allowed, rule.allow() ? -1L : 0L);
          Arrays.fill(firstArgs, null);
        }
        case CATEGORY -> {
          long bit = 1L << table.categoryBit(rule.name());
          for (RedisCommand c : table.commands()) {
            if ((c.categories() & bit) != 0) {
              changePerm(c, rule.allow());
            }
          }
        }
        case COMMAND -> changePerm(table.command(rule.name()), rule.allow());
        case FIRST_ARG -> {
          int id = table.command(rule.name()).id();
          String[] cur = firstArgs[id];
          String[] next = cur == null ? new String[1] : Arrays.copyOf(cur, cur.length + 1);
          next[next.length - 1] = rule.firstArg();
          firstArgs[id] = next;
        }
        default -> throw new IllegalStateException();
      }
    }
    this.allKeys = selector.allKeys();
    List<KeyPattern> keys = selector.keyPatterns();
    this.keyPatterns = new String[keys.size()];
    this.keyGlobs = new GlobPattern[keys.size()];
    this.keyPerms = new int[keys.size()];
    for (int i = 0; i < keys.size(); i++) {
      keyPatterns[i] = keys.get(i).pattern();
      keyGlobs[i] = GlobPattern.of(keyPatterns[i]);
      KeyPermission p = keys.get(i).permission();
      keyPerms[i] = (p.canRead() ? READ : 0) | (p.canWrite() ? WRITE : 0);
    }
    this.allChannels = selector.allChannels();
    this.channelPatterns = selector.channelPatterns().toArray(new String[0]);
    this.channelGlobs = new GlobPattern[channelPatterns.length];
    for (int i = 0; i < channelPatterns.length; i++) {
      channelGlobs[i] = GlobPattern.of(channelPatterns[i]);
    }
  }

  private void changePerm(RedisCommand c, boolean allow) {
    setBit(c.id(), allow);
    firstArgs[c.id()] = null;
    for (RedisCommand sub : c.subcommands()) {
      setBit(sub.id(), allow);
    }
  }

  private void setBit(int id, boolean value) {
    if (value) {
      allowed[id >>> 6] |= 1L << id;
    } else {
      allowed[id >>> 6] &= ~(1L << id);
    }
  }

  /** Whether the command bit (not first-args) is set. */
  boolean commandBit(RedisCommand c) {
    return (allowed[c.id() >>> 6] & (1L << c.id())) != 0;
  }

  /** Whether the command is allowed by bit or by some first argument (ignoring keys and channels). */
  boolean commandPossiblyAllowed(RedisCommand c) {
    return c.noAuth() || commandBit(c) || firstArgs[c.id()] != null;
  }

  boolean allKeys() {
    return allKeys;
  }

  boolean allChannels() {
    return allChannels;
  }

  /**
   * Redis's ACLSelectorCheckCmd. Returns the result code in the high 32 bits and, on a key/channel denial, the
   * argument index in the low 32 bits.
   *
   * @param keyRefs the command's keys ({@link KeyFinder#find}), or {@code null} when it has none
   */
  long check(RedisCommand cmd, List<String> argv, int[] keyRefs) {
    if (!commandBit(cmd) && !cmd.noAuth()) {
      String[] fa = firstArgs[cmd.id()];
      if (argv.size() < 2 || fa == null) {
        return (long) DENIED_CMD << 32;
      }
      int i = cmd.parent() != null ? 2 : 1;
      if (i >= argv.size()) {
        return (long) DENIED_CMD << 32;
      }
      boolean found = false;
      for (String a : fa) {
        if (Ascii.equalsIgnoreCase(a, argv.get(i))) {
          found = true;
          break;
        }
      }
      if (!found) {
        return (long) DENIED_CMD << 32;
      }
    }
    if (!allKeys && keyRefs != null) {
      for (int j = 0; j < keyRefs.length; j += 2) {
        int pos = keyRefs[j];
        if (!checkKey(argv.get(pos), keyRefs[j + 1])) {
          return ((long) DENIED_KEY << 32) | pos;
        }
      }
    }
    int chFlags = cmd.channelFlags();
    if (!allChannels && (chFlags & (RedisCommand.CHANNEL_PUBLISH | RedisCommand.CHANNEL_SUBSCRIBE)) != 0) {
      boolean literal = (chFlags & RedisCommand.CHANNEL_PATTERN) != 0;
      int first = cmd.channelFirst();
      int count = cmd.channelCount();
      int stop = count < 0 ? argv.size() : Math.min(first + count, argv.size());
      for (int pos = first; pos < stop; pos++) {
        if (!checkChannel(argv.get(pos), literal)) {
          return ((long) DENIED_CHANNEL << 32) | pos;
        }
      }
    }
    return OK;
  }

  private boolean checkKey(String key, int specFlags) {
    int need = 0;
    if ((specFlags & KeySpec.ACCESS) != 0) {
      need |= READ;
    }
    if ((specFlags & (KeySpec.INSERT | KeySpec.DELETE | KeySpec.UPDATE)) != 0) {
      need |= WRITE;
    }
    for (int i = 0; i < keyGlobs.length; i++) {
      if ((keyPerms[i] & need) == need && keyGlobs[i].matches(key)) {
        return true;
      }
    }
    return false;
  }

  private boolean checkChannel(String channel, boolean literal) {
    if (literal) {
      for (String p : channelPatterns) {
        if (p.equals(channel)) {
          return true;
        }
      }
      return false;
    }
    for (GlobPattern p : channelGlobs) {
      if (p.matches(channel)) {
        return true;
      }
    }
    return false;
  }

  /** Whether both selectors grant exactly the same commands, first arguments, keys and channels. */
  boolean samePermissions(CompiledSelector o) {
    if (!Arrays.equals(allowed, o.allowed) || allKeys != o.allKeys || allChannels != o.allChannels) {
      return false;
    }
    for (int i = 0; i < firstArgs.length; i++) {
      if ((allowed[i >>> 6] & (1L << i)) != 0) {
        continue; // the command is allowed whatever its first argument
      }
      java.util.Set<String> a = firstArgs[i] == null ? java.util.Set.of() : lower(firstArgs[i]);
      java.util.Set<String> b = o.firstArgs[i] == null ? java.util.Set.of() : lower(o.firstArgs[i]);
      if (!a.equals(b)) {
        return false;
      }
    }
    java.util.Map<String, Integer> keys = new java.util.HashMap<>();
    java.util.Map<String, Integer> otherKeys = new java.util.HashMap<>();
    for (int i = 0; i < keyPatterns.length; i++) {
      keys.put(keyPatterns[i], keyPerms[i]);
    }
    for (int i = 0; i < o.keyPatterns.length; i++) {
      otherKeys.put(o.keyPatterns[i], o.keyPerms[i]);
    }
    return keys.equals(otherKeys)
        && java.util.Set.of(channelPatterns).equals(java.util.Set.of(o.channelPatterns));
  }

  private static java.util.Set<String> lower(String[] values) {
    java.util.Set<String> out = new java.util.HashSet<>();
    for (String v : values) {
      out.add(Ascii.toLowerCase(v));
    }
    return out;
  }

  /** Names of the commands whose bit is set (subcommands included, containers excluded). */
  List<RedisCommand> allowedCommands() {
    List<RedisCommand> out = new ArrayList<>();
    for (RedisCommand c : table.commands()) {
      if (c.subcommands().isEmpty() && commandPossiblyAllowed(c)) {
        out.add(c);
      }
    }
    return out;
  }
}
