package dev.thalos.redis.security.conf;

import dev.thalos.redis.security.check.Finding;
import dev.thalos.redis.security.check.Outcome;
import dev.thalos.redis.security.check.Severity;
import dev.thalos.redis.security.internal.ControlCharacters;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.StringJoiner;

/** Offline rules about dangerous commands: rename-command, DEBUG and MODULE. */
final class CommandRules {

  private CommandRules() {}

  /** {@code conf.rename-command}: commands hidden by renaming instead of denied by ACL. */
  static final class RenameCommand extends ConfRule {
    static final String ID = "conf.rename-command";

    RenameCommand() {
      super(ID, Severity.LOW, "Dangerous commands are denied by ACL rather than renamed",
          "rename-command hides a command from everyone, including administrators, breaks tools and "
              + "replication, and a renamed command is still available to whoever learns the new name. ACL rules "
              + "(-flushall, -@dangerous) deny it per user and show up in ACL LIST.");
    }

    @Override
    Finding check(AuditInput in) {
      List<Directive> renames = in.config.all("rename-command");
      if (renames.isEmpty()) {
        return pass("no rename-command");
      }
      Finding.Builder f = finding().outcome(Outcome.WARN)
          .summary(renames.size() + " rename-command directive(s); prefer ACL rules");
      StringJoiner deny = new StringJoiner(" ");
      for (Directive d : renames) {
        // the new name is a secret of sorts: do not repeat it
        f.evidence("rename-command " + quote(d.arg(0)) + (d.arg(1).isEmpty() ? " \"\" (disabled)" : " <renamed>")
            + " (" + d.location() + ")");
        f.location(d.location());
        deny.add("-" + ControlCharacters.escape(d.arg(0).toLowerCase(Locale.ROOT)));
      }
      return f.remediation("# remove the rename-command lines and deny the commands per user, e.g.\n"
          + "user thalos on #<sha256> resetchannels ~thalos::cache::* &ship::* -@all +publish +ping +get +set\n"
          + "# or, for users that keep broad rights:\nuser <name> ... " + deny).build();
    }
  }

  /** {@code conf.debug-command} / {@code conf.module-command}: enable-*-command yes or local. */
  static final class EnableCommand extends ConfRule {
    static final String DEBUG_ID = "conf.debug-command";
    static final String MODULE_ID = "conf.module-command";

    private final String directive;
    private final String command;

    private EnableCommand(String id, String directive, String command, String why) {
      super(id, Severity.HIGH, command + " command is disabled",
          directive + " yes lets any user with the right ACL run " + command + " over the network; 'local' "
              + "limits it to loopback connections. " + why + " Redis 7 defaults to 'no'.");
      this.directive = directive;
      this.command = command;
    }

    static EnableCommand debug() {
      return new EnableCommand(DEBUG_ID, "enable-debug-command", "DEBUG",
          "DEBUG can crash the server, block it, and read or change internal state.");
    }

    static EnableCommand module() {
      return new EnableCommand(MODULE_ID, "enable-module-command", "MODULE",
          "MODULE LOAD runs arbitrary native code inside redis-server.");
    }

    @Override
    Finding check(AuditInput in) {
      Optional<Directive> d = in.config.last(directive);
      String value = d.map(x -> x.arg(0).toLowerCase(Locale.ROOT)).orElse("no");
      if (value.equals("no")) {
        return pass(command + " is disabled" + (d.isEmpty() ? " (default)" : ""));
      }
      Finding.Builder f = finding().summary(directive + " " + value)
          .evidence(d.get().toString()).location(d.get().location())
          .remediation(directive + " no");
      if (value.equals("local")) {
        return f.outcome(Outcome.WARN).severity(Severity.LOW)
            .evidence(command + " is accepted from loopback connections only").build();
      }
      return f.outcome(Outcome.FAIL).build();
    }
  }
}
