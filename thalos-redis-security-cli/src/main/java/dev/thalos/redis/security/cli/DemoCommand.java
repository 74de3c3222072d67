package dev.thalos.redis.security.cli;

import dev.thalos.redis.security.ThalosSecurityException;
import dev.thalos.redis.security.acl.AclParser;
import dev.thalos.redis.security.acl.AclUser;
import dev.thalos.redis.security.acl.GeneratedAcl;
import dev.thalos.redis.security.acl.ThalosAclPlan;
import dev.thalos.redis.security.auth.SecretSource;
import dev.thalos.redis.security.channel.ThalosChannel;
import dev.thalos.redis.security.channel.ThalosNamespace;
import dev.thalos.redis.security.check.CheckReport;
import dev.thalos.redis.security.check.Finding;
import dev.thalos.redis.security.check.Outcome;
import dev.thalos.redis.security.check.Policy;
import dev.thalos.redis.security.check.SelfCheck;
import dev.thalos.redis.security.conf.ConfigAudit;
import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import dev.thalos.redis.security.endpoint.ThalosRole;
import dev.thalos.redis.security.internal.ControlCharacters;
import dev.thalos.redis.security.lettuce.ThalosPublisher;
import dev.thalos.redis.security.lettuce.ThalosSubscriber;
import dev.thalos.redis.security.testkit.CertificateAuthority;
import dev.thalos.redis.security.testkit.IssuedCertificate;
import dev.thalos.redis.security.testkit.RedisServer;
import dev.thalos.redis.security.testkit.RespClient;
import dev.thalos.redis.security.testkit.TestPki;
import dev.thalos.redis.security.testkit.TestkitException;
import dev.thalos.redis.security.tls.ClientIdentity;
import dev.thalos.redis.security.tls.TlsSettings;
import dev.thalos.redis.security.tls.TrustAnchors;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code demo}: the zero-setup tour. Builds a throwaway PKI and ACL, starts a hardened {@code redis-server}
 * (TLS only, client certificates, ACLs, loopback) and a weak one configured as the Thalos docs suggest, runs a
 * publisher and a validating subscriber, tries the attacks the hardening stops, checks both instances, and
 * removes everything again — also on Ctrl-C. Exits 0 when everything behaved as expected.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = {
        "The zero-setup tour (needs only redis-server 7 with TLS on PATH, e.g. Debian 12's):",
        "  1. creates a throwaway CA, server and client certificates;",
        "  2. generates least-privilege ACL users (acl generate);",
        "  3. starts a hardened redis-server: TLS only (plaintext port closed), client certificates, ACLs, "
            + "loopback bind;",
        "  4. runs a Thalos-like publisher and a validating subscriber as the least-privileged client, and tries "
            + "attacks that must fail (forging messages, CLIENT KILL, other chains, anonymous access);",
        "  5. checks the hardened instance (self-check for both roles, conf audit, acl audit);",
        "  6. starts a second instance configured as the Thalos docs suggest (plaintext, their ACL) and shows "
            + "what the checks find and what a client can do there (CLIENT LIST, CLIENT KILL of the publisher);",
        "  7. stops both servers and removes every file, also on Ctrl-C.",
        "Servers use free loopback ports; the demo never touches a Redis on port 6379. Exit 0 when every step "
            + "behaved as expected, 1 when one did not, 2 when redis-server is missing or fails to start."})
final class DemoCommand implements Callable<Integer> {

  /** The ACL of the Thalos docs (redis/security/acl.md), with their example passwords. */
  static final List<String> THALOS_DOCS_ACL = List.of(
      "user default on >client_password resetchannels &ship::* +@connection +subscribe",
      "user admin on >admin_password ~* &* +@all",
      "user thalos on >server_password resetchannels &ship::* ~thalos::* +@connection +@read +@write +publish");

  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  /** Validity of the demo's certificates: long enough not to trip the self-check's expiry warning. */
  private static final Duration CERTIFICATE_LIFETIME = Duration.ofDays(90);

  /**
   * Rules about the installed redis-server binary rather than its configuration (e.g. known CVEs of Debian 12's
   * 7.0.15): the demo reports them but cannot fix them, so they do not make the hardened instance "unexpected".
   */
  static final Set<String> BINARY_RULES = Set.of("live.server.version");

