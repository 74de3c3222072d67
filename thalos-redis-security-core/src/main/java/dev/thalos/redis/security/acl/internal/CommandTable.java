package dev.thalos.redis.security.acl.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Commands, subcommands and ACL categories of one Redis version, loaded from the table that
 * {@code src/main/scripts/generate-command-table.sh} produced from a real server.
 */
public final class CommandTable {

  private static final String RESOURCE = "redis-commands.txt";
  private static volatile CommandTable redis7;

  private final String redisVersion;
  private final List<String> categories;
  private final List<RedisCommand> commands;
  private final Map<String, RedisCommand> byName;
  /** Open-addressing table of the top-level commands, keyed by lower-case ASCII name. */
  private final RedisCommand[] slots;

  private CommandTable(String redisVersion, List<String> categories, List<RedisCommand> commands) {
    this.redisVersion = redisVersion;
    this.categories = List.copyOf(categories);
    this.commands = Collections.unmodifiableList(commands);
    Map<String, RedisCommand> m = new HashMap<>();
    for (RedisCommand c : commands) {
      m.put(c.fullName, c);
    }
    this.byName = m;
    int size = Integer.highestOneBit(Math.max(commands.size(), 16) * 4);
    this.slots = new RedisCommand[size];
    for (RedisCommand c : commands) {
      if (c.parent == null) {
        int i = asciiLowerHash(c.fullName) & (size - 1);
        while (slots[i] != null) {
          i = (i + 1) & (size - 1);
        }
        slots[i] = c;
      }
    }
  }

  /** The table shipped with the library (Redis 7.0). Loaded once. */
  public static CommandTable redis7() {
    CommandTable t = redis7;
    if (t == null) {
      synchronized (CommandTable.class) {
        t = redis7;
        if (t == null) {
          try (InputStream in = CommandTable.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
              throw new IllegalStateException("command table resource missing: " + RESOURCE);
            }
            t = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
          redis7 = t;
        }
      }
    }
    return t;
  }

