package dev.thalos.redis.security.conf;

import dev.thalos.redis.security.ThalosSecurityException;
import dev.thalos.redis.security.acl.AclAudit;
import dev.thalos.redis.security.acl.AclParser;
import dev.thalos.redis.security.acl.AclSelector;
import dev.thalos.redis.security.acl.AclUser;
import dev.thalos.redis.security.check.Finding;
import dev.thalos.redis.security.check.Location;
import dev.thalos.redis.security.check.Outcome;
import dev.thalos.redis.security.check.Severity;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Offline rules that need the ACL toolkit ({@code acl} package): they read every {@code user} line — from
 * redis.conf, or from the aclfile when one is set — as Redis 7.0 would, and ask the toolkit whether the user
 * logs in without a password, may run dangerous commands, or may use every channel. When no line defines the
 * default user, the rules also judge the one Redis creates itself, {@code on nopass ~* &* +@all}
 * ({@code ACLCreateDefaultUser}; {@code requirepass} gives it a password unless an aclfile is set). The users read
 * here are also what {@link DefaultUserFacts} decides from.
 */
final class AclRules {

  private AclRules() {}

  /** The rules of the default user Redis creates when no line defines it ({@code ACLCreateDefaultUser}). */
  static final List<String> CREATED_DEFAULT_USER = List.of("+@all", "~*", "&*", "on", "nopass");

  /** One user the toolkit read, with the line it came from, or the default user Redis creates itself. */
  static final class ParsedUser {
    /** The line, or {@code null} for the default user Redis creates. */
    final Directive line;
    final AclUser user;
    /** For the default user Redis creates: its rules (secrets redacted), why, and the directive behind it. */
    private final String createdRules;
    private final String created;
    private final Directive cause;

    ParsedUser(Directive line, AclUser user) {
      this.line = line;
      this.user = user;
      this.createdRules = null;
      this.created = null;
      this.cause = null;
    }

    private ParsedUser(AclUser user, String rules, String created, Directive cause) {
      this.line = null;
      this.user = user;
      this.createdRules = rules;
      this.created = created;
      this.cause = cause;
    }

    /** The line (secrets redacted), or what Redis creates and why. */
    String describe() {
      return line != null ? line.toString() : "user default " + createdRules + " (" + created + ")";
    }

    /** Where the user comes from: {@code file:line}, or why Redis creates it. */
    String origin() {
      return line != null ? line.location().toString() : created;
    }

    Optional<Location> location() {
      return line != null ? Optional.of(line.location()) : Optional.ofNullable(cause).map(Directive::location);
    }
  }

  /** The users as Redis would load them, and the lines it would refuse. */
  static final class Users {
    final List<ParsedUser> users = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    final List<Directive> problemLines = new ArrayList<>();
    final Optional<String> unreadable;
    /** The default user Redis creates, when no line defines it. */
    Optional<ParsedUser> createdDefault = Optional.empty();

    Users(Optional<String> unreadable) {
      this.unreadable = unreadable;
    }

    /** Every user Redis would have: those of the lines, and the default user it creates if no line does. */
    List<ParsedUser> all() {
      List<ParsedUser> all = new ArrayList<>(users);
      createdDefault.ifPresent(all::add);
      return all;
    }
  }

  static Users users(AuditInput in) {
    boolean aclFile = in.aclFileLine.isPresent();
    if (aclFile && in.aclFile.isEmpty()) {
      return new Users(Optional.of(in.aclProblem.orElse("the aclfile could not be read")));
    }
    Users out = new Users(Optional.empty());
    String pubsubDefault = in.config.value("acl-pubsub-default").orElse("resetchannels")
        .toLowerCase(Locale.ROOT);
    AclParser parser = pubsubDefault.equals("allchannels")
        ? AclParser.redis7(AclParser.PubsubDefault.ALLCHANNELS) : AclParser.redis7();
    List<Directive> lines = aclFile ? in.aclFile.get().directives() : in.config.all("user");
    if (aclFile && !in.config.all("user").isEmpty()) {
      Directive first = in.config.all("user").get(0);
      out.problems.add(first.location() + ": user directives in redis.conf together with an "
          + "aclfile: redis-server refuses to start");
      out.problemLines.add(first);
    }
    Set<String> names = new HashSet<>();
    boolean defaultLine = false;
    for (Directive d : lines) {
      if (!d.name().equals("user") || d.args().isEmpty()) {
        out.problems.add(d.location() + ": not a 'user <name> ...' line: redis-server refuses "
            + "to start");
        out.problemLines.add(d);
        continue;
      }
      defaultLine |= d.arg(0).equals("default");
      if (!names.add(d.arg(0))) {
        out.problems.add(d.location() + ": user " + ConfRule.quote(d.arg(0)) + " is defined twice: "
            + "redis-server refuses to start");
        out.problemLines.add(d);
      }
      try {
        AclUser user = aclFile ? parser.parseUserLine(aclFileLine(d))
            : parser.parseSetUser(d.arg(0), d.args().subList(1, d.args().size()));
        out.users.add(new ParsedUser(d, user));
      } catch (ThalosSecurityException e) {
        // the toolkit's messages never show passwords, but keep to the reason code and place
        out.problems.add(d.location() + ": user " + ConfRule.quote(d.arg(0)) + " is not valid Redis 7.0 ACL ("
            + e.reason() + ")");
        out.problemLines.add(d);
      }
    }
    if (!defaultLine) {
      out.createdDefault = Optional.of(createdDefault(in));
    }
    return out;
  }

