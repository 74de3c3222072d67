package dev.thalos.redis.security.check;

import dev.thalos.redis.security.tls.TlsPolicy;
import java.security.PublicKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.DSAKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Live rules about the probe's own connection: reachability, TLS, the server certificate. */
final class LiveTlsRules {

  private LiveTlsRules() {}

  /** {@code live.connection}: the self-check could connect and authenticate. */
  static final class Connection extends LiveRule {
    static final String ID = "live.connection";

    Connection() {
      super(ID, Severity.CRITICAL, "The application can connect and authenticate",
          "The self-check connects exactly as the application does (same endpoint, TLS settings and "
              + "credentials). If that fails, the application cannot work either, and no other rule can look.");
    }

    @Override
    Finding check(CheckContext context, LiveFacts facts) {
      if (context.probe().isPresent()) {
        return Finding.pass(this, "connected to " + context.probe().get().describe());
      }
      if (facts.connectFailure.isEmpty()) {
        return Finding.skipped(this, "no connection to Redis in this check");
      }
      LiveFacts.ConnectFailure f = facts.connectFailure.get();
      if (f.isCertificateProblem()) {
        return Finding.skipped(this, "the TLS handshake refused the server certificate (" + f.reason
            + "): see " + Certificate.ID);
      }
      return finding().outcome(Outcome.FAIL)
          .summary("cannot connect: " + f.reason)
          .evidence(f.message)
          .remediation("Fix the connection settings (host, port, TLS, user and password) or the server, "
              + "then run the self-check again.")
          .build();
    }
  }

  /** {@code live.tls.in-use}: the connection is encrypted. */
  static final class InUse extends LiveRule {
    static final String ID = "live.tls.in-use";

    InUse() {
      super(ID, Severity.HIGH, "The connection to Redis uses TLS",
          "Without TLS the password (AUTH/HELLO), every command and every Thalos message crosses the network "
              + "in clear text, readable and alterable by anyone on the path.");
    }

    @Override
    Finding check(CheckContext context, LiveFacts facts) {
      RedisProbe probe = probe(context, facts);
      Optional<TlsSessionFacts> tls = probe.tls();
      if (tls.isEmpty()) {
        return finding().outcome(Outcome.FAIL)
            .summary("the connection is plaintext")
            .evidence("connected to " + probe.describe() + " without TLS")
            .remediation("# redis.conf\ntls-port 6380\nport 0\ntls-cert-file /etc/redis/tls/server.crt\n"
                + "tls-key-file /etc/redis/tls/server.key\ntls-ca-cert-file /etc/redis/tls/ca.crt\n"
                + "# application: use a rediss:// URI with the CA (THALOS_REDIS_CA)")
            .build();
      }
      Verdict v = new Verdict().note("protocol " + tls.get().protocol() + ", cipher suite " + tls.get().cipherSuite());
      String p = tls.get().protocol();
      if (p.equals("TLSv1") || p.equals("TLSv1.1") || p.startsWith("SSL")) {
        v.fail(Severity.HIGH, "obsolete protocol " + p);
      }
      return v.finding(this, "TLS " + p + " in use", "tls-protocols \"TLSv1.2 TLSv1.3\"");
    }
  }

  /** {@code live.tls.certificate}: facts about the server's certificate chain. */
  static final class Certificate extends LiveRule {
    static final String ID = "live.tls.certificate";

    Certificate() {
      super(ID, Severity.HIGH, "The server certificate is valid, strong and verified",
          "Looks at the certificate chain the server presented: days to expiry, key size, signature "
              + "algorithm, host name verification, whether the chain was verified at all, and whether the leaf "
              + "is self-signed. An expired or unverified certificate lets an attacker impersonate Redis.");
    }

