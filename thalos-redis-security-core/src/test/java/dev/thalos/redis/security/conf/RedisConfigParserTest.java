package dev.thalos.redis.security.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.internal.LogInjection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class RedisConfigParserTest {

  @TempDir
  Path dir;

  private static RedisConfig parse(String text) {
    return RedisConfigParser.defaults().parse(text, Path.of("redis.conf"));
  }

  private static List<String> split(String line) {
    return RedisConfigParser.splitArgs(line);
  }

  private Path write(String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text, StandardCharsets.ISO_8859_1);
    return p;
  }

  @Test
  void commentsBlankLinesAndSurroundingBlanks_areSkipped_butAHashInsideALineIsData() {
    RedisConfig c = parse("# comment\n\n   \t\r\n  port 6380  \r\n  # indented comment\nrequirepass a#b\n");
    assertEquals(2, c.directives().size());
    assertEquals("6380", c.value("port").orElseThrow());
    assertEquals(4, c.last("port").orElseThrow().line());
    assertEquals("a#b", c.value("requirepass").orElseThrow());
    assertEquals(6, c.last("requirepass").orElseThrow().line());
  }

  @Test
  void directiveNames_areCaseInsensitive_andArgumentsKeepTheirCase() {
    RedisConfig c = parse("BIND 10.0.0.1\nProtected-Mode No\n");
    assertEquals(List.of("10.0.0.1"), c.last("bind").orElseThrow().args());
    assertEquals("No", c.value("PROTECTED-MODE").orElseThrow());
    assertEquals("protected-mode", c.last("protected-mode").orElseThrow().name());
  }

  @Test
  void repeatedSingleValuedDirective_lastWins_andAccumulatingOnesAddUp() {
    RedisConfig c = parse("port 1\nport 2\nsave 900 1\nsave 300 10\nrename-command FLUSHALL \"\"\n"
        + "rename-command CONFIG cfg\nuser a on\nuser b on\n");
    assertEquals("2", c.value("port").orElseThrow());
    assertEquals(2, c.all("port").size());
    assertEquals(2, c.all("save").size());
    assertEquals(List.of("FLUSHALL", ""), c.all("rename-command").get(0).args());
    assertEquals(2, c.all("user").size());
    assertTrue(RedisConfig.ACCUMULATING.contains("client-output-buffer-limit"));
  }

  @Test
  void doubleQuotes_supportRedisEscapes() {
    assertEquals(List.of("a\nb\rc\td\be\u0007f\\g\"h"), split("\"a\\nb\\rc\\td\\be\\af\\\\g\\\"h\""));
    assertEquals(List.of("AB\u00ff\u0000z"), split("\"\\x41\\x42\\xff\\x00z\""));
    assertEquals(List.of("x4g"), split("\"\\x4g\""), "\\x without two hex digits is an escaped x");
    assertEquals(List.of("q"), split("\"\\q\""));
    assertEquals(List.of("a b", "c"), split("\"a b\" c"));
    assertEquals(List.of(""), split("\"\""));
  }

  @Test
  void singleQuotes_onlyEscapeTheQuote() {
    assertEquals(List.of("it's"), split("'it\\'s'"));
    assertEquals(List.of("a\\nb"), split("'a\\nb'"));
    assertEquals(List.of("\"x\""), split("'\"x\"'"));
  }

  @Test
  void quotesMayStartInsideAnUnquotedArgument() {
    assertEquals(List.of("abc d", "e"), split("ab\"c d\" e"));
    assertEquals(List.of("key=it's"), split("key='it\\'s'"));
  }

  @Test
  void unquotedArguments_endOnlyAtSpaceTabCrLf_soVerticalTabAndFormFeedStayInside() {
    assertEquals(List.of("a\u000bb", "c\fd"), split("a\u000bb c\fd"));
    assertEquals(List.of("a", "b\u000b"), split("\u000b\fa\tb\u000b"), "leading C blanks are skipped");
    assertEquals(List.of("x"), split("\"x\"\u000b"), "a closing quote may be followed by any C blank");
  }

  @Test
  void nul_endsTheLine_asInRedisCStrings() {
    assertEquals(List.of("port", "1"), split("port 1\u0000 ignored \"unbalanced"));
  }

  @Test
  void linesRedisRejects_throwUnbalancedQuotes_withoutQuotingTheLine() {
    for (String bad : new String[] {"requirepass \"s3cret", "requirepass 's3cret", "requirepass \"s3cret\"x",
        "requirepass 's3cret'x", "a \"b\\\"", "a \"\\", "a '\\'"}) {
      ConfigParseException e = assertThrows(ConfigParseException.class, () -> parse("port 1\n" + bad + "\n"),
          bad);
      assertEquals(ConfigParseException.UNBALANCED_QUOTES, e.reason());
      assertEquals("unbalanced quotes in redis.conf line 2", e.getMessage());
    }
  }

  @Test
  void emptyDirectiveName_isRejected() {
    ConfigParseException e = assertThrows(ConfigParseException.class, () -> parse("port 1\n\"\" yes\n"));
    assertEquals(ConfigParseException.BAD_DIRECTIVE, e.reason());
    assertEquals("empty directive name in redis.conf line 2", e.getMessage());
  }

  @Test
  void quote_roundTripsThroughTheSplitter() {
    for (String s : new String[] {"", "plain", "two words", "q\"uote", "back\\slash", "\u0000\u0001\u00ff",
        "'single'", "#hash", "tab\tnl\n"}) {
      assertEquals(List.of(s), split(RedisConfigParser.quote(s)), s);
    }
    assertThrows(IllegalArgumentException.class, () -> RedisConfigParser.quote("\u0100"));
  }

  @Test
  void include_isExpandedInPlace_soLaterLinesOverrideIt() throws IOException {
    write("conf.d/tls.conf", "port 0\ntls-port 6380\n");
    Path main = write("redis.conf", "port 6379\ninclude conf.d/tls.conf\nport 7000\n");
    RedisConfig c = RedisConfigParser.defaults().parse(main);
    assertEquals("7000", c.value("port").orElseThrow());
    assertEquals(List.of("port", "include", "port", "tls-port", "port"),
        c.directives().stream().map(Directive::name).collect(Collectors.toList()));
    Directive tls = c.last("tls-port").orElseThrow();
    assertEquals(dir.resolve("conf.d/tls.conf"), tls.source());
    assertEquals(2, tls.line());
    assertEquals(2, c.files().size());
  }

  @Test
  void wildcardInclude_readsMatchesInNameOrder_andNothingWhenNoneMatch() throws IOException {
    write("conf.d/20-b.conf", "maxclients 20\n");
    write("conf.d/10-a.conf", "maxclients 10\n");
    write("conf.d/.hidden.conf", "maxclients 99\n");
    write("conf.d/notes.txt", "maxclients 30\n");
    Path main = write("redis.conf", "include " + dir.resolve("conf.d") + "/*.conf\ninclude "
        + dir.resolve("empty") + "/*.conf\n");
    RedisConfig c = RedisConfigParser.defaults().parse(main);
    assertEquals(List.of("10", "20"),
        c.all("maxclients").stream().map(d -> d.arg(0)).collect(Collectors.toList()));
  }

  @Test
  void includeCycle_isDetected() throws IOException {
    write("a.conf", "include b.conf\n");
    write("b.conf", "include a.conf\n");
    Path self = write("self.conf", "include self.conf\n");
    ConfigParseException e = assertThrows(ConfigParseException.class,
        () -> RedisConfigParser.defaults().parse(dir.resolve("a.conf")));
    assertEquals(ConfigParseException.INCLUDE_CYCLE, e.reason());
    assertEquals(ConfigParseException.INCLUDE_CYCLE,
        assertThrows(ConfigParseException.class, () -> RedisConfigParser.defaults().parse(self)).reason());
  }

  @Test
  void sameFileIncludedTwice_isNotACycle() throws IOException {
    write("common.conf", "maxclients 5\n");
    Path main = write("redis.conf", "include common.conf\ninclude common.conf\n");
    assertEquals(2, RedisConfigParser.defaults().parse(main).all("maxclients").size());
  }

  @Test
  void deepIncludes_stopAtTheDepthLimit() throws IOException {
    for (int i = 0; i < 5; i++) {
      write("l" + i + ".conf", "include l" + (i + 1) + ".conf\n");
    }
    write("l5.conf", "port 1\n");
    RedisConfigParser shallow = RedisConfigParser.builder().maxIncludeDepth(4).build();
    assertEquals(ConfigParseException.INCLUDE_DEPTH,
        assertThrows(ConfigParseException.class, () -> shallow.parse(dir.resolve("l0.conf"))).reason());
    assertEquals("1", shallow.mutate().maxIncludeDepth(5).build().parse(dir.resolve("l0.conf"))
        .value("port").orElseThrow());
  }

  @Test
  void missingDirectoryOrOversizedFiles_areReportedWithReasons() throws IOException {
    Path missing = write("m.conf", "include nowhere.conf\n");
    assertEquals(ConfigParseException.UNREADABLE,
        assertThrows(ConfigParseException.class, () -> RedisConfigParser.defaults().parse(missing)).reason());
    Files.createDirectories(dir.resolve("adir"));
    Path directory = write("d.conf", "include adir\n");
    assertEquals(ConfigParseException.UNREADABLE,
        assertThrows(ConfigParseException.class, () -> RedisConfigParser.defaults().parse(directory)).reason());
    Path big = write("big.conf", "port 1\n".repeat(100));
    assertEquals(ConfigParseException.TOO_LARGE, assertThrows(ConfigParseException.class,
        () -> RedisConfigParser.builder().maxFileBytes(100).build().parse(big)).reason());
    Path two = write("two.conf", "include a b\n");
    assertEquals(ConfigParseException.BAD_INCLUDE,
        assertThrows(ConfigParseException.class, () -> RedisConfigParser.defaults().parse(two)).reason());
    Path wildDir = write("w.conf", "include */x.conf\n");
    assertEquals(ConfigParseException.BAD_INCLUDE,
        assertThrows(ConfigParseException.class, () -> RedisConfigParser.defaults().parse(wildDir)).reason());
  }

  @Test
  void tooManyFiles_areRefused() throws IOException {
    for (int i = 0; i < 5; i++) {
      write("many/f" + i + ".conf", "port " + i + "\n");
    }
    Path main = write("redis.conf", "include many/*.conf\n");
    RedisConfigParser limited = RedisConfigParser.builder().maxFiles(3).workingDirectory(dir).build();
    assertEquals(ConfigParseException.TOO_MANY_FILES,
        assertThrows(ConfigParseException.class, () -> limited.parse(main)).reason());
  }

  @Test
  void relativeIncludes_resolveAgainstTheWorkingDirectoryWhenSet() throws IOException {
    write("cwd/extra.conf", "maxclients 7\n");
    Path main = write("etc/redis.conf", "include extra.conf\n");
    assertEquals(ConfigParseException.UNREADABLE,
        assertThrows(ConfigParseException.class, () -> RedisConfigParser.defaults().parse(main)).reason());
    RedisConfig c = RedisConfigParser.builder().workingDirectory(dir.resolve("cwd")).build().parse(main);
    assertEquals("7", c.value("maxclients").orElseThrow());
  }

  @Test
  void relativeIncludes_afterDir_resolveAgainstTheDirectoryDirMovesTo() throws IOException {
    write("cwd/extra.conf", "maxclients 7\n");
    write("data/extra.conf", "maxclients 8\n");
    write("data/sub/extra.conf", "maxclients 9\n");
    RedisConfigParser parser = RedisConfigParser.builder().workingDirectory(dir.resolve("cwd")).build();
    String data = RedisConfigParser.quote(dir.resolve("data").toString());
    Map<String, String> expected = Map.of(
        "include extra.conf\ndir " + data + "\n", "7",
        "dir " + data + "\ninclude extra.conf\n", "8",
        "dir " + data + "\ndir sub\ninclude extra.conf\n", "9",
        "dir ../data\ninclude extra.conf\n", "8",
        "dir a b\ninclude extra.conf\n", "7");
    for (Map.Entry<String, String> e : expected.entrySet()) {
      RedisConfig c = parser.parse(write("etc/redis.conf", e.getKey()));
      assertEquals(e.getValue(), c.value("maxclients").orElseThrow(), e.getKey());
    }
    Path invalidDir = write("etc/redis.conf", "dir \"a\\x00b\"\ninclude extra.conf\n");
    ConfigParseException e = assertThrows(ConfigParseException.class, () -> parser.parse(invalidDir));
    assertEquals(ConfigParseException.BAD_INCLUDE, e.reason(), e.getMessage());
    assertTrue(e.getMessage().contains("after a dir that is not a valid path"), e.getMessage());
    // an absolute include does not depend on it, and an absolute dir makes the directory known again
    write("etc/abs.conf", "maxclients 6\n");
    assertEquals("8", parser.parse(write("etc/redis.conf", "dir \"a\\x00b\"\ninclude "
        + RedisConfigParser.quote(dir.resolve("etc/abs.conf").toString()) + "\ndir " + data
        + "\ninclude extra.conf\n")).value("maxclients").orElseThrow());
  }

  @Test
  void bytesAboveAscii_areKeptOneCharacterPerByte() throws IOException {
    Path p = dir.resolve("latin.conf");
    Files.write(p, new byte[] {'r', 'e', 'q', 'u', 'i', 'r', 'e', 'p', 'a', 's', 's', ' ', (byte) 0xc3,
        (byte) 0xa9, '\n'});
    assertEquals("\u00c3\u00a9", RedisConfigParser.defaults().parse(p).value("requirepass").orElseThrow());
  }

  @Test
  void aclFile_isSplitAtSingleSpacesWithoutQuoting_asRedis70Does() throws IOException {
    Path acl = write("users.acl",
        "user default off\n  user \"thalos\" on\t'>p w'  ~thalos::*\t\r\ninclude x.conf\n# comment\nUSER a on\n");
    RedisConfig users = RedisConfigParser.defaults().parseAclFile(acl);
    // the arguments Redis splits: two spaces give an empty one, a tab is part of its argument
    assertEquals(List.of("\"thalos\"", "on\t'>p", "w'", "", "~thalos::*"), users.all("user").get(1).args());
    assertEquals(2, users.all("user").get(1).line());
    // the keyword is kept as written: Redis wants exactly 'user'
    assertEquals(List.of("user", "user", "include", "#", "USER"),
        users.directives().stream().map(Directive::name).collect(Collectors.toList()));
    assertEquals(1, users.files().size());
  }

  @Test
  void builderLimits_rejectNonsense() {
    assertEquals("invalid maxIncludeDepth: 65 (must be 0..64)",
        assertThrows(IllegalArgumentException.class, () -> RedisConfigParser.builder().maxIncludeDepth(65))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> RedisConfigParser.builder().maxFileBytes(0));
    assertThrows(IllegalArgumentException.class, () -> RedisConfigParser.builder().maxFiles(0));
  }

  // ---- control characters in file names (log injection) ----

  private static String rejection(RedisConfigParser parser, Path file) {
    return assertThrows(ConfigParseException.class, () -> parser.parse(file)).getMessage();
  }

  @Test
  void fileNames_withControlCharacters_areQuotedEscaped_inEveryMessage() throws IOException {
    String name = LogInjection.FILE_NAME;
    RedisConfigParser parser = RedisConfigParser.defaults();
    LogInjection.assertFileNameEscaped(rejection(parser, dir.resolve(name + ".conf")));
    LogInjection.assertFileNameEscaped(assertThrows(ConfigParseException.class,
        () -> parser.parseAclFile(dir.resolve(name + ".acl"))).getMessage());
    for (String text : new String[] {"requirepass \"unterminated\n", "\"\" yes\n", "include a b\n",
        "include */x.conf\n", "include [\n"}) {
      Path file = dir.resolve(name + ".conf");
      Files.writeString(file, text, StandardCharsets.UTF_8);
      LogInjection.assertFileNameEscaped(rejection(parser, file));
      LogInjection.assertFileNameEscaped(assertThrows(ConfigParseException.class,
          () -> parser.parse(text, file)).getMessage());
    }
    LogInjection.assertFileNameEscaped(parser.parse("port 1\n", dir.resolve(name)).toString());
    Path big = write(name + ".big", "port 1\n".repeat(100));
    LogInjection.assertFileNameEscaped(rejection(RedisConfigParser.builder().maxFileBytes(100).build(), big));
  }

  @Test
  void includedFileNames_withControlCharacters_areQuotedEscaped() throws IOException {
    // '[' would make the include a wildcard: a name without it, named exactly
    String name = LogInjection.FILE_NAME.replace("[", "");
    String escaped = LogInjection.FILE_NAME_ESCAPED.replace("[", "");
    Path main = write("redis.conf", "include " + RedisConfigParser.quote(name + ".conf") + "\n");
    String missing = rejection(RedisConfigParser.defaults(), main);
    assertTrue(missing.contains(escaped), missing);
    LogInjection.assertNoControlCharacters(missing);
    Files.writeString(dir.resolve(name + ".conf"), "include " + RedisConfigParser.quote(name + ".conf") + "\n",
        StandardCharsets.UTF_8);
    String cycle = rejection(RedisConfigParser.defaults(), main);
    assertTrue(cycle.startsWith("include cycle: " + dir + "/" + escaped + ".conf includes itself"), cycle);
    LogInjection.assertNoControlCharacters(cycle);
    Files.writeString(dir.resolve(name + ".conf"), "include redis.conf\n", StandardCharsets.UTF_8);
    String deep = rejection(RedisConfigParser.builder().maxIncludeDepth(1).build(), main);
    assertTrue(deep.contains("at " + dir + "/" + escaped + ".conf line 1"), deep);
    LogInjection.assertNoControlCharacters(deep);
  }

  @Test
  void includedFileNames_foundByAWildcard_areQuotedEscaped() throws IOException {
    Files.createDirectories(dir.resolve("conf.d"));
    Files.writeString(dir.resolve("conf.d").resolve(LogInjection.FILE_NAME + ".conf"), "requirepass \"x\n",
        StandardCharsets.UTF_8);
    Path main = write("redis.conf", "include conf.d/*.conf\n");
    LogInjection.assertFileNameEscaped(rejection(RedisConfigParser.defaults(), main));
    Files.writeString(dir.resolve("conf.d").resolve(LogInjection.FILE_NAME + ".conf"), "port 1\n".repeat(100),
        StandardCharsets.UTF_8);
    LogInjection.assertFileNameEscaped(rejection(RedisConfigParser.builder().maxFileBytes(100).build(), main));
    Files.writeString(dir.resolve("conf.d").resolve(LogInjection.FILE_NAME + ".conf"), "port 1\n",
        StandardCharsets.UTF_8);
    RedisConfig c = RedisConfigParser.defaults().parse(main);
    Directive port = c.last("port").orElseThrow();
    LogInjection.assertFileNameEscaped(port.toString());
    LogInjection.assertFileNameEscaped(port.location().toString());
  }
}