  /**
   * The default user Redis creates when no line defines it, and why: with an aclfile, the one
   * {@code ACLLoadFromFile} creates ({@code requirepass} does not apply); without, the built-in one, to which
   * {@code requirepass} gives its password ({@code ACLUpdateDefaultUserPassword}: {@code resetpass >pw}).
   */
  private static ParsedUser createdDefault(AuditInput in) {
    Optional<Directive> requirepass = in.aclFileLine.isPresent() ? Optional.empty() : in.requirepass;
    List<String> rules = new ArrayList<>(CREATED_DEFAULT_USER);
    requirepass.ifPresent(d -> rules.addAll(List.of("resetpass", ">" + d.arg(0))));
    String why = in.aclFileLine.isPresent()
        ? "the aclfile does not define the default user: redis-server creates it so whenever it loads the file; "
            + "requirepass does not apply"
        : "no 'user default' line: Redis's built-in default user"
            + (requirepass.isPresent() ? " with the requirepass password" : "");
    return new ParsedUser(AclParser.redis7().parseSetUser("default", rules),
        requirepass.isPresent() ? "on >**** ~* &* +@all" : "on nopass ~* &* +@all", why,
        in.aclFileLine.or(() -> requirepass).orElse(null));
  }

  /**
   * The aclfile line back as Redis split it ({@link RedisConfigParser#parseAclFile(java.nio.file.Path)} keeps
   * every argument as it was between single spaces), for the toolkit to read it as Redis does.
   */
  private static String aclFileLine(Directive d) {
    return d.name() + " " + String.join(" ", d.args());
  }

  /** The user the toolkit read from {@code line}, or empty if it refused the line. */
  static Optional<AclUser> userOf(Users users, Directive line) {
    for (ParsedUser u : users.users) {
      if (u.line == line) {
        return Optional.of(u.user);
      }
    }
    return Optional.empty();
  }

  /** Base: skipped when the aclfile is unreadable. */
  abstract static class AclRule extends ConfRule {
    AclRule(String id, Severity severity, String title, String description) {
      super(id, severity, title, description);
    }

    @Override
    final Finding check(AuditInput in) {
      Users users = in.aclUsers;
      if (users.unreadable.isPresent()) {
        return Finding.skipped(this, "cannot read the ACL users: " + users.unreadable.get());
      }
      return check(in, users);
    }

    abstract Finding check(AuditInput in, Users users);
  }

  /** {@code conf.acl.syntax}: ACL lines redis-server 7.0 would refuse. */
  static final class Syntax extends AclRule {
    static final String ID = "conf.acl.syntax";

    Syntax() {
      super(ID, Severity.MEDIUM, "ACL users are valid for Redis 7.0",
          "redis-server refuses to start when an aclfile holds anything but 'user' lines (comments included), "
              + "when redis.conf has user directives as well as an aclfile, when a user is defined twice, or "
              + "when a rule is invalid; a deployment that cannot restart is an outage waiting for the next "
              + "reboot.");
    }

    @Override
    Finding check(AuditInput in, Users users) {
      if (users.problems.isEmpty()) {
        return pass(users.users.size() + " ACL user(s), all valid");
      }
      Finding.Builder f = finding().outcome(Outcome.FAIL)
          .summary(users.problems.size() + " ACL line(s) redis-server 7.0 would refuse")
          .evidence(users.problems)
          .remediation("# keep only lines of the form\nuser <name> <rules...>\n"
              + "# in the aclfile (no comments, each user once), and no user directives in redis.conf when "
              + "aclfile is set");
      users.problemLines.forEach(d -> f.location(d.location()));
      return f.build();
    }
  }

  /** {@code conf.acl.passwordless-users}: named users anyone can log in as. */
  static final class PasswordlessUsers extends AclRule {
    static final String ID = "conf.acl.passwordless-users";

