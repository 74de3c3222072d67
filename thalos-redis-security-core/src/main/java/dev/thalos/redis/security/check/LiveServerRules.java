package dev.thalos.redis.security.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Live rules about the server: version and known CVEs, Lua sandbox, dedicated instance, peers, settings. */
final class LiveServerRules {

  private LiveServerRules() {}

  /** {@code live.server.version}: the version is not known to be vulnerable. */
  static final class Version extends LiveRule {
    static final String ID = "live.server.version";

    Version() {
      super(ID, Severity.CRITICAL, "The server version has no known vulnerabilities",
          "Reads the version from HELLO (which ACLs do not gate) and compares it with a bundled table of known "
              + "CVEs and the first fixed release per release line (known-cves.txt, with sources). Valkey is "
              + "recognised as Valkey. Distribution packages back-port fixes without changing the version "
              + "string, so a match is a strong hint, not proof.");
    }

    @Override
    Finding check(CheckContext context, LiveFacts facts) {
      RedisProbe probe = probe(context, facts);
      Map<String, ProbeReply> hello = facts.hello(probe);
      ProbeReply serverReply = hello.get("server");
      ProbeReply versionReply = hello.get("version");
      if (serverReply == null || versionReply == null) {
        return Finding.skipped(this, "HELLO did not report server and version");
      }
      String product = LiveFacts.lower(serverReply.asString());
      String versionText = versionReply.asString();
      List<String> notes = new ArrayList<>();
      Optional<String> info = infoText(probe, facts);
      if (info.isPresent()) {
        Optional<String> valkey = infoField(info.get(), "valkey_version");
        if (valkey.isPresent()) {
          product = "valkey";
          versionText = valkey.get();
        }
      } else if (product.equals("redis") && versionText.equals("7.2.4")) {
        notes.add("Valkey also reports 'redis 7.2.4' in compatibility mode; INFO is not visible to tell");
      }
      if (!product.equals("redis") && !product.equals("valkey")) {
        return Finding.skipped(this, "unknown server product '" + product + "' (version " + versionText + ")");
      }
      Optional<RedisVersion> version = RedisVersion.parse(versionText);
      if (version.isEmpty()) {
        return Finding.skipped(this, "cannot read the version '" + versionText + "'");
      }
      Verdict v = new Verdict().note(product + " " + version.get() + " (from HELLO" + (info.isPresent()
          ? " and INFO" : "") + ")");
      notes.forEach(v::note);
      RedisVersion target = null;
      for (String[] hit : facts.cves.affecting(product, version.get())) {
        KnownCves.Cve cve = facts.cves.row(hit[0], product).orElseThrow();
        v.fail(cve.severity, cve.id + " (" + cve.severity.label() + "): " + cve.title + "; " + hit[1]
            + " — " + cve.source);
        RedisVersion fix = cve.fixFor(version.get());
        if (target == null || fix.compareTo(target) > 0) {
          target = fix;
        }
      }
      if (v.failed()) {
        v.note("distribution packages (Debian, Ubuntu, RHEL) back-port fixes without changing the version "
            + "string: check your distribution's security tracker before concluding");
      }
      String fix = "Upgrade " + product + (target == null ? "" : " to " + target + " or later")
          + ", or confirm that your distribution package carries the back-ported fixes.";
      return v.finding(this, product + " " + version.get() + ": no known CVE in the bundled table", fix);
    }

    static Optional<String> infoText(RedisProbe probe, LiveFacts facts) {
      ProbeReply r = facts.reply(probe, "info");
      if (r.isError() || r.kind() != ProbeReply.Kind.BULK && r.kind() != ProbeReply.Kind.STATUS) {
        return Optional.empty();
      }
      return Optional.of(r.asString());
    }

    static Optional<String> infoField(String info, String field) {
      for (String line : info.split("\r?\n")) {
        if (line.startsWith(field + ":")) {
          return Optional.of(line.substring(field.length() + 1).trim());
        }
      }
      return Optional.empty();
    }
  }

  /** {@code live.server.lua-sandbox}: Debian's Lua sandbox escape CVE-2022-0543. */
  static final class LuaSandbox extends LiveRule {
    static final String ID = "live.server.lua-sandbox";

    LuaSandbox() {
      super(ID, Severity.CRITICAL, "The Lua sandbox does not expose 'package' (CVE-2022-0543)",
          "Debian and Ubuntu builds linked Lua dynamically and left the 'package' global reachable from "
              + "scripts, which loads any shared library: remote code execution for anyone allowed EVAL. "
              + "Probed with EVAL \"return type(package)\" 0, which only reads a type name.");
    }

