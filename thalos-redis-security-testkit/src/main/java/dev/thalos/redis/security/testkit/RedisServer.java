package dev.thalos.redis.security.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

/**
 * A real {@code redis-server} process on free loopback ports, for tests and demos.
 *
 * <p>The kit writes a {@code redis.conf} into a private temporary directory (persistence off,
 * {@code daemonize no}, {@code bind 127.0.0.1 -::1}, {@code dir} and {@code logfile} inside that directory, plus
 * every directive the caller sets), starts the process, waits until it logs {@code Ready to accept connections}
 * and accepts TCP connections, and on {@link #close()} stops it and removes the directory. Processes still
 * running when the JVM exits are killed. The kit never uses port 6379.
 *
 * <pre>{@code
 * try (RedisServer server = RedisServer.builder()
 *     .aclUsers("user alice on >alice-pw ~thalos::* &thalos::* +@read")
 *     .directive("maxmemory", "10mb")
 *     .start()) {
 *   try (RespClient alice = server.connect("alice", "alice-pw")) {
 *     alice.command("ACL", "WHOAMI");                 // "alice"
 *   }
 *   server.admin().commandOrThrow("ACL", "SETUSER", "bob", "on", ">bob-pw", "+ping");
 * }
 * }</pre>
 *
 * <p>With {@link Builder#tls(TestPki.ServerTls)} the server listens on a TLS port only (plaintext
 * {@code port 0}, unless {@link Builder#plaintextPortAlso(boolean)}), and the kit's own connections present the
 * material's client certificate:
 * <pre>{@code
 * TestPki pki = TestPki.create();
 * try (RedisServer server = RedisServer.builder().tls(pki.serverTls()).tlsAuthClients("yes").start();
 *      RespClient client = server.connectTls(pki.clientSslContext(), null, null)) {
 *   client.command("PING");                         // port() == -1, tlsPort() > 0
 * }
 * }</pre>
 *
 * <p>Unless {@link Builder#withoutAdminUser()} is used, the kit adds an ACL user {@value #ADMIN_USER} with all
 * permissions and a random password; {@link #admin()} returns a connection authenticated as that user, for
 * setup and for changing ACLs at runtime. All ACL users, the kit's admin included, are written to an
 * {@code aclfile} (Redis refuses {@code user} directives in redis.conf together with an {@code aclfile}).
 *
 * <p>Ports are probed free (binding port 0) and the start is retried on other ports when redis-server reports
 * {@code Address already in use}. A server left open is killed when the JVM exits (shutdown hook), and by a small
 * {@code /bin/sh} watchdog within about a second if the JVM is killed with SIGKILL.
 *
 * <p>Start-up failures are reported as {@link TestkitException} with reason {@code redis.binary-missing},
 * {@code redis.start-failed} or {@code redis.start-timeout}; the message ends with the last lines of the
 * server's output and log. Instances are thread-safe.
 */
public final class RedisServer implements AutoCloseable {

  /** Name of the ACL user the kit adds for {@link #admin()}. */
  public static final String ADMIN_USER = "thalos-testkit-admin";

  /** {@code tls-auth-clients} if unset: {@code yes}, as in Redis. */
  public static final String DEFAULT_TLS_AUTH_CLIENTS = "yes";

  /** Time allowed for the process to become ready, if unset. */
  public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(15);

  /** The loopback address the server listens on and clients connect to. */
  public static final String HOST = "127.0.0.1";

  /** System property naming the {@code redis-server} executable, consulted when no binary is set. */
  public static final String BINARY_PROPERTY = "thalos.redis.server.binary";

  /** Environment variable naming the {@code redis-server} executable, consulted after the property. */
  public static final String BINARY_ENVIRONMENT_VARIABLE = "THALOS_REDIS_SERVER_BINARY";

  static final String READY_LINE = "Ready to accept connections";
  /** Redis 7.0 in sentinel mode does not log {@link #READY_LINE}; it logs its id once it serves clients. */
  static final String SENTINEL_READY_LINE = "Sentinel ID is";
  private static final int LOG_TAIL_LINES = 20;
  private static final int START_ATTEMPTS = 5;
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final Pattern ACL_USER_NAME = Pattern.compile("user\\s+(\\S+).*", Pattern.DOTALL);

  private final Builder settings;
  private final Path directory;
  private final Path configFile;
  private final Path logFile;
  private final Path outputFile;
  private final String adminPassword;
  private final String kitServerName;
  private int port;
  private int tlsPort;
  private int clusterBusPort = -1;
  private Process process;
  private RespClient admin;
  private SSLContext kitSslContext;
  private boolean closed;