    @Override
    Finding check(CheckContext context, LiveFacts facts) {
      if (context.probe().isEmpty() && facts.connectFailure.isPresent()
          && facts.connectFailure.get().isCertificateProblem()) {
        LiveFacts.ConnectFailure f = facts.connectFailure.get();
        return finding().outcome(Outcome.FAIL).severity(Severity.CRITICAL)
            .summary("the TLS handshake refused the server certificate: " + f.reason)
            .evidence(f.message)
            .remediation(remediation(f.reason))
            .build();
      }
      RedisProbe probe = probe(context, facts);
      Optional<TlsSessionFacts> tls = probe.tls();
      if (tls.isEmpty()) {
        return Finding.skipped(this, "the connection is plaintext: no certificate to look at (see "
            + InUse.ID + ")");
      }
      List<X509Certificate> chain = tls.get().peerCertificates();
      if (chain.isEmpty()) {
        return Finding.skipped(this, "the TLS adapter did not provide the server's certificate chain");
      }
      Verdict v = new Verdict();
      X509Certificate leaf = chain.get(0);
      Instant now = facts.clock.instant();
      long days = Duration.between(now, leaf.getNotAfter().toInstant()).toDays();
      v.note("subject " + leaf.getSubjectX500Principal().getName() + ", issuer "
          + leaf.getIssuerX500Principal().getName());
      v.note("valid until " + leaf.getNotAfter().toInstant() + " (" + days + " days)");
      if (now.isAfter(leaf.getNotAfter().toInstant())) {
        v.fail(Severity.CRITICAL, "the certificate expired on " + leaf.getNotAfter().toInstant());
      } else if (now.isBefore(leaf.getNotBefore().toInstant())) {
        v.fail(Severity.HIGH, "the certificate is not valid before " + leaf.getNotBefore().toInstant());
      } else if (days < facts.certificateWarningDays) {
        v.warn("the certificate expires in " + days + " days");
      }
      for (int i = 0; i < chain.size(); i++) {
        X509Certificate c = chain.get(i);
        String who = i == 0 ? "server key" : "chain certificate " + i + " key";
        int size = keySize(c.getPublicKey());
        String alg = c.getPublicKey().getAlgorithm();
        if (i == 0) {
          v.note("key " + alg + (size > 0 ? " " + size + " bits" : "") + ", signature " + c.getSigAlgName());
        }
        if (alg.equals("RSA") && size > 0 && size < 2048 || alg.equals("EC") && size > 0 && size < 256
            || alg.equals("DSA")) {
          v.fail(Severity.HIGH, who + " is weak: " + alg + " " + size + " bits");
        }
        String sig = c.getSigAlgName().toUpperCase(Locale.ROOT);
        if (sig.startsWith("MD") || sig.startsWith("SHA1WITH")) {
          v.fail(Severity.HIGH, (i == 0 ? "the certificate" : "chain certificate " + i)
              + " is signed with " + c.getSigAlgName());
        }
      }
      names(leaf).ifPresent(n -> v.note("subject alternative names " + n));
      if (!tls.get().peerVerified()) {
        v.fail(Severity.CRITICAL, "the chain was not verified against trusted CAs (insecure trust-any mode)");
      }
      if (!tls.get().hostnameVerified()) {
        v.warn("the host name was not verified against the certificate (verify mode CA)");
      }
      if (chain.size() == 1 && leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal())) {
        v.warn("the server certificate is self-signed: every client must pin or trust it individually");
      }
      v.note(tls.get().clientCertificateSent() ? "a client certificate was presented (mutual TLS)"
          : "no client certificate was presented");
      return v.finding(this, "certificate valid for " + days + " more days and verified",
          remediation(v.failed() ? "weak" : "warn"));
    }

    private static String remediation(String reason) {
      switch (reason) {
        case "tls.certificate-expired":
        case "tls.certificate-not-yet-valid":
          return "Renew the server certificate (tls-cert-file) and reload it: CONFIG SET tls-cert-file "
              + "<renewed file> (Redis re-reads TLS files on CONFIG SET).";
        case "tls.hostname-mismatch":
          return "Issue the server certificate with a subjectAltName for the host name clients use, or connect "
              + "with the name the certificate carries (THALOS_REDIS_TLS_SERVER_NAME).";
        case "tls.untrusted-certificate":
        case "tls.pin-mismatch":
          return "Give the application the CA that issued the server certificate (THALOS_REDIS_CA), or update "
              + "the pin after a planned key rotation.";
        default:
          return "Use an RSA key of at least 2048 bits or an EC P-256 key, signed with SHA-256 or better, "
              + "issued by a CA the clients trust with the server's host name as subjectAltName; renew before "
              + "expiry; verify with VerifyMode.FULL.";
      }
    }

    private static int keySize(PublicKey key) {
      if (key instanceof RSAKey) {
        return ((RSAKey) key).getModulus().bitLength();
      }
      if (key instanceof ECKey) {
        return ((ECKey) key).getParams().getCurve().getField().getFieldSize();
      }
      if (key instanceof DSAKey) {
        return ((DSAKey) key).getParams().getP().bitLength();
      }
      return -1;
    }

    private static Optional<String> names(X509Certificate c) {
      try {
        Collection<List<?>> sans = c.getSubjectAlternativeNames();
        if (sans == null) {
          return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        for (List<?> san : sans) {
          if (san.size() >= 2 && san.get(1) instanceof String) {
            out.add((String) san.get(1));
          }
        }
        return Optional.of(String.join(", ", out));
      } catch (CertificateParsingException e) {
        return Optional.empty();
      }
    }
  }

