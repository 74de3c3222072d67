package dev.thalos.redis.security.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.thalos.redis.security.check.Finding;
import dev.thalos.redis.security.check.Outcome;
import dev.thalos.redis.security.testkit.RespClient;
import dev.thalos.redis.security.testkit.TestPki;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code conf.startup} against redis-server 7.0 itself: for each configuration a redis-server is started by hand
 * (port 0 first, then the lines; {@code {port}} stands for a free port, never 6379, {@code {tls}} for the TLS
 * certificate and key lines) and must exit exactly when the audit says it refuses to start. When it starts, the
 * pub/sub output buffer limit the audit read must be the one {@code CONFIG GET} reports (unless a password keeps
 * the unauthenticated connection out).
 */
@Tag("integration")
class StartupDifferentialTest {


  private static final String SEVENTEEN = IntStream.rangeClosed(1, 17).mapToObj(i -> "127.0.0." + i)
      .collect(Collectors.joining(" "));
  private static final String SIXTEEN = SEVENTEEN.replace(" 127.0.0.17", "");

  static Stream<Arguments> configurations() {
    return Stream.of(
        Arguments.of("bind - 127.0.0.1", "port {port}\nbind - 127.0.0.1", false),
        Arguments.of("bind \"\" 127.0.0.1", "port {port}\nbind \"\" 127.0.0.1", false),
        Arguments.of("bind - 127.0.0.1 without a TCP port", "bind - 127.0.0.1", true),
        Arguments.of("the same address twice", "port {port}\nbind 127.0.0.1 127.0.0.1", false),
        Arguments.of("the same address, once optional", "port {port}\nbind 127.0.0.1 -127.0.0.1", false),
        Arguments.of("the same IPv6 address written twice", "port {port}\nbind ::1 0:0::1", false),
        Arguments.of("the same address twice in one quoted argument", "port {port}\nbind \"127.0.0.1 127.0.0.1\"",
            false),
        Arguments.of("an address beside the wildcard of its family", "port {port}\nbind 0.0.0.0 127.0.0.1", false),
        Arguments.of("the same address twice without a TCP port", "bind 127.0.0.1 127.0.0.1", true),
        Arguments.of("two loopback addresses (control)", "port {port}\nbind 127.0.0.1 127.0.0.2", true),
        Arguments.of("the IPv4 and IPv6 wildcards (control)", "port {port}\nbind 0.0.0.0 ::\nrequirepass s3cret",
            true),
        Arguments.of("an IPv4-mapped IPv6 address", "port {port}\nbind ::ffff:127.0.0.1", false),
        Arguments.of("an optional IPv4-mapped IPv6 address", "port {port}\nbind 127.0.0.1 -::ffff:127.0.0.1", false),
        Arguments.of("an IPv4-mapped IPv6 address without a TCP port", "bind ::ffff:127.0.0.1", true),
        Arguments.of("17 bind addresses", "bind " + SEVENTEEN, false),
        Arguments.of("17 bind addresses, replaced by a later bind", "bind " + SEVENTEEN + "\nbind 127.0.0.1", false),
        Arguments.of("16 bind addresses (control)", "port {port}\nbind " + SIXTEEN, true),
        Arguments.of("port +80", "port +80", false),
        Arguments.of("port -1", "port -1", false),
        Arguments.of("port 65536", "port 65536", false),
        Arguments.of("port abc", "port abc", false),
        Arguments.of("port 080", "port 080", false),
        Arguments.of("port abc, replaced by port 0", "port abc\nport 0", false),
        Arguments.of("port with two arguments", "port 1 2", false),
        Arguments.of("tls-port +80", "tls-port +80", false),
        Arguments.of("tls-port 65536", "tls-port 65536", false),
        Arguments.of("tls-port equal to port", "bind 127.0.0.1\nport {port}\ntls-port {port}\n{tls}", false),
        Arguments.of("tls-port beside port (control)", "bind 127.0.0.1\nport {port}\ntls-port {port2}\n{tls}", true),
        Arguments.of("protected-mode off", "protected-mode off", false),
        Arguments.of("protected-mode on", "protected-mode on", false),
        Arguments.of("protected-mode true", "protected-mode true", false),
        Arguments.of("protected-mode 1", "protected-mode 1", false),
        Arguments.of("protected-mode YES (control)", "protected-mode YES", true),
        Arguments.of("protected-mode No (control)", "protected-mode No", true),
        Arguments.of("client-output-buffer-limit in one quoted argument", "client-output-buffer-limit "
            + "\"pubsub 1mb 1mb 61\"", true),
        Arguments.of("client-output-buffer-limit, two classes in one quoted argument", "client-output-buffer-limit "
            + "'normal 0 0 0 pubsub 2mb 1mb 62'", true),
        Arguments.of("client-output-buffer-limit with one argument of unbalanced quotes",
            "client-output-buffer-limit \"'\"", true),
        Arguments.of("client-output-buffer-limit with empty sizes: unlimited", "client-output-buffer-limit pubsub "
            + "\"\" \"\" 0", true),
        Arguments.of("client-output-buffer-limit with a unit alone", "client-output-buffer-limit pubsub mb 1mb 60",
            true),
        Arguments.of("client-output-buffer-limit wrapping to 0", "client-output-buffer-limit pubsub "
            + "18014398509481984mb 0 0", true),
        Arguments.of("client-output-buffer-limit saturating", "client-output-buffer-limit pubsub "
            + "99999999999999999999 1mb 60", true),
        Arguments.of("client-output-buffer-limit with empty seconds", "client-output-buffer-limit pubsub 1mb 1mb "
            + "\"\"", true),
        Arguments.of("client-output-buffer-limit with two of four arguments", "client-output-buffer-limit "
            + "\"pubsub 1mb\"", false),
        Arguments.of("client-output-buffer-limit \"\"", "client-output-buffer-limit \"\"", false),
        Arguments.of("client-output-buffer-limit with a size it cannot read", "client-output-buffer-limit pubsub "
            + "abc 1mb 60", false),
        Arguments.of("client-output-buffer-limit for master", "client-output-buffer-limit master 1mb 1mb 60", false),
        Arguments.of("client-output-buffer-limit with negative seconds", "client-output-buffer-limit pubsub 1mb "
            + "1mb -1", false),
        Arguments.of("client-output-buffer-limit with seconds beyond an int", "client-output-buffer-limit pubsub "
            + "1mb 1mb 4294967295", false));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("configurations")
  @Timeout(60)
  void redisRefusesToStart_exactlyWhenTheAuditSaysSo(String name, String lines, boolean starts, @TempDir Path dir)
      throws Exception {
    for (int attempt = 0; attempt < 5; attempt++) {
      int port = HandStartedRedis.freePort();
      Path conf = writeConf(dir, lines.replace("{port}", Integer.toString(port))
          .replace("{port2}", Integer.toString(HandStartedRedis.freePort())));
      RedisConfig parsed = RedisConfigParser.defaults().parse(conf);
      Finding startup = ConfigAudit.defaults().audit(parsed).finding(StartupRule.ID).orElseThrow();
      boolean auditSaysRefused = startup.outcome() == Outcome.FAIL;
      if (auditSaysRefused) {
        assertTrue(startup.evidence().stream().allMatch(e -> e.startsWith(conf + ":")
            && e.endsWith("redis-server refuses to start")), startup.toString());
      }
      Path out = dir.resolve("out-" + attempt + ".log");
      Optional<HandStartedRedis> redis = HandStartedRedis.start(conf, dir, dir.resolve("redis.sock"), out);
      String log = Files.readString(out, StandardCharsets.ISO_8859_1);
      if (redis.isEmpty() && !auditSaysRefused && log.contains("Address already in use")) {
        continue; // another process took the free port in between
      }
      assertEquals(starts, redis.isPresent(), name + ":\n" + log);
      assertEquals(!starts, auditSaysRefused, name + ": " + startup + "\n" + log);
      if (redis.isPresent()) {
        try (HandStartedRedis r = redis.get()) {
          assertPubsubLimitIsWhatRedisRead(parsed, r, name);
        }
      }
      return;
    }
    fail("no free port for " + name);
  }

  /** The hard and soft pub/sub limits the audit read are those of {@code CONFIG GET client-output-buffer-limit}. */
  private static void assertPubsubLimitIsWhatRedisRead(RedisConfig parsed, HandStartedRedis redis, String name)
      throws IOException {
    Object answer = redis.command("CONFIG", "GET", "client-output-buffer-limit");
    if (answer instanceof RespClient.Error && ((RespClient.Error) answer).code().equals("NOAUTH")) {
      return; // a configuration with a password
    }
    List<?> reply = (List<?>) answer;
    List<String> words = List.of(((String) reply.get(1)).split(" "));
    int at = words.indexOf("pubsub");
    List<String> read = PubsubBufferRule.pubsubLimits(parsed).map(e -> e.getValue())
        .orElse(List.of("32mb", "8mb", "60"));
    assertEquals(words.subList(at + 1, at + 3), List.of(
        Long.toUnsignedString(MemorySize.parse(read.get(0)).orElseThrow()),
        Long.toUnsignedString(MemorySize.parse(read.get(1)).orElseThrow())), name + ": " + reply);
  }

  private static Path writeConf(Path dir, String lines) throws IOException {
    StringBuilder conf = new StringBuilder(String.join("\n",
        "port 0",
        "unixsocket " + RedisConfigParser.quote(dir.resolve("redis.sock").toString()),
        "dir " + RedisConfigParser.quote(dir.toString()),
        "logfile \"\"",
        "save \"\"",
        "appendonly no",
        "daemonize no", ""));
    String tlsLines = "";
    if (lines.contains("{tls}")) {
      TestPki.ServerTls material = HandStartedRedis.serverTls();
      Files.writeString(dir.resolve("server.pem"), material.certificateChainPem(), StandardCharsets.US_ASCII);
      Files.writeString(dir.resolve("server.key"), material.privateKeyPem(), StandardCharsets.US_ASCII);
      tlsLines = "tls-cert-file " + RedisConfigParser.quote(dir.resolve("server.pem").toString()) + "\n"
          + "tls-key-file " + RedisConfigParser.quote(dir.resolve("server.key").toString()) + "\n"
          + "tls-auth-clients no";
    }
    conf.append(lines.replace("{tls}", tlsLines)).append('\n');
    Path file = dir.resolve("redis.conf");
    Files.writeString(file, conf, StandardCharsets.ISO_8859_1);
    return file;
  }
}
