package dev.thalos.redis.security.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.Size;

/** Hostile input never breaks the parser; quoting round-trips. */
@Tag("unit")
class RedisConfigParserPropertyTest {

  /** Text built from the characters that matter to the splitter, plus anything. */
  @Provide
  Arbitrary<String> hostileText() {
    Arbitrary<String> pieces = Arbitraries.oneOf(
        Arbitraries.of("\"", "'", "\\", "\\x", "\\x4", "\\xff", "\\'", "\\\"", " ", "\t", "\n", "\r", "\u000b",
            "\f", "\u0000", "#", "include", "include /dev/null", "include *", "include .", "user default on",
            ">pw", "bind", "-::*", "port", "client-output-buffer-limit pubsub 0 0 0"),
        Arbitraries.strings().ofMaxLength(8),
        Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(8));
    return pieces.list().ofMaxSize(60).map(l -> String.join("", l));
  }

  @Property
  void anyText_parsesOrThrowsOnlyConfigParseException_quickly(@ForAll("hostileText") String text) {
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      try {
        RedisConfig c = RedisConfigParser.builder().maxIncludeDepth(2).maxFiles(4).build()
            .parse(text, Path.of("/nonexistent-dir/redis.conf"));
        // what parsed can be audited without an exception
        ConfigAudit.defaults().audit(c);
      } catch (ConfigParseException expected) {
        // documented
      }
    });
  }

  @Property
  void anyByteString_quotedThenSplit_givesItBack(@ForAll("byteStrings") String s) {
    assertEquals(List.of(s), RedisConfigParser.splitArgs(RedisConfigParser.quote(s)));
  }

  @Property
  void anyArgumentList_quotedAndJoined_splitsBackIntoTheSameList(
      @ForAll @Size(max = 8) List<@net.jqwik.api.constraints.CharRange(from = '\u0000', to = '\u00ff') String> args) {
    List<String> quoted = new ArrayList<>();
    for (String a : args) {
      quoted.add(RedisConfigParser.quote(a));
    }
    assertEquals(args, RedisConfigParser.splitArgs(String.join(" \t", quoted)));
  }

  @Property
  void aQuotedValue_inAConfigLine_isReadBackAsTheDirectivesArgument(@ForAll("byteStrings") String s) {
    RedisConfig c = RedisConfigParser.defaults().parse("masterauth " + RedisConfigParser.quote(s) + "\n",
        Path.of("redis.conf"));
    assertEquals(s, c.value("masterauth").orElseThrow());
  }

  @Provide
  Arbitrary<String> byteStrings() {
    return Arbitraries.strings().withCharRange('\u0000', '\u00ff').ofMaxLength(40);
  }
}
