package dev.thalos.redis.security.conf;

import dev.thalos.redis.security.internal.ConfigLines;
import dev.thalos.redis.security.internal.RedisArgs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.testkit.RedisServer;
import dev.thalos.redis.security.testkit.RespClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our parsers against redis-server 7.0 itself, on random lines full of quotes and escapes.
 *
 * <ul>
 *   <li>redis.conf ({@code sdssplitargs}): read-only commands are renamed to random byte strings (written by the
 *       test kit with escapes); every name our parser read must be exactly what Redis registered, proven by
 *       calling it.</li>
 *   <li>aclfile (split at spaces, no quoting): random key patterns must equal what {@code ACL GETUSER}
 *       reports.</li>
 *   <li>relative includes: the same file name in several directories, each copy setting another value; what our
 *       parser read must be what {@code CONFIG GET} reports, before and after {@code dir} lines.</li>
 * </ul>
 */
@Tag("integration")
class RedisConfigParserDifferentialTest {

  /** Commands that take one key and only read; renaming them does not disturb the test kit. */
  private static final String[] ONE_KEY_READERS = {"GET", "STRLEN", "EXISTS", "TYPE", "TTL", "PTTL", "EXPIRETIME",
      "PEXPIRETIME", "LLEN", "SCARD", "ZCARD", "HLEN", "HKEYS", "HVALS", "HGETALL", "SMEMBERS", "DUMP", "ECHO",
      "GETDEL", "PERSIST", "XLEN", "HRANDFIELD", "SRANDMEMBER", "SPOP", "LPOP", "RPOP", "ZRANDMEMBER",
      "TOUCH", "UNLINK", "DEL"};

  private static final String[] PIECES = {"\"", "'", "\\", "\\x", "\\x4", "\\x41", "\\x7e", "\\xff", "\\x00",
      "\\xZZ", "\\'", "\\\"", "\\n", "\\t", "\\r", "\\a", "\\b", "\\\\", "\\q", " ", "\t", "\u000b", "\f", "a",
      "B", "*", "?", "[", "]", "#", "~", "%", "{", "}", "\u00e9"};

  private static String hostile(Random random) {
    StringBuilder sb = new StringBuilder();
    int n = 1 + random.nextInt(8);
    for (int j = 0; j < n; j++) {
      sb.append(random.nextInt(4) == 0 ? String.valueOf((char) (0x21 + random.nextInt(94)))
          : PIECES[random.nextInt(PIECES.length)]);
    }
    return sb.toString();
  }

  @Test
  void renamedCommandNamesReadByOurParser_areTheNamesRedisAccepts() {
    Random random = new Random(20261127L);
    int compared = 0;
    for (int round = 0; round < 3; round++) {
      RedisServer.Builder builder = RedisServer.builder();
      Map<String, String> names = new LinkedHashMap<>();
      for (int i = 0; i < ONE_KEY_READERS.length; i++) {
        StringBuilder name = new StringBuilder("r" + round + "x" + i);
        int n = random.nextInt(12);
        for (int j = 0; j < n; j++) {
          name.append(random.nextInt(3) == 0 ? PIECES[random.nextInt(PIECES.length)]
              : String.valueOf((char) random.nextInt(0x100)));
        }
        builder.directive("rename-command", ONE_KEY_READERS[i], name.toString());
        names.put(ONE_KEY_READERS[i], name.toString());
      }
      try (RedisServer server = builder.start()) {
        RedisConfig parsed = RedisConfigParser.defaults().parse(server.configFile());
        assertEquals(ONE_KEY_READERS.length, parsed.all("rename-command").size());
        for (Directive d : parsed.all("rename-command")) {
          byte[] asRead = d.arg(1).getBytes(StandardCharsets.ISO_8859_1);
          assertEquals(new String(names.get(d.arg(0)).getBytes(StandardCharsets.UTF_8),
              StandardCharsets.ISO_8859_1), d.arg(1), "bytes of the new name of " + d.arg(0));
          Object reply = server.admin().commandBinary(asRead, "no-such-key".getBytes(StandardCharsets.US_ASCII));
          assertFalse(reply instanceof RespClient.Error
              && ((RespClient.Error) reply).message().contains("unknown command"),
              "Redis does not know the name we read for " + d.arg(0) + " at line " + d.line() + ": " + reply);
          compared++;
        }
        Object original = server.admin().command("GET", "no-such-key");
        assertTrue(original instanceof RespClient.Error, "GET was renamed, so the old name must be gone");
      }
    }
    assertEquals(3 * ONE_KEY_READERS.length, compared);
  }

