package dev.thalos.redis.security.check;

import dev.thalos.redis.security.channel.ThalosNamespace;
import dev.thalos.redis.security.conf.ConfigAudit;
import dev.thalos.redis.security.conf.RedisConfig;
import dev.thalos.redis.security.conf.RedisConfigParser;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the live rules of one run share: the settings of the {@link SelfCheck}, and the replies of the probe
 * batch, fetched once, pipelined, on first use (so that a client-role run costs two round trips: this batch and
 * the anonymous connection's). Stored in the {@link CheckContext} as an attribute; one instance per run.
 */
final class LiveFacts {

  /** {@code CONFIG GET} parameters read in the batch (one command each: Redis 6 takes one per call). */
  static final List<String> CONFIG_PARAMETERS = List.of("bind", "protected-mode", "port", "tls-port",
      "enable-debug-command", "enable-module-command", "client-output-buffer-limit", "tls-auth-clients",
      "tls-protocols");

  /** How many keys one {@code SCAN} call asks for when looking for foreign keys. */
  static final int SCAN_COUNT = 200;

  final Role role;
  final Optional<ThalosNamespace> namespace;
  final String cachePrefix;
  final List<Cidr> trustedNetworks;
  final Clock clock;
  final int certificateWarningDays;
  final KnownCves cves;
  final List<PrivilegeProbe> probes;
  final Optional<ConnectFailure> connectFailure;
  final String token;

  private Map<String, ProbeReply> replies;
  private ProbeException batchFailure;
  private Anonymous anonymous;
  private Map<String, ProbeReply> subscriptions;
  private CheckReport confReport;
  private Optional<List<AclListLine>> aclLines;

  LiveFacts(SelfCheck settings, Role role, String token, Optional<ConnectFailure> connectFailure) {
    this.role = role;
    this.namespace = settings.namespace();
    this.cachePrefix = settings.cacheKeyPrefix();
    this.trustedNetworks = settings.trustedNetworkList();
    this.clock = settings.clock();
    this.certificateWarningDays = settings.certificateWarningDays();
    this.cves = KnownCves.bundled();
    this.probes = PrivilegeProbe.all(token, namespace, cachePrefix);
    this.connectFailure = connectFailure;
    this.token = token;
  }

  static LiveFacts of(CheckContext context) {
    return context.attribute(LiveFacts.class)
        .orElseThrow(() -> new ProbeException(ProbeException.UNAVAILABLE, "the context has no live facts"));
  }

  /** The replies of the batch, sent on first use. */
  synchronized Map<String, ProbeReply> replies(RedisProbe probe) {
    if (batchFailure != null) {
      throw new ProbeException(batchFailure.reason(), batchFailure.getMessage());
    }
    if (replies == null) {
      Map<String, String[]> batch = new LinkedHashMap<>();
      batch.put("hello", new String[] {"HELLO"});
      batch.put("whoami", new String[] {"ACL", "WHOAMI"});
      for (String p : CONFIG_PARAMETERS) {
        batch.put("cfg:" + p, new String[] {"CONFIG", "GET", p});
      }
      batch.put("info", new String[] {"INFO", "server"});
      batch.put("scan", new String[] {"SCAN", "0", "COUNT", Integer.toString(SCAN_COUNT)});
      batch.put("channels", new String[] {"PUBSUB", "CHANNELS"});
      if (role == Role.OPERATOR) {
        batch.put("client-id", new String[] {"CLIENT", "ID"});
        batch.put("client-list", new String[] {"CLIENT", "LIST"});
      }
      for (PrivilegeProbe p : probes) {
        batch.put("p:" + p.id, p.args);
      }
      List<String> keys = new ArrayList<>(batch.keySet());
      try {
        List<ProbeReply> got = probe.commands(new ArrayList<>(batch.values()));
        Map<String, ProbeReply> map = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
          map.put(keys.get(i), got.get(i));
        }
        replies = map;
      } catch (ProbeException e) {
        batchFailure = e;
        throw e;
      }
    }
    return replies;
  }

  /** The reply stored under {@code key}, or a {@link ProbeException} if the batch did not contain it. */
  ProbeReply reply(RedisProbe probe, String key) {
    ProbeReply r = replies(probe).get(key);
    if (r == null) {
      throw new ProbeException(ProbeException.ERROR, "no reply for " + key);
    }
    return r;
  }

  ProbeAccess access(RedisProbe probe, PrivilegeProbe p) {
    return ProbeAccess.classify(reply(probe, "p:" + p.id));
  }

  /** The value of a {@code CONFIG GET} parameter, or empty if the user may not read it or the reply is odd. */
  Optional<String> config(RedisProbe probe, String parameter) {
    ProbeReply r = reply(probe, "cfg:" + parameter);
    if (r.isError()) {
      return Optional.empty();
    }
    try {
      Map<String, ProbeReply> m = r.asMap();
      ProbeReply v = m.get(parameter);
      return v == null || v.isNil() ? Optional.empty() : Optional.of(v.asString());
    } catch (IllegalStateException e) {
      return Optional.empty();
    }
  }

  /** Why {@code CONFIG GET} could not be read, for skip reasons. */
  String configProblem(RedisProbe probe) {
    ProbeReply r = reply(probe, "cfg:port");
    return r.isError() ? "CONFIG GET refused: " + r.errorMessage() : "CONFIG GET gave an unexpected reply";
  }

  /** The {@code HELLO} map (server, version, proto, id, mode, role, modules). */
  Map<String, ProbeReply> hello(RedisProbe probe) {
    return reply(probe, "hello").requireOk().asMap();
  }

  /** {@code ACL LIST} lines if the user may read them. */
  Optional<List<String>> aclList(RedisProbe probe) {
    ProbeReply r = reply(probe, "p:acl-list");
    if (r.isError()) {
      return Optional.empty();
    }
    try {
      return Optional.of(r.asStrings());
    } catch (IllegalStateException e) {
      return Optional.empty();
    }
  }

  /** {@code ACL LIST} lines if the user may read them, each parsed at most once per run whoever asks. */
  synchronized Optional<List<AclListLine>> aclLines(RedisProbe probe) {
    if (aclLines == null) {
      aclLines = aclList(probe).map(lines -> {
        List<AclListLine> parsed = new ArrayList<>();
        for (String line : lines) {
          parsed.add(new AclListLine(line));
        }
        return List.copyOf(parsed);
      });
    }
    return aclLines;
  }

  /** The user this probe runs as ({@code ACL WHOAMI}), if the user may ask. */
  Optional<String> whoami(RedisProbe probe) {
    ProbeReply r = reply(probe, "whoami");
    try {
      return r.isError() ? Optional.empty() : Optional.of(r.asString());
    } catch (IllegalStateException e) {
      return Optional.empty();
    }
  }

  /**
   * The replies to {@code SUBSCRIBE} of channels outside the namespace, on a separate connection of the same
   * user (closed right after): channel name to reply. Empty map if the namespace is unknown.
   */
  synchronized Map<String, ProbeReply> subscribeOutside(RedisProbe probe) {
    if (subscriptions == null) {
      Map<String, ProbeReply> out = new LinkedHashMap<>();
      if (namespace.isPresent()) {
        List<String> channels = List.of(HarmlessProbes.MARKER + "-" + token,
            namespace.get().prefix() + "::" + HarmlessProbes.MARKER + "-" + token + "::heartbeat");
        RedisProbe sub = probe.openSubscriptionProbe();
        try {
          List<String[]> batch = new ArrayList<>();
          for (String c : channels) {
            batch.add(new String[] {"SUBSCRIBE", c});
          }
          List<ProbeReply> got = sub.commands(batch);
          for (int i = 0; i < channels.size(); i++) {
            out.put(channels.get(i), got.get(i));
          }
        } finally {
          sub.close();
        }
      }
      subscriptions = out;
    }
    return subscriptions;
  }

  /** What an anonymous connection gets; opened once, on first use. */
  synchronized Anonymous anonymous(RedisProbe probe) {
    if (anonymous == null) {
      anonymous = Anonymous.probe(probe, HarmlessProbes.MARKER + "-" + token + "-anonymous");
    }
    return anonymous;
  }

  /**
   * The offline {@link ConfigAudit} run over a configuration rebuilt from the {@code CONFIG GET} replies (and the
   * {@code default} user's state), so that live and offline checks judge the same settings the same way.
   */
  synchronized CheckReport confReport(RedisProbe probe) {
    if (confReport == null) {
      StringBuilder text = new StringBuilder();
      boolean any = false;
      for (String p : CONFIG_PARAMETERS) {
        Optional<String> v = config(probe, p);
        if (v.isPresent()) {
          any = true;
          text.append(p).append(' ');
          text.append(p.equals("bind") || p.equals("client-output-buffer-limit") ? v.get()
              : RedisConfigParser.quote(v.get()));
          text.append('\n');
        }
      }
      if (!any) {
        throw new ProbeException(ProbeException.NO_PERMISSION, configProblem(probe));
      }
      text.append(defaultUserLine(probe)).append('\n');
      RedisConfig config = RedisConfigParser.defaults().parse(text.toString(), Path.of("CONFIG-GET"));
      confReport = ConfigAudit.builder().role(role).build().audit(config);
    }
    return confReport;
  }

  /** A {@code user default ...} line describing what the run learned about the default user. */
  private String defaultUserLine(RedisProbe probe) {
    Optional<AclListLine> line = aclLine(probe, "default");
    if (line.isPresent()) {
      return line.get().line;
    }
    Anonymous anon = anonymous(probe);
    if (anon.loggedIn()) {
      return "user default on nopass ~* &* +@all";
    }
    // A password hash that matches no password: the default user exists and needs one (or is off).
    return "user default on #" + "0".repeat(64);
  }

  /** The first ACL LIST line of a user, if visible. */
  Optional<AclListLine> aclLine(RedisProbe probe, String user) {
    return aclLines(probe).flatMap(lines -> lines.stream().filter(l -> l.names(user)).findFirst());
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  /** Why a connection could not be made, for reports without a probe. */
  static final class ConnectFailure {
    final String reason;
    final String message;

    ConnectFailure(String reason, String message) {
      this.reason = reason;
      this.message = message;
    }

    boolean isCertificateProblem() {
      return reason.startsWith("tls.") && !reason.equals("tls.plaintext-to-tls-port")
          && !reason.equals("tls.tls-to-plaintext-port") && !reason.startsWith("tls.client-certificate")
          && !reason.equals("tls.handshake-failed");
    }
  }

  /** The replies of an anonymous connection (no AUTH). */
  static final class Anonymous {
    /** Empty when the connection could be opened. */
    final Optional<String> refused;
    final Map<String, ProbeReply> replies;

    private Anonymous(Optional<String> refused, Map<String, ProbeReply> replies) {
      this.refused = refused;
      this.replies = replies;
    }

    static Anonymous probe(RedisProbe probe, String marker) {
      Map<String, String[]> batch = new LinkedHashMap<>();
      batch.put("PING", new String[] {"PING"});
      batch.put("PUBLISH", new String[] {"PUBLISH", marker, ""});
      batch.put("EXPIRE", new String[] {"EXPIRE", marker, "1"});
      batch.put("CONFIG GET", new String[] {"CONFIG", "GET", "maxclients"});
      batch.put("CLIENT KILL", new String[] {"CLIENT", "KILL", "ID", "0"});
      RedisProbe anon;
      try {
        anon = probe.openUnauthenticated();
      } catch (ProbeException e) {
        if (!e.reason().equals(ProbeException.IO)) {
          throw e;
        }
        return new Anonymous(Optional.of(e.getMessage()), Map.of());
      }
      try {
        List<ProbeReply> got = anon.commands(new ArrayList<>(batch.values()));
        Map<String, ProbeReply> map = new LinkedHashMap<>();
        int i = 0;
        for (String k : batch.keySet()) {
          map.put(k, got.get(i++));
        }
        return new Anonymous(Optional.empty(), map);
      } catch (ProbeException e) {
        if (!e.reason().equals(ProbeException.IO)) {
          throw e;
        }
        return new Anonymous(Optional.of("connection dropped: " + e.getMessage()), Map.of());
      } finally {
        anon.close();
      }
    }

    /** Whether the anonymous connection is logged in (PING answered). */
    boolean loggedIn() {
      ProbeReply ping = replies.get("PING");
      return refused.isEmpty() && ping != null && !ping.isError();
    }

    /** The probes the anonymous connection was allowed to run, with their access labels. */
    List<String> permitted() {
      List<String> out = new ArrayList<>();
      replies.forEach((k, r) -> {
        if (ProbeAccess.classify(r).commandAllowed()) {
          out.add(k);
        }
      });
      return out;
    }
  }
}
