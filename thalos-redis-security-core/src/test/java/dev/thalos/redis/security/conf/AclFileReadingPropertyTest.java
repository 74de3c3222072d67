package dev.thalos.redis.security.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.thalos.redis.security.acl.AclParser;
import dev.thalos.redis.security.acl.AclSyntaxException;
import dev.thalos.redis.security.acl.AclUser;
import dev.thalos.redis.security.conf.ExposureVerdict.Authentication;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * An aclfile line is read the same way by the ACL toolkit ({@link AclParser#parseAclFile(String)}) and by the
 * offline audit ({@link RedisConfigParser#parseAclFile(Path)}, then the {@code conf.acl.*} rules and the default
 * user's facts): both refuse it, or both read the same user.
 */
@Tag("unit")
class AclFileReadingPropertyTest {

  private static final String HASH = "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb";

  /** Mostly well-formed user lines, with the blanks, keywords, names and rules Redis reads in its own way. */
  @Provide
  Arbitrary<String> aclFileLines() {
    Arbitrary<String> blank = Arbitraries.frequency(Tuple.of(30, ""), Tuple.of(1, " "), Tuple.of(1, "\t"),
        Tuple.of(1, " \t "), Tuple.of(1, "\r"), Tuple.of(1, "\u000b"), Tuple.of(1, "\f"));
    Arbitrary<String> separator = Arbitraries.frequency(Tuple.of(60, " "), Tuple.of(1, "  "), Tuple.of(1, "\t"),
        Tuple.of(1, " \t"), Tuple.of(1, "\t "), Tuple.of(1, " \r "), Tuple.of(1, "\u000b "));
    Arbitrary<String> keyword = Arbitraries.frequency(Tuple.of(40, "user"), Tuple.of(1, "USER"),
        Tuple.of(1, "#"), Tuple.of(1, "#user"), Tuple.of(1, "\"user\""));
    Arbitrary<String> name = Arbitraries.frequency(Tuple.of(6, "default"), Tuple.of(6, "thalos"),
        Tuple.of(1, ""), Tuple.of(1, "\"a\""), Tuple.of(1, "a\tb"), Tuple.of(1, "\u00e9"));
    Arbitrary<String> validRule = Arbitraries.of("on", "off", "ON", "nopass", "resetpass", "reset", ">pw", ">",
        "#" + HASH, "~k*", "%R~r", "%RW~*", "~*", "allkeys", "&ship::*", "allchannels", "resetchannels", "+get",
        "-@all", "+@all", "+client|kill", "(~y +get)", "()", "~\"q\"", "~\\x41", "~'x", "clearselectors", "");
    Arbitrary<String> hostileRule = Arbitraries.oneOf(
        Arbitraries.of("<pw", "!" + HASH, "#abc", "#" + HASH.toUpperCase(), "(~x", "+set)", "(", ")", ">\"p",
            "'x'", "\"~a", "b\"", "#"),
        Arbitraries.strings().withChars("~%&+-@|()*<>#!\"'\\ \tabRW").ofMaxLength(6));
    Arbitrary<String> rule = Arbitraries.frequencyOf(Tuple.of(8, validRule), Tuple.of(1, hostileRule));
    Arbitrary<String> edge = Arbitraries.frequency(Tuple.of(40, ""), Tuple.of(1, "\t"), Tuple.of(1, "\r"),
        Tuple.of(1, "\t\r"), Tuple.of(1, "\n"));
    Arbitrary<String> decoratedRule = Combinators.combine(edge, rule, edge).as((a, r, b) -> a + r + b);
    Arbitrary<String> rules = Combinators.combine(separator, decoratedRule).as((s, r) -> s + r).list().ofMaxSize(6)
        .map(l -> String.join("", l));
    return Combinators.combine(blank, keyword, separator, name, rules, blank)
        .as((b1, k, s, n, r, b2) -> b1 + k + s + n + r + b2);
  }

  /** A second line, often none. */
  @Provide
  Arbitrary<String> secondLines() {
    return Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.just("")), Tuple.of(1, aclFileLines()));
  }

  /** Edge cases off: the weights above keep about a third of the files readable, jqwik's edge cases would not. */
  @Property(edgeCases = EdgeCasesMode.NONE)
  void anAclFile_isReadAlikeByTheToolkitAndByTheAudit(@ForAll("aclFileLines") String first,
      @ForAll("secondLines") String second, @ForAll boolean crlf) throws IOException {
    Statistics.coverage(c -> c.check("read").percentage(p -> p >= 20));
    String text = first + (crlf ? "\r\n" : "\n") + second;
    Path dir = Files.createTempDirectory("acl-reading");
    try {
      Path acl = dir.resolve("users.acl");
      Files.writeString(acl, text, StandardCharsets.ISO_8859_1);
      RedisConfig conf = RedisConfigParser.defaults().parse("aclfile users.acl\n", dir.resolve("redis.conf"));
      AuditInput in = new AuditInput(conf, Optional.of(RedisConfigParser.defaults().parseAclFile(acl)),
          Optional.empty(), false, 0);
      List<AclUser> audited = in.aclUsers.users.stream().map(u -> u.user).toList();

      List<AclUser> toolkit;
      try {
        toolkit = AclParser.redis7().parseAclFile(text);
      } catch (AclSyntaxException e) {
        Statistics.collect("refused");
        assertFalse(in.aclUsers.problems.isEmpty(), "the toolkit refuses (" + e.getMessage()
            + ") but the audit accepts " + audited + " from " + quote(text));
        return;
      }
      Statistics.collect(toolkit.isEmpty() ? "blank" : "read");
      assertEquals(List.of(), in.aclUsers.problems, "the toolkit accepts " + toolkit + " from " + quote(text));
      assertEquals(toolkit, audited, quote(text));
      // a file without the default user makes Redis create it as 'on nopass ~* &* +@all'
      Authentication expected = Authentication.NONE;
      for (AclUser u : toolkit) {
        if (u.name().equals("default")) {
          expected = authentication(u);
        }
      }
      assertEquals(expected, in.defaultUser.authentication(), quote(text));
    } finally {
      try (var files = Files.list(dir)) {
        for (Path p : files.toList()) {
          Files.delete(p);
        }
      }
      Files.delete(dir);
    }
  }

  private static Authentication authentication(AclUser u) {
    if (!u.enabled()) {
      return Authentication.DISABLED;
    }
    if (u.noPass()) {
      return Authentication.NONE;
    }
    return u.passwordHashes().isEmpty() ? Authentication.DISABLED : Authentication.PASSWORD;
  }

  private static String quote(String s) {
    return "'" + s.replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n").replace("\u000b", "\\v")
        .replace("\f", "\\f") + "'";
  }
}
