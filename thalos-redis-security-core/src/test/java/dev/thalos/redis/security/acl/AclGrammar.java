package dev.thalos.redis.security.acl;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Random but realistic ACL rules and commands for differential and property tests: the patterns, categories
 * and commands a Thalos deployment (and its misconfigurations) use, plus the corner cases of Redis 7.0.
 */
final class AclGrammar {

  static final String[] KEY_PATTERNS = {
    "thalos::cache::*", "thalos::*", "ship::*", "*", "k?", "k[ab]*", "a*", "foo", "cache:[^x]*", "thalos::cache::abi::*",
    "*::state", "k\\*", "[a-c]", "thalos::cache::instance::*::state", "?*", "k[", "[^a]*", "*[0-9]", "k\\",
    "[\\]]*", "[z-a]*", "***a",
  };
  static final String[] CHANNEL_PATTERNS = {
    "ship::wax::*", "ship::*", "ship::wax::heartbeat", "ship::[we]*::*", "ship::?ax::*", "*::heartbeat",
    "ship::eos::*", "other", "ship::wax::actions/*", "ship::wax::\\*", "ship::[^e]*", "ship::wax::[",
  };
  static final String[] CATEGORIES = {
    "all", "read", "write", "keyspace", "string", "pubsub", "connection", "dangerous", "admin", "fast", "slow",
    "scripting", "blocking", "sortedset", "list", "stream", "bitmap", "geo", "transaction",
  };
  static final String[] COMMAND_RULES = {
    "get", "set", "publish", "subscribe", "psubscribe", "ssubscribe", "spublish", "unsubscribe", "ping", "client",
    "client|kill", "client|list", "client|pause", "client|setname", "client|id", "config", "config|get",
    "config|set", "flushall", "debug", "eval", "evalsha", "fcall", "function", "keys", "shutdown", "replicaof",
    "module", "sort", "sort_ro", "bitfield", "migrate", "mset", "mget", "del", "copy", "lmove", "xread",
    "zunionstore", "select", "info", "object", "object|encoding", "memory|usage", "hello", "auth",
    "georadius", "lmpop", "blmpop", "exists", "rename", "acl", "acl|whoami",
  };
  static final String[] FIRST_ARG_RULES = {"+select|0", "+debug|object", "+debug|sleep", "+config|get"};

  static final String[] KEYS = {
    "thalos::cache::abi::wax::eosio", "thalos::cache::instance::x::state", "ship::wax::k", "k1", "ka", "kb", "a",
    "foo", "", "cache:y", "k*", "b", "thalos::other", "k[", "k\\", "]x", "k9", "\u00e9t\u00e9",
  };
  static final String[] CHANNELS = {
    "ship::wax::heartbeat", "ship::eos::heartbeat", "ship::wax::*", "ship::*", "ship::wax::actions",
    "other", "ship::wax::actions/name/transfer", "ship::eax::x", "ship::[we]*::*", "ship::wax::[",
    "ship::wax::\\*",
  };

  private final Random random;

  AclGrammar(long seed) {
    this.random = new Random(seed);
  }

  private <T> T pick(T[] values) {
    return values[random.nextInt(values.length)];
  }

  private String key() {
    return pick(KEYS);
  }

  private String channel() {
    return pick(CHANNELS);
  }

  /** One rule that may appear in the root or a selector. */
  String selectorRule() {
    int r = random.nextInt(100);
    if (r < 18) {
      String[] perms = {"~", "%R~", "%W~", "%RW~", "%r~", "%WR~"};
      return pick(perms) + pick(KEY_PATTERNS);
    } else if (r < 22) {
      return random.nextBoolean() ? "allkeys" : "resetkeys";
    } else if (r < 34) {
      return "&" + pick(CHANNEL_PATTERNS);
    } else if (r < 38) {
      return pick(new String[] {"allchannels", "resetchannels", "&*"});
    } else if (r < 55) {
      return (random.nextInt(3) == 0 ? "-@" : "+@") + pick(CATEGORIES);
    } else if (r < 90) {
      return (random.nextInt(3) == 0 ? "-" : "+") + pick(COMMAND_RULES);
    } else if (r < 95) {
      return pick(FIRST_ARG_RULES);
    } else {
      return pick(new String[] {"allcommands", "nocommands", "~*"});
    }
  }

  /** The rules of one user (after its name), selectors included; usually valid, sometimes refused by Redis. */
  List<String> userRules() {
    List<String> rules = new ArrayList<>();
    rules.add("on");
    rules.add(random.nextInt(4) == 0 ? "nopass" : ">pw" + random.nextInt(1000));
    int n = 1 + random.nextInt(7);
    for (int i = 0; i < n; i++) {
      rules.add(selectorRule());
    }
    int selectors = random.nextInt(10) < 6 ? 0 : 1 + random.nextInt(2);
    for (int s = 0; s < selectors; s++) {
      int m = random.nextInt(5);
      List<String> inner = new ArrayList<>();
      for (int i = 0; i < m; i++) {
        inner.add(selectorRule());
      }
      if (inner.isEmpty()) {
        rules.add("()");
      } else if (random.nextBoolean()) {
        rules.add("(" + String.join(" ", inner) + ")");
      } else {
        // split across arguments, as in ACL SETUSER u (~a +get)
        inner.set(0, "(" + inner.get(0));
        inner.set(inner.size() - 1, inner.get(inner.size() - 1) + ")");
        rules.addAll(inner);
      }
    }
    return rules;
  }

