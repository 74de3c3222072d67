package dev.thalos.redis.security.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.thalos.redis.security.check.CheckReport;
import dev.thalos.redis.security.check.Finding;
import dev.thalos.redis.security.check.Outcome;
import dev.thalos.redis.security.conf.ExposureVerdict.Authentication;
import dev.thalos.redis.security.testkit.RedisServer;
import dev.thalos.redis.security.testkit.RespClient;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The audit's verdict on the default user against real redis-server processes: for each configuration, an
 * unauthenticated connection tries an administrative command ({@code CONFIG GET dir}) and succeeds exactly when
 * the audit says the default user needs no password; {@code AUTH <requirepass>} is tried too. Configurations
 * the kit cannot write (a missing aclfile, user lines beside an aclfile, ...) are started by hand: redis-server
 * must exit exactly when the audit says it refuses to start, and otherwise let an unauthenticated connection in
 * exactly when the audit says so.
 */
@Tag("integration")
class DefaultUserDifferentialTest {

  private static final String REQUIREPASS = "s3cret-requirepass";

  static Stream<Arguments> aclFiles() {
    return Stream.of(
        Arguments.of("no default user in the aclfile, requirepass set", List.of(), true, Authentication.NONE),
        Arguments.of("no default user in the aclfile, no requirepass", List.of(), false, Authentication.NONE),
        Arguments.of("no default user in the aclfile, masterauth set", List.of("masterauth"), false,
            Authentication.NONE),
        Arguments.of("default off, requirepass set", List.of("user default off"), true, Authentication.DISABLED),
        Arguments.of("default on nopass, requirepass set", List.of("user default on nopass ~* &* +@all"), true,
            Authentication.NONE),
        Arguments.of("default on without password, requirepass set", List.of("user default on ~* &* +@all"), true,
            Authentication.DISABLED),
        Arguments.of("default with a password", List.of("user default on >default-pw ~* &* +@all"), false,
            Authentication.PASSWORD));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("aclFiles")
  void anonymousConnection_getsInExactlyWhenTheAuditSaysNoPasswordIsNeeded(String name, List<String> aclLines,
      boolean requirepass, Authentication expected) {
    RedisServer.Builder b = RedisServer.builder();
    for (String line : aclLines) {
      if (line.equals("masterauth")) {
        b.directive("masterauth", REQUIREPASS);
      } else {
        b.aclUsers(line);
      }
    }
    if (requirepass) {
      b.directive("requirepass", REQUIREPASS);
    }
    try (RedisServer server = b.start()) {
      CheckReport report = ConfigAudit.defaults().audit(RedisConfigParser.defaults().parse(server.configFile()));
      ExposureVerdict verdict = ConfigAudit.defaults().exposure(
          RedisConfigParser.defaults().parse(server.configFile()));
      assertEquals(expected, verdict.authentication(), verdict.evidence().toString());
      Finding dangerous = report.finding(AclRules.DangerousCommands.ID).orElseThrow();

      try (RespClient anonymous = server.connect()) {
        Object reply = anonymous.command("CONFIG", "GET", "dir");
        if (expected == Authentication.NONE) {
          assertTrue(reply instanceof List, "the audit says anyone gets in, but Redis answered " + reply);
          assertEquals("default", anonymous.command("ACL", "WHOAMI"));
          assertEquals(Outcome.FAIL, dangerous.outcome(), "CONFIG GET ran anonymously: " + dangerous);
        } else {
          assertTrue(reply instanceof RespClient.Error, "the audit says a password is needed, but " + reply);
          assertEquals("NOAUTH", ((RespClient.Error) reply).code());
        }
        if (requirepass) {
          Object auth = anonymous.command("AUTH", REQUIREPASS);
          assertTrue(auth instanceof RespClient.Error, "requirepass does not apply with an aclfile: " + auth);
        }
      }
      if (expected == Authentication.PASSWORD) {
        try (RespClient client = server.connect(null, "default-pw")) {
          assertTrue(client.command("CONFIG", "GET", "dir") instanceof List);
        }
      }
    }
  }

  /** A directory instead of a file, in {@link #startups()}. */
  private static final String DIRECTORY = "<directory>";

  static Stream<Arguments> startups() {
    return Stream.of(
        Arguments.of("a valid aclfile (control)", "aclfile users.acl",
            Map.of("users.acl", "user default off\n"), true),
        Arguments.of("a missing aclfile", "aclfile missing.acl", Map.of("users.acl", "user default off\n"), false),
        Arguments.of("user lines in redis.conf beside an aclfile", "user default on >pw\naclfile users.acl",
            Map.of("users.acl", "user admin on >pw +@all\n"), false),
        Arguments.of("a user twice in the aclfile", "aclfile users.acl",
            Map.of("users.acl", "user default off\nuser default on nopass\n"), false),
        Arguments.of("a user twice in redis.conf", "user admin on >a +@all\nuser admin on >b +@all", Map.of(),
            false),
        Arguments.of("the default user once in redis.conf (control)", "requirepass x\nuser default on nopass",
            Map.of(), true),
        Arguments.of("no default user in the aclfile, requirepass set", "requirepass x\naclfile users.acl",
            Map.of("users.acl", "user admin on >pw +@all\n"), true),
        Arguments.of("an aclfile that is a directory", "requirepass x\naclfile acl.d",
            Map.of("acl.d", DIRECTORY), true),
        Arguments.of("a relative aclfile, read from dir", "dir {dir}/data\naclfile users.acl",
            Map.of("users.acl", "user default on nopass ~* +@all\n", "data", DIRECTORY,
                "data/users.acl", "user default off\n"), true));
  }

  /**
   * Starts redis-server by hand (a unix socket, no TCP port) on a redis.conf ending in {@code confLines}
   * ({@code {dir}} stands for its directory), with {@code files} beside it: it must exit exactly when the audit
   * says it refuses to start, and when it runs, an unauthenticated connection must be the default user exactly
   * when the audit says the default user needs no password.
   */
  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("startups")
  @Timeout(60)
  void redisStartsAndLetsAnonymousConnectionsIn_exactlyAsTheAuditSays(String name, String confLines,
      Map<String, String> files, boolean starts, @TempDir Path dir) throws Exception {
    Path conf = dir.resolve("redis.conf");
    Path socket = dir.resolve("redis.sock");
    Files.writeString(conf, String.join("\n",
        "port 0",
        "unixsocket " + RedisConfigParser.quote(socket.toString()),
        "dir " + RedisConfigParser.quote(dir.toString()),
        "logfile \"\"",
        "save \"\"",
        "appendonly no",
        "daemonize no",
        confLines.replace("{dir}", dir.toString()), ""), StandardCharsets.ISO_8859_1);
    for (String file : new TreeSet<>(files.keySet())) {
      if (files.get(file).equals(DIRECTORY)) {
        Files.createDirectories(dir.resolve(file));
      } else {
        Files.writeString(dir.resolve(file), files.get(file), StandardCharsets.ISO_8859_1);
      }
    }

    CheckReport report = ConfigAudit.defaults().audit(conf);
    Finding syntax = report.finding(AclRules.Syntax.ID).orElseThrow();
    Finding exposure = report.finding(NetworkRules.Exposure.ID).orElseThrow();
    boolean auditSaysRefused = syntax.outcome() == Outcome.FAIL
        || exposure.evidence().toString().contains("redis-server refuses to start");
    if (syntax.outcome() == Outcome.FAIL) {
      assertTrue(syntax.evidence().toString().contains("refuses to start"), syntax.toString());
    }
    Authentication audited = ConfigAudit.defaults().exposure(RedisConfigParser.defaults().parse(conf))
        .authentication();

    Optional<String> whoami = startAndAskWhoami(conf, socket, dir.resolve("out.log"));
    assertEquals(starts, whoami.isPresent(), name);
    assertEquals(!starts, auditSaysRefused, syntax + "\n" + exposure);
    if (whoami.isPresent()) {
      // logged in as default unless NOAUTH (a default user without ACL permissions gets NOPERM)
      assertEquals(audited == Authentication.NONE, !whoami.get().startsWith("-NOAUTH"),
          "anonymous ACL WHOAMI answered " + whoami.get() + ", the audit says " + audited + ": " + exposure);
    }
  }

  /**
   * Starts redis-server on {@code conf} and stops it again; if it became ready, first asks it {@code ACL WHOAMI}
   * without authenticating and returns the answer (a user name or an error line). Empty if it exited first.
   */
  private static Optional<String> startAndAskWhoami(Path conf, Path socket, Path output)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder(binary(), conf.toString()).redirectErrorStream(true)
        .redirectOutput(output.toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (System.nanoTime() < deadline) {
        if (p.waitFor(50, TimeUnit.MILLISECONDS)) {
          assertFalse(ready(output));
          return Optional.empty();
        }
        if (ready(output)) {
          return Optional.of(anonymousWhoami(socket));
        }
      }
      return fail("redis-server neither became ready nor exited: "
          + Files.readString(output, StandardCharsets.ISO_8859_1));
    } finally {
      p.destroyForcibly();
      p.waitFor();
    }
  }