    @Override
    Finding check(CheckContext context, LiveFacts facts) {
      RedisProbe probe = probe(context, facts);
      ProbeReply r = facts.reply(probe, "p:eval");
      ProbeAccess a = ProbeAccess.classify(r);
      if (!a.commandAllowed()) {
        return Finding.skipped(this, "EVAL is " + a.label() + " for this user (so it cannot exploit the flaw "
            + "either); run the check as an administrator to test the server");
      }
      if (!r.isError() && (r.kind() == ProbeReply.Kind.BULK || r.kind() == ProbeReply.Kind.STATUS)
          && r.asString().equals("table")) {
        return finding().outcome(Outcome.FAIL)
            .summary("Lua scripts can reach 'package': the server is vulnerable to CVE-2022-0543")
            .evidence("EVAL \"return type(package)\" 0 answered 'table'")
            .remediation("Upgrade the distribution's redis package (fixed in Debian 5:5.0.14-1+deb10u2 / "
                + "5:6.0.16-1+deb11u2 and Ubuntu's updates), and deny EVAL to every user that does not need it.")
            .build();
      }
      return Finding.pass(this, "EVAL \"return type(package)\" 0 did not answer 'table'");
    }
  }

  /** {@code live.server.dedicated}: the instance holds nothing but Thalos. */
  static final class Dedicated extends LiveRule {
    static final String ID = "live.server.dedicated";

    Dedicated() {
      super(ID, Severity.MEDIUM, "The Redis instance is dedicated to Thalos",
          "The Thalos security guide asks for a dedicated instance: any other application's keys or channels "
              + "on it share its users, limits, outages and attack surface. Looks at one SCAN page and PUBSUB "
              + "CHANNELS where this user may see them.");
    }

    @Override
    Finding check(CheckContext context, LiveFacts facts) {
      RedisProbe probe = probe(context, facts);
      String channelPrefix = facts.namespace.map(ns -> ns.prefix() + "::").orElse("ship::");
      Verdict v = new Verdict();
      boolean looked = false;
      ProbeReply scan = facts.reply(probe, "scan");
      if (!scan.isError()) {
        List<ProbeReply> parts = scan.asList();
        if (parts.size() == 2) {
          looked = true;
          List<String> foreign = new ArrayList<>();
          for (String key : parts.get(1).asStrings()) {
            if (!key.startsWith(facts.cachePrefix)) {
              foreign.add(key);
            }
          }
          if (!foreign.isEmpty()) {
            v.fail(Severity.MEDIUM, foreign.size() + " keys outside " + facts.cachePrefix + " in the first SCAN page, "
                + "e.g. " + sample(foreign));
          } else {
            v.note("first SCAN page (COUNT " + LiveFacts.SCAN_COUNT + "): no keys outside " + facts.cachePrefix);
          }
        }
      } else {
        v.note("SCAN: " + scan.errorCode());
      }
      ProbeReply channels = facts.reply(probe, "channels");
      if (!channels.isError()) {
        looked = true;
        List<String> foreign = new ArrayList<>();
        for (String c : channels.asStrings()) {
          if (!c.startsWith(channelPrefix)) {
            foreign.add(c);
          }
        }
        if (!foreign.isEmpty()) {
          v.fail(Severity.MEDIUM, foreign.size() + " active channels outside " + channelPrefix + "*, e.g. "
              + sample(foreign));
        } else {
          v.note("PUBSUB CHANNELS: no active channel outside " + channelPrefix + "*");
        }
      } else {
        v.note("PUBSUB CHANNELS: " + channels.errorCode());
      }
      if (!looked) {
        return Finding.skipped(this, "this user may see neither keys (SCAN) nor channels (PUBSUB CHANNELS)");
      }
      return v.finding(this, "no foreign keys or channels seen",
          "Move the other application's data to its own Redis instance; keep this one for Thalos only.");
    }

    private static String sample(List<String> items) {
      List<String> shown = new ArrayList<>();
      for (String s : items.subList(0, Math.min(3, items.size()))) {
        shown.add(s.length() > 60 ? s.substring(0, 60) + "…" : s);
      }
      return String.join(", ", shown);
    }
  }

  /** {@code live.network.trusted-peers}: every connected client comes from a trusted network. */
  static final class TrustedPeers extends LiveRule {
    static final String ID = "live.network.trusted-peers";

    TrustedPeers() {
      super(ID, Severity.HIGH, "Only trusted networks are connected",
          "The seed's firewall advice made checkable: compares the address of every client in CLIENT LIST "
              + "with the allowlist of trusted networks (CIDRs) and flags peers connected from outside it.",
          Role.OPERATOR);
    }