  /**
   * Any command or subcommand of the table, with a random but arity-respecting number of arguments drawn from
   * the key/channel vocabulary and numbers (so key specifications of every command get exercised).
   */
  List<String> anyCommand() {
    List<dev.thalos.redis.security.acl.internal.RedisCommand> all =
        dev.thalos.redis.security.acl.internal.CommandTable.redis7().commands();
    dev.thalos.redis.security.acl.internal.RedisCommand c = all.get(random.nextInt(all.size()));
    List<String> argv = new ArrayList<>();
    if (c.parent() != null) {
      argv.add(c.parent().fullName().toUpperCase(java.util.Locale.ROOT));
      argv.add(c.fullName().substring(c.fullName().indexOf('|') + 1));
    } else {
      argv.add(c.fullName());
    }
    int arity = c.arity();
    int n = arity > 0 ? arity : -arity + random.nextInt(5);
    String[] extra = {"1", "2", "0", "STORE", "KEYS", "GET", "STREAMS", "BY", "-1", "abc"};
    while (argv.size() < n) {
      int r = random.nextInt(10);
      argv.add(r < 5 ? key() : r < 7 ? channel() : pick(extra));
    }
    return argv;
  }

  /** A command with arguments from the key and channel vocabulary. */
  List<String> command() {
    String k1 = key();
    String k2 = key();
    String c1 = channel();
    String c2 = channel();
    String[][] forms = {
      {"GET", k1}, {"SET", k1, "v"}, {"SET", k1, "v", "GET"}, {"SET", k1, "v", "EX", "60"}, {"MGET", k1, k2},
      {"MSET", k1, "v", k2, "v"}, {"DEL", k1, k2}, {"EXISTS", k1}, {"COPY", k1, k2}, {"LMOVE", k1, k2, "LEFT", "RIGHT"},
      {"SORT", k1}, {"SORT", k1, "STORE", k2}, {"SORT", k1, "BY", "x", "GET", "y", "STORE", k2}, {"SORT_RO", k1},
      {"BITFIELD", k1, "GET", "u8", "0"}, {"BITFIELD", k1, "SET", "u8", "0", "1"}, {"EVAL", "s", "2", k1, k2, "a"},
      {"EVAL", "s", "0"}, {"EVALSHA", "s", "1", k1}, {"FCALL", "f", "1", k1}, {"ZUNIONSTORE", k1, "2", k1, k2},
      {"ZUNION", "2", k1, k2}, {"XREAD", "STREAMS", k1, k2, "0", "0"}, {"XREAD", "COUNT", "1", "STREAMS", k1, "0"},
      {"XREADGROUP", "GROUP", "g", "c", "STREAMS", k1, "0"}, {"MIGRATE", "h", "1", k1, "0", "5000"},
      {"MIGRATE", "h", "1", "", "0", "5000", "KEYS", k1, k2}, {"GEORADIUS", k1, "0", "0", "1", "m", "STORE", k2},
      {"LMPOP", "2", k1, k2, "LEFT"}, {"BLMPOP", "0", "2", k1, k2, "LEFT"}, {"OBJECT", "ENCODING", k1},
      {"MEMORY", "USAGE", k1}, {"TOUCH", k1}, {"RENAME", k1, k2}, {"PUBLISH", c1, "m"}, {"SPUBLISH", c1, "m"},
      {"SUBSCRIBE", c1, c2}, {"SSUBSCRIBE", c1}, {"PSUBSCRIBE", c1, c2}, {"UNSUBSCRIBE", c1}, {"PUNSUBSCRIBE"},
      {"PING"}, {"ECHO", "x"}, {"CLIENT", "KILL", "1.2.3.4:5"}, {"CLIENT", "LIST"}, {"CLIENT", "PAUSE", "10"},
      {"CLIENT", "SETNAME", "x"}, {"CLIENT", "ID"}, {"CLIENT", "NO-EVICT", "on"}, {"CONFIG", "GET", "x"},
      {"CONFIG", "SET", "x", "y"}, {"FLUSHALL"}, {"FLUSHDB"}, {"DEBUG", "OBJECT", k1}, {"DEBUG", "SLEEP", "0"},
      {"SELECT", "0"}, {"SELECT", "1"}, {"KEYS", "*"}, {"SHUTDOWN"}, {"REPLICAOF", "no", "one"}, {"MODULE", "LIST"},
      {"FUNCTION", "LIST"}, {"FUNCTION", "FLUSH"}, {"SCRIPT", "FLUSH"}, {"INFO"}, {"AUTH", "x"}, {"HELLO"},
      {"ACL", "WHOAMI"}, {"PUBSUB", "CHANNELS"}, {"COMMAND", "COUNT"}, {"NOSUCHCMD", "x"}, {"CLIENT", "NOSUCH"},
      {"GET"}, {"LCS", k1, k2}, {"GETEX", k1}, {"GETDEL", k1}, {"HSET", k1, "f", "v"}, {"SINTERCARD", "2", k1, k2},
      {"ZUNIONSTORE", k1, "2abc", k1, k2}, {"EVAL", "s", "5", k1}, {"XREAD", "STREAMS", k1}, {"get", k1},
      {"Publish", c1, "m"}, {"EXPIRE", k1, "10"}, {"SETEX", k1, "10", "v"}, {"APPEND", k1, "v"},
      {"GEORADIUSBYMEMBER", k1, "m", "1", "km", "STOREDIST", k2}, {"SMOVE", k1, k2, "m"}, {"PFCOUNT", k1, k2},
    };
    String[] f = forms[random.nextInt(forms.length)];
    return List.of(f);
  }
}