  /** {@code ACL WHOAMI} over the unix socket, unauthenticated: the user name, or the error line. */
  private static String anonymousWhoami(Path socket) throws IOException {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      byte[] command = "*2\r\n$3\r\nACL\r\n$6\r\nWHOAMI\r\n".getBytes(StandardCharsets.US_ASCII);
      channel.write(ByteBuffer.wrap(command));
      StringBuilder reply = new StringBuilder();
      ByteBuffer buffer = ByteBuffer.allocate(256);
      // a bulk string ($7 CRLF default CRLF) has two lines, an error (-NOAUTH ...) one
      while (!(reply.length() > 0 && reply.charAt(0) == '$' ? reply.toString().split("\r\n", -1).length > 2
          : reply.indexOf("\r\n") >= 0)) {
        buffer.clear();
        if (channel.read(buffer) < 0) {
          break;
        }
        reply.append(new String(buffer.array(), 0, buffer.position(), StandardCharsets.ISO_8859_1));
      }
      String[] lines = reply.toString().split("\r\n");
      return lines[0].startsWith("$") && lines.length > 1 ? lines[1] : lines[0];
    }
  }

  /** Whether the server logged that it accepts connections (on a unix socket: "... now ready to accept ..."). */
  private static boolean ready(Path output) throws IOException {
    return Files.readString(output, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT)
        .contains("ready to accept connections");
  }

  /** The binary the test kit uses: its system property, its environment variable, else redis-server on PATH. */
  private static String binary() {
    String property = System.getProperty(RedisServer.BINARY_PROPERTY);
    if (property != null && !property.isBlank()) {
      return property;
    }
    String environment = System.getenv(RedisServer.BINARY_ENVIRONMENT_VARIABLE);
    if (environment != null && !environment.isBlank()) {
      return environment;
    }
    return Files.isExecutable(Path.of("/usr/bin/redis-server")) ? "/usr/bin/redis-server" : "redis-server";
  }
}
