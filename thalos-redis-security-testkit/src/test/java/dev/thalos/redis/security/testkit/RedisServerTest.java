package dev.thalos.redis.security.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
class RedisServerTest {

  private static TestPki pki;

  @BeforeAll
  static void createPki() {
    pki = TestPki.create();
  }

  private static boolean causedBy(Throwable thrown, Class<? extends Throwable> type) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void tlsOnlyServer_isReachableOverTls_andNotOverPlaintext() {
    try (RedisServer server = RedisServer.builder().tls(pki.serverTls()).start()) {
      assertEquals(-1, server.port());
      assertTrue(server.tlsPort() > 0);
      assertEquals(RedisServer.ADMIN_USER, server.admin().command("ACL", "WHOAMI"));
      try (RespClient tls = RespClient.connect("127.0.0.1", server.tlsPort(), pki.clientSslContext(), null, null)) {
        assertEquals("PONG", tls.command("PING"));
      }
      TestkitException plaintext = assertThrows(TestkitException.class, () -> {
        try (RespClient plain = RespClient.connect("127.0.0.1", server.tlsPort())) {
          plain.command("PING");
        }
      });
      assertEquals("resp.io", plaintext.reason());
      assertTrue(Files.readString(server.configFile()).contains("port 0"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void restart_keepsWhatTheServerWroteToItsOwnConfigFile() {
    try (RedisServer server = RedisServer.builder().directive("maxmemory", "10mb").start()) {
      server.admin().commandOrThrow("CONFIG", "SET", "maxmemory", "20mb");
      server.admin().commandOrThrow("CONFIG", "REWRITE");
      server.restart();
      assertEquals(List.of("maxmemory", "20971520"), server.admin().commandOrThrow("CONFIG", "GET", "maxmemory"));
    }
  }

  @Test
  void plaintextPortAlso_keepsBothPortsOpen() {
    try (RedisServer server = RedisServer.builder().tls(pki.serverTls()).plaintextPortAlso(true)
        .tlsAuthClients("no").start()) {
      assertNotEquals(server.port(), server.tlsPort());
      try (RespClient plain = RespClient.connect(server.host(), server.port());
          RespClient tls = server.connectTls(pki.clientSslContextWithoutCertificate(), null, null)) {
        assertEquals("PONG", plain.command("PING"));
        assertEquals("PONG", tls.command("PING"));
      }
    }
  }

  @Test
  void mutualTls_requiresAClientCertificateFromTheTrustedCa() {
    try (RedisServer server = RedisServer.builder().tls(pki.serverTls()).tlsAuthClients("yes").start()) {
      try (RespClient withCertificate = server.connectTls(pki.clientSslContext(), null, null)) {
        assertEquals("PONG", withCertificate.command("PING"));
      }
      assertRejected(server, pki.clientSslContextWithoutCertificate());
      IssuedCertificate stranger = TestPki.unrelatedCa().clientCertificate("mallory").build();
      assertRejected(server, TestPki.sslContext(List.of(pki.ca().certificate()), stranger));
      IssuedCertificate expired = pki.ca().clientCertificate("expired").expired().build();
      assertRejected(server, TestPki.sslContext(List.of(pki.ca().certificate()), expired));
    }
  }

  private static void assertRejected(RedisServer server, SSLContext context) {
    TestkitException thrown = assertThrows(TestkitException.class, () -> {
      try (RespClient client = server.connectTls(context, null, null)) {
        client.command("PING");
      }
    });
    assertTrue(thrown.reason().equals("resp.tls-handshake") || thrown.reason().equals("resp.io"), thrown::toString);
  }

  @Test
  void expiredOrNotYetValidServerCertificate_isRejectedByTheJdkClient() {
    IssuedCertificate expired = pki.ca().serverCertificate().expired().build();
    IssuedCertificate future = pki.ca().serverCertificate().notYetValid().build();
    for (IssuedCertificate certificate : List.of(expired, future)) {
      TestPki.ServerTls material = TestPki.ServerTls.builder(certificate).kitClientCertificate(pki.clientCertificate()).build();
      try (RedisServer server = RedisServer.builder().tls(material).tlsAuthClients("no").withoutAdminUser()
          .start()) {
        TestkitException thrown = assertThrows(TestkitException.class,
            () -> server.connectTls(pki.clientSslContext(), null, null));
        assertEquals("resp.tls-handshake", thrown.reason());
        assertTrue(causedBy(thrown, CertificateExpiredException.class)
            || causedBy(thrown, CertificateNotYetValidException.class), () -> thrown.toString());
      }
    }
  }

  @Test
  void serverCertificateForAnotherHostOrFromAnUnrelatedCa_isRejectedByTheJdkClient() {
    IssuedCertificate otherHost = pki.ca().serverCertificate().subjectAlternativeNames("redis.example").build();
    IssuedCertificate unrelated = TestPki.unrelatedCa().serverCertificate().build();
    for (IssuedCertificate certificate : List.of(otherHost, unrelated)) {
      TestPki.ServerTls material = TestPki.ServerTls.builder(certificate).build();
      try (RedisServer server = RedisServer.builder().tls(material).tlsAuthClients("no").withoutAdminUser()
          .start()) {
        TestkitException thrown = assertThrows(TestkitException.class,
            () -> server.connectTls(pki.clientSslContext(), null, null));
        assertEquals("resp.tls-handshake", thrown.reason());
      }
    }
  }

  @Test
  void rsaAndEcKeysInTraditionalPem_areLoadedByRedis() {
    for (KeyAlgorithm algorithm : KeyAlgorithm.values()) {
      IssuedCertificate certificate = pki.ca().serverCertificate()
          .keyPair(algorithm == KeyAlgorithm.RSA_2048 ? SharedKeys.RSA : SharedKeys.EC).build();
      TestPki.ServerTls material = pki.serverTls().mutate().serverCertificate(certificate)
          .keyFormat(TestPki.KeyFormat.TRADITIONAL).build();
      try (RedisServer server = RedisServer.builder().tls(material).start()) {
        assertTrue(material.privateKeyPem().startsWith(
            algorithm == KeyAlgorithm.RSA_2048 ? "-----BEGIN RSA PRIVATE KEY-----" : "-----BEGIN EC PRIVATE KEY-----"));
        assertEquals("PONG", server.admin().command("PING"));
      }
    }
  }

  @Test
  void tlsOptionsWithoutTls_areRejected() {
    assertThrows(IllegalStateException.class, () -> RedisServer.builder().plaintextPortAlso(true).start());
    assertThrows(IllegalArgumentException.class, () -> RedisServer.builder().tlsAuthClients("maybe"));
  }

  @Test
  void startedServer_answersPingOnFreeLoopbackPort_andCloseRemovesProcessAndDirectory() throws Exception {
    RedisServer server = RedisServer.builder().start();
    Path directory = server.directory();
    long pid = server.pid();
    try {
      assertTrue(server.isRunning());
      assertEquals("127.0.0.1", server.host());
      assertNotEquals(6379, server.port());
      assertEquals(-1, server.tlsPort());
      assertTrue(server.logLines().stream().anyMatch(l -> l.contains("Ready to accept connections")));
      try (RespClient client = server.connect()) {
        assertEquals("PONG", client.command("PING"));
      }
      assertEquals(RedisServer.ADMIN_USER, server.admin().command("ACL", "WHOAMI"));
      assertTrue(Files.readString(server.configFile()).contains("save \"\""));
      String acl = Files.readString(server.aclFile());
      assertTrue(acl.contains("user " + RedisServer.ADMIN_USER + " on #"), "admin password stored hashed");
      assertFalse(acl.contains(" >"), "no plaintext password in the aclfile");
    } finally {
      server.close();
    }
    assertFalse(server.isRunning());
    assertFalse(Files.exists(directory), "directory removed");
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process gone");
  }

  @Test
  void aclUsers_areApplied_andWrongPasswordIsRefused() {
    try (RedisServer server = RedisServer.builder()
        .aclUsers("user alice on >alice-pw ~k* +get +acl|whoami", "user default off")
        .start()) {
      try (RespClient alice = server.connect("alice", "alice-pw")) {
        assertEquals("alice", alice.command("ACL", "WHOAMI"));
        RespClient.Error denied = assertInstanceOf(RespClient.Error.class, alice.command("SET", "k", "v"));
        assertEquals("NOPERM", denied.code());
        TestkitException thrown = assertThrows(TestkitException.class, () -> alice.commandOrThrow("SET", "k", "v"));
        assertEquals("resp.error-reply", thrown.reason());
      }
      TestkitException wrong = assertThrows(TestkitException.class, () -> server.connect("alice", "nope"));
      assertEquals("resp.auth-failed", wrong.reason());
      assertFalse(wrong.getMessage().contains("nope"), "password not in message");
      try (RespClient anonymous = server.connect()) {
        RespClient.Error error = assertInstanceOf(RespClient.Error.class, anonymous.command("PING"));
        assertEquals("NOAUTH", error.code());
      }
    }
  }

  @Test
  void userWhoseNameDiffersFromTheAdminUserOnlyInCase_isAnotherRedisUser_withoutTheAdminsRights() {
    try (RedisServer server = RedisServer.builder()
        .aclUsers("user THALOS-TESTKIT-ADMIN on >upper-pw -@all +acl|whoami")
        .start()) {
      assertEquals(RedisServer.ADMIN_USER, server.admin().command("ACL", "WHOAMI"));
      try (RespClient upper = server.connect("THALOS-TESTKIT-ADMIN", "upper-pw")) {
        assertEquals("THALOS-TESTKIT-ADMIN", upper.command("ACL", "WHOAMI"));
        assertEquals("NOPERM", assertInstanceOf(RespClient.Error.class, upper.command("ACL", "LIST")).code());
      }
      assertEquals("resp.auth-failed", assertThrows(TestkitException.class,
          () -> server.connect(RedisServer.ADMIN_USER, "upper-pw")).reason());
    }
  }

  @Test
  void aclChangesAtRuntime_takeEffect_andRestartRereadsAclFileOnSamePort() {
    try (RedisServer server = RedisServer.builder().start()) {
      int port = server.port();
      server.aclSetUser("bob", "on", ">bob-pw", "+ping");
      try (RespClient bob = server.connect("bob", "bob-pw")) {
        assertEquals("PONG", bob.command("PING"));
      }
      server.restart();
      assertEquals(port, server.port());
      TestkitException gone = assertThrows(TestkitException.class, () -> server.connect("bob", "bob-pw"));
      assertEquals("resp.auth-failed", gone.reason());
      assertEquals("PONG", server.admin().command("PING"));
    }
  }

  @Test
  void killedServer_isNotRunning_andRestartsOnSamePort() {
    try (RedisServer server = RedisServer.builder().start()) {
      int port = server.port();
      long pid = server.pid();
      server.kill();
      assertFalse(server.isRunning());
      assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
      assertThrows(TestkitException.class, () -> RespClient.connect(server.host(), port));
      server.restart();
      assertEquals(port, server.port());
      assertEquals("PONG", server.admin().command("PING"));
    }
  }

  @Test
  void badDirective_failsWithLogLines_andLeavesNothingBehind() {
    int processesBefore = ProcessReaper.liveProcessCount();
    TestkitException thrown = assertThrows(TestkitException.class,
        () -> RedisServer.builder().directive("maxmemory", "lots").start());
    assertEquals("redis.start-failed", thrown.reason());
    assertTrue(thrown.getMessage().contains("FATAL CONFIG FILE ERROR"), thrown.getMessage());
    assertTrue(thrown.getMessage().contains("maxmemory"), thrown.getMessage());
    java.util.regex.Matcher config = java.util.regex.Pattern.compile("config (\\S+)/redis\\.conf")
        .matcher(thrown.getMessage());
    assertTrue(config.find(), thrown.getMessage());
    assertFalse(Files.exists(Path.of(config.group(1))), "directory removed");
    assertEquals(processesBefore, ProcessReaper.liveProcessCount());
  }

  @Test
  void serverLeftOpenAtJvmExit_isKilledAndItsDirectoryRemoved() throws Exception {
    Process jvm = startLeakyJvm();
    String output = new String(jvm.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(jvm.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
    assertEquals(0, jvm.exitValue(), output);
    String[] lines = output.strip().split("\\R");
    assertServerGone(lines[lines.length - 1], Duration.ofSeconds(5));
  }

  @Test
  void serverOfAJvmKilledWithSigkill_isKilledByTheWatchdog() throws Exception {
    Process jvm = startLeakyJvm("wait");
    String line = new java.io.BufferedReader(new java.io.InputStreamReader(jvm.getInputStream(),
        java.nio.charset.StandardCharsets.UTF_8)).readLine();
    jvm.destroyForcibly().waitFor();
    assertServerGone(line, Duration.ofSeconds(10));
  }

  private static Process startLeakyJvm(String... args) throws java.io.IOException {
    String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command = new java.util.ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp", classPath,
        LeakyJvm.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).start();
  }

  /** {@code pidAndDirectory} is LeakyJvm's output line: the server's pid and directory. */
  private static void assertServerGone(String pidAndDirectory, Duration patience) throws InterruptedException {
    String[] fields = pidAndDirectory.split(" ", 2);
    long pid = Long.parseLong(fields[0]);
    assertTrue(pid > 0, pidAndDirectory);
    Path directory = Path.of(fields[1]);
    long deadline = System.nanoTime() + patience.toNanos();
    while ((ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) || Files.exists(directory))
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "redis-server killed");
    assertFalse(Files.exists(directory), "directory removed");
  }

  @Test
  void existingAclFile_isCopiedWithTheAdminUserAdded_andLeftUnchanged(@TempDir Path temp) throws Exception {
    Path acl = Files.writeString(temp.resolve("users.acl"), "user carol on >carol-pw ~* +@all\n");
    try (RedisServer server = RedisServer.builder().aclFile(acl).aclUsers("user dave on >dave-pw +ping").start()) {
      try (RespClient carol = server.connect("carol", "carol-pw"); RespClient dave = server.connect("dave", "dave-pw")) {
        assertEquals("carol", carol.command("ACL", "WHOAMI"));
        assertEquals("PONG", dave.command("PING"));
      }
      assertEquals(RedisServer.ADMIN_USER, server.admin().command("ACL", "WHOAMI"));
      assertNotEquals(acl, server.aclFile());
    }
    assertEquals("user carol on >carol-pw ~* +@all\n", Files.readString(acl));
  }

  @Test
  void restartWhileThePortIsTaken_failsWithTheLogLines() throws Exception {
    try (RedisServer server = RedisServer.builder().start()) {
      server.kill();
      try (java.net.ServerSocket squatter =
          new java.net.ServerSocket(server.port(), 1, java.net.InetAddress.getByName("127.0.0.1"))) {
        TestkitException thrown = assertThrows(TestkitException.class, server::restart);
        assertEquals("redis.start-failed", thrown.reason());
        assertTrue(thrown.getMessage().contains("Address already in use"), thrown.getMessage());
      }
      server.restart();
      assertEquals("PONG", server.admin().command("PING"));
    }
  }

  @Test
  void directiveArguments_areQuotedSoRedisReadsThemBackUnchanged() {
    String nasty = "a b\t\"q\" 'single' back\\slash \u00fcn\u00efc\u00f6de \u0001 \n end";
    try (RedisServer server = RedisServer.builder().directive("masteruser", nasty)
        .directive("maxmemory", "10mb").start()) {
      assertEquals(List.of("masteruser", nasty), server.admin().command("CONFIG", "GET", "masteruser"));
      assertEquals(List.of("maxmemory", "10485760"), server.admin().command("CONFIG", "GET", "maxmemory"));
    }
  }

  @Test
  void aclFileRemovedBeforeStart_failsNamingItEscaped(@TempDir Path temp) throws Exception {
    Path acl = Files.writeString(temp.resolve("evil\r\n2026-01-01 info forged\u001b[31m.acl"), "user default off\n");
    RedisServer.Builder builder = RedisServer.builder().aclFile(acl);
    Files.delete(acl);
    TestkitException thrown = assertThrows(TestkitException.class, builder::start);
    assertEquals("redis.io", thrown.reason());
    assertTrue(thrown.getMessage().startsWith("cannot read aclFile " + temp
        + "/evil\\u000d\\u000a2026-01-01 info forged\\u001b[31m.acl: java.nio.file.NoSuchFileException: "),
        thrown.getMessage());
    assertFalse(thrown.getMessage().chars().anyMatch(Character::isISOControl), thrown.getMessage());
  }

  @Test
  void serverThatWritesControlCharactersAndExits_failsWithItsLogLinesEscaped(@TempDir Path temp) throws Exception {
    Path binary = Files.writeString(temp.resolve("redis-server"),
        "#!/bin/sh\nprintf 'evil\\033[31m forged\\007\\n\\302\\205\\302\\233 c1\\n'\nexit 1\n");
    assertTrue(binary.toFile().setExecutable(true));
    TestkitException thrown = assertThrows(TestkitException.class,
        () -> RedisServer.builder().redisServerBinary(binary).start());
    assertEquals("redis.start-failed", thrown.reason());
    assertTrue(thrown.getMessage().contains("\n  evil\\u001b[31m forged\\u0007\n  \\u0085\\u009b c1"),
        thrown.getMessage());
    assertFalse(thrown.getMessage().replace("\n", "").chars().anyMatch(Character::isISOControl),
        thrown.getMessage());
  }

  @Test
  void missingBinary_failsWithClearMessage(@TempDir Path temp) {
    TestkitException thrown = assertThrows(TestkitException.class,
        () -> RedisServer.builder().redisServerBinary(temp.resolve("no-such-redis-server")).start());
    assertEquals("redis.binary-missing", thrown.reason());
    assertTrue(thrown.getMessage().contains("no-such-redis-server"), thrown.getMessage());
    assertTrue(thrown.getMessage().contains("apt-get install redis-server"), thrown.getMessage());
  }

  @Test
  void managedDirectives_areRejectedByTheBuilder() {
    IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class,
        () -> RedisServer.builder().directive("port", "6379"));
    assertTrue(thrown.getMessage().contains("'port'"));
    assertThrows(IllegalArgumentException.class, () -> RedisServer.builder().startTimeout(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> RedisServer.builder().aclUsers("alice on"));
  }

  @Test
  void withoutAdminUser_adminThrows() {
    try (RedisServer server = RedisServer.builder().withoutAdminUser().start()) {
      assertThrows(IllegalStateException.class, server::admin);
      assertEquals(null, server.aclFile());
      try (RespClient client = server.connect()) {
        assertEquals("default", client.command("ACL", "WHOAMI"));
      }
    }
  }
}