  /**
   * {@code live.tls.weak-suites-accepted}: whether the server's TLS port accepts, from other clients, what this
   * library's own client refuses. Up to three extra handshakes ({@link RedisProbe#attemptTlsHandshake}), each
   * offering only: TLSv1.2 with static-RSA key exchange ({@link #STATIC_RSA}: no forward secrecy, fails at
   * MEDIUM), TLSv1.2 with ECDHE and CBC ({@link #ECDHE_CBC}: MAC-then-encrypt, warns), and TLSv1.3 (only when the
   * probe's own connection did not negotiate it; a server without TLSv1.3 is noted, not warned about, since
   * {@code TlsPolicy.MODERN} accepts TLSv1.2 with ECDHE AEAD suites). TLSv1.0/1.1, finite-field DHE and 3DES are
   * not tried: the JVM refuses to offer the old protocols without process-wide security properties, which a
   * self-check must not change.
   */
  static final class WeakSuites extends LiveRule {
    static final String ID = "live.tls.weak-suites-accepted";

    /** TLSv1.2 suites with static-RSA key exchange (JSSE names), strongest first. */
    static final List<String> STATIC_RSA = List.of(
        "TLS_RSA_WITH_AES_256_GCM_SHA384", "TLS_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_RSA_WITH_AES_256_CBC_SHA256", "TLS_RSA_WITH_AES_128_CBC_SHA256",
        "TLS_RSA_WITH_AES_256_CBC_SHA", "TLS_RSA_WITH_AES_128_CBC_SHA");

    /** TLSv1.2 suites with ECDHE key exchange but AES-CBC and HMAC (JSSE names). */
    static final List<String> ECDHE_CBC = List.of(
        "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
        "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
        "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA");

    /** The TLSv1.3 suites offered to learn whether the server speaks TLSv1.3 at all: those of the default list. */
    static final List<String> TLS13 =
        TlsPolicy.DEFAULT_CIPHER_SUITES.stream().filter(TlsPolicy::isTls13Suite).toList();

    private static final String NOT_TRIED = "TLSv1.0/1.1 not checked (the JVM does not offer them without "
        + "changing process-wide security properties); DHE and 3DES suites not tried";

    WeakSuites() {
      super(ID, Severity.MEDIUM, "The server refuses weak TLS from other clients",
          "This library's client offers only TLSv1.3 and TLSv1.2 ECDHE AEAD suites, but the server may still "
              + "accept weaker ones from other clients: static-RSA key exchange (no forward secrecy: whoever "
              + "gets the server key later decrypts recorded traffic) and CBC suites. Up to three extra TLS "
              + "handshakes offer only such options and are dropped as soon as the server chooses; no command and "
              + "no credentials are sent on them.");
    }

    @Override
    Finding check(CheckContext context, LiveFacts facts) {
      RedisProbe probe = probe(context, facts);
      Optional<TlsSessionFacts> tls = probe.tls();
      if (tls.isEmpty()) {
        return Finding.skipped(this, "the connection is plaintext: no TLS port to probe (see " + InUse.ID + ")");
      }
      List<X509Certificate> chain = tls.get().peerCertificates();
      String key = chain.isEmpty() ? null : chain.get(0).getPublicKey().getAlgorithm();
      Verdict v = new Verdict();
      List<String> unsupported = new ArrayList<>();
      int tried = 0;

      Optional<TlsHandshakeAttempt> rsa = attempt(probe, List.of(TlsPolicy.TLS_V1_2), STATIC_RSA, unsupported);
      if (rsa.isPresent()) {
        tried++;
        TlsHandshakeAttempt a = rsa.get();
        if (a.accepted()) {
          v.fail(Severity.MEDIUM, "the server accepts static-RSA key exchange (no forward secrecy): "
              + a.protocol().get() + " " + a.cipherSuite().get() + " negotiated when offered only "
              + STATIC_RSA.size() + " TLS_RSA_* suites");
        } else {
          String k = key != null ? key : a.serverKeyAlgorithm().orElse(null);
          v.note("static RSA: TLSv1.2 with " + STATIC_RSA.size() + " TLS_RSA_* suites refused (" + a.refusal().get()
              + ")" + (k == null ? "" : k.equals("RSA") ? "; the server has an RSA key, so its cipher list "
              + "excludes them" : "; the server's key is " + k + ", with which static RSA cannot be negotiated "
              + "(an RSA certificate would need tls-ciphers to exclude them)"));
        }
      } else {
        v.note("static RSA: not checked (" + last(unsupported) + ")");
      }

      Optional<TlsHandshakeAttempt> cbc = attempt(probe, List.of(TlsPolicy.TLS_V1_2), ECDHE_CBC, unsupported);
      if (cbc.isPresent()) {
        tried++;
        TlsHandshakeAttempt a = cbc.get();
        if (a.accepted()) {
          v.warn("the server accepts CBC suites: " + a.protocol().get() + " " + a.cipherSuite().get()
              + " negotiated when offered only " + ECDHE_CBC.size() + " TLS_ECDHE_*_CBC_* suites");
        } else {
          v.note("ECDHE with CBC: TLSv1.2 with " + ECDHE_CBC.size() + " TLS_ECDHE_*_CBC_* suites refused ("
              + a.refusal().get() + ")");
        }
      } else {
        v.note("ECDHE with CBC: not checked (" + last(unsupported) + ")");
      }

      String tls13;
      if (tls.get().protocol().equals(TlsPolicy.TLS_V1_3)) {
        tls13 = "TLSv1.3 supported (negotiated by the probe's own connection)";
      } else {
        Optional<TlsHandshakeAttempt> t = attempt(probe, List.of(TlsPolicy.TLS_V1_3), TLS13, unsupported);
        if (t.isEmpty()) {
          tls13 = "TLSv1.3: not checked (" + last(unsupported) + ")";
        } else {
          tried++;
          tls13 = t.get().accepted() ? "TLSv1.3 supported (" + t.get().cipherSuite().get() + ")"
              : "TLSv1.3 not supported: the server refused a TLSv1.3-only handshake (" + t.get().refusal().get()
                  + "); clients with a TLSv1.3-only policy cannot connect";
        }
      }
      v.note(tls13);
      v.note(NOT_TRIED);
      if (tried == 0) {
        return Finding.skipped(this, "no extra TLS handshake could be made: " + unsupported.get(0));
      }
      v.note(tried + " extra TLS handshake" + (tried == 1 ? "" : "s") + ", each dropped when the server chose; "
          + "no command or credentials sent");
      return v.finding(this, "the server refused static-RSA and CBC suites in TLSv1.2; " + tls13,
          "# redis.conf: TLSv1.3, and TLSv1.2 with ECDHE AEAD suites only\n"
              + "tls-protocols \"TLSv1.2 TLSv1.3\"\n"
              + "tls-ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
              + "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
              + "ECDHE-RSA-CHACHA20-POLY1305\n"
              + "tls-prefer-server-ciphers yes");
    }

