package dev.thalos.redis.security.acl.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * One command or subcommand of the {@link CommandTable}: its full name ({@code get}, {@code client|kill}),
 * arity, flags, ACL categories, key specifications and, for pub/sub commands, where its channels are.
 */
public final class RedisCommand {

  /** Channel flag bits, as in Redis's {@code CMD_CHANNEL_*}. */
  public static final int CHANNEL_PATTERN = 1;
  public static final int CHANNEL_PUBLISH = 1 << 1;
  public static final int CHANNEL_SUBSCRIBE = 1 << 2;
  public static final int CHANNEL_UNSUBSCRIBE = 1 << 3;

  final int id;
  final boolean noAuth;
  final String fullName;
  final String name;
  final RedisCommand parent;
  final List<RedisCommand> subcommands = new ArrayList<>();
  final int arity;
  final Set<String> flags;
  final long categories;
  final String group;
  final List<KeySpec> keySpecs = new ArrayList<>();
  int channelFlags;
  int channelFirst;
  int channelCount;

  RedisCommand(int id, String fullName, RedisCommand parent, int arity, Set<String> flags, long categories,
      String group) {
    this.id = id;
    this.fullName = fullName;
    this.name = parent == null ? fullName : fullName.substring(fullName.indexOf('|') + 1);
    this.parent = parent;
    this.arity = arity;
    this.flags = flags;
    this.noAuth = flags.contains("no_auth");
    this.categories = categories;
    this.group = group;
  }

  /** Dense id, 0-based, unique in its table. */
  public int id() {
    return id;
  }

  /** Lower-case full name: {@code get}, {@code client|kill}. */
  public String fullName() {
    return fullName;
  }

  /** The container command of a subcommand, or {@code null}. */
  public RedisCommand parent() {
    return parent;
  }

  /** Subcommands of a container command; empty otherwise. */
  public List<RedisCommand> subcommands() {
    return Collections.unmodifiableList(subcommands);
  }

  public int arity() {
    return arity;
  }

  /** Lower-case command flags as {@code COMMAND INFO} lists them ({@code write}, {@code admin}, ...). */
  public Set<String> flags() {
    return flags;
  }

  /** Bit set of ACL categories, bit i standing for {@code CommandTable.categories().get(i)}. */
  public long categories() {
    return categories;
  }

  /** Command group from {@code COMMAND DOCS} ({@code pubsub}, {@code connection}, ...). */
  public String group() {
    return group;
  }

  public List<KeySpec> keySpecs() {
    return Collections.unmodifiableList(keySpecs);
  }

  /** {@code CHANNEL_*} bits when the command's arguments include channels, else 0. */
  public int channelFlags() {
    return channelFlags;
  }

  /** Index of the first channel argument (when {@link #channelFlags()} is not 0). */
  public int channelFirst() {
    return channelFirst;
  }

  /** Number of channel arguments, -1 for all remaining. */
  public int channelCount() {
    return channelCount;
  }

  /** Whether ACL command checks skip this command ({@code AUTH}, {@code HELLO}). */
  public boolean noAuth() {
    return noAuth;
  }

  @Override
  public String toString() {
    return fullName;
  }
}
