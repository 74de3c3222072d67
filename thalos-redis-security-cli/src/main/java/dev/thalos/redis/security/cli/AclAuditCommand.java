package dev.thalos.redis.security.cli;

import dev.thalos.redis.security.acl.AclSelector;
import dev.thalos.redis.security.acl.AclUser;
import dev.thalos.redis.security.acl.ThalosAclPlan;
import dev.thalos.redis.security.channel.ThalosNamespace;
import dev.thalos.redis.security.check.CheckReport;
import dev.thalos.redis.security.check.Location;
import dev.thalos.redis.security.internal.ConfigLines;
import dev.thalos.redis.security.internal.ControlCharacters;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code acl audit <users.acl>}: reviews every enabled user of an ACL file offline with Redis 7.0 semantics;
 * each failure names a command that {@code ACL DRYRUN} would allow as evidence.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
    description = {
        "Audit a users.acl offline (Redis 7.0 semantics): passwordless users, the default user, dangerous "
            + "commands (CLIENT KILL/PAUSE/LIST via +@connection, CONFIG, FLUSHALL, ...), channels outside the "
            + "namespace, clients that can publish or touch keys, a server that can write outside its cache.",
        "The server user(s) are reviewed as the Thalos publisher, admin users only for passwordless log-in, every "
            + "other user (default included) as a Thalos client.",
        "Example: thalos-redis-security acl audit /etc/redis/users.acl --namespace ship::wax"})
final class AclAuditCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "USERS_ACL", description = "The ACL file (users.acl) to audit.")
  Path file;

  @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", converter = Converters.NamespaceConverter.class,
      description = "A Thalos namespace the users serve: prefix::chain or chain (prefix ship). Repeatable. "
          + "If omitted, inferred from channel patterns of the form prefix::chain::* in the file.")
  List<ThalosNamespace> namespaces = new ArrayList<>();

  @Option(names = "--server-user", paramLabel = "USER", defaultValue = "thalos",
      description = "The Thalos server's user (repeatable; default: ${DEFAULT-VALUE}).")
  Set<String> serverUsers = new LinkedHashSet<>();

  @Option(names = "--admin-user", paramLabel = "USER", defaultValue = "admin",
      description = "An administrator, checked only for passwordless log-in (repeatable; default: "
          + "${DEFAULT-VALUE}).")
  Set<String> adminUsers = new LinkedHashSet<>();

  @Option(names = "--cache-prefix", paramLabel = "PREFIX", defaultValue = ThalosAclPlan.DEFAULT_CACHE_KEY_PREFIX,
      description = "Key prefix of the Thalos server's cache (default: ${DEFAULT-VALUE}).")
  String cachePrefix;

  @Mixin ReportOptions report;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    String shownFile = ControlCharacters.escape(file.toString());
    String text = read(file);
    List<AclUser> users = AclInput.file(text, shownFile);
    List<ThalosNamespace> ns = namespaces;
    if (ns.isEmpty()) {
      ns = inferNamespaces(users);
      if (ns.isEmpty()) {
        throw new UsageException("cannot tell which Thalos namespace the users of " + shownFile
            + " serve (no channel "
            + "pattern of the form prefix::chain::*); give it with --namespace, e.g. --namespace ship::wax");
      }
      List<String> names = new ArrayList<>();
      ns.forEach(n -> names.add(n.toString()));
      spec.commandLine().getErr().println("note: reviewing against the namespaces found in the file: "
          + String.join(", ", names) + " (set them with --namespace)");
    }
    AclFileReview review = new AclFileReview(ns, serverUsers, adminUsers, cachePrefix);
    CheckReport result = review.report(file.toString(), users, userLines(file, text, users));
    return report.emit(result, spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  static String read(Path file) {
    String shown = ControlCharacters.escape(file.toString());
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("cannot read " + shown + ": no such file", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + shown + ": " + ControlCharacters.escape(e.toString()), e);
    }
  }

  /**
   * The line of {@code file} that defines each of {@code users}: the parser reads one user from every line that
   * is not blank, in order.
   */
  static Map<String, Location> userLines(Path file, String text, List<AclUser> users) {
    List<Integer> lines = new ArrayList<>();
    ConfigLines.forEachLine(text, (lineNo, line) -> lines.add(lineNo));
    Map<String, Location> out = new HashMap<>();
    for (int i = 0; i < users.size() && i < lines.size(); i++) {
      out.put(users.get(i).name(), Location.of(file, lines.get(i)));
    }
    return out;
  }

  /** Namespaces named by channel patterns {@code prefix::chain::*} (no other glob characters). */
  static List<ThalosNamespace> inferNamespaces(List<AclUser> users) {
    Set<ThalosNamespace> out = new LinkedHashSet<>();
    for (AclUser u : users) {
      for (AclSelector s : u.allSelectors()) {
        for (String p : s.channelPatterns()) {
          if (!p.endsWith("::*")) {
            continue;
          }
          String body = p.substring(0, p.length() - 3);
          int sep = body.indexOf("::");
          if (sep < 0 || body.indexOf("::", sep + 2) >= 0 || body.matches(".*[*?\\[\\]\\\\].*")) {
            continue;
          }
          try {
            out.add(ThalosNamespace.of(body.substring(0, sep), body.substring(sep + 2)));
          } catch (IllegalArgumentException | IllegalStateException e) {
            // not a Thalos namespace; ignore
          }
        }
      }
    }
    return new ArrayList<>(out);
  }
}
