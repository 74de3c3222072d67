package dev.thalos.redis.security.check;

import dev.thalos.redis.security.acl.AclAudit;
import dev.thalos.redis.security.acl.AclEvaluator;
import dev.thalos.redis.security.acl.AclUser;
import dev.thalos.redis.security.channel.ThalosNamespace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Live rules about who may do what: anonymous access, the default user, this user's privileges. */
final class LiveAccessRules {

  private LiveAccessRules() {}

  /** Commands without a harmless probe form; judged only from the user's ACL line when it is visible. */
  static final List<String[]> UNPROBED = List.of(new String[] {"KEYS", "x"}, new String[] {"SHUTDOWN"},
      new String[] {"MONITOR"}, new String[] {"REPLICAOF", "no", "one"}, new String[] {"SCRIPT", "FLUSH"});

  static String aclFix(Role role, String user) {
    String u = user == null ? "<user>" : user;
    return role == Role.PUBLISHER
        ? "ACL SETUSER " + u + " -@all +publish +ping +get +set resetkeys ~thalos::cache::*"
        : "ACL SETUSER " + u + " -@all +subscribe +unsubscribe +ping";
  }

  /** {@code live.auth.required}: an anonymous connection gets nothing. */
  static final class AuthRequired extends LiveRule {
    static final String ID = "live.auth.required";

    AuthRequired() {
      super(ID, Severity.CRITICAL, "Connections must authenticate",
          "Opens a second connection with the same transport but without credentials and tries PING and "
              + "harmless forms of PUBLISH, EXPIRE, CONFIG GET and CLIENT KILL. Anything but NOAUTH/NOPERM "
              + "means anyone who reaches the port is logged in as the default user.");
    }

    @Override
    Finding check(CheckContext context, LiveFacts facts) {
      LiveFacts.Anonymous anon = facts.anonymous(probe(context, facts));
      if (anon.refused.isPresent()) {
        return Finding.pass(this, "an unauthenticated connection is refused: " + anon.refused.get());
      }
      if (!anon.loggedIn()) {
        ProbeReply ping = anon.replies.get("PING");
        String got = ping == null ? "no reply" : ping.isError() ? ping.errorCode() : ping.kind().name();
        if (!anon.permitted().isEmpty()) {
          return finding().outcome(Outcome.FAIL)
              .summary("an unauthenticated connection may run " + anon.permitted())
              .evidence("anonymous PING: " + got)
              .evidence("anonymous connection was allowed: " + String.join(", ", anon.permitted()))
              .remediation("ACL SETUSER default off\n# or in the aclfile / redis.conf:\nuser default off")
              .build();
        }
        return finding().outcome(Outcome.PASS)
            .summary("an unauthenticated connection gets " + got + " for every command")
            .evidence("anonymous PING: " + got)
            .build();
      }
      List<String> can = anon.permitted();
      return finding().outcome(Outcome.FAIL)
          .summary("anyone who reaches the port is logged in as the default user and may run " + can)
          .evidence("an unauthenticated connection answered PING")
          .evidence("anonymous connection was allowed: " + String.join(", ", can))
          .remediation("ACL SETUSER default off\n# or in the aclfile / redis.conf:\nuser default off")
          .build();
    }
  }

  /** {@code live.acl.default-user}: the unnamed user is off (or at least harmless). */
  static final class DefaultUser extends LiveRule {
    static final String ID = "live.acl.default-user";

    DefaultUser() {
      super(ID, Severity.HIGH, "The default user is off",
          "Every connection that does not name a user is the default user. thalos-tools gives it ~* &* +@all "
              + "with a password; the Thalos docs use it for clients with +@connection. Named users with "
              + "least privilege and 'user default off' leave nothing to guess.");
    }

