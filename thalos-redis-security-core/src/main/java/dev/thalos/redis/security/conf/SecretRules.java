package dev.thalos.redis.security.conf;

import dev.thalos.redis.security.check.Finding;
import dev.thalos.redis.security.check.Outcome;
import dev.thalos.redis.security.check.Severity;
import dev.thalos.redis.security.internal.ControlCharacters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Offline rules about passwords in files: requirepass, plaintext passwords, file permissions. */
final class SecretRules {

  private static final Set<String> PLAINTEXT_SECRET_DIRECTIVES = Set.of(
      "requirepass", "masterauth", "tls-key-file-pass", "tls-client-key-file-pass");

  private SecretRules() {}

  /** Every directive that holds a plaintext secret, in the config and the aclfile. */
  static List<Directive> plaintextSecrets(AuditInput in) {
    List<Directive> out = new ArrayList<>();
    List<Directive> all = new ArrayList<>(in.config.directives());
    in.aclFile.ifPresent(acl -> all.addAll(acl.directives()));
    for (Directive d : all) {
      if (PLAINTEXT_SECRET_DIRECTIVES.contains(d.name()) && !d.arg(0).isEmpty()) {
        out.add(d);
      } else if (d.name().equals("user")
          && d.args().stream().skip(1).anyMatch(a -> a.startsWith(">") || a.startsWith("<"))) {
        out.add(d);
      }
    }
    return out;
  }

  /** {@code conf.auth.requirepass}: the shared default-user password instead of ACL users. */
  static final class Requirepass extends ConfRule {
    static final String ID = "conf.auth.requirepass";

    Requirepass() {
      super(ID, Severity.LOW, "Clients authenticate as ACL users rather than with requirepass",
          "requirepass gives the default user a password that every client shares: the Thalos server, every "
              + "subscriber and any administrator end up with the same rights and the same secret. ACL users "
              + "(user <name> on #<sha256> ...) give each role only what it needs and can be rotated one by one.");
    }

    @Override
    Finding check(AuditInput in) {
      Optional<Directive> rp = in.requirepass;
      if (rp.isEmpty()) {
        return pass("requirepass is not used");
      }
      Optional<Directive> aclFile = in.aclFileLine;
      Finding.Builder f = finding().outcome(Outcome.WARN)
          .summary(aclFile.isPresent()
              ? "requirepass does not apply: the aclfile decides the default user (see conf.exposure)"
              : "requirepass sets one shared password for the default user")
          .evidence(rp.get().toString()).location(rp.get().location())
          .remediation("# remove requirepass; give each role its own ACL user, e.g.\n"
              + "user default off\n"
              + "user thalos on #<sha256> resetchannels ~thalos::cache::* &ship::* -@all +ping +get +set +publish\n"
              + "user thalos-client on #<sha256> resetchannels &ship::<chain>::* -@all +subscribe +ping");
      if (aclFile.isPresent()) {
        f.evidence(aclFile.get() + ": redis-server loads the aclfile after it applied requirepass, and the file "
            + "replaces every user, the default user included");
      } else if (in.defaultUser.source().filter(d -> d.name().equals("user")).isPresent()) {
        f.evidence("a 'user default' line overrides it: " + in.defaultUser.source().get());
      }
      return f.build();
    }
  }

  /** {@code conf.secrets.plaintext-password}: passwords written in clear. */
  static final class PlaintextPassword extends ConfRule {
    static final String ID = "conf.secrets.plaintext-password";

    PlaintextPassword() {
      super(ID, Severity.LOW, "Passwords are stored as SHA-256 hashes",
          "A user line can hold #<sha256 of the password> instead of >password, so whoever reads the file "
              + "(a backup, a support bundle, CONFIG GET from a too-powerful user) does not learn the password. "
              + "requirepass and masterauth can only be written in clear; prefer ACL users for the former.");
    }

    @Override
    Finding check(AuditInput in) {
      List<Directive> secrets = plaintextSecrets(in);
      if (secrets.isEmpty()) {
        return pass("no plaintext passwords");
      }
      Finding.Builder f = finding().outcome(Outcome.WARN)
          .summary(secrets.size() + " line(s) hold a plaintext password");
      boolean userLines = false;
      for (Directive d : secrets) {
        f.evidence(d.toString()).location(d.location());
        userLines |= d.name().equals("user");
      }
      return f.remediation((userLines ? "# in user lines replace >password with #<sha256 hex of the password>:\n"
          + "user thalos on #<sha256> ...\n" : "")
          + "# replace requirepass with ACL users; keep masterauth only in a file readable by redis alone")
          .build();
    }
  }

  /** {@code conf.secrets.file-permissions}: files with plaintext passwords readable by group or others. */
  static final class FilePermissions extends ConfRule {
    static final String ID = "conf.secrets.file-permissions";

    FilePermissions() {
      super(ID, Severity.HIGH, "Files with plaintext passwords are readable by their owner only",
          "A redis.conf, an included file or an aclfile that holds a password in clear and is readable by its "
              + "group or by everyone hands that password to every local account in the group, or to all of "
              + "them.");
    }

    @Override
    Finding check(AuditInput in) {
      Map<Path, List<Directive>> byFile = new LinkedHashMap<>();
      for (Directive d : plaintextSecrets(in)) {
        byFile.computeIfAbsent(d.source(), k -> new ArrayList<>()).add(d);
      }
      if (byFile.isEmpty()) {
        return pass("no file holds a plaintext password");
      }
      Finding.Builder f = finding().outcome(Outcome.FAIL);
      List<String> exposed = new ArrayList<>();
      List<String> chmod = new ArrayList<>();
      for (Map.Entry<Path, List<Directive>> e : byFile.entrySet()) {
        Path file = e.getKey();
        String shown = ControlCharacters.escape(file.toString());
        Set<PosixFilePermission> perms;
        try {
          perms = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException ex) {
          return Finding.skipped(this, "the file system of " + shown + " has no POSIX permissions");
        } catch (IOException ex) {
          return Finding.skipped(this, "cannot read the permissions of " + shown + ": "
              + ex.getClass().getSimpleName());
        }
        boolean group = perms.contains(PosixFilePermission.GROUP_READ);
        boolean others = perms.contains(PosixFilePermission.OTHERS_READ);
        if (group || others) {
          exposed.add(file.toString());
          f.evidence(shown + " is " + PosixFilePermissions.toString(perms) + " (readable by "
              + (others ? "everyone" : "its group") + ") and holds " + e.getValue().size()
              + " plaintext password line(s)");
          for (Directive d : e.getValue()) {
            f.location(d.location());
          }
          chmod.add("chmod 600 " + shown);
        }
      }
      if (exposed.isEmpty()) {
        return pass("files with plaintext passwords are readable by their owner only");
      }
      return f.summary(exposed.size() + " file(s) with plaintext passwords are readable beyond their owner")
          .remediation(String.join("\n", chmod) + "\n# (redis-server must own the files; or use #<sha256> hashes)")
          .build();
    }
  }
}