  private final LiveCheck liveCheck;

  @Option(names = "--chain", paramLabel = "CHAIN", defaultValue = "wax", converter = Converters.ChainConverter.class,
      description = "Chain of the demo namespace ship::CHAIN: a chain name of 1 to 32 characters from [a-z0-9._-] "
          + "or a 64-hex chain id (default: ${DEFAULT-VALUE}, i.e. ship::wax).")
  ThalosNamespace namespace;

  @Option(names = "--keep-running",
      description = "After the checks, keep the hardened server running and print a redis-cli command line to try "
          + "it; Ctrl-C stops the servers and removes the files.")
  boolean keepRunning;

  @Spec CommandSpec spec;

  private PrintWriter out;
  private long started = System.nanoTime();
  private int step;
  private int met;
  private final List<String> unmet = new ArrayList<>();

  DemoCommand(LiveCheck liveCheck) {
    this.liveCheck = liveCheck;
  }

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    started = System.nanoTime();
    Cleanup cleanup = new Cleanup();
    Thread hook = new Thread(() -> {
      cleanup.close();
    }, "thalos-demo-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    Path dir = null;
    try {
      dir = Files.createTempDirectory("thalos-demo-");
      Path workDir = dir;
      cleanup.add(() -> deleteTree(workDir));
      run(dir, cleanup);
    } catch (TestkitException e) {
      out.flush();
      throw new ThalosSecurityException("demo.redis-unavailable", redisHint(e), e);
    } finally {
      step("Cleaning up: stopping the servers, removing " + (dir == null ? "the temporary files" : dir));
      cleanup.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down (Ctrl-C): the hook does the cleanup
      }
      if (dir != null) {
        expect(!Files.exists(dir), "temporary files removed", "temporary directory " + dir + " still exists");
      }
    }
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
    out.println();
    if (unmet.isEmpty()) {
      out.println("Demo finished in " + seconds + " s: all " + met + " expectations met.");
    } else {
      out.println("Demo finished in " + seconds + " s: " + unmet.size() + " of " + (met + unmet.size())
          + " expectations NOT met:");
      unmet.forEach(u -> out.println("  - " + u));
    }
    out.flush();
    return unmet.isEmpty() ? ExitCodes.PASSED : ExitCodes.FINDINGS;
  }

  private void run(Path dir, Cleanup cleanup) throws Exception {
    ThalosNamespace ns = namespace;

    step("Creating a throwaway CA, a server certificate (localhost, 127.0.0.1) and a client certificate");
    Instant now = Instant.now();
    Instant notBefore = now.minus(Duration.ofHours(1));
    Instant notAfter = now.plus(CERTIFICATE_LIFETIME);
    CertificateAuthority ca = CertificateAuthority.create(
        CertificateAuthority.builder("Thalos demo CA").validity(notBefore, notAfter));
    IssuedCertificate serverCertificate = ca.serverCertificate().validity(notBefore, notAfter).build();
    IssuedCertificate clientCertificate = ca.clientCertificate("thalos-demo-client").validity(notBefore, notAfter)
        .build();
    TestPki.ServerTls serverTls = TestPki.ServerTls.builder(serverCertificate)
        .clientCertificateAuthorities(ca.certificate()).kitClientCertificate(clientCertificate).build();
    SSLContext rawClientTls = TestPki.sslContext(List.of(ca.certificate()), clientCertificate);
    Path caPem = ca.writeCertificatePem(dir.resolve("ca.pem"));
    Path clientPem = clientCertificate.writeChainPem(dir.resolve("client.pem"));
    Path clientKey = dir.resolve("client.key");
    PrivateFiles.write(clientKey, clientCertificate.privateKeyPkcs8Pem().getBytes(StandardCharsets.US_ASCII),
        false);
    detail("CA " + ca.certificate().getSubjectX500Principal().getName() + ", certificates valid "
        + CERTIFICATE_LIFETIME.toDays() + " days, files in " + dir);
    TlsSettings tls = TlsSettings.builder().trustAnchors(TrustAnchors.pemFile(caPem))
        .clientIdentity(ClientIdentity.pemFiles(clientPem, clientKey)).build();

    step("Generating least-privilege ACL users for " + ns + " (acl generate)");
    GeneratedAcl acl = ThalosAclPlan.builder().namespace(ns).server("thalos").client("reader", ns.chain())
        .admin("admin").build().generate();
    Path usersAcl = dir.resolve("users.acl");
    PrivateFiles.write(usersAcl, acl.aclFile().getBytes(StandardCharsets.UTF_8), false);
    Map<String, char[]> passwords = acl.revealPasswords();
    Map<String, Path> passwordFiles = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, char[]> e : passwords.entrySet()) {
      Path f = dir.resolve(e.getKey() + ".password");
      PrivateFiles.write(f, new String(e.getValue()).getBytes(StandardCharsets.US_ASCII), false);
      passwordFiles.put(e.getKey(), f);
    }
    acl.users().forEach(u -> detail(u.toString()));
    detail("passwords: 256-bit random, stored hashed; written to " + dir + "/<user>.password (mode 0600)");

    step("Starting a hardened redis-server: TLS only, client certificates, ACLs, loopback bind");
    RedisServer hardened = cleanup.add(RedisServer.builder().tls(serverTls).tlsAuthClients("yes")
        .aclFile(usersAcl).directive("client-output-buffer-limit", "pubsub", "32mb", "8mb", "60")
        .directive("tls-ciphers", "ECDHE+AESGCM:ECDHE+CHACHA20").start());
    detail("pid " + hardened.pid() + ": TLS port " + hardened.tlsPort() + ", plaintext port closed (port 0), "
        + "bind 127.0.0.1 -::1, tls-auth-clients yes, tls-ciphers ECDHE+AESGCM:ECDHE+CHACHA20");

    ThalosRedisEndpoint server = ThalosRedisEndpoint.builder().host(RedisServer.HOST).port(hardened.tlsPort())
        .tls(tls).user("thalos").password(SecretSource.fromFile(passwordFiles.get("thalos"))).namespace(ns)
        .role(ThalosRole.SERVER).connectTimeout(TIMEOUT).commandTimeout(TIMEOUT).build();
    ThalosRedisEndpoint client = ThalosRedisEndpoint.builder().host(RedisServer.HOST).port(hardened.tlsPort())
        .tls(tls).user("reader").password(SecretSource.fromFile(passwordFiles.get("reader"))).namespace(ns)
        .role(ThalosRole.CLIENT).connectTimeout(TIMEOUT).commandTimeout(TIMEOUT).build();

    step("Publishing as the Thalos server; receiving with a validating subscriber as '" + "reader" + "'");
    publishAndReceive(ns, server, client);

    step("Trying what the least-privileged client must NOT be able to do");
    attacksOnHardened(ns, client, hardened, new String(passwords.get("reader")), rawClientTls);

    step("Checking the hardened instance");
    liveCheck("self-check as client (subscriber)", client, true);
    liveCheck("self-check as server (publisher)", server, true);
    CheckReport confReport = ConfigAudit.builder().aclFile(usersAcl).build().audit(hardened.configFile());
    report("conf audit of its redis.conf", confReport, true);
    CheckReport aclReport = new AclFileReview(List.of(ns), Set.of("thalos"), Set.of("admin"),
        ThalosAclPlan.DEFAULT_CACHE_KEY_PREFIX).report(usersAcl.toString(),
        AclParser.redis7().parseAclFile(acl.aclFile()));
    report("acl audit of users.acl", aclReport, true);
    passwords.values().forEach(p -> java.util.Arrays.fill(p, '\0'));

    step("Starting a second instance configured as the Thalos docs suggest: plaintext, their ACL");
    RedisServer weak = cleanup.add(RedisServer.builder().aclUsers(THALOS_DOCS_ACL).start());
    detail("pid " + weak.pid() + ": plaintext port " + weak.port() + ", no TLS; users default (+@connection "
        + "+subscribe on &ship::*), thalos (+@connection +@read +@write +publish), admin");
    weakInstance(ns, weak, dir);
    out.flush();
    if (keepRunning) {
      keepRunning(hardened, dir, caPem, clientPem, clientKey, passwordFiles.get("reader"));
    }
  }

  /**
   * A path as one POSIX shell word: as it is if it needs no quoting, otherwise in single quotes (control characters
   * escaped, never printed raw).
   */
  static String shellWord(Path path) {
    String s = path.toString();
    return s.matches("[A-Za-z0-9/._+-]+") ? s
        : "'" + ControlCharacters.escape(s).replace("'", "'\\''") + "'";
  }

  /** Waits until the JVM is stopped (Ctrl-C): the shutdown hook then stops the servers and removes the files. */
  private void keepRunning(RedisServer hardened, Path dir, Path caPem, Path clientPem, Path clientKey,
      Path readerPassword) throws InterruptedException {
    step("Keeping the hardened server running (pid " + hardened.pid() + "); press Ctrl-C to stop the servers and"
        + " remove " + dir);
    detail(unmet.isEmpty() ? "all " + met + " expectations met so far"
        : unmet.size() + " of " + (met + unmet.size()) + " expectations NOT met so far");
    detail("try it as the least-privileged client 'reader' (TLS, client certificate, password from its file):");
    detail("REDISCLI_AUTH=\"$(cat " + shellWord(readerPassword) + ")\" redis-cli --tls --cacert " + shellWord(caPem)
        + " --cert " + shellWord(clientPem) + " --key " + shellWord(clientKey) + " -h " + RedisServer.HOST + " -p "
        + hardened.tlsPort() + " --user reader PING");
    new CountDownLatch(1).await();
  }

  private void publishAndReceive(ThalosNamespace ns, ThalosRedisEndpoint server, ThalosRedisEndpoint client)
      throws InterruptedException {
    ThalosChannel heartbeat = ns.heartbeat();
    ThalosChannel transfer = ns.actions().contract("eosio.token").action("transfer");
    ConcurrentLinkedQueue<String> received = new ConcurrentLinkedQueue<>();
    CountDownLatch three = new CountDownLatch(3);
    try (ThalosSubscriber subscriber = ThalosSubscriber.builder(client).channels(heartbeat, transfer)
        .maxPayloadBytes(1 << 20)
        .listener((channel, payload) -> {
          received.add(channel.name() + " " + new String(payload, StandardCharsets.UTF_8));
          three.countDown();
        }).build()) {
      subscriber.start();
      detail("subscriber (TLS, client certificate, user reader) subscribed to " + heartbeat.name() + " and "
          + transfer.name());
      try (ThalosPublisher publisher = ThalosPublisher.builder(server).connect()) {
        publisher.publish(heartbeat, "{\"head_block_num\":1001}");
        publisher.publish(transfer, "{\"from\":\"alice\",\"to\":\"bob\",\"quantity\":\"1.0000 WAX\"}");
        publisher.publish(ns.tableDeltas().table("contract_row"), "{\"not\":\"subscribed\"}");
        publisher.publish(heartbeat, "{\"head_block_num\":1002}");
      }
      boolean all = three.await(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      received.forEach(m -> detail("received " + m));
      expect(all && received.size() == 3, "the subscriber received the 3 messages of its channels",
          "the subscriber received " + received.size() + " of 3 messages");
    }
  }

  private void attacksOnHardened(ThalosNamespace ns, ThalosRedisEndpoint client, RedisServer hardened,
      String readerPassword, SSLContext rawClientTls) {
    // 1. Forging messages: the client's credentials, used by a publisher.
    ThalosRedisEndpoint forger = client.mutate().role(ThalosRole.SERVER).build();
    String forged;
    try (ThalosPublisher publisher = ThalosPublisher.builder(forger).connect()) {
      publisher.publish(ns.heartbeat(), "{\"forged\":true}");
      forged = null;
    } catch (ThalosSecurityException e) {
      forged = e.reason();
    }
    expect(forged != null, "refused: the client publishing a forged heartbeat (" + forged + ")",
        "the client could PUBLISH to " + ns.heartbeat().name());
    String foreign = foreignChain(ns).heartbeat().name(); // for 3.
    // 2. CLIENT KILL / PAUSE / LIST, which the Thalos docs' +@connection allows.
    try (RespClient raw = hardened.connectTls(rawClientTls, "reader", readerPassword)) {
      for (String[] cmd : new String[][] {{"CLIENT", "KILL", "USER", "thalos"}, {"CLIENT", "PAUSE", "1000"},
          {"CLIENT", "LIST"}}) {
        Object reply = raw.command(cmd);
        boolean refused = reply instanceof RespClient.Error && ((RespClient.Error) reply).code().equals("NOPERM");
        expect(refused, "refused: " + String.join(" ", cmd) + " (NOPERM)",
            "the client could run " + String.join(" ", cmd));
      }
      // 3. Another chain: Redis refuses it even for a client that does not validate.
      Object reply = raw.command("SUBSCRIBE", foreign);
      expect(reply instanceof RespClient.Error, "refused by Redis: SUBSCRIBE " + foreign + " (NOPERM)",
          "the client could subscribe to " + foreign);
    }
    // ... and the validating subscriber does not even send it.
    String local;
    try {
      ThalosSubscriber.builder(client).listener((channel, payload) -> { }).channelNames(foreign).build().close();
      local = null;
    } catch (IllegalArgumentException e) {
      local = e.getMessage();
    }
    expect(local != null, "refused before sending: the validating subscriber rejects " + foreign,
        "the validating subscriber accepted a channel of another chain");
    // 4. Anonymous access: the default user is off.
    try (RespClient anonymous = hardened.connectTls(rawClientTls, null, null)) {
      Object reply = anonymous.command("PING");
      expect(reply instanceof RespClient.Error, "refused: an unauthenticated PING ("
          + (reply instanceof RespClient.Error ? ((RespClient.Error) reply).code() : reply) + ")",
          "an unauthenticated connection could run PING");
    }
  }

  private void weakInstance(ThalosNamespace ns, RedisServer weak, Path dir) throws IOException {
    // What the live self-check sees as the documented client (the default user, AUTH client_password).
    ThalosRedisEndpoint docsClient = ThalosRedisEndpoint.builder()
        .uri("redis://" + RedisServer.HOST + ":" + weak.port()).plaintextInsecure()
        .password(SecretSource.of("client_password".toCharArray())).namespace(ns).role(ThalosRole.CLIENT)
        .connectTimeout(TIMEOUT).commandTimeout(TIMEOUT).build();
    liveCheck("self-check as the documented client", docsClient, false);

    // The offline audits: the docs' ACL, and the instance's redis.conf as deployed for remote clients.
    Path docsAcl = dir.resolve("thalos-docs.acl");
    PrivateFiles.write(docsAcl, (String.join("\n", THALOS_DOCS_ACL) + "\n").getBytes(StandardCharsets.UTF_8),
        false);
    CheckReport aclReport = new AclFileReview(List.of(ns), Set.of("thalos"), Set.of("admin"),
        ThalosAclPlan.DEFAULT_CACHE_KEY_PREFIX).report("Thalos docs users.acl", docsUsers());
    report("acl audit of the Thalos docs' ACL", aclReport, false);
    Path deployed = dir.resolve("redis-as-deployed.conf");
    String conf = Files.readString(weak.configFile()).replaceAll("(?m)^bind .*$", "bind * -::*");
    PrivateFiles.write(deployed, conf.getBytes(StandardCharsets.UTF_8), false);
    CheckReport confReport = ConfigAudit.builder().aclFile(docsAcl).build().audit(deployed);
    report("conf audit of this redis.conf with Redis' default 'bind * -::*' (as deployed for remote clients)",
        confReport, false);

    // What a "friend" with the documented client ACL can do to the publisher.
    try (RespClient publisher = weak.connect("thalos", "server_password");
        RespClient friend = weak.connect(null, "client_password")) {
      publisher.commandOrThrow("PING");
      Object list = friend.command("CLIENT", "LIST");
      String thalosLine = list instanceof String ? firstLineWith((String) list, "user=thalos ") : null;
      expect(thalosLine != null, "the documented client runs CLIENT LIST and sees the publisher: "
          + (thalosLine == null ? "" : excerpt(thalosLine)), "CLIENT LIST was refused on the weak instance");
      Object killed = friend.command("CLIENT", "KILL", "USER", "thalos");
      boolean gone;
      try {
        gone = publisher.command("PING") instanceof RespClient.Error;
      } catch (RuntimeException e) {
        gone = true;
      }
      expect(Long.valueOf(1).equals(killed) && gone,
          "the documented client runs CLIENT KILL USER thalos: the publisher's connection is gone",
          "CLIENT KILL USER thalos did not disconnect the publisher (reply " + killed + ")");
      String foreign = foreignChain(ns).heartbeat().name();
      Object reply = friend.command("SUBSCRIBE", foreign);
      expect(!(reply instanceof RespClient.Error),
          "the documented client subscribes to another chain's channel (" + foreign + ")",
          "SUBSCRIBE to another chain was refused on the weak instance");
    }
  }

  /**
   * The chain the demo uses as "another chain": {@code eos} under the prefix of {@code ns}, or {@code wax} when
   * the demo itself runs on {@code eos}, so that it always differs from the demo's own chain.
   */
  static ThalosNamespace foreignChain(ThalosNamespace ns) {
    return ns.mutate().chain(ns.chain().equals("eos") ? "wax" : "eos").build();
  }

  private static String firstLineWith(String text, String needle) {
    for (String line : text.split("\n")) {
      if (line.contains(needle)) {
        return line.strip();
      }
    }
    return null;
  }

  private static String excerpt(String clientListLine) {
    StringBuilder sb = new StringBuilder();
    for (String field : clientListLine.split(" ")) {
      if (field.startsWith("addr=") || field.startsWith("user=") || field.startsWith("id=")) {
        sb.append(sb.length() == 0 ? "" : " ").append(field);
      }
    }
    return sb.toString();
  }

  private void liveCheck(String what, ThalosRedisEndpoint endpoint, boolean shouldPass) {
    CheckReport report;
    try {
      report = liveCheck.run(endpoint, SelfCheck.forEndpoint(endpoint));
    } catch (ThalosSecurityException e) {
      expect(false, "", what + " could not connect: " + e.getMessage() + " [" + e.reason() + "]");
      return;
    }
    report(what, report, shouldPass);
  }

  /** Prints the verdict and the failing rules of {@code report}; expects it to pass or to fail. */
  private void report(String what, CheckReport report, boolean shouldPass) {
    Policy policy = Policy.DEFAULT;
    String verdict = ReportOptions.verdict(report, policy);
    boolean checked = report.count(Outcome.SKIPPED) < report.findings().size();
    if (shouldPass) {
      List<String> configuration = new ArrayList<>();
      List<String> binary = new ArrayList<>();
      for (Finding f : policy.failures(report)) {
        (BINARY_RULES.contains(f.ruleId()) ? binary : configuration).add(f.ruleId());
      }
      if (checked && configuration.isEmpty() && !binary.isEmpty()) {
        expect(true, what + ": everything the deployment configures passed; " + verdict, "");
        detail("    NOTE: " + String.join(", ", binary) + " is about the redis-server binary installed on this "
            + "machine, not about its configuration; the finding below names the release with the fixes");
      } else {
        expect(checked && configuration.isEmpty() && binary.isEmpty(), what + ": " + verdict,
            what + " should pass: " + verdict);
      }
    } else {
      expect(checked && !report.passes(policy), what + ": " + verdict, what + " should fail: " + verdict);
    }
    for (Finding f : report.findings()) {
      if (f.outcome() == Outcome.FAIL || f.outcome() == Outcome.WARN) {
        detail("    " + f.outcome().label().toUpperCase(java.util.Locale.ROOT) + " [" + f.severity().label() + "] "
            + f.ruleId() + ": " + f.summary());
      }
    }
  }

  private void step(String title) {
    step++;
    out.println();
    out.println(String.format("[%d] %s  (%.1f s)", step, title, (System.nanoTime() - started) / 1e9));
    out.flush();
  }

  private void detail(String text) {
    out.println("      " + text);
    out.flush();
  }

  private void expect(boolean ok, String success, String failure) {
    if (ok) {
      met++;
      out.println("   ok " + success);
    } else {
      unmet.add(failure);
      out.println("   !! UNEXPECTED: " + failure);
    }
    out.flush();
  }

  private static String redisHint(TestkitException e) {
    if ("redis.binary-missing".equals(e.reason())) {
      return "redis-server was not found. The demo needs redis-server 7 built with TLS: on Debian 12 run "
          + "'sudo apt-get install redis-server' (7.0.15), or point THALOS_REDIS_SERVER_BINARY at one";
    }
    return "redis-server could not be started: " + e.getMessage();
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }

  static List<AclUser> docsUsers() {
    return AclParser.redis7().parseAclFile(String.join("\n", THALOS_DOCS_ACL));
  }
}
