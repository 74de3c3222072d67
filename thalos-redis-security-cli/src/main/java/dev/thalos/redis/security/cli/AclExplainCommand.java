package dev.thalos.redis.security.cli;

import dev.thalos.redis.security.acl.AclAudit;
import dev.thalos.redis.security.acl.AclEvaluator;
import dev.thalos.redis.security.acl.AclFinding;
import dev.thalos.redis.security.acl.AclSelector;
import dev.thalos.redis.security.acl.AclUser;
import dev.thalos.redis.security.acl.KeyPattern;
import dev.thalos.redis.security.acl.ThalosAclPlan;
import dev.thalos.redis.security.channel.ThalosNamespace;
import dev.thalos.redis.security.internal.ControlCharacters;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code acl explain <user-line>}: what one ACL user may do, in plain words — log-in, channels, keys, commands,
 * what it can do to a Thalos deployment, and the dangerous commands with an example {@code ACL DRYRUN} would
 * allow.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
    description = {
        "Explain in plain words what one ACL user may do (Redis 7.0 semantics, as ACL DRYRUN would answer).",
        "Give the line in quotes, or - to read it from standard input (keeps clear-text >passwords out of the "
            + "process list and shell history).",
        "Example: thalos-redis-security acl explain 'user default on nopass resetchannels &ship::* +@connection "
            + "+subscribe' --namespace wax"})
final class AclExplainCommand implements Callable<Integer> {

  /** What a dangerous command lets a user do, in words. */
  private static final Map<String, String> DANGER = Map.ofEntries(
      Map.entry("client|kill", "disconnect any client, e.g. the Thalos server's publisher connection"),
      Map.entry("client|pause", "pause every client of the instance (CLIENT PAUSE 60000 stops the feed for 60 s)"),
      Map.entry("client|list", "list every connection's address and user name"),
      Map.entry("client|no-evict", "exempt its own connection from memory eviction"),
      Map.entry("client|unpause", "resume clients an administrator paused"),
      Map.entry("config|set", "reconfigure the server (e.g. turn persistence or protected mode off)"),
      Map.entry("config|get", "read the configuration, including masterauth and requirepass"),
      Map.entry("flushall", "delete all data"),
      Map.entry("flushdb", "delete all keys of a database"),
      Map.entry("shutdown", "stop the server"),
      Map.entry("keys", "enumerate all keys, blocking the server on large databases"),
      Map.entry("debug", "crash the server or read its memory"),
      Map.entry("monitor", "watch every command of every client, AUTH arguments aside"),
      Map.entry("acl|setuser", "create users and change permissions: become admin"),
      Map.entry("acl|getuser", "read other users' password hashes"),
      Map.entry("acl|list", "read every user's rules and password hashes"),
      Map.entry("eval", "run Lua scripts"),
      Map.entry("replicaof", "turn the server into a replica of an attacker's server"));

  @Parameters(index = "0", paramLabel = "USER_LINE",
      description = "One ACL user line, e.g. 'user thalos-client on #<sha256> resetchannels &ship::wax::* -@all "
          + "+subscribe', or - to read it from standard input.")
  String line;