    PasswordlessUsers() {
      super(ID, Severity.HIGH, "Every enabled ACL user needs a password",
          "A user that is 'on' with 'nopass' accepts any password: whoever knows the user name (AUTH <user> x) "
              + "gets its permissions. The default user is covered by conf.exposure.");
    }

    @Override
    Finding check(AuditInput in, Users users) {
      Finding.Builder f = finding().outcome(Outcome.FAIL);
      List<String> names = new ArrayList<>();
      for (ParsedUser u : users.users) {
        if (!u.user.name().equals("default") && u.user.passwordless()) {
          names.add(u.user.name());
          f.evidence(u.line.toString()).location(u.line.location());
        }
      }
      if (names.isEmpty()) {
        return pass("no enabled named user without a password");
      }
      StringBuilder fix = new StringBuilder();
      for (String n : names) {
        fix.append("user ").append(n).append(" resetpass #<sha256 of a new password> ...\n");
      }
      return f.summary("user(s) " + names + " log in with any password").remediation(fix.toString().trim())
          .build();
    }
  }

  /** {@code conf.acl.dangerous-commands}: users that may stop, reconfigure, wipe or spy on the instance. */
  static final class DangerousCommands extends AclRule {
    static final String ID = "conf.acl.dangerous-commands";

    DangerousCommands() {
      super(ID, Severity.HIGH, "Only administrators may run dangerous commands",
          "CLIENT KILL/PAUSE/LIST, CONFIG, FLUSHALL, DEBUG, MODULE, scripting, KEYS, SHUTDOWN and ACL changes let "
              + "a user stop Thalos's publisher, pause every subscriber, read everyone's addresses or wipe the "
              + "instance. The default user (what anonymous or password-only connections get) must not have "
              + "them; named users other than an administrator should not either (note that +@connection "
              + "includes CLIENT KILL and CLIENT PAUSE).");
    }

    @Override
    Finding check(AuditInput in, Users users) {
      Finding.Builder f = finding();
      boolean defaultUser = false;
      int count = 0;
      StringBuilder fix = new StringBuilder();
      for (ParsedUser u : users.all()) {
        if (!u.user.enabled()) {
          continue;
        }
        List<String> dangerous = AclAudit.of(u.user).dangerousCommands();
        if (dangerous.isEmpty()) {
          continue;
        }
        count++;
        defaultUser |= u.user.name().equals("default");
        f.evidence("user " + u.user.name() + " may run " + dangerous.size() + " dangerous command(s), e.g. "
            + dangerous.subList(0, Math.min(6, dangerous.size())) + " (" + u.origin() + ")");
        u.location().ifPresent(f::location);
        fix.append(u.user.name().equals("default") ? "user default off\n"
            : "user " + u.user.name() + " -@all +<only the commands it needs>   # unless it is the administrator\n");
      }
      if (count == 0) {
        return pass("no enabled user may run dangerous commands");
      }
      f.summary(count + " user(s) may run dangerous commands" + (defaultUser ? ", the default user among them"
          : "")).remediation(fix.toString().trim());
      return defaultUser ? f.outcome(Outcome.FAIL).build()
          : f.outcome(Outcome.WARN).severity(Severity.MEDIUM).build();
    }
  }

  /** {@code conf.acl.all-channels}: users allowed every pub/sub channel. */
  static final class AllChannels extends AclRule {
    static final String ID = "conf.acl.all-channels";

    AllChannels() {
      super(ID, Severity.MEDIUM, "Users are limited to the channels they need",
          "A user with allchannels (&*) may publish forged Thalos messages on any chain and subscribe to "
              + "everything. Thalos's server needs only its namespace (&ship::<chain>::*) and a client only the "
              + "chains it follows.");
    }

    @Override
    Finding check(AuditInput in, Users users) {
      Finding.Builder f = finding().outcome(Outcome.WARN);
      List<String> names = new ArrayList<>();
      for (ParsedUser u : users.all()) {
        if (!u.user.enabled()) {
          continue;
        }
        for (AclSelector s : u.user.allSelectors()) {
          if (s.allChannels()) {
            names.add(u.user.name());
            f.evidence(u.describe());
            u.location().ifPresent(f::location);
            break;
          }
        }
      }
      if (names.isEmpty()) {
        return pass("no enabled user may use every channel");
      }
      StringBuilder fix = new StringBuilder();
      for (String n : names) {
        fix.append("user ").append(n).append(" resetchannels &ship::<chain>::*\n");
      }
      return f.summary("user(s) " + names + " may use every pub/sub channel").remediation(fix.toString().trim())
          .build();
    }
  }
}
