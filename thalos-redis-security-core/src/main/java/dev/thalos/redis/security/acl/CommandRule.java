package dev.thalos.redis.security.acl;

import dev.thalos.redis.security.acl.internal.Ascii;
import dev.thalos.redis.security.acl.internal.CommandTable;
import dev.thalos.redis.security.acl.internal.RedisCommand;
import java.util.Objects;

/**
 * One command rule of an ACL selector: {@code +@all}, {@code -@all}, {@code +@category},
 * {@code -@category}, {@code +command}, {@code -command}, {@code +container|subcommand} or the deprecated
 * first-argument form {@code +command|arg} (e.g. {@code +select|0}). Rules apply in order: {@code +@all -debug}
 * allows everything but DEBUG, {@code -debug +@all} allows everything.
 *
 * <p>Names are checked against the Redis 7.0 command table shipped with this library and kept in lower case.
 *
 * @param allow {@code +} (true) or {@code -} (false)
 * @param kind what the rule names
 * @param name category (without {@code @}), command or {@code container|subcommand}; {@code all} for
 *     {@link Kind#ALL}
 * @param firstArg the first argument of a {@link Kind#FIRST_ARG} rule, else {@code null}
 */
public record CommandRule(boolean allow, Kind kind, String name, String firstArg) {

  /** What a rule names. */
  public enum Kind {
    /** {@code +@all} / {@code -@all} ({@code allcommands} / {@code nocommands}). */
    ALL,
    /** {@code ±@category}. */
    CATEGORY,
    /** {@code ±command} or {@code ±container|subcommand}. */
    COMMAND,
    /** {@code +command|firstarg} for a command without subcommands (deprecated by Redis, still honoured). */
    FIRST_ARG
  }

  public CommandRule {
    Objects.requireNonNull(kind, "kind must not be null");
    Objects.requireNonNull(name, "name must not be null");
    CommandTable table = CommandTable.redis7();
    switch (kind) {
      case ALL -> {
        if (!name.equals("all") || firstArg != null) {
          throw new IllegalArgumentException("invalid all-commands rule: " + AclTokens.quote(name));
        }
      }
      case CATEGORY -> {
        name = Ascii.toLowerCase(name);
        if (table.categoryBit(name) < 0 || firstArg != null) {
          throw new IllegalArgumentException("invalid category: " + AclTokens.quote(name) + " (unknown in Redis "
              + table.redisVersion() + ")");
        }
      }
      case COMMAND -> {
        name = Ascii.toLowerCase(name);
        if (table.command(name) == null || firstArg != null) {
          throw new IllegalArgumentException("invalid command: " + AclTokens.quote(name) + " (unknown in Redis "
              + table.redisVersion() + ")");
        }
      }
      case FIRST_ARG -> {
        name = Ascii.toLowerCase(name);
        RedisCommand cmd = table.command(name);
        if (cmd == null || cmd.parent() != null || !cmd.subcommands().isEmpty()) {
          throw new IllegalArgumentException("invalid first-argument rule command: " + AclTokens.quote(name)
              + " (must be a command without subcommands)");
        }
        if (!allow) {
          throw new IllegalArgumentException("invalid first-argument rule: "
              + AclTokens.quote("-" + name + "|" + firstArg) + " (Redis only allows +command|arg)");
        }
        AclTokens.requireToken("first argument", firstArg);
        if (firstArg.indexOf('|') >= 0) {
          throw new IllegalArgumentException("invalid first argument: " + AclTokens.quote(firstArg)
              + " (must not contain '|')");
        }
      }
      default -> throw new IllegalStateException();
    }
  }

  /** {@code +@all}. */
  public static CommandRule allowAll() {
    return new CommandRule(true, Kind.ALL, "all", null);
  }

  /** {@code -@all}. */
  public static CommandRule denyAll() {
    return new CommandRule(false, Kind.ALL, "all", null);
  }

  /** {@code +@category}. */
  public static CommandRule allowCategory(String category) {
    return new CommandRule(true, Kind.CATEGORY, category, null);
  }

  /** {@code -@category}. */
  public static CommandRule denyCategory(String category) {
    return new CommandRule(false, Kind.CATEGORY, category, null);
  }

  /** {@code +command} or {@code +container|subcommand}. */
  public static CommandRule allow(String command) {
    return new CommandRule(true, Kind.COMMAND, command, null);
  }

  /** {@code -command} or {@code -container|subcommand}. */
  public static CommandRule deny(String command) {
    return new CommandRule(false, Kind.COMMAND, command, null);
  }

  /** {@code +command|firstArg}, e.g. {@code +select|0}. */
  public static CommandRule allowFirstArg(String command, String firstArg) {
    return new CommandRule(true, Kind.FIRST_ARG, command, firstArg);
  }

  /** The rule as written in an ACL, e.g. {@code -@dangerous}, {@code +client|setname}. */
  public String toRule() {
    String sign = allow ? "+" : "-";
    return switch (kind) {
      case ALL -> sign + "@all";
      case CATEGORY -> sign + "@" + name;
      case COMMAND -> sign + name;
      case FIRST_ARG -> sign + name + "|" + firstArg;
    };
  }

  @Override
  public String toString() {
    return toRule();
  }
}