  @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", converter = Converters.NamespaceConverter.class,
      description = "The Thalos namespace (prefix::chain or chain) the user serves: also review it against it.")
  ThalosNamespace namespace;

  @Option(names = "--as", paramLabel = "ROLE", defaultValue = "client",
      description = "Review the user as a Thalos client or server (default: ${DEFAULT-VALUE}); needs --namespace.")
  String as;

  @Option(names = "--cache-prefix", paramLabel = "PREFIX", defaultValue = ThalosAclPlan.DEFAULT_CACHE_KEY_PREFIX,
      description = "Key prefix of the Thalos server's cache (default: ${DEFAULT-VALUE}).")
  String cachePrefix;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    if (!as.equals("client") && !as.equals("server")) {
      throw new UsageException("invalid --as: '" + ControlCharacters.escape(as) + "' (must be client or server)");
    }
    PrintWriter out = spec.commandLine().getOut();
    String text = line.equals("-") ? readStdin() : line;
    if (!line.equals("-") && containsClearPassword(text)) {
      spec.commandLine().getErr().println("warning: the user line holds a clear-text password (>...); it is hashed "
          + "at once and never shown, but command-line arguments are visible in the process list and shell "
          + "history. Pass the line on standard input with '-' instead.");
    }
    AclUser user = AclInput.line(text.strip(), line.equals("-") ? "standard input" : "USER_LINE");
    explain(user, out);
    out.flush();
    return ExitCodes.PASSED;
  }

  private static boolean containsClearPassword(String text) {
    for (String token : text.split("\\s+")) {
      if (token.startsWith(">") || token.startsWith("<")) {
        return true;
      }
    }
    return false;
  }

  private static String readStdin() {
    try {
      BufferedReader r = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String l = r.readLine();
      if (l == null || l.isBlank()) {
        throw new UsageException("no user line on standard input");
      }
      return l;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read standard input: " + e.getMessage(), e);
    }
  }

  void explain(AclUser user, PrintWriter out) {
    AclEvaluator eval = AclEvaluator.of(user);
    AclAudit audit = AclAudit.of(user);
    out.println("User " + user.name() + ": " + user);
    out.println();
    out.println("Log-in:    " + login(user));
    out.println("Channels:  " + channels(user));
    out.println("Keys:      " + keys(user));
    List<String> commands = eval.allowedCommands();
    out.println("Commands:  " + (commands.isEmpty() ? "none" : commands.size() + " commands: "
        + abbreviate(commands, 40)));
    out.println();
    out.println("In a Thalos deployment" + (namespace == null ? "" : " (namespace " + namespace + ")") + " it can:");
    String ch = namespace == null ? "ship::wax::heartbeat" : namespace.heartbeat().name();
    out.println("  subscribe to " + ch + ":  " + yesNo(eval.evaluate("SUBSCRIBE", ch).allowed()));
    out.println("  publish (forge messages) to " + ch + ":  " + yesNo(eval.evaluate("PUBLISH", ch, "{}").allowed()));
    String key = cachePrefix + "abi::x";
    out.println("  read the server's cache (GET " + key + "):  " + yesNo(eval.evaluate("GET", key).allowed()));
    out.println("  write the server's cache (SET " + key + " v):  "
        + yesNo(eval.evaluate("SET", key, "v").allowed()));
    Optional<List<String>> sub = audit.subscribeOutside(prefixes());
    out.println("  receive channels outside " + (namespace == null ? "any namespace" : namespace.channelPattern())
        + ":  " + sub.map(e -> "yes, e.g. " + String.join(" ", e)).orElse("no"));
    List<String> dangerous = audit.dangerousCommands();
    out.println();
    if (dangerous.isEmpty()) {
      out.println("Dangerous commands: none.");
    } else {
      out.println("Dangerous commands (" + dangerous.size() + "): " + abbreviate(dangerous, 20));
      for (String d : dangerous) {
        String what = DANGER.get(d);
        if (what != null) {
          out.println("  - " + d.replace('|', ' ').toUpperCase(java.util.Locale.ROOT) + ": can " + what);
        }
      }
    }
    if (namespace != null) {
      List<AclFinding> findings = as.equals("server")
          ? audit.reviewServer(List.of(namespace), cachePrefix)
          : audit.reviewClient(List.of(namespace));
      out.println();
      if (findings.isEmpty()) {
        out.println("Review as a Thalos " + as + " of " + namespace + ": nothing found.");
      } else {
        out.println("Review as a Thalos " + as + " of " + namespace + ": " + findings.size() + " problems");
        for (AclFinding f : findings) {
          out.println("  - " + f.code() + ": " + f.message()
              + (f.evidence().isEmpty() ? "" : " (ACL DRYRUN would allow: " + String.join(" ", f.evidence()) + ")"));
        }
      }
    }
  }

  private List<String> prefixes() {
    return namespace == null ? List.of() : List.of(namespace.channelPrefix());
  }

  private static String login(AclUser user) {
    if (!user.enabled()) {
      return "off: nobody can log in as this user";
    }
    if (user.noPass()) {
      return "on, NO PASSWORD (nopass): anyone who reaches the port can be this user";
    }
    int n = user.passwordHashes().size();
    if (n == 0) {
      return "on, but no password is set: nobody can log in until one is added";
    }
    return "on, needs " + (n == 1 ? "its password" : "one of its " + n + " passwords");
  }

  private static String channels(AclUser user) {
    List<String> all = new ArrayList<>();
    for (AclSelector s : user.allSelectors()) {
      if (s.allChannels()) {
        return "ALL channels (allchannels / &*)";
      }
      all.addAll(s.channelPatterns());
    }
    if (all.isEmpty()) {
      return "none";
    }
    return "matching " + String.join(", ", all) + " (PSUBSCRIBE only with exactly these patterns)";
  }

  private static String keys(AclUser user) {
    List<String> all = new ArrayList<>();
    for (AclSelector s : user.allSelectors()) {
      if (s.allKeys()) {
        return "ALL keys (allkeys / ~*)";
      }
      for (KeyPattern k : s.keyPatterns()) {
        all.add(k.toRule());
      }
    }
    return all.isEmpty() ? "none" : String.join(", ", all);
  }

  private static String yesNo(boolean b) {
    return b ? "YES" : "no";
  }

  private static String abbreviate(List<String> items, int max) {
    if (items.size() <= max) {
      return String.join(", ", items);
    }
    return String.join(", ", items.subList(0, max)) + ", ... (" + (items.size() - max) + " more)";
  }
}