    /** One handshake; empty, with the reason added to {@code unsupported}, if the probe cannot offer it. */
    private static Optional<TlsHandshakeAttempt> attempt(RedisProbe probe, List<String> protocols,
        List<String> suites, List<String> unsupported) {
      try {
        return Optional.of(probe.attemptTlsHandshake(protocols, suites));
      } catch (ProbeException e) {
        if (e.reason().equals(ProbeException.UNSUPPORTED)) {
          unsupported.add(e.getMessage());
          return Optional.empty();
        }
        throw e;
      }
    }

    private static String last(List<String> reasons) {
      return reasons.get(reasons.size() - 1);
    }
  }

  /** {@code live.tls.pubsub-write-bug}: the known TLS write bug that drops subscribers under load. */
  static final class PubsubWriteBug extends LiveRule {
    static final String ID = "live.tls.pubsub-write-bug";

    PubsubWriteBug() {
      super(ID, Severity.MEDIUM, "Subscribers survive publish floods over TLS",
          "redis-server 7.0.15 (Debian 12) with TLS and OpenSSL 3 drops pub/sub subscribers under a publish "
              + "flood ('SSL routines::bad length' in the log); Valkey fixed the write-retry bug in 2025. Pub/sub "
              + "has no replay: a dropped subscriber silently misses messages unless it checks block numbers.",
          Role.SUBSCRIBER, Role.OPERATOR);
    }

    @Override
    Finding check(CheckContext context, LiveFacts facts) {
      RedisProbe probe = probe(context, facts);
      if (probe.tls().isEmpty()) {
        return Finding.pass(this, "not applicable: the connection does not use TLS");
      }
      String server = "redis";
      String version = "unknown";
      try {
        java.util.Map<String, ProbeReply> hello = facts.hello(probe);
        server = LiveFacts.lower(hello.get("server").asString());
        version = hello.get("version").asString();
      } catch (RuntimeException e) {
        // HELLO unreadable: assume Redis
      }
      String fix = "Detect gaps from Thalos block numbers and heartbeats and resubscribe/replay from the chain; "
          + "keep client-output-buffer-limit pubsub at 32mb 8mb 60 or above; load-test the TLS path, or run a "
          + "server whose release notes include the OpenSSL 3 write-retry fix (Valkey 2025 releases).";
      return finding().outcome(Outcome.WARN).severity(server.equals("valkey") ? Severity.LOW : Severity.MEDIUM)
          .summary(server + " " + version + " over TLS: subscribers may be dropped under a publish flood")
          .evidence("TLS connection to " + server + " " + version)
          .evidence("known: 'Error writing to client: error:0A00010F:SSL routines::bad length' drops subscribers "
              + "(reproduced with redis-server 7.0.15, 1,000,000 x 400 B messages)")
          .remediation(fix)
          .build();
    }
  }
}