  static CommandTable parse(String text) {
    String version = null;
    List<String> categories = null;
    List<RedisCommand> commands = new ArrayList<>();
    Map<String, RedisCommand> byName = new HashMap<>();
    try (BufferedReader r = new BufferedReader(new java.io.StringReader(text))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.trim().split(" ");
        switch (f[0]) {
          case "redis" -> version = f[1];
          case "categories" -> categories = Arrays.asList(f).subList(1, f.length);
          case "command" -> {
            String name = f[1];
            RedisCommand parent = null;
            int bar = name.indexOf('|');
            if (bar >= 0) {
              parent = byName.get(name.substring(0, bar));
              if (parent == null) {
                throw new IllegalStateException("subcommand before its container: " + name);
              }
            }
            Set<String> flags = f[3].equals("-") ? Set.of() : Set.copyOf(Arrays.asList(f[3].split(",")));
            long cats = 0;
            if (!f[4].equals("-")) {
              for (String c : f[4].split(",")) {
                int i = categories.indexOf(c);
                if (i < 0) {
                  throw new IllegalStateException("unknown category " + c + " of " + name);
                }
                cats |= 1L << i;
              }
            }
            RedisCommand cmd = new RedisCommand(commands.size(), name, parent, Integer.parseInt(f[2]), flags, cats,
                f[5]);
            commands.add(cmd);
            byName.put(name, cmd);
            if (parent != null) {
              parent.subcommands.add(cmd);
            }
          }
          case "key" -> byName.get(f[1]).keySpecs.add(keySpec(f));
          case "channel" -> {
            RedisCommand cmd = byName.get(f[1]);
            int flags = 0;
            for (String s : f[2].split(",")) {
              flags |= switch (s) {
                case "pattern" -> RedisCommand.CHANNEL_PATTERN;
                case "publish" -> RedisCommand.CHANNEL_PUBLISH;
                case "subscribe" -> RedisCommand.CHANNEL_SUBSCRIBE;
                case "unsubscribe" -> RedisCommand.CHANNEL_UNSUBSCRIBE;
                default -> throw new IllegalStateException("unknown channel flag " + s);
              };
            }
            cmd.channelFlags = flags;
            cmd.channelFirst = Integer.parseInt(f[3]);
            cmd.channelCount = Integer.parseInt(f[4]);
          }
          default -> throw new IllegalStateException("unknown command table line: " + line);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (version == null || categories == null) {
      throw new IllegalStateException("command table lacks its redis/categories lines");
    }
    return new CommandTable(version, categories, commands);
  }

  private static KeySpec keySpec(String[] f) {
    int flags = KeySpec.parseFlags(f[2]);
    String[] bs = f[3].split(":");
    String[] fk = f[4].split(":");
    KeySpec.BeginSearch b;
    int index = 0;
    String keyword = null;
    int startFrom = 0;
    switch (bs[0]) {
      case "index" -> {
        b = KeySpec.BeginSearch.INDEX;
        index = Integer.parseInt(bs[1]);
      }
      case "keyword" -> {
        b = KeySpec.BeginSearch.KEYWORD;
        keyword = bs[1];
        startFrom = Integer.parseInt(bs[2]);
      }
      default -> b = KeySpec.BeginSearch.UNKNOWN;
    }
    KeySpec.FindKeys k;
    int a = 0;
    int step = 0;
    int c = 0;
    switch (fk[0]) {
      case "range" -> k = KeySpec.FindKeys.RANGE;
      case "keynum" -> k = KeySpec.FindKeys.KEYNUM;
      default -> k = KeySpec.FindKeys.UNKNOWN;
    }
    if (k == KeySpec.FindKeys.RANGE) {
      a = Integer.parseInt(fk[1]);
      step = Integer.parseInt(fk[2]);
      c = Integer.parseInt(fk[3]);
    } else if (k == KeySpec.FindKeys.KEYNUM) {
      a = Integer.parseInt(fk[1]);
      c = Integer.parseInt(fk[2]);
      step = Integer.parseInt(fk[3]);
    }
    return new KeySpec(flags, b, index, keyword, startFrom, k, a, step, c);
  }

  /** Redis version the table was generated from, e.g. {@code 7.0.15}. */
  public String redisVersion() {
    return redisVersion;
  }

  /** ACL category names without {@code @}, in {@code ACL CAT} order. */
  public List<String> categories() {
    return categories;
  }

  /** Bit of a category in {@link RedisCommand#categories()}, or -1 when unknown. Case-insensitive. */
  public int categoryBit(String category) {
    return categories.indexOf(Ascii.toLowerCase(category));
  }

  /** Every command and subcommand, ordered by id. */
  public List<RedisCommand> commands() {
    return commands;
  }

  /** A command or subcommand by full name ({@code get}, {@code CLIENT|KILL}), or {@code null}. */
  public RedisCommand command(String fullName) {
    return byName.get(Ascii.toLowerCase(fullName));
  }

  /**
   * The command an argument vector runs, as Redis's {@code lookupCommand}: a container with at least one
   * argument resolves to its subcommand (or {@code null} if there is none of that name).
   */
  public RedisCommand lookup(List<String> argv) {
    RedisCommand base = topLevel(argv.get(0));
    if (base == null || base.subcommands.isEmpty() || argv.size() == 1) {
      return base;
    }
    String sub = argv.get(1);
    for (RedisCommand c : base.subcommands) {
      if (Ascii.equalsIgnoreCase(c.name, sub)) {
        return c;
      }
    }
    return null;
  }

  /** A top-level command by name, case-insensitively, without allocating. */
  private RedisCommand topLevel(String name) {
    int mask = slots.length - 1;
    for (int i = asciiLowerHash(name) & mask; ; i = (i + 1) & mask) {
      RedisCommand c = slots[i];
      if (c == null) {
        return null;
      }
      if (Ascii.equalsIgnoreCase(c.fullName, name)) {
        return c;
      }
    }
  }

  private static int asciiLowerHash(String s) {
    int h = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      h = 31 * h + c;
    }
    return h ^ (h >>> 16);
  }

  /** Names of the commands in a category (by bit), containers and subcommands included. */
  public Set<String> commandsIn(int categoryBit) {
    Set<String> out = new LinkedHashSet<>();
    for (RedisCommand c : commands) {
      if ((c.categories & (1L << categoryBit)) != 0) {
        out.add(c.fullName);
      }
    }
    return out;
  }
}