  private RedisServer(Builder settings, Path directory, String adminPassword) {
    this.settings = settings;
    this.directory = directory;
    this.configFile = directory.resolve("redis.conf");
    this.logFile = directory.resolve("redis.log");
    this.outputFile = directory.resolve("redis-output.log");
    this.adminPassword = adminPassword;
    this.kitServerName = kitServerName(settings.tls);
  }

  /** A builder with the kit's defaults: plaintext only, the kit's admin user, log level {@code notice}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder pre-filled with this server's settings, for starting another server like it. */
  public Builder mutate() {
    return new Builder(settings);
  }

  /** The address to connect to: {@value #HOST}. */
  public String host() {
    return HOST;
  }

  /** The plaintext port, or {@code -1} when the server has no plaintext port. */
  public synchronized int port() {
    return port;
  }

  /** The TLS port, or {@code -1} when TLS is off. */
  public synchronized int tlsPort() {
    return tlsPort;
  }

  /**
   * The cluster bus port ({@code cluster-port}), or {@code -1} unless the server is a node of a
   * {@link RedisCluster}.
   */
  public synchronized int clusterBusPort() {
    return clusterBusPort;
  }

  /** The port clients connect to: the plaintext port if there is one, else the TLS port. */
  public synchronized int clientPort() {
    return port > 0 ? port : tlsPort;
  }

  /** Whether this server runs in sentinel mode ({@code redis-server <conf> --sentinel}). */
  public boolean isSentinel() {
    return settings.sentinelMode;
  }

  /** The private temporary directory holding config, ACL file, TLS files and logs; removed by {@link #close()}. */
  public Path directory() {
    return directory;
  }

  /** The generated {@code redis.conf}. */
  public Path configFile() {
    return configFile;
  }

  /** The server's log file ({@code logfile} directive). */
  public Path logFile() {
    return logFile;
  }

  /** The generated {@code aclfile}, or {@code null} when the server has none. */
  public Path aclFile() {
    Path acl = directory.resolve("users.acl");
    return Files.exists(acl) ? acl : null;
  }

  /** The current lines of the server's log file (empty once the directory is removed). */
  public List<String> logLines() {
    return readLines(logFile);
  }

  /** Whether the process is alive. */
  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** The operating system process id, or {@code -1} if not running. */
  public synchronized long pid() {
    return isRunning() ? process.pid() : -1;
  }

  /**
   * A connection authenticated as the kit's admin user, shared and owned by this server: do not close it (if
   * closed it is reopened on the next call); it is closed when the server stops. Like every {@link RespClient}
   * it is not thread-safe; use {@link #newAdminClient()} from other threads. Use it for setup and to change
   * ACLs at runtime, e.g. {@code server.admin().commandOrThrow("ACL", "SETUSER", "bob", "on", ">pw")}.
   *
   * @throws IllegalStateException if the server was built {@link Builder#withoutAdminUser() without admin user}
   *     or is not running
   */
  public synchronized RespClient admin() {
    requireAdmin();
    requireRunning();
    if (admin == null || admin.isClosed()) {
      admin = connect(ADMIN_USER, adminPassword);
    }
    return admin;
  }

  /** A new connection authenticated as the kit's admin user; the caller closes it. */
  public RespClient newAdminClient() {
    requireAdmin();
    return connect(ADMIN_USER, adminPassword);
  }

  /**
   * A new connection to this server, authenticated with {@code AUTH user password} when {@code password} is not
   * null. Uses the plaintext port when there is one, else TLS with {@link #clientSslContext()} (presenting the
   * kit's client certificate), verifying the server certificate against {@value #HOST} — or, for a server given
   * a certificate that deliberately names another host, against that certificate's first DNS name.
   *
   * @param user ACL user, or {@code null} for {@code AUTH password} (the {@code default} user)
   * @param password password, or {@code null} to skip {@code AUTH}
   */
  public RespClient connect(String user, String password) {
    int plain;
    int tls;
    synchronized (this) {
      requireRunning();
      plain = port;
      tls = tlsPort;
    }
    if (plain > 0) {
      return RespClient.connect(HOST, plain, null, user, password);
    }
    return RespClient.connect(HOST, kitServerName, tls, clientSslContext(), user, password);
  }