    @Override
    Finding check(CheckContext context, LiveFacts facts) {
      RedisProbe probe = probe(context, facts);
      Optional<AclListLine> line = facts.aclLine(probe, "default");
      String fix = "ACL SETUSER default off\n# aclfile:\nuser default off";
      if (line.isPresent()) {
        Optional<AclUser> parsed = line.get().user();
        if (parsed.isEmpty()) {
          return Finding.skipped(this, "cannot parse the default user's ACL LIST line");
        }
        AclUser user = parsed.get();
        AclAudit audit = AclAudit.of(user);
        String shown = "ACL LIST: " + redact(line.get().line);
        if (!user.enabled()) {
          return finding().outcome(Outcome.PASS).summary("the default user is off").evidence(shown).build();
        }
        if (user.noPass()) {
          return finding().outcome(Outcome.FAIL).severity(Severity.CRITICAL)
              .summary("the default user is on without a password").evidence(shown).remediation(fix).build();
        }
        List<String> dangerous = audit.dangerousCommands();
        if (!dangerous.isEmpty()) {
          return finding().outcome(Outcome.FAIL)
              .summary("the default user is on with dangerous commands: " + head(dangerous))
              .evidence(shown).remediation(fix).build();
        }
        return finding().outcome(Outcome.WARN).severity(Severity.LOW)
            .summary("the default user is on (with a password and limited rights)")
            .evidence(shown).remediation(fix).build();
      }
      LiveFacts.Anonymous anon = facts.anonymous(probe);
      if (anon.loggedIn()) {
        return finding().outcome(Outcome.FAIL).severity(Severity.CRITICAL)
            .summary("the default user is on without a password")
            .evidence("an unauthenticated connection answered PING").remediation(fix).build();
      }
      return Finding.skipped(this, "ACL LIST is not visible to this user; an unauthenticated connection is "
          + "refused, so the default user is off or has a password — run the check as an administrator to tell");
    }
  }

  /** {@code live.acl.dangerous-commands}: this user cannot run administrative commands. */
  static final class DangerousCommands extends LiveRule {
    static final String ID = "live.acl.dangerous-commands";

    DangerousCommands() {
      super(ID, Severity.HIGH, "This user cannot run administrative or dangerous commands",
          "A Thalos client needs SUBSCRIBE, the server PUBLISH, PING, GET and SET. CLIENT KILL/PAUSE/LIST "
              + "(granted by +@connection), CONFIG, FLUSHALL, DEBUG, MODULE, EVAL or ACL LIST let a holder of "
              + "the password stop, spy on, reconfigure or wipe the instance. Each is tried in a form that "
              + "fails harmlessly when permitted.", Role.PUBLISHER, Role.SUBSCRIBER);
    }

    @Override
    Finding check(CheckContext context, LiveFacts facts) {
      RedisProbe probe = probe(context, facts);
      Verdict v = new Verdict();
      List<String> denied = new ArrayList<>();
      for (PrivilegeProbe p : facts.probes) {
        if (p.kind != PrivilegeProbe.Kind.DANGEROUS && p.kind != PrivilegeProbe.Kind.CONFIG_READ) {
          continue;
        }
        ProbeAccess a = facts.access(probe, p);
        if (a.commandAllowed()) {
          v.fail(p.kind == PrivilegeProbe.Kind.CONFIG_READ ? Severity.MEDIUM : Severity.HIGH,
              p.label + " is permitted (probe '" + p.command() + "')");
        } else if (a == ProbeAccess.UNKNOWN) {
          v.warn(p.label + ": the reply to '" + p.command() + "' could not be classified");
        } else {
          denied.add(p.label + " " + a.label());
        }
      }
      v.note("denied: " + String.join(", ", denied));
      Optional<AclEvaluator> own = ownAcl(probe, facts);
      if (own.isPresent()) {
        for (String[] cmd : UNPROBED) {
          if (own.get().evaluate(cmd).allowed()) {
            v.fail(Severity.HIGH, cmd[0] + " is permitted (from this user's ACL LIST line)");
          }
        }
      } else {
        v.note("KEYS, SHUTDOWN, MONITOR, REPLICAOF and SCRIPT FLUSH have no harmless probe form and were not "
            + "tried; this user's ACL line is not visible");
      }
      String user = facts.whoami(probe).orElse(null);
      return v.finding(this, "every dangerous command tried was denied", aclFix(context.role(), user));
    }
  }

  /** {@code live.acl.publish}: a client cannot publish. */
  static final class Publish extends LiveRule {
    static final String ID = "live.acl.publish";

    Publish() {
      super(ID, Severity.HIGH, "A client cannot publish",
          "Thalos clients only subscribe. A client that may PUBLISH can inject forged transactions, actions "
              + "or rollbacks into the feed every other client trusts. Tried with PUBLISH to a random "
              + "channel nobody subscribes to.", Role.SUBSCRIBER);
    }

