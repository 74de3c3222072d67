package dev.thalos.redis.security.cli;

import dev.thalos.redis.security.acl.AclAudit;
import dev.thalos.redis.security.acl.AclFinding;
import dev.thalos.redis.security.acl.AclUser;
import dev.thalos.redis.security.channel.ThalosNamespace;
import dev.thalos.redis.security.check.CheckReport;
import dev.thalos.redis.security.check.Finding;
import dev.thalos.redis.security.check.Location;
import dev.thalos.redis.security.check.Outcome;
import dev.thalos.redis.security.check.Role;
import dev.thalos.redis.security.check.RuleDescriptor;
import dev.thalos.redis.security.check.Severity;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reviews every user of an ACL file with {@link AclAudit} — the Thalos server user(s) with
 * {@link AclAudit#reviewServer}, administrators only for passwordless log-in, everyone else (the {@code default}
 * user included: it is what an anonymous connection gets) with {@link AclAudit#reviewClient} — and collects the
 * answers into a {@link CheckReport} with one rule per {@link AclFinding#code() finding code}.
 */
final class AclFileReview {

  /** The rules, one per finding code of {@link AclAudit}, in report order. */
  static final List<RuleDescriptor> RULES = List.of(
      rule("acl.passwordless", "No user logs in without a password", Severity.CRITICAL,
          "A user that is 'on' with 'nopass' can be used by anyone who reaches the port."),
      rule("acl.default-user-enabled", "The default user is off", Severity.MEDIUM,
          "Every connection that does not authenticate, and every password-only AUTH, runs as the default user. "
              + "Turn it off and give every client a named user."),
      rule("acl.dangerous-commands", "No Thalos user may run dangerous commands", Severity.HIGH,
          "Commands such as CLIENT KILL, CLIENT PAUSE, CLIENT LIST, CONFIG, FLUSHALL, DEBUG or scripting let a "
              + "user stop, reconfigure, wipe or spy on the instance. '+@connection', as the Thalos docs suggest, "
              + "grants CLIENT KILL/PAUSE/LIST."),
      rule("acl.publish-outside-namespace", "The server publishes only inside its namespaces", Severity.HIGH,
          "The Thalos server user should publish only to <prefix>::<chain>::* of its own chains."),
      rule("acl.subscribe-outside-namespace", "Users subscribe only inside their namespaces", Severity.MEDIUM,
          "A client should receive only its own chain's channels; '&ship::*' admits every chain and prefix."),
      rule("acl.client-can-publish", "Clients cannot publish", Severity.HIGH,
          "A client that may PUBLISH can forge Thalos messages for every other subscriber."),
      rule("acl.client-can-access-keys", "Clients cannot read or write keys", Severity.HIGH,
          "A client needs no keys; key access exposes or corrupts the server's cache."),
      rule("acl.write-keys-outside-prefix", "The server writes keys only under its cache prefix", Severity.HIGH,
          "The Thalos server writes only its cache keys (thalos::cache:: by default)."),
      rule("acl.read-keys-outside-prefix", "The server reads keys only under its cache prefix", Severity.MEDIUM,
          "The Thalos server reads only its cache keys (thalos::cache:: by default)."));

  private static final Map<String, String> REMEDIATION = Map.of(
      "acl.passwordless", "replace 'nopass' with a password hash (#<sha256>), or turn the user 'off'",
      "acl.default-user-enabled", "user default off resetchannels -@all",
      "acl.dangerous-commands", "drop '+@connection'/'+@all'; allow only what the role runs, e.g. "
          + "'-@all +subscribe +unsubscribe +ping' for a client, '-@all +publish +ping +get +set' for the server",
      "acl.publish-outside-namespace", "resetchannels &<prefix>::<chain>::* (one per chain the server publishes)",
      "acl.subscribe-outside-namespace", "resetchannels &<prefix>::<chain>::* (only the client's own chains)",
      "acl.client-can-publish", "remove +publish (and +@pubsub/+@all) from client users",
      "acl.client-can-access-keys", "resetkeys (no ~ patterns) for client users",
      "acl.write-keys-outside-prefix", "resetkeys ~thalos::cache::*",
      "acl.read-keys-outside-prefix", "resetkeys ~thalos::cache::*");

  private final List<ThalosNamespace> namespaces;
  private final Set<String> serverUsers;
  private final Set<String> adminUsers;
  private final String cacheKeyPrefix;

  AclFileReview(List<ThalosNamespace> namespaces, Set<String> serverUsers, Set<String> adminUsers,
      String cacheKeyPrefix) {
    this.namespaces = List.copyOf(namespaces);
    this.serverUsers = Set.copyOf(serverUsers);
    this.adminUsers = Set.copyOf(adminUsers);
    this.cacheKeyPrefix = cacheKeyPrefix;
  }

  /** What role a user of the file is reviewed as, in words. */
  String roleOf(AclUser user) {
    if (serverUsers.contains(user.name())) {
      return "server";
    }
    if (adminUsers.contains(user.name())) {
      return "admin";
    }
    return "client";
  }

  /** The findings of one user. */
  List<AclFinding> review(AclUser user) {
    AclAudit audit = AclAudit.of(user);
    switch (roleOf(user)) {
      case "server":
        return audit.reviewServer(namespaces, cacheKeyPrefix);
      case "admin":
        List<AclFinding> out = new ArrayList<>();
        if (audit.passwordless()) {
          out.add(new AclFinding("acl.passwordless", user.name(),
              "anyone can log in as this administrator without a password (on nopass)", List.of()));
        }
        return out;
      default:
        return audit.reviewClient(namespaces);
    }
  }

  /** A report over all {@code users}; {@code target} names the file. Findings point at no line. */
  CheckReport report(String target, List<AclUser> users) {
    return report(target, users, Map.of());
  }

  /**
   * A report over all {@code users}; {@code target} names the file and {@code lines} maps a user's name to the
   * line that defines it: each failure points at the lines of the users it names (SARIF results, "at" lines).
   */
  CheckReport report(String target, List<AclUser> users, Map<String, Location> lines) {
    long t0 = System.nanoTime();
    Instant started = Instant.now();
    Map<String, List<AclFinding>> byCode = new LinkedHashMap<>();
    for (RuleDescriptor r : RULES) {
      byCode.put(r.id(), new ArrayList<>());
    }
    for (AclUser u : users) {
      if (!u.enabled()) {
        continue; // nobody can log in as a user that is off
      }
      for (AclFinding f : review(u)) {
        byCode.computeIfAbsent(f.code(), c -> new ArrayList<>()).add(f);
      }
    }
    CheckReport.Builder report = CheckReport.builder().target(target).role(Role.OPERATOR).startedAt(started);
    for (RuleDescriptor r : RULES) {
      report.rule(r);
      List<AclFinding> found = byCode.get(r.id());
      if (found.isEmpty()) {
        report.finding(Finding.builder(r).outcome(Outcome.PASS)
            .summary("no enabled user (of " + enabledCount(users) + ")").build());
        continue;
      }
      Finding.Builder f = Finding.builder(r).outcome(Outcome.FAIL)
          .remediation(REMEDIATION.getOrDefault(r.id(), "restrict the user"));
      List<String> names = new ArrayList<>();
      for (AclFinding a : found) {
        names.add(a.user());
        Location line = lines.get(a.user());
        if (line != null) {
          f.location(line);
        }
        String evidence = "user " + a.user() + ": " + a.message();
        if (!a.evidence().isEmpty()) {
          evidence += " — ACL DRYRUN " + a.user() + " " + String.join(" ", a.evidence()) + " would be allowed";
        }
        f.evidence(evidence);
      }
      report.finding(f.summary((names.size() == 1 ? "user " : "users ") + String.join(", ", names)).build());
    }
    return report.duration(Duration.ofNanos(System.nanoTime() - t0)).build();
  }

  private static int enabledCount(List<AclUser> users) {
    int n = 0;
    for (AclUser u : users) {
      if (u.enabled()) {
        n++;
      }
    }
    return n;
  }

  private static RuleDescriptor rule(String id, String title, Severity severity, String description) {
    return RuleDescriptor.of(id, title, severity, description);
  }
}
