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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The audit's verdict on the default user against real redis-server processes: for each configuration, an
 * unauthenticated connection tries an administrative command ({@code CONFIG GET dir}) and succeeds exactly when
 * the audit says the default user needs no password; {@code AUTH <requirepass>} is tried too. Configurations
 * the audit says redis-server refuses are started by hand and must make it exit.
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

  static Stream<Arguments> startups() {
    return Stream.of(
        Arguments.of("a valid aclfile (control)", "aclfile users.acl\n", "user default off\n", true),
        Arguments.of("a missing aclfile", "aclfile missing.acl\n", "user default off\n", false),
        Arguments.of("user lines in redis.conf beside an aclfile", "user default on >pw\naclfile users.acl\n",
            "user admin on >pw +@all\n", false),
        Arguments.of("a user twice in the aclfile", "aclfile users.acl\n",
            "user default off\nuser default on nopass\n", false),
        Arguments.of("a user twice in redis.conf", "user admin on >a +@all\nuser admin on >b +@all\n", "", false),
        Arguments.of("the default user once in redis.conf (control)", "requirepass x\nuser default on nopass\n", "",
            true));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("startups")
  void redisRefusesToStart_exactlyWhenTheAuditSaysSo(String name, String confLines, String aclText, boolean starts,
      @TempDir Path dir) throws Exception {
    Path conf = dir.resolve("redis.conf");
    Files.writeString(conf, String.join("\n",
        "port 0",
        "unixsocket " + RedisConfigParser.quote(dir.resolve("redis.sock").toString()),
        "dir " + RedisConfigParser.quote(dir.toString()),
        "logfile \"\"",
        "save \"\"",
        "appendonly no",
        "daemonize no",
        confLines), StandardCharsets.ISO_8859_1);
    Files.writeString(dir.resolve("users.acl"), aclText, StandardCharsets.ISO_8859_1);

    CheckReport report = ConfigAudit.defaults().audit(conf);
    Finding syntax = report.finding(AclRules.Syntax.ID).orElseThrow();
    Finding exposure = report.finding(NetworkRules.Exposure.ID).orElseThrow();
    boolean auditSaysRefused = syntax.outcome() == Outcome.FAIL
        || exposure.evidence().toString().contains("redis-server refuses to start");
    assertEquals(!starts, auditSaysRefused, syntax + "\n" + exposure);
    if (syntax.outcome() == Outcome.FAIL) {
      assertTrue(syntax.evidence().toString().contains("refuses to start"), syntax.toString());
    }
    assertEquals(starts, startsAndRuns(conf, dir.resolve("out.log")), name);
  }

  /**
   * Starts redis-server on {@code conf} (a unix socket, no TCP port) and stops it again: true if it became
   * ready, false if it exited first.
   */
  private static boolean startsAndRuns(Path conf, Path output) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(binary(), conf.toString()).redirectErrorStream(true)
        .redirectOutput(output.toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (System.nanoTime() < deadline) {
        if (p.waitFor(50, TimeUnit.MILLISECONDS)) {
          assertFalse(ready(output));
          return false;
        }
        if (ready(output)) {
          return true;
        }
      }
      return fail("redis-server neither became ready nor exited: "
          + Files.readString(output, StandardCharsets.ISO_8859_1));
    } finally {
      p.destroyForcibly();
      p.waitFor();
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