  /**
   * A new TLS connection to {@link #tlsPort()} using {@code sslContext}, e.g. one presenting another client
   * certificate or trusting another CA.
   *
   * @throws IllegalStateException if TLS is off
   */
  public RespClient connectTls(SSLContext sslContext, String user, String password) {
    Objects.requireNonNull(sslContext, "sslContext must not be null");
    int tls;
    synchronized (this) {
      requireRunning();
      tls = tlsPort;
    }
    if (tls <= 0) {
      throw new IllegalStateException("TLS is off for " + this);
    }
    return RespClient.connect(HOST, tls, sslContext, user, password);
  }

  /**
   * The name the kit's own TLS connections verify: {@value #HOST} when the server certificate names it, else the
   * certificate's first DNS name (a server deliberately given a certificate for another name, to test clients);
   * {@value #HOST} when TLS is off.
   */
  private static String kitServerName(TestPki.ServerTls tls) {
    if (tls == null) {
      return HOST;
    }
    try {
      java.util.Collection<java.util.List<?>> names =
          tls.serverCertificate().certificate().getSubjectAlternativeNames();
      if (names == null) {
        return HOST;
      }
      String dns = null;
      for (java.util.List<?> name : names) {
        if (HOST.equals(name.get(1))) {
          return HOST;
        }
        if (dns == null && Integer.valueOf(2).equals(name.get(0))) {
          dns = String.valueOf(name.get(1));
        }
      }
      return dns == null ? HOST : dns;
    } catch (java.security.cert.CertificateParsingException e) {
      return HOST;
    }
  }

  /** The TLS material the server was started with, or {@code null} when TLS is off. */
  public TestPki.ServerTls tls() {
    return settings.tls;
  }

  /**
   * A client context trusting the server certificate's root CA and presenting the kit's client certificate
   * (see {@link TestPki.ServerTls#clientSslContext()}).
   *
   * @throws IllegalStateException if TLS is off
   */
  public synchronized SSLContext clientSslContext() {
    if (settings.tls == null) {
      throw new IllegalStateException("TLS is off for " + this);
    }
    if (kitSslContext == null) {
      kitSslContext = settings.tls.clientSslContext();
    }
    return kitSslContext;
  }

  /** A new unauthenticated connection (as the {@code default} user, if it is enabled). */
  public RespClient connect() {
    return connect(null, null);
  }

  /**
   * Changes an ACL user at runtime through {@link #admin()}: {@code ACL SETUSER user rules...}.
   *
   * @throws TestkitException {@code resp.error-reply} if Redis rejects a rule
   */
  public void aclSetUser(String user, String... rules) {
    Objects.requireNonNull(user, "user must not be null");
    List<String> args = new ArrayList<>(List.of("ACL", "SETUSER", user));
    args.addAll(Arrays.asList(rules));
    admin().commandOrThrow(args.toArray(new String[0]));
  }

  /** Deletes an ACL user at runtime through {@link #admin()}. */
  public void aclDelUser(String user) {
    Objects.requireNonNull(user, "user must not be null");
    admin().commandOrThrow("ACL", "DELUSER", user);
  }

  /**
   * Stops the server gracefully (SIGTERM, then SIGKILL after 10 s); keeps ports and files so that
   * {@link #restart()} can start it again. Idempotent.
   */
  public synchronized void stop() {
    closeAdmin();
    if (process == null) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    ProcessReaper.unregister(process);
    process = null;
  }

  /** Kills the process with SIGKILL, like a crash; {@link #restart()} starts it again. Idempotent. */
  public synchronized void kill() {
    closeAdmin();
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    try {
      process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ProcessReaper.unregister(process);
    process = null;
  }

  /**
   * Stops the server if it runs and starts it again with the same ports and the same configuration file (the
   * aclfile is re-read, so runtime ACL changes not saved with {@code ACL SAVE} are gone; changes the server
   * wrote to its own {@code redis.conf}, e.g. by {@code CONFIG REWRITE} or as a sentinel, are kept). Also starts a
   * server that was {@link #stop() stopped} or {@link #kill() killed}.
   *
   * @throws TestkitException {@code redis.start-failed} or {@code redis.start-timeout}
   */
  public synchronized void restart() {
    if (closed) {
      throw new IllegalStateException("server is closed: " + this);
    }
    stop();
    TestkitException last = null;
    for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
      try {
        launch();
        return;
      } catch (PortInUse e) {
        last = e.failure;
        sleep(100L * attempt);
      }
    }
    throw last;
  }