  @Test
  void aclKeyPatternsReadByOurParser_equalWhatRedisRead() {
    Random random = new Random(7L);
    Map<String, String> lines = new LinkedHashMap<>();
    for (int i = 0; lines.size() < 100; i++) {
      String line = ("user a" + i + " on nopass ~" + hostile(random)).strip();
      List<String> args = ConfigLines.splitAclLine(line);
      String last = args.get(args.size() - 1);
      if (args.size() != 5 || !last.startsWith("~") || last.length() < 2
          || last.chars().anyMatch(c -> RedisArgs.isSpace((char) c) || c == 0 || c > 0x7e)) {
        continue; // Redis would reject the line (blanks in patterns) or read other rules
      }
      lines.put("a" + i, line);
    }
    try (RedisServer server = RedisServer.builder().aclUsers(new ArrayList<>(lines.values())).start()) {
      RedisConfig acl = RedisConfigParser.defaults().parseAclFile(server.aclFile());
      int compared = 0;
      for (Directive d : acl.all("user")) {
        if (!lines.containsKey(d.arg(0))) {
          continue;
        }
        List<?> fields = (List<?>) server.admin().commandBinary("ACL".getBytes(StandardCharsets.US_ASCII),
            "GETUSER".getBytes(StandardCharsets.US_ASCII), d.arg(0).getBytes(StandardCharsets.US_ASCII));
        String keys = null;
        for (int i = 0; i < fields.size(); i += 2) {
          if ("keys".equals(new String((byte[]) fields.get(i), StandardCharsets.ISO_8859_1))) {
            keys = new String((byte[]) fields.get(i + 1), StandardCharsets.ISO_8859_1);
          }
        }
        assertEquals(keys, d.arg(3), "user " + d.arg(0) + " at line " + d.line());
        compared++;
      }
      assertEquals(lines.size(), compared);
    }
  }

  /** What each included file sets: the directive, and its value in each directory (Redis's default last). */
  private static final Map<String, String> SETS = Map.of("one.conf", "hz", "two.conf", "maxmemory-samples",
      "w1.conf", "tcp-keepalive");
  private static final Map<String, String> REDIS_DEFAULTS = Map.of("hz", "10", "maxmemory-samples", "5",
      "tcp-keepalive", "300");
  private static final List<String> DIRECTORIES = List.of("cwd", "etc", "data", "data/sub", "cwd/data");

  static Stream<Arguments> includesAndDirs() {
    return Stream.of(
        Arguments.of("an include before any dir", "include one.conf\ndir {T}/data"),
        Arguments.of("an include after dir", "dir {T}/data\ninclude one.conf"),
        Arguments.of("includes before and after dir", "include one.conf\ndir {T}/data\ninclude two.conf"),
        Arguments.of("a relative dir after an absolute one", "dir {T}/data\ndir sub\ninclude one.conf"),
        Arguments.of("a relative dir from where redis-server starts", "dir data\ninclude one.conf"),
        Arguments.of("dir .. ", "dir {T}/data/sub\ndir ..\ninclude one.conf"),
        Arguments.of("a dir in an included file, for the lines after it", "include setdir.conf\ninclude one.conf"),
        Arguments.of("a wildcard include after dir", "dir {T}/data\ninclude w*.conf\ninclude two.conf"));
  }

  /**
   * redis.conf in {@code etc/}, redis-server started in {@code cwd/} (the parser told so), {@code one.conf},
   * {@code two.conf} and {@code w1.conf} in every directory with other values: every value our parser read must
   * be the one Redis applied.
   */
  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("includesAndDirs")
  @Timeout(60)
  void relativeIncludes_readTheFilesRedisReads_beforeAndAfterDir(String name, String lines, @TempDir Path t)
      throws IOException, InterruptedException {
    for (int d = 0; d < DIRECTORIES.size(); d++) {
      Path dir = Files.createDirectories(t.resolve(DIRECTORIES.get(d)));
      for (Map.Entry<String, String> e : SETS.entrySet()) {
        Files.writeString(dir.resolve(e.getKey()), e.getValue() + " " + (11 + 10 * d + e.getKey().length()) + "\n");
      }
    }
    Files.writeString(t.resolve("cwd/setdir.conf"), "dir " + RedisConfigParser.quote(t.resolve("data").toString())
        + "\n");
    Path socket = t.resolve("redis.sock");
    Path conf = t.resolve("etc/redis.conf");
    Files.writeString(conf, String.join("\n",
        "port 0",
        "unixsocket " + RedisConfigParser.quote(socket.toString()),
        "logfile \"\"",
        "save \"\"",
        "appendonly no",
        "daemonize no",
        lines.replace("{T}", t.toString()), ""), StandardCharsets.ISO_8859_1);

    RedisConfig parsed = RedisConfigParser.builder().workingDirectory(t.resolve("cwd")).build().parse(conf);
    assertTrue(parsed.files().size() > 1, "no file included: " + parsed.files());
    Optional<HandStartedRedis> started = HandStartedRedis.start(conf, t.resolve("cwd"), socket,
        t.resolve("out.log"));
    assertTrue(started.isPresent(), "redis-server refused " + name + ": "
        + Files.readString(t.resolve("out.log"), StandardCharsets.ISO_8859_1));
    try (HandStartedRedis redis = started.get()) {
      for (String directive : REDIS_DEFAULTS.keySet()) {
        Object reply = redis.command("CONFIG", "GET", directive);
        assertEquals(List.of(directive, parsed.value(directive).orElse(REDIS_DEFAULTS.get(directive))), reply,
            directive + " after " + lines + ", read from " + parsed.files());
      }
    }
  }
}
