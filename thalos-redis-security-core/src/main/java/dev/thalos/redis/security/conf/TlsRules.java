package dev.thalos.redis.security.conf;

import dev.thalos.redis.security.check.Finding;
import dev.thalos.redis.security.check.Outcome;
import dev.thalos.redis.security.check.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Offline rules about TLS: present when exposed, plaintext closed beside it, modern protocols, client certs. */
final class TlsRules {

  private TlsRules() {}

  /** {@code conf.tls.missing}: reachable from other hosts without TLS. */
  static final class Missing extends ConfRule {
    static final String ID = "conf.tls.missing";

    Missing() {
      super(ID, Severity.HIGH, "TLS protects connections from other hosts",
          "Thalos clients send passwords and receive every message; without TLS anyone on the path reads "
              + "both. An instance reachable beyond loopback needs tls-port (and port 0).");
    }

    @Override
    Finding check(AuditInput in) {
      ExposureVerdict v = in.exposure;
      if (in.tlsConfigured()) {
        return pass("TLS is configured on tls-port " + v.tlsPort());
      }
      if (!v.reachableFromNetwork()) {
        return pass("no TLS, but Redis listens on loopback only");
      }
      return finding().outcome(Outcome.FAIL)
          .summary("reachable from the " + v.reach().label().replace('-', ' ') + " without TLS")
          .evidence(v.evidence())
          .locations(v.locations())
          .remediation("port 0\ntls-port 6380\ntls-cert-file /etc/redis/tls/redis.crt\n"
              + "tls-key-file /etc/redis/tls/redis.key\ntls-ca-cert-file /etc/redis/tls/ca.crt\n"
              + "tls-protocols \"TLSv1.2 TLSv1.3\"")
          .build();
    }
  }

  /** {@code conf.tls.plaintext-port}: {@code tls-port} set while {@code port} is still open. */
  static final class PlaintextPort extends ConfRule {
    static final String ID = "conf.tls.plaintext-port";

    PlaintextPort() {
      super(ID, Severity.HIGH, "Plaintext port is closed when TLS is on",
          "Setting tls-port does not close the plaintext port: port defaults to 6379. A client (or an attacker "
              + "downgrading one) can still talk plaintext unless the configuration says port 0.");
    }

    @Override
    Finding check(AuditInput in) {
      ExposureVerdict v = in.exposure;
      if (!in.tlsConfigured()) {
        return pass("TLS is not configured (see conf.tls.missing)");
      }
      if (v.plaintextPort() == 0) {
        return pass("TLS only: port 0, tls-port " + v.tlsPort());
      }
      Optional<Directive> port = in.config.last("port");
      Finding.Builder f = finding()
          .summary("plaintext port " + v.plaintextPort() + " is open beside tls-port " + v.tlsPort())
          .evidence(port.map(Directive::toString)
              .orElse("no port directive: the plaintext port defaults to 6379"))
          .evidence(in.config.last("tls-port").get().toString())
          .location(in.config.last("tls-port").get().location())
          .remediation("port 0");
      port.ifPresent(p -> f.location(p.location()));
      if (!v.reachableFromNetwork()) {
        return f.outcome(Outcome.WARN).severity(Severity.LOW)
            .evidence("Redis listens on loopback only").build();
      }
      return f.outcome(Outcome.FAIL).build();
    }
  }

  /** {@code conf.tls.protocols}: TLS 1.0 or 1.1 enabled. */
  static final class Protocols extends ConfRule {
    static final String ID = "conf.tls.protocols";

    Protocols() {
      super(ID, Severity.MEDIUM, "Only TLS 1.2 and 1.3 are enabled",
          "TLS 1.0 and 1.1 are deprecated (RFC 8996). Redis 7 enables TLSv1.2 and TLSv1.3 unless tls-protocols "
              + "says otherwise.");
    }

    @Override
    Finding check(AuditInput in) {
      if (!in.tlsConfigured()) {
        return pass("TLS is not configured");
      }
      Optional<Directive> d = in.config.last("tls-protocols");
      if (d.isEmpty()) {
        return pass("tls-protocols not set: Redis 7 enables TLSv1.2 and TLSv1.3");
      }
      List<String> old = new ArrayList<>();
      for (String arg : d.get().args()) {
        for (String p : arg.trim().split("[ \t]+")) {
          String l = p.toLowerCase(Locale.ROOT);
          if (l.equals("tlsv1") || l.equals("tlsv1.0") || l.equals("tlsv1.1") || l.startsWith("ssl")) {
            old.add(p);
          }
        }
      }
      if (old.isEmpty()) {
        return pass("tls-protocols enables only TLS 1.2 and/or 1.3");
      }
      return finding().outcome(Outcome.FAIL).summary("deprecated protocols enabled: " + old)
          .evidence(d.get().toString()).location(d.get().location())
          .remediation("tls-protocols \"TLSv1.2 TLSv1.3\"").build();
    }
  }

  /** {@code conf.tls.auth-clients}: client certificates not required. */
  static final class AuthClients extends ConfRule {
    static final String ID = "conf.tls.auth-clients";

    AuthClients() {
      super(ID, Severity.MEDIUM, "TLS requires client certificates",
          "tls-auth-clients yes (the default) makes every client present a certificate signed by "
              + "tls-ca-cert-file, so a stolen password alone does not let anyone in. 'no' drops that layer; "
              + "'optional' accepts clients without a certificate.");
    }

    @Override
    Finding check(AuditInput in) {
      if (!in.tlsConfigured()) {
        return pass("TLS is not configured");
      }
      Optional<Directive> d = in.config.last("tls-auth-clients");
      String value = d.map(x -> x.arg(0).toLowerCase(Locale.ROOT)).orElse("yes");
      if (value.equals("yes")) {
        return pass("clients must present a certificate" + (d.isEmpty() ? " (default)" : ""));
      }
      return finding().outcome(Outcome.WARN)
          .severity(value.equals("optional") ? Severity.LOW : Severity.MEDIUM)
          .summary("tls-auth-clients " + value + ": clients " + (value.equals("optional")
              ? "may connect without a certificate" : "are not asked for a certificate"))
          .evidence(d.get().toString()).location(d.get().location())
          .remediation("tls-auth-clients yes").build();
    }
  }
}
