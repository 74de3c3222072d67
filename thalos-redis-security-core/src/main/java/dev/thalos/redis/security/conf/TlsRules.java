package dev.thalos.redis.security.conf;

import dev.thalos.redis.security.check.Finding;
import dev.thalos.redis.security.check.Outcome;
import dev.thalos.redis.security.check.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Offline rules about TLS: present when exposed, plaintext closed beside it, modern protocols and cipher suites,
 * client certs.
 */
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
              + "tls-protocols \"TLSv1.2 TLSv1.3\"\n" + Ciphers.REMEDIATION)
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
      for (String p : protocolNames(d.get())) {
        String l = p.toLowerCase(Locale.ROOT);
        if (l.equals("tlsv1") || l.equals("tlsv1.0") || l.equals("tlsv1.1") || l.startsWith("ssl")) {
          old.add(p);
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

  /**
   * The protocol names of a {@code tls-protocols} line, as Redis reads them: each argument split at blanks, empty
   * pieces dropped.
   */
  private static List<String> protocolNames(Directive d) {
    List<String> names = new ArrayList<>();
    for (String arg : d.args()) {
      for (String p : arg.trim().split("[ \t]+")) {
        if (!p.isEmpty()) {
          names.add(p);
        }
      }
    }
    return names;
  }

  /**
   * {@code conf.tls.ciphers}: TLS 1.2 suites without forward secrecy or with broken primitives (fail), CBC suites,
   * AES-CCM-8 or a list that cannot be judged offline (warn).
   */
  static final class Ciphers extends ConfRule {
    static final String ID = "conf.tls.ciphers";
    static final String REMEDIATION = "tls-ciphers \"ECDHE+AESGCM:ECDHE+CHACHA20\"";

    Ciphers() {
      super(ID, Severity.MEDIUM, "TLS 1.2 suites have forward secrecy and AEAD",
          "tls-ciphers is an OpenSSL cipher string for TLS 1.2 and older. Without it Redis keeps OpenSSL's default "
              + "list, which (OpenSSL 1.1.1 and 3.x) still accepts static-RSA suites: whoever later obtains the "
              + "server key decrypts every recorded session. NULL, anonymous, export, RC4, DES, 3DES and MD5 suites "
              + "and @SECLEVEL=0 are broken; CBC suites are legacy. Aliases such as HIGH or DEFAULT with "
              + "modifiers cannot be expanded offline: the live check (rule live.tls.weak-suites-accepted) asks the "
              + "running server. tls-ciphersuites (TLS 1.3) holds only AEAD suites; "
              + "TLS_AES_128_CCM_8_SHA256 has a short tag.");
    }

    @Override
    Finding check(AuditInput in) {
      if (!in.tlsConfigured()) {
        return pass("TLS is not configured");
      }
      Optional<Directive> protocols = in.config.last("tls-protocols");
      boolean tls12 = true;
      boolean tls13 = true;
      if (protocols.isPresent()) {
        List<String> names = new ArrayList<>();
        for (String p : protocolNames(protocols.get())) {
          names.add(p.toLowerCase(Locale.ROOT));
        }
        // no protocol named: Redis enables its default, TLSv1.2 and TLSv1.3
        if (!names.isEmpty()) {
          tls12 = names.stream().anyMatch(n -> !n.equals("tlsv1.3"));
          tls13 = names.contains("tlsv1.3");
        }
      }
      Finding.Builder f = finding();
      List<String> problems = new ArrayList<>();
      boolean fails = false;
      boolean onlyLow = true;
      List<String> remediation = new ArrayList<>();
      if (tls12) {
        Optional<String> value = in.config.last("tls-ciphers").map(x -> String.join(" ", x.args()))
            .filter(v -> !v.isEmpty());
        Optional<Directive> d = value.isPresent() ? in.config.last("tls-ciphers") : Optional.empty();
        CipherString list = CipherString.of(value.orElse("DEFAULT"));
        fails = list.fails();
        String subject = d.isPresent() ? "tls-ciphers" : "OpenSSL's default list (no tls-ciphers)";
        if (!list.concerns().isEmpty()) {
          remediation.add(REMEDIATION);
        }
        List<String> allows = new ArrayList<>();
        Optional<Set<String>> unknown = Optional.empty();
        for (Map.Entry<CipherString.Concern, Set<String>> e : list.concerns().entrySet()) {
          CipherString.Concern c = e.getKey();
          onlyLow &= c == CipherString.Concern.CBC || c == CipherString.Concern.SHORT_TAG;
          if (c == CipherString.Concern.UNKNOWN) {
            unknown = Optional.of(e.getValue());
          } else {
            allows.add(c.label + (d.isPresent() ? " via " + quoted(e.getValue()) : ""));
          }
        }
        if (!allows.isEmpty()) {
          problems.add(subject + " allows " + String.join(", ", allows));
        }
        if (unknown.isPresent() && !fails) {
          // a failing list must change anyway; otherwise say what the offline reading cannot settle
          problems.add("which suites " + quoted(unknown.get()) + " select" + (unknown.get().size() == 1 ? "s" : "")
              + " cannot be told offline; ask the running server (check: live.tls.weak-suites-accepted, or openssl "
              + "s_client -tls1_2 -cipher kRSA, which must fail), or list only explicit suites");
        }
        if (d.isPresent()) {
          f.evidence(d.get().toString()).location(d.get().location());
        } else {
          f.evidence("no tls-ciphers directive: Redis keeps OpenSSL's default cipher list (DEFAULT), which "
              + "includes static-RSA and CBC suites in OpenSSL 1.1.1 and 3.x");
        }
      }
      if (tls13) {
        Optional<Directive> d = in.config.last("tls-ciphersuites");
        if (d.isPresent() && String.join(" ", d.get().args()).toUpperCase(Locale.ROOT).contains("CCM_8")) {
          problems.add("tls-ciphersuites allows TLS_AES_128_CCM_8_SHA256 (64-bit authentication tag)");
          remediation.add("tls-ciphersuites \"TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:"
              + "TLS_AES_128_GCM_SHA256\"");
          f.evidence(d.get().toString()).location(d.get().location());
        }
      }
      if (problems.isEmpty()) {
        return pass(!tls12 ? "only TLS 1.3 is enabled: every TLS 1.3 suite has forward secrecy and AEAD"
            : "tls-ciphers allows only forward-secret AEAD suites for TLS 1.2");
      }
      if (protocols.isPresent()) {
        f.evidence(protocols.get().toString());
      } else {
        f.evidence("no tls-protocols directive: Redis enables TLSv1.2 and TLSv1.3");
      }
      return f.outcome(fails ? Outcome.FAIL : Outcome.WARN)
          .severity(fails || !onlyLow ? Severity.MEDIUM : Severity.LOW)
          .summary(String.join("; ", problems))
          .remediation(String.join("\n", remediation))
          .build();
    }

    private static String quoted(Set<String> tokens) {
      List<String> out = new ArrayList<>();
      for (String t : tokens) {
        out.add(quote(t));
      }
      return String.join(", ", out);
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