    @Override
    Finding check(CheckContext context, LiveFacts facts) {
      RedisProbe probe = probe(context, facts);
      if (facts.trustedNetworks.isEmpty()) {
        return Finding.skipped(this, "no trusted networks configured (SelfCheck.Builder.trustedNetwork)");
      }
      ProbeReply list = facts.reply(probe, "client-list");
      if (list.isError()) {
        return Finding.skipped(this, "CLIENT LIST refused: " + list.errorMessage());
      }
      String own = "";
      ProbeReply id = facts.reply(probe, "client-id");
      if (id.kind() == ProbeReply.Kind.INTEGER) {
        own = Long.toString(id.asLong());
      }
      Verdict v = new Verdict().note("trusted networks: " + facts.trustedNetworks);
      int clients = 0;
      for (String line : list.asString().split("\r?\n")) {
        Map<String, String> f = fields(line);
        String addr = f.get("addr");
        if (addr == null || f.getOrDefault("id", "").equals(own)) {
          continue;
        }
        clients++;
        if (addr.startsWith("/")) {
          continue; // unix socket: local
        }
        String host = addr.lastIndexOf(':') > 0 ? addr.substring(0, addr.lastIndexOf(':')) : addr;
        boolean trusted = facts.trustedNetworks.stream().anyMatch(c -> c.contains(host));
        if (!trusted) {
          v.fail(Severity.HIGH, "client id=" + f.get("id") + " addr=" + addr + " user=" + f.getOrDefault("user", "?")
              + " name=" + f.getOrDefault("name", "") + " is outside the trusted networks");
        }
      }
      v.note(clients + " other clients connected");
      return v.finding(this, "all " + clients + " other clients come from trusted networks",
          "Restrict access to the Redis port to the trusted networks (firewall, security group, bind), then "
              + "disconnect the peer: CLIENT KILL ID <id>; rotate the password of its user.");
    }

    static Map<String, String> fields(String line) {
      Map<String, String> out = new java.util.LinkedHashMap<>();
      for (String part : line.trim().split(" ")) {
        int eq = part.indexOf('=');
        if (eq > 0) {
          out.put(part.substring(0, eq).toLowerCase(Locale.ROOT), part.substring(eq + 1));
        }
      }
      return out;
    }
  }

  /**
   * A live rule that judges {@code CONFIG GET} values with the offline {@code conf} rule of the same concern, so
   * that both checks agree: its finding is the offline finding under the live id.
   */
  static final class FromConfig extends LiveRule {
    private final String confId;

    FromConfig(String id, String confId, Severity severity, String title, String description) {
      super(id, severity, title, description + " Read with CONFIG GET (needs the right to read the configuration) "
          + "and judged like the offline rule " + confId + ".");
      this.confId = confId;
    }

    static List<Rule> all() {
      return List.of(
          new FromConfig("live.tls.plaintext-port", "conf.tls.plaintext-port", Severity.HIGH,
              "The plaintext port is closed when TLS is on",
              "A plaintext port beside the TLS port lets clients (and their passwords) bypass TLS."),
          new FromConfig("live.config.exposure", "conf.exposure", Severity.CRITICAL,
              "Redis is not exposed without authentication",
              "Judges bind, port, tls-port and the default user together: which networks can reach the "
                  + "instance, and whether they must log in."),
          new FromConfig("live.config.protected-mode", "conf.protected-mode", Severity.MEDIUM,
              "Protected mode is on",
              "protected-mode refuses non-loopback clients while the default user has no password."),
          new FromConfig("live.config.debug-command", "conf.debug-command", Severity.HIGH,
              "The DEBUG command is disabled",
              "DEBUG can crash the server, read memory and change internals (enable-debug-command)."),
          new FromConfig("live.config.module-command", "conf.module-command", Severity.HIGH,
              "The MODULE command is disabled",
              "MODULE LOAD runs any shared library inside the server (enable-module-command)."),
          new FromConfig("live.config.pubsub-buffer", "conf.pubsub.output-buffer-limit", Severity.HIGH,
              "Pub/sub output buffers are limited",
              "client-output-buffer-limit pubsub bounds what Redis buffers for a slow subscriber."));
    }

    @Override
    Finding check(CheckContext context, LiveFacts facts) {
      RedisProbe probe = probe(context, facts);
      CheckReport conf = facts.confReport(probe);
      Optional<Finding> f = conf.finding(confId);
      if (f.isEmpty()) {
        return Finding.skipped(this, "the offline rule " + confId + " did not run for role " + context.role().label());
      }
      Finding c = f.get();
      Finding.Builder b = finding().outcome(c.outcome()).severity(c.severity()).summary(c.summary());
      for (String e : c.evidence()) {
        b.evidence("CONFIG GET: " + e.replace("CONFIG-GET", "CONFIG GET"));
      }
      if (c.outcome() == Outcome.FAIL || c.outcome() == Outcome.WARN) {
        b.remediation(c.remediation());
      }
      return b.build();
    }
  }
}
