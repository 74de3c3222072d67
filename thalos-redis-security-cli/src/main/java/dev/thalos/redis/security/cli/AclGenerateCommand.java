package dev.thalos.redis.security.cli;

import dev.thalos.redis.security.acl.DefaultUserPolicy;
import dev.thalos.redis.security.acl.GeneratedAcl;
import dev.thalos.redis.security.acl.ThalosAclPlan;
import dev.thalos.redis.security.channel.ThalosNamespace;
import dev.thalos.redis.security.internal.ControlCharacters;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code acl generate}: least-privilege users for a Thalos deployment from {@link ThalosAclPlan}. Writes the
 * {@code users.acl} (password hashes only) with mode 0600 and prints the generated passwords once.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = {
        "Generate least-privilege Redis ACL users for Thalos: a server user that may only PUBLISH to its "
            + "namespaces, PING and GET/SET its cache keys; client users that may only SUBSCRIBE/UNSUBSCRIBE/PING "
            + "on their chains (no +@connection: no CLIENT KILL/PAUSE/LIST); an admin; the default user off.",
        "Passwords are 256-bit random values; the file holds only their SHA-256 hashes and is created with mode "
            + "0600. The passwords are printed once (and with --passwords-dir written to one 0600 file per user).",
        "Example: thalos-redis-security acl generate --namespace wax --client wax-reader -o /etc/redis/users.acl"})
final class AclGenerateCommand implements Callable<Integer> {

