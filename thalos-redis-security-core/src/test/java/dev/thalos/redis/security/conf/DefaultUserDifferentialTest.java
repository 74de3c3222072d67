package dev.thalos.redis.security.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.check.CheckReport;
import dev.thalos.redis.security.check.Finding;
import dev.thalos.redis.security.check.Outcome;
import dev.thalos.redis.security.conf.ExposureVerdict.Authentication;
import dev.thalos.redis.security.testkit.RedisServer;
import dev.thalos.redis.security.testkit.RespClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
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
    Optional<HandStartedRedis> started = HandStartedRedis.start(conf, conf.getParent(), socket, output);
    if (started.isEmpty()) {
      return Optional.empty();
    }
    try (HandStartedRedis redis = started.get()) {
      Object reply = redis.command("ACL", "WHOAMI");
      return Optional.of(reply instanceof RespClient.Error ? "-" + ((RespClient.Error) reply).message()
          : String.valueOf(reply));
    }
  }
}