    @Override
    Finding check(CheckContext context, LiveFacts facts) {
      RedisProbe probe = probe(context, facts);
      Verdict v = new Verdict();
      for (PrivilegeProbe p : facts.probes) {
        if (p.kind == PrivilegeProbe.Kind.PUBLISH_FOREIGN || p.kind == PrivilegeProbe.Kind.PUBLISH_OTHER_CHAIN) {
          ProbeAccess a = facts.access(probe, p);
          if (a.commandAllowed()) {
            v.fail(Severity.HIGH, "PUBLISH is " + a.label() + " (probe '" + p.command() + "')");
          } else {
            v.note("PUBLISH " + a.label());
          }
        }
      }
      return v.finding(this, "PUBLISH is denied", aclFix(Role.SUBSCRIBER, facts.whoami(probe).orElse(null)));
    }
  }

  /** {@code live.acl.keys}: key access stays inside the cache prefix (publisher) or is absent (client). */
  static final class Keys extends LiveRule {
    static final String ID = "live.acl.keys";

    Keys() {
      super(ID, Severity.HIGH, "Key access is limited to the Thalos cache",
          "The Thalos server reads and writes only keys under thalos::cache::; a client needs no keys at all. "
              + "Tried with EXPIRE on a random key (0 when permitted), SET ... XX under the cache prefix (nil "
              + "when permitted) and GET of a random key.", Role.PUBLISHER, Role.SUBSCRIBER);
    }

    @Override
    Finding check(CheckContext context, LiveFacts facts) {
      RedisProbe probe = probe(context, facts);
      Verdict v = new Verdict();
      for (PrivilegeProbe p : facts.probes) {
        ProbeAccess a;
        switch (p.kind) {
          case WRITE_OUTSIDE:
            a = facts.access(probe, p);
            if (a == ProbeAccess.PERMITTED) {
              v.fail(Severity.HIGH, "writes outside " + facts.cachePrefix + " are permitted (probe '"
                  + p.command() + "')");
            } else {
              v.note("write outside the cache: " + a.label());
            }
            break;
          case WRITE_CACHE:
            a = facts.access(probe, p);
            if (context.role() == Role.SUBSCRIBER && a == ProbeAccess.PERMITTED) {
              v.fail(Severity.HIGH, "a client may write the Thalos cache (probe '" + p.command() + "')");
            } else if (context.role() == Role.PUBLISHER && a != ProbeAccess.PERMITTED) {
              v.note("SET under " + facts.cachePrefix + " is " + a.label() + ": the Thalos server cannot keep "
                  + "its cache");
            } else {
              v.note("write to the cache: " + a.label());
            }
            break;
          case READ_OUTSIDE:
            a = facts.access(probe, p);
            if (a == ProbeAccess.PERMITTED) {
              v.fail(Severity.MEDIUM, "reads outside " + facts.cachePrefix + " are permitted (probe '"
                  + p.command() + "')");
            } else {
              v.note("read outside the cache: " + a.label());
            }
            break;
          default:
            break;
        }
      }
      String user = facts.whoami(probe).orElse("<user>");
      String fix = context.role() == Role.PUBLISHER
          ? "ACL SETUSER " + user + " resetkeys ~" + facts.cachePrefix + "*"
          : "ACL SETUSER " + user + " resetkeys -@all +subscribe +unsubscribe +ping";
      return v.finding(this, "key access stays within what the role needs", fix);
    }
  }

  /** {@code live.acl.channels}: channel permissions do not reach beyond the namespace. */
  static final class Channels extends LiveRule {
    static final String ID = "live.acl.channels";

    Channels() {
      super(ID, Severity.MEDIUM, "Channel permissions stay inside the Thalos namespace",
          "&ship::* admits every chain of the prefix, &* every channel of the instance. The server should "
              + "publish, and a client subscribe, only to <prefix>::<chain>::*. Judged from the user's ACL line "
              + "where visible, else tried: PUBLISH to random channels outside the namespace (publisher), SUBSCRIBE "
              + "to them on a separate connection that is closed right after (client).",
          Role.PUBLISHER, Role.SUBSCRIBER);
    }