  @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", required = true,
      converter = Converters.NamespaceConverter.class,
      description = "A namespace the server publishes to: prefix::chain or chain (prefix ship). Repeatable.")
  List<ThalosNamespace> namespaces = new ArrayList<>();

  @Option(names = "--server", paramLabel = "USER", defaultValue = "thalos",
      description = "The Thalos server's user (default: ${DEFAULT-VALUE}).")
  String server;

  @Option(names = "--client", paramLabel = "USER[=CHAIN[,CHAIN...]]",
      description = "A client user, optionally limited to some of the chains (default: all). Repeatable. "
          + "Default: one client, thalos-client.")
  List<String> clients = new ArrayList<>();

  @Option(names = "--admin", paramLabel = "USER", defaultValue = "admin",
      description = "The administrator (all permissions; default: ${DEFAULT-VALUE}).")
  String admin;

  @Option(names = "--no-admin", description = "Generate no administrator.")
  boolean noAdmin;

  @Option(names = "--cache-prefix", paramLabel = "PREFIX", defaultValue = ThalosAclPlan.DEFAULT_CACHE_KEY_PREFIX,
      description = "Key prefix of the Thalos server's cache (default: ${DEFAULT-VALUE}).")
  String cachePrefix;

  @Option(names = "--client-setname", description = "Also allow clients CLIENT SETNAME.")
  boolean clientSetName;

  @Option(names = "--cluster", description = "Users for a Redis Cluster: also allow what a cluster client runs "
      + "(CLUSTER NODES, CLUSTER MYID, INFO, CLIENT SETNAME). Load the file on every node.")
  boolean cluster;

  @Option(names = "--insecure-default-user-nopass",
      description = "INSECURE: make the default user a passwordless subscriber (a public feed). Anyone who "
          + "reaches the port can subscribe.")
  boolean insecureDefaultUser;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = "users.acl",
      description = "Where to write the ACL file (mode 0600; default: ${DEFAULT-VALUE}).")
  Path output;

  @Option(names = "--force", description = "Overwrite FILE if it exists.")
  boolean force;

  @Option(names = "--passwords-dir", paramLabel = "DIR",
      description = "Also write each generated password to DIR/<user>.password (mode 0600), e.g. for "
          + "check --password-file.")
  Path passwordsDir;

  @Option(names = "--print-setuser", description = "Also print the equivalent ACL SETUSER commands (hashes only).")
  boolean printSetUser;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ThalosAclPlan.Builder plan = ThalosAclPlan.builder().server(server).cacheKeyPrefix(cachePrefix)
        .clientSetName(clientSetName)
        .redisCluster(cluster)
        .defaultUser(insecureDefaultUser ? DefaultUserPolicy.INSECURE_NOPASS_CLIENT : DefaultUserPolicy.OFF);
    namespaces.forEach(plan::namespace);
    List<String> clientSpecs = clients.isEmpty() ? List.of("thalos-client") : clients;
    for (String c : clientSpecs) {
      int eq = c.indexOf('=');
      if (eq < 0) {
        plan.client(c);
      } else {
        String[] chains = c.substring(eq + 1).split(",");
        plan.client(c.substring(0, eq), chains);
      }
    }
    if (!noAdmin) {
      plan.admin(admin);
    }
    ThalosAclPlan built;
    try {
      built = plan.build();
    } catch (IllegalStateException e) {
      throw new UsageException(e.getMessage());
    }
    GeneratedAcl acl = built.generate();
    PrintWriter out = spec.commandLine().getOut();
    PrivateFiles.write(output, acl.aclFile().getBytes(StandardCharsets.UTF_8), force);
    String shownOutput = ControlCharacters.escape(output.toString());
    out.println("Wrote " + shownOutput + " (mode 0600): " + acl.users().size() + " users");
    acl.users().forEach(u -> out.println("  " + u));
    for (String notice : acl.notices()) {
      if (notice.startsWith("INSECURE")) {
        spec.commandLine().getErr().println(notice);
      }
    }
    Map<String, char[]> passwords = acl.revealPasswords();
    try {
      if (passwordsDir != null) {
        writePasswordFiles(passwords);
      }
      out.println();
      out.println("Generated passwords, shown once - store them in your secret manager now:");
      for (Map.Entry<String, char[]> e : passwords.entrySet()) {
        out.print("  ");
        out.print(String.format("%-20s ", e.getKey()));
        out.print(e.getValue());
        out.println();
      }
      if (passwordsDir != null) {
        out.println("(also written to " + ControlCharacters.escape(passwordsDir.toString())
            + "/<user>.password, mode 0600)");
      }
    } finally {
      passwords.values().forEach(p -> Arrays.fill(p, '\0'));
    }
    if (printSetUser) {
      out.println();
      out.println("Equivalent commands for a running server (as an administrator):");
      for (List<String> cmd : acl.setUserCommands()) {
        out.println("  " + String.join(" ", cmd));
      }
    }
    out.println();
    out.println("Next: set 'aclfile " + ControlCharacters.escape(output.toAbsolutePath().toString())
        + "' in redis.conf (no 'user' lines there), "
        + "then 'ACL LOAD' or restart Redis.");
    out.flush();
    return ExitCodes.PASSED;
  }

  private void writePasswordFiles(Map<String, char[]> passwords) {
    try {
      if (!Files.isDirectory(passwordsDir)) {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
          Files.createDirectories(passwordsDir,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
          Files.createDirectories(passwordsDir);
        }
      }
    } catch (FileAlreadyExistsException e) {
      throw new UncheckedIOException(
          "cannot create " + ControlCharacters.escape(passwordsDir.toString()) + ": a file of that name exists", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + ControlCharacters.escape(passwordsDir.toString()) + ": "
          + ControlCharacters.escape(String.valueOf(e.getMessage())), e);
    }
    for (Map.Entry<String, char[]> e : passwords.entrySet()) {
      byte[] bytes = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(e.getValue())).array();
      byte[] exact = Arrays.copyOf(bytes, e.getValue().length); // hex digits: one byte each
      try {
        PrivateFiles.write(passwordsDir.resolve(e.getKey() + ".password"), exact, force);
      } finally {
        Arrays.fill(bytes, (byte) 0);
        Arrays.fill(exact, (byte) 0);
      }
    }
  }
}