  /** Stops the server and removes its directory. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    stop();
    try {
      ProcessReaper.deleteRecursively(directory);
    } catch (IOException e) {
      throw ioFailure("remove " + ControlCharacters.escape(directory.toString()), e);
    } finally {
      ProcessReaper.unregister(directory);
    }
  }

  @Override
  public synchronized String toString() {
    return "RedisServer[" + HOST + (port > 0 ? " port=" + port : "") + (tlsPort > 0 ? " tlsPort=" + tlsPort : "")
        + (isRunning() ? ", running" : closed ? ", closed" : ", stopped") + "]";
  }

  // ---------------------------------------------------------------------------------------------------------

  private static RedisServer start(Builder settings) {
    if (settings.tls == null && (settings.plaintextPortAlso || settings.tlsAuthClients != null || settings.tlsPeers)) {
      throw new IllegalStateException("plaintextPortAlso and tlsAuthClients need tls(...)");
    }
    Path binary = settings.binary != null ? settings.binary : defaultBinary();
    if (!Files.isRegularFile(binary) || !Files.isExecutable(binary)) {
      throw new TestkitException("redis.binary-missing",
          "redis-server not found: " + ControlCharacters.escape(binary.toString())
              + " does not exist or is not executable. Install Redis 7 built"
              + " with TLS (Debian: apt-get install redis-server), put redis-server on PATH, set -D"
              + BINARY_PROPERTY + "=/path/to/redis-server or the environment variable "
              + BINARY_ENVIRONMENT_VARIABLE + ", or call RedisServer.builder().redisServerBinary(path)");
    }
    Builder frozen = new Builder(settings);
    frozen.binary = binary;
    Path directory;
    try {
      directory = Files.createTempDirectory("thalos-redis-");
    } catch (IOException e) {
      throw ioFailure("create a temporary directory", e);
    }
    ProcessReaper.register(directory);
    String adminPassword = !frozen.adminUser ? null
        : frozen.adminPassword != null ? frozen.adminPassword : randomPassword();
    RedisServer server = new RedisServer(frozen, directory, adminPassword);
    try {
      server.writeFiles();
      TestkitException last = null;
      for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
        server.choosePorts();
        server.writeConfig();
        try {
          server.launch();
          return server;
        } catch (PortInUse e) {
          last = e.failure;
        }
      }
      throw last;
    } catch (RuntimeException e) {
      try {
        server.close();
      } catch (RuntimeException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private void choosePorts() {
    int[] ports = FreePorts.pick(3);
    clusterBusPort = settings.clusterNode ? ports[2] : -1;
    if (settings.tls == null) {
      port = ports[0];
      tlsPort = -1;
    } else if (settings.plaintextPortAlso) {
      port = ports[0];
      tlsPort = ports[1];
    } else {
      port = -1;
      tlsPort = ports[1];
    }
  }

  private void writeFiles() {
    List<String> aclLines = new ArrayList<>();
    try {
      if (settings.aclFile != null) {
        aclLines.addAll(Files.readAllLines(settings.aclFile, StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw ioFailure("read aclFile " + ControlCharacters.escape(settings.aclFile.toString()), e);
    }
    aclLines.addAll(settings.aclUsers);
    if (settings.adminUser) {
      // Stored as a SHA-256 hash so the file never holds the password itself.
      aclLines.add("user " + ADMIN_USER + " on #" + sha256Hex(adminPassword) + " ~* &* +@all");
    }
    if (!aclLines.isEmpty()) {
      write(directory.resolve("users.acl"), String.join("\n", aclLines) + "\n");
    }
    if (settings.tls != null) {
      write(directory.resolve("tls-server.crt"), settings.tls.certificateChainPem());
      write(directory.resolve("tls-server.key"), settings.tls.privateKeyPem());
      String caPem = settings.tls.caCertificatesPem();
      if (settings.tlsPeers) {
        // The server also connects to its peers as a TLS client and verifies their server certificates.
        caPem += Pem.certificates(List.of(settings.tls.serverCertificate().rootCertificate()));
        IssuedCertificate client = settings.tls.kitClientCertificate();
        if (client != null) {
          write(directory.resolve("tls-client.crt"), client.chainPem());
          write(directory.resolve("tls-client.key"), client.privateKeyPkcs8Pem());
        }
      }
      write(directory.resolve("tls-ca.crt"), caPem);
    }
  }

  private void writeConfig() {
    List<String> lines = new ArrayList<>();
    lines.add("# generated by the thalos-redis-security test kit");
    lines.add("daemonize no");
    lines.add("bind 127.0.0.1 -::1");
    lines.add("port " + Math.max(port, 0));
    lines.add(RedisConfQuoting.line("dir", List.of(directory.toString())));
    lines.add(RedisConfQuoting.line("logfile", List.of(logFile.toString())));
    lines.add("loglevel " + settings.logLevel);
    lines.add("save \"\"");
    lines.add("appendonly no");
    if (aclFile() != null) {
      lines.add(RedisConfQuoting.line("aclfile", List.of(aclFile().toString())));
    }
    if (settings.tls != null) {
      lines.add("tls-port " + tlsPort);
      lines.add(RedisConfQuoting.line("tls-cert-file", List.of(directory.resolve("tls-server.crt").toString())));
      lines.add(RedisConfQuoting.line("tls-key-file", List.of(directory.resolve("tls-server.key").toString())));
      lines.add(RedisConfQuoting.line("tls-ca-cert-file", List.of(directory.resolve("tls-ca.crt").toString())));
      lines.add("tls-auth-clients "
          + (settings.tlsAuthClients == null ? DEFAULT_TLS_AUTH_CLIENTS : settings.tlsAuthClients));
      if (settings.tlsPeers) {
        lines.add("tls-replication yes");
        if (settings.clusterNode) {
          lines.add("tls-cluster yes");
        }
        if (Files.exists(directory.resolve("tls-client.crt"))) {
          lines.add(RedisConfQuoting.line("tls-client-cert-file",
              List.of(directory.resolve("tls-client.crt").toString())));
          lines.add(RedisConfQuoting.line("tls-client-key-file",
              List.of(directory.resolve("tls-client.key").toString())));
        }
      }
    }
    if (settings.clusterNode) {
      lines.add("cluster-enabled yes");
      lines.add("cluster-port " + clusterBusPort);
      lines.add(RedisConfQuoting.line("cluster-config-file", List.of(directory.resolve("nodes.conf").toString())));
    }
    for (Directive directive : settings.directives) {
      lines.add(RedisConfQuoting.line(directive.name(), directive.args()));
    }
    write(configFile, String.join("\n", lines) + "\n");
  }

  /** Starts the process with the current ports and configuration file and waits until it is ready. */
  private void launch() {
    write(logFile, "");
    List<String> arguments = new ArrayList<>(List.of(settings.binary.toString(), configFile.toString()));
    if (settings.sentinelMode) {
      arguments.add("--sentinel");
    }
    ProcessBuilder command = new ProcessBuilder(arguments)
        .directory(directory.toFile())
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(outputFile.toFile()))
        .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
    Process started;
    try {
      started = command.start();
    } catch (IOException e) {
      throw ioFailure("start " + ControlCharacters.escape(settings.binary.toString()), e);
    }
    ProcessReaper.register(started, directory);
    process = started;
    awaitReady(started);
  }

  private void awaitReady(Process started) {
    long deadline = System.nanoTime() + settings.startTimeout.toNanos();
    int probePort = port > 0 ? port : tlsPort;
    while (true) {
      if (!started.isAlive()) {
        ProcessReaper.unregister(started);
        process = null;
        String tail = logTail();
        TestkitException failure = new TestkitException("redis.start-failed",
            "redis-server exited with status " + started.exitValue() + " during start-up (config "
                + ControlCharacters.escape(configFile.toString()) + ")" + tail);
        if (tail.contains("Address already in use")) {
          throw new PortInUse(failure);
        }
        throw failure;
      }
      if (contains(logFile, settings.sentinelMode ? SENTINEL_READY_LINE : READY_LINE) && accepts(probePort)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        started.destroyForcibly();
        try {
          started.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        ProcessReaper.unregister(started);
        process = null;
        throw new TestkitException("redis.start-timeout", "redis-server did not become ready within "
            + settings.startTimeout.toMillis() + " ms (config " + ControlCharacters.escape(configFile.toString())
            + ")" + logTail());
      }
      sleep(10);
    }
  }

  /**
   * The last lines of the server's output and log, for failure messages: one per line, each with its control
   * characters escaped, so that what the process wrote can neither forge a line nor drive a terminal.
   */
  String logTail() {
    List<String> lines = new ArrayList<>(readLines(outputFile));
    lines.addAll(readLines(logFile));
    List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
    if (tail.isEmpty()) {
      return "; the server wrote no log lines";
    }
    StringBuilder text = new StringBuilder("; last " + tail.size() + " log lines:");
    tail.forEach(line -> text.append("\n  ").append(ControlCharacters.escape(line)));
    return text.toString();
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(HOST, port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean contains(Path file, String text) {
    return readLines(file).stream().anyMatch(line -> line.contains(text));
  }

  private static List<String> readLines(Path file) {
    try {
      return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static void write(Path file, String content) {
    try {
      Files.writeString(file, content, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw ioFailure("write " + ControlCharacters.escape(file.toString()), e);
    }
  }

  private void closeAdmin() {
    if (admin != null) {
      admin.close();
      admin = null;
    }
  }

  private void requireAdmin() {
    if (!settings.adminUser) {
      throw new IllegalStateException("no admin user: the server was built withoutAdminUser()");
    }
  }

  private void requireRunning() {
    if (!isRunning()) {
      throw new IllegalStateException("server is not running: " + this);
    }
  }

  private static java.io.File nullDevice() {
    return new java.io.File(System.getProperty("os.name", "").startsWith("Windows") ? "NUL" : "/dev/null");
  }

  /** The user name of an aclfile line {@code user NAME rules...}, or {@code ""} if the line has none. */
  static String aclUserName(String aclLine) {
    var matcher = ACL_USER_NAME.matcher(aclLine.strip());
    return matcher.matches() ? matcher.group(1) : "";
  }

  /** Sleeps; an interrupt is kept and reported as {@link IllegalStateException}. */
  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for redis-server", e);
    }
  }

  static String sha256Hex(String text) {
    try {
      return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }

  /** A random password for the kit's own users: 24 random bytes as hex. */
  static String randomPassword() {
    byte[] bytes = new byte[24];
    new SecureRandom().nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }

  /** The executable used when none is set: property, environment variable, /usr/bin, then PATH. */
  static Path defaultBinary() {
    String property = System.getProperty(BINARY_PROPERTY);
    if (property != null && !property.isBlank()) {
      return Path.of(property);
    }
    String environment = System.getenv(BINARY_ENVIRONMENT_VARIABLE);
    if (environment != null && !environment.isBlank()) {
      return Path.of(environment);
    }
    Path debian = Path.of("/usr/bin/redis-server");
    if (Files.isExecutable(debian)) {
      return debian;
    }
    String path = System.getenv("PATH");
    if (path != null) {
      for (String entry : path.split(java.io.File.pathSeparator)) {
        if (!entry.isEmpty()) {
          Path candidate = Path.of(entry, "redis-server");
          if (Files.isExecutable(candidate)) {
            return candidate;
          }
        }
      }
    }
    return debian;
  }

  /** Raised internally when the chosen port was taken between probing and binding. */
  private static final class PortInUse extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient TestkitException failure;

    PortInUse(TestkitException failure) {
      super(failure.getMessage(), null, false, false);
      this.failure = failure;
    }
  }

  /** One redis.conf directive: a name and its (unquoted) arguments. */
  record Directive(String name, List<String> args) {}

  /**
   * Settings for a {@link RedisServer}; {@link #start()} creates the directory, writes the files and starts
   * the process. Setters reject malformed values at once; a builder can be reused to start several servers.
   */
  public static final class Builder {

    private static final Pattern DIRECTIVE_NAME = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Set<String> MANAGED_DIRECTIVES = Set.of(
        "port", "tls-port", "bind", "dir", "logfile", "daemonize", "aclfile", "user", "pidfile",
        "tls-cert-file", "tls-key-file", "tls-ca-cert-file", "tls-auth-clients", "loglevel", "include",
        "cluster-enabled", "cluster-port", "cluster-config-file");
    private static final Set<String> LOG_LEVELS = Set.of("debug", "verbose", "notice", "warning", "nothing");

    private final List<Directive> directives;
    private final List<String> aclUsers;
    private Path aclFile;
    private Path binary;
    private TestPki.ServerTls tls;
    private boolean plaintextPortAlso;
    private String tlsAuthClients;
    private Duration startTimeout;
    private String logLevel;
    private boolean adminUser;
    private String adminPassword;
    private boolean sentinelMode;
    private boolean clusterNode;
    private boolean tlsPeers;

    private Builder() {
      directives = new ArrayList<>();
      aclUsers = new ArrayList<>();
      startTimeout = DEFAULT_START_TIMEOUT;
      logLevel = "notice";
      adminUser = true;
    }

    private Builder(Builder other) {
      directives = new ArrayList<>(other.directives);
      aclUsers = new ArrayList<>(other.aclUsers);
      aclFile = other.aclFile;
      binary = other.binary;
      tls = other.tls;
      plaintextPortAlso = other.plaintextPortAlso;
      tlsAuthClients = other.tlsAuthClients;
      startTimeout = other.startTimeout;
      logLevel = other.logLevel;
      adminUser = other.adminUser;
      adminPassword = other.adminPassword;
      sentinelMode = other.sentinelMode;
      clusterNode = other.clusterNode;
      tlsPeers = other.tlsPeers;
    }

    /**
     * Adds a redis.conf directive; arguments are quoted the way Redis reads them ({@code ""} for an empty one).
     * Directives the kit manages ({@code port}, {@code tls-port}, {@code bind}, {@code dir}, {@code logfile},
     * {@code daemonize}, {@code aclfile}, {@code user}, {@code loglevel}, TLS files, {@code cluster-enabled},
     * {@code cluster-port}, {@code cluster-config-file}, …) are rejected; use the dedicated setters, or
     * {@link RedisCluster} for cluster nodes. Repeating a directive writes it twice, as in redis.conf.
     *
     * @param name directive name in lower case, e.g. {@code maxmemory}
     * @param args its arguments, e.g. {@code 10mb}
     */
    public Builder directive(String name, String... args) {
      Objects.requireNonNull(name, "name must not be null");
      Objects.requireNonNull(args, "args must not be null");
      String lower = name.toLowerCase(Locale.ROOT);
      if (!DIRECTIVE_NAME.matcher(lower).matches()) {
        throw new IllegalArgumentException("invalid directive name: '" + name + "' (must be letters, digits, -)");
      }
      if (MANAGED_DIRECTIVES.contains(lower)) {
        throw new IllegalArgumentException("invalid directive name: '" + name
            + "' (managed by the test kit; use the builder's dedicated setter)");
      }
      for (String arg : args) {
        Objects.requireNonNull(arg, "args of directive '" + name + "' must not contain null");
      }
      directives.add(new Directive(lower, List.of(args)));
      return this;
    }

    /**
     * Adds ACL users in aclfile syntax, e.g. {@code "user alice on >pw ~thalos::* &thalos::* +@read"}. They are
     * written to the server's aclfile together with the kit's admin user.
     */
    public Builder aclUsers(String... users) {
      Objects.requireNonNull(users, "users must not be null");
      return aclUsers(Arrays.asList(users));
    }

    /** Adds ACL users in aclfile syntax; see {@link #aclUsers(String...)}. */
    public Builder aclUsers(List<String> users) {
      return aclUsers(users, Set.of());
    }

    /**
     * Adds ACL users, none of which may define the kit's admin user or one of {@code reserved} (the users a
     * topology adds itself): Redis would refuse the second definition of a user. Names are compared as Redis
     * compares user names, case-sensitively, so {@code THALOS-TESTKIT-ADMIN} is another user and allowed. A list
     * with a rejected line adds none of its lines.
     */
    Builder aclUsers(List<String> users, Set<String> reserved) {
      Objects.requireNonNull(users, "users must not be null");
      List<String> lines = new ArrayList<>(users.size());
      for (String user : users) {
        Objects.requireNonNull(user, "users must not contain null");
        String trimmed = user.strip();
        if (!trimmed.startsWith("user ") || user.contains("\n") || user.contains("\r")) {
          throw new IllegalArgumentException("invalid ACL user line: must be one line starting with 'user '");
        }
        String name = aclUserName(trimmed);
        if (name.equals(ADMIN_USER) || reserved.contains(name)) {
          throw new IllegalArgumentException(
              "invalid ACL user line: user '" + name + "' is reserved for the test kit");
        }
        lines.add(trimmed);
      }
      aclUsers.addAll(lines);
      return this;
    }

    /** Uses an existing aclfile; it is copied into the server's directory and the kit's admin user appended. */
    public Builder aclFile(Path aclFile) {
      Objects.requireNonNull(aclFile, "aclFile must not be null");
      if (!Files.isRegularFile(aclFile) || !Files.isReadable(aclFile)) {
        throw new IllegalArgumentException(
            "invalid aclFile: " + ControlCharacters.escape(aclFile.toString()) + " (not a readable file)");
      }
      this.aclFile = aclFile;
      return this;
    }

    /**
     * Enables TLS: a {@code tls-port} on a free port with the material's certificate, key and client CAs; the
     * plaintext port is closed ({@code port 0}) unless {@link #plaintextPortAlso(boolean)}.
     */
    public Builder tls(TestPki.ServerTls material) {
      this.tls = Objects.requireNonNull(material, "material must not be null");
      return this;
    }

    /** Keeps a plaintext port open next to the TLS port. If unset, {@code false}. Needs {@link #tls}. */
    public Builder plaintextPortAlso(boolean plaintextPortAlso) {
      this.plaintextPortAlso = plaintextPortAlso;
      return this;
    }

    /**
     * Redis' {@code tls-auth-clients}: {@code yes} (client certificate required), {@code no} or
     * {@code optional}. If unset, {@link #DEFAULT_TLS_AUTH_CLIENTS}. Needs {@link #tls}.
     */
    public Builder tlsAuthClients(String mode) {
      Objects.requireNonNull(mode, "mode must not be null");
      if (!Set.of("yes", "no", "optional").contains(mode)) {
        throw new IllegalArgumentException("invalid tlsAuthClients: '" + mode + "' (must be yes, no or optional)");
      }
      this.tlsAuthClients = mode;
      return this;
    }

    /**
     * The {@code redis-server} executable. If unset: {@link #BINARY_PROPERTY}, then
     * {@link #BINARY_ENVIRONMENT_VARIABLE}, then {@code /usr/bin/redis-server}, then {@code PATH}.
     */
    public Builder redisServerBinary(Path binary) {
      this.binary = Objects.requireNonNull(binary, "binary must not be null");
      return this;
    }

    /** Time allowed for start-up. If unset, {@link #DEFAULT_START_TIMEOUT}. */
    public Builder startTimeout(Duration timeout) {
      Objects.requireNonNull(timeout, "timeout must not be null");
      if (timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("invalid startTimeout: " + timeout + " (must be positive)");
      }
      this.startTimeout = timeout;
      return this;
    }

    /** Redis log level: debug, verbose, notice, warning or nothing. If unset, {@code notice}. */
    public Builder logLevel(String level) {
      Objects.requireNonNull(level, "level must not be null");
      if (!LOG_LEVELS.contains(level)) {
        throw new IllegalArgumentException("invalid logLevel: '" + level + "' (must be one of " + LOG_LEVELS + ")");
      }
      this.logLevel = level;
      return this;
    }

    /** Does not add the kit's admin user; {@link RedisServer#admin()} then throws. */
    public Builder withoutAdminUser() {
      this.adminUser = false;
      return this;
    }

    /** The TLS material set with {@link #tls}, or {@code null}. */
    TestPki.ServerTls tlsMaterial() {
      return tls;
    }

    /** The mode set with {@link #tlsAuthClients}, or {@code null}. */
    String tlsAuthClientsMode() {
      return tlsAuthClients;
    }

    /** A copy of these settings (the kit's topologies start all their nodes from one template). */
    Builder copy() {
      return new Builder(this);
    }

    /** Uses {@code password} for the kit's admin user instead of a random one (the kit's topologies share one). */
    Builder adminPassword(String password) {
      this.adminPassword = Objects.requireNonNull(password, "password must not be null");
      return this;
    }

    /** Starts {@code redis-server <conf> --sentinel}; readiness is its {@value #SENTINEL_READY_LINE} line. */
    Builder sentinelMode() {
      this.sentinelMode = true;
      return this;
    }

    /** Makes the server a cluster node: {@code cluster-enabled yes} and a {@code cluster-port} probed free. */
    Builder clusterNode() {
      this.clusterNode = true;
      return this;
    }

    /**
     * The server also talks TLS to its peers: {@code tls-replication yes} (and {@code tls-cluster yes} for a
     * cluster node), presenting the material's kit client certificate ({@code tls-client-cert-file}) and trusting
     * the server certificate's root CA besides the client CAs. Needs {@link #tls}.
     */
    Builder tlsPeers() {
      this.tlsPeers = true;
      return this;
    }

    /**
     * Creates the directory, writes config and files, starts redis-server and waits until it is ready.
     *
     * @throws TestkitException {@code redis.binary-missing}, {@code redis.start-failed},
     *     {@code redis.start-timeout} or {@code redis.io}
     */
    public RedisServer start() {
      return RedisServer.start(this);
    }

    /** Applies {@code customizer} to this builder; handy for sharing settings. */
    public Builder apply(Consumer<Builder> customizer) {
      Objects.requireNonNull(customizer, "customizer must not be null").accept(this);
      return this;
    }

    List<Directive> directives() {
      return Collections.unmodifiableList(directives);
    }

    /** The ACL user lines added so far, trimmed, without the kit's own users. */
    List<String> aclUserLines() {
      return Collections.unmodifiableList(aclUsers);
    }
  }

  /** {@code redis.io}: "cannot {@code what}: " and the failure, escaped ({@code what} is escaped by the caller). */
  private static TestkitException ioFailure(String what, IOException e) {
    return new TestkitException("redis.io", "cannot " + what + ": " + ControlCharacters.escape(e.toString()), e);
  }
}