    @Override
    Finding check(CheckContext context, LiveFacts facts) {
      RedisProbe probe = probe(context, facts);
      if (facts.namespace.isEmpty()) {
        return Finding.skipped(this, "no Thalos namespace configured for this check");
      }
      ThalosNamespace ns = facts.namespace.get();
      String user = facts.whoami(probe).orElse("<user>");
      String fix = "ACL SETUSER " + user + " resetchannels " + ns.aclChannelRule();
      Optional<AclEvaluator> own = ownAcl(probe, facts);
      Verdict v = new Verdict().note("namespace " + ns.channelPattern());
      if (own.isPresent()) {
        AclAudit audit = AclAudit.of(own.get().user());
        List<String> prefixes = List.of(ns.channelPrefix());
        Optional<List<String>> out = context.role() == Role.PUBLISHER ? audit.publishOutside(prefixes)
            : audit.subscribeOutside(prefixes);
        out.ifPresent(w -> v.fail(Severity.MEDIUM, "the ACL allows " + String.join(" ", w)));
        return v.finding(this, "channel permissions stay inside " + ns.channelPattern(), fix);
      }
      if (context.role() == Role.SUBSCRIBER) {
        Map<String, ProbeReply> tried = facts.subscribeOutside(probe);
        for (Map.Entry<String, ProbeReply> e : tried.entrySet()) {
          ProbeAccess a = ProbeAccess.classify(e.getValue());
          if (a == ProbeAccess.PERMITTED) {
            v.fail(Severity.MEDIUM, "SUBSCRIBE outside the namespace is permitted (probe 'SUBSCRIBE "
                + e.getKey() + "' on a separate connection)");
          } else {
            v.note("SUBSCRIBE outside the namespace: " + a.label());
          }
        }
        return v.finding(this, "SUBSCRIBE outside " + ns.channelPattern() + " is denied", fix);
      }
      for (PrivilegeProbe p : facts.probes) {
        if (p.kind == PrivilegeProbe.Kind.PUBLISH_FOREIGN || p.kind == PrivilegeProbe.Kind.PUBLISH_OTHER_CHAIN) {
          ProbeAccess a = facts.access(probe, p);
          if (a == ProbeAccess.PERMITTED) {
            v.fail(Severity.MEDIUM, "PUBLISH outside the namespace is permitted (probe '" + p.command() + "')");
          } else {
            v.note("PUBLISH outside the namespace: " + a.label());
          }
        }
      }
      return v.finding(this, "PUBLISH outside " + ns.channelPattern() + " is denied", fix);
    }
  }

  /** {@code live.acl.other-users}: what other users exist, where visible. */
  static final class OtherUsers extends LiveRule {
    static final String ID = "live.acl.other-users";

    OtherUsers() {
      super(ID, Severity.HIGH, "No other user can log in without a password",
          "Lists the instance's ACL users (needs ACL LIST) and fails for any enabled user without a password "
              + "(nopass): anyone can log in as that user by name.");
    }

    @Override
    Finding check(CheckContext context, LiveFacts facts) {
      RedisProbe probe = probe(context, facts);
      Optional<List<AclListLine>> lines = facts.aclLines(probe);
      if (lines.isEmpty()) {
        return Finding.skipped(this, "ACL LIST is not visible to this user");
      }
      String me = facts.whoami(probe).orElse("");
      Verdict v = new Verdict();
      List<String> names = new ArrayList<>();
      for (AclListLine line : lines.get()) {
        Optional<AclUser> parsed = line.user();
        if (parsed.isEmpty()) {
          v.warn("an ACL LIST line could not be parsed");
          continue;
        }
        AclUser user = parsed.get();
        names.add(user.name());
        if (user.name().equals("default") || user.name().equals(me)) {
          continue;
        }
        if (user.enabled() && user.noPass()) {
          v.fail(Severity.HIGH, "user " + user.name() + " is on without a password");
        } else if (user.enabled()) {
          int n = AclAudit.of(user).dangerousCommands().size();
          if (n > 0) {
            v.note("user " + user.name() + " may run " + n + " dangerous commands");
          }
        }
      }
      v.note("users: " + String.join(", ", names));
      return v.finding(this, lines.get().size() + " ACL users, none passwordless",
          "ACL SETUSER <user> resetpass >" + "<strong password>   # or: ACL SETUSER <user> off");
    }
  }

  /** This user's ACL, if ACL LIST shows it. */
  static Optional<AclEvaluator> ownAcl(RedisProbe probe, LiveFacts facts) {
    Optional<String> me = facts.whoami(probe);
    if (me.isEmpty()) {
      return Optional.empty();
    }
    return facts.aclLine(probe, me.get()).flatMap(AclListLine::user).map(AclEvaluator::of);
  }

  /** An ACL LIST line with password hashes replaced. */
  static String redact(String line) {
    return line.replaceAll("#[0-9a-fA-F]{64}", "#<sha256>");
  }

  static String head(List<String> items) {
    return items.size() <= 6 ? String.join(", ", items)
        : String.join(", ", items.subList(0, 6)) + ", … (" + items.size() + ")";
  }
}
