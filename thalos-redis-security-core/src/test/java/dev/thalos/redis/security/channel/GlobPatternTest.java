package dev.thalos.redis.security.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;

@Tag("unit")
class GlobPatternTest {

  private static boolean m(String pattern, String subject) {
    return GlobPattern.of(pattern.getBytes(StandardCharsets.ISO_8859_1))
        .matches(subject.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Example
  void namespacePattern_matchesOnlyItsNamespace() {
    GlobPattern wax = GlobPattern.of(ThalosNamespace.of("wax").channelPattern());
    assertTrue(wax.matches("ship::wax::heartbeat"));
    assertTrue(wax.matches(ThalosNamespace.of("wax").actions().contract("eosio.token")));
    assertTrue(wax.matches("ship::wax::"));
    assertFalse(wax.matches("ship::waxtest::heartbeat"));
    assertFalse(wax.matches("ship::eos::heartbeat"));
    assertFalse(wax.matches("SHIP::wax::heartbeat"));
  }

  @Example
  void emptySubject_matchesOnlyEmptyPattern() {
    assertTrue(m("", ""));
    assertFalse(m("*", ""));
    assertFalse(m("**", ""));
    assertFalse(m("", "a"));
    assertTrue(m("a*", "a"));
    assertTrue(m("a**", "a"));
    assertFalse(m("a*?", "a"));
  }

  @Example
  void classes_followRedisEdgeCases() {
    assertFalse(m("[", "["));
    assertFalse(m("[", "a"));
    assertTrue(m("[^", "x"));
    assertTrue(m("[a-", "-"));
    assertTrue(m("[z-a]", "m"));
    assertFalse(m("[z-a]", "A"));
    assertTrue(m("[a-]b]", "b"));
    assertTrue(m("[a-]b]", "_"));
    assertTrue(m("[a-]b]", "]"));
    assertFalse(m("[a-]b]", "c"));
    assertTrue(m("[\\]", "]"));
    assertFalse(m("[\\]", "\\"));
    assertTrue(m("[\\", "\\"));
    assertFalse(m("[]", "]"));
    assertFalse(m("[]a]", "a]"));
    assertTrue(m("[^]", "x"));
    assertTrue(m("[^]a", "xa"));
    assertTrue(m("[abc", "b"));
    assertFalse(m("[abc", "bc"));
  }

  @Example
  void rangesCompareSignedBytes_likeRedisOnX86() {
    assertTrue(m("[\u0080-\u00FF]", "\u0090"));
    assertFalse(m("[\u0080-\u00FF]", "a"));
    assertTrue(m("[a-\u00FF]", "A"));
    assertTrue(m("[a-\u00FF]", "\u00FF"));
    assertFalse(m("[a-\u00FF]", "b"));
    assertFalse(m("[a-\u00FF]", "\u0080"));
  }

  @Example
  void escapes_matchTheEscapedByte() {
    assertTrue(m("a\\*", "a*"));
    assertFalse(m("a\\*", "ab"));
    assertTrue(m("a\\", "a\\"));
    assertTrue(m("\\", "\\"));
    assertTrue(m("\\a", "a"));
    assertTrue(GlobPattern.literal("ship::w*x::[h]?\\").matches("ship::w*x::[h]?\\"));
    assertFalse(GlobPattern.literal("ship::w*x").matches("ship::wax"));
  }

  @Example
  void manyStars_matchInBoundedTime() {
    String pattern = "*a".repeat(40) + "b";
    String subject = "a".repeat(20_000);
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
      assertFalse(GlobPattern.of(pattern).matches(subject));
      assertFalse(GlobPattern.of("*".repeat(10_000) + "b").matches(subject));
      assertTrue(GlobPattern.of(pattern.substring(0, pattern.length() - 1)).matches(subject));
    });
  }

  @Example
  void matchingAsciiStringsAndBytes_allocatesNothing() {
    GlobPattern pattern = GlobPattern.of("ship::[a-z]?x::*/name/*");
    ThalosChannel channel = ThalosNamespace.of("wax").actions().contract("eosio.token").action("transfer");
    String name = channel.name();
    byte[] bytes = channel.nameBytes();
    ChannelAcl acl = ChannelAcl.of("&ship::eos::*", "&ship::wax::*");
    long allocated = Allocations.bytesAllocated(() -> {
      for (int i = 0; i < 20_000; i++) {
        if (!pattern.matches(name) || !pattern.matches(bytes, 0, bytes.length) || !pattern.matches(channel)
            || !acl.permitsPublish(channel) || !acl.permitsPublish(name) || acl.permitsPublish("ship::eosx::a")) {
          throw new AssertionError("unexpected result");
        }
      }
    });
    assertTrue(allocated < 4096, () -> allocated + " bytes allocated by 120,000 matches");
  }

  @Example
  void isLiteral_detectsMetacharacters() {
    assertTrue(GlobPattern.of("ship::wax::heartbeat").isLiteral());
    assertTrue(GlobPattern.of("a]").isLiteral());
    assertFalse(GlobPattern.of("ship::wax::*").isLiteral());
    assertFalse(GlobPattern.of("a\\b").isLiteral());
  }

  @Example
  void stringChannels_withNonAscii_areMatchedAsUtf8() {
    assertTrue(GlobPattern.of("sch??n").matches("sch\u00F6n"));
    assertFalse(GlobPattern.of("sch?n").matches("sch\u00F6n"));
    ByteBuffer direct = ByteBuffer.allocateDirect(16);
    direct.put("xxship::a".getBytes(StandardCharsets.US_ASCII)).flip().position(2);
    assertTrue(GlobPattern.of("ship::?").matches(direct));
    assertEquals(2, direct.position());
  }

  @Property
  void matcher_agreesWithReference(@ForAll("patterns") byte[] pattern, @ForAll("subjects") byte[] subject) {
    boolean expected = RedisGlobReference.matches(pattern, subject);
    GlobPattern glob = GlobPattern.of(pattern);
    assertEquals(expected, glob.matches(subject), () -> GlobCorpus.describe(pattern, subject));
    ByteBuffer direct = ByteBuffer.allocateDirect(subject.length + 1);
    direct.put((byte) 7).put(subject).flip().position(1);
    assertEquals(expected, glob.matches(direct));
    boolean ascii = true;
    for (byte b : subject) {
      ascii &= b >= 0;
    }
    if (ascii) {
      assertEquals(expected, glob.matches(new String(subject, StandardCharsets.US_ASCII)));
    }
  }

  @Provide
  Arbitrary<byte[]> patterns() {
    return bytesOf(GlobCorpus.PATTERN_ALPHABET, 12);
  }

  @Provide
  Arbitrary<byte[]> subjects() {
    return bytesOf(GlobCorpus.SUBJECT_ALPHABET, 10);
  }

  private static Arbitrary<byte[]> bytesOf(byte[] alphabet, int max) {
    Byte[] boxed = new Byte[alphabet.length];
    for (int i = 0; i < alphabet.length; i++) {
      boxed[i] = alphabet[i];
    }
    return Arbitraries.of(List.of(boxed)).list().ofMaxSize(max).map(l -> {
      byte[] out = new byte[l.size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = l.get(i);
      }
      return out;
    });
  }
}
