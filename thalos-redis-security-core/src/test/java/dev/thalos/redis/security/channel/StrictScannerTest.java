package dev.thalos.redis.security.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.Tuple;

/**
 * The strict fast path answers exactly what the general scanner answers for every valid strict channel, and
 * {@link StrictScanner#NO} for everything else, on every input type.
 */
@Tag("unit")
class StrictScannerTest {

  private static final String WAX_ID = ChannelValidatorTest.WAX_ID;

  private static final String[] VALID = {
    "ship::wax::heartbeat",
    "ship::wax::transactions",
    "ship::wax::rollback",
    "ship::wax::actions",
    "ship::wax::actions/name/transfer",
    "ship::wax::actions/contract/eosio.token",
    "ship::wax::actions/contract/eosio.token/name/transfer",
    "ship::" + WAX_ID + "::actions/contract/eosio.token/name/transfer",
    "ship::" + WAX_ID + "::tabledeltas/name/contract_row",
    "ship::" + WAX_ID + "::heartbeat",
    "p".repeat(64) + "::" + "c".repeat(32) + "::tabledeltas",
    "A-Z_a.9::wax::tabledeltas/name/resource_limits_config",
    "ship::wax::actions/contract/abcdefghijkl1/name/.a",
    "ship::wax::actions/contract/aaaaaaaaaaaaj",
    "s::0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef::rollback",
  };

  /** What the fast path must answer: the general scanner's kind for a valid channel, else NO. */
  private static int expected(Object s, int k, int off, int len) {
    int r = ChannelScanner.scan(s, k, off, len, true);
    return r >= 0 ? r : StrictScanner.NO;
  }

  private static void assertSameAnswers(String channel) {
    int want = expected(channel, ChannelScanner.STRING, 0, channel.length());
    assertEquals(want, StrictScanner.scan(channel), () -> "String " + InvalidChannelException.quote(channel));
    boolean latin1 = channel.chars().allMatch(c -> c < 256);
    assertSameAnswers(channel.getBytes(StandardCharsets.UTF_8));
    if (latin1) {
      assertSameAnswers(channel.getBytes(StandardCharsets.ISO_8859_1));
    }
  }

  private static void assertSameAnswers(byte[] bytes) {
    int want = expected(bytes, ChannelScanner.BYTES, 0, bytes.length);
    String what = InvalidChannelException.quote(bytes, ChannelScanner.BYTES, 0, bytes.length);
    assertEquals(want, StrictScanner.scan(bytes, 0, bytes.length), () -> "byte[] " + what);
    // framed in a larger array whose surrounding bytes would complete a longer channel
    byte[] framed = new byte[bytes.length + 16];
    java.util.Arrays.fill(framed, (byte) 'a');
    System.arraycopy(bytes, 0, framed, 7, bytes.length);
    assertEquals(want, StrictScanner.scan(framed, 7, bytes.length), () -> "framed byte[] " + what);
    for (ByteOrder order : new ByteOrder[] {ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN}) {
      ByteBuffer direct = ByteBuffer.allocateDirect(framed.length).order(order);
      direct.put(framed).position(7).limit(7 + bytes.length);
      assertEquals(want, StrictScanner.scan(direct), () -> "direct " + order + " " + what);
      assertEquals(7, direct.position());
      ByteBuffer heap = ByteBuffer.wrap(framed).order(order);
      heap.position(7).limit(7 + bytes.length);
      assertEquals(want, StrictScanner.scan(heap.slice().order(order)), () -> "heap slice " + order + " " + what);
      assertEquals(want, StrictScanner.scan(heap.asReadOnlyBuffer().order(order)), () -> "read-only " + what);
    }
  }

  @Example
  void validChannels_areAcceptedWithTheirKind_onEveryInputType() {
    for (String channel : VALID) {
      assertTrue(StrictScanner.scan(channel) >= 0, channel);
      assertSameAnswers(channel);
    }
  }

  @Example
  void everySingleByteSubstitution_ofValidChannels_agrees() {
    for (String channel : VALID) {
      byte[] base = channel.getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < base.length; i++) {
        for (int v = 0; v < 256; v++) {
          byte[] b = base.clone();
          b[i] = (byte) v;
          int want = expected(b, ChannelScanner.BYTES, 0, b.length);
          int at = i;
          int value = v;
          assertEquals(want, StrictScanner.scan(b, 0, b.length), () -> channel + " with byte " + value + " at " + at);
          if (v < 128 || i % 7 == 0) {
            String s = channel.substring(0, i) + (char) (v < 128 ? v : v * 97) + channel.substring(i + 1);
            assertEquals(expected(s, ChannelScanner.STRING, 0, s.length()), StrictScanner.scan(s), s);
          }
        }
      }
    }
  }

  @Example
  void everyInsertionAndDeletion_ofValidChannels_agrees() {
    String atoms = "a:/.1jkz_-0A*\u00E9\u0100";
    for (String channel : VALID) {
      for (int i = 0; i <= channel.length(); i++) {
        if (i < channel.length()) {
          assertSameAnswers(channel.substring(0, i) + channel.substring(i + 1));
        }
        for (char c : atoms.toCharArray()) {
          assertSameAnswers(channel.substring(0, i) + c + channel.substring(i));
        }
      }
    }
  }

  @Example
  void swarHexCheck_agreesWithTheCharacterClass_forEveryByteInEveryLane() {
    for (int lane = 0; lane < 8; lane++) {
      for (int v = 0; v < 256; v++) {
        long x = 0x3061396630613966L; // "f9a0f9a0" little-endian lanes, all hex
        x = (x & ~(0xFFL << (8 * lane))) | ((long) v << (8 * lane));
        boolean hex = (v >= '0' && v <= '9') || (v >= 'a' && v <= 'f');
        assertEquals(hex, StrictScanner.isHex8(x), "lane " + lane + " byte " + v);
      }
    }
  }

  @Property
  void swarHexCheck_agreesWithBytewiseCheck(@ForAll("hexishLongs") long x) {
    boolean all = true;
    for (int lane = 0; lane < 8; lane++) {
      int v = (int) (x >>> (8 * lane)) & 0xFF;
      all &= (v >= '0' && v <= '9') || (v >= 'a' && v <= 'f');
    }
    assertEquals(all, StrictScanner.isHex8(x), Long.toHexString(x));
  }

  @Provide
  Arbitrary<Long> hexishLongs() {
    Arbitrary<Integer> lane = Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.of((int) '0', (int) '9', (int) 'a', (int) 'f', (int) '5', (int) 'c')),
        Tuple.of(1, Arbitraries.of((int) '/', (int) ':', (int) '`', (int) 'g', 0x80, 0xB0, 0xE1, 0xFF, 0x00)),
        Tuple.of(1, Arbitraries.integers().between(0, 255)));
    return lane.list().ofSize(8).map(l -> {
      long x = 0;
      for (int i = 0; i < 8; i++) {
        x |= (long) l.get(i) << (8 * i);
      }
      return x;
    });
  }

  @Property
  void nearChannels_agree(@ForAll("nearChannels") String channel) {
    assertSameAnswers(channel);
  }

  @Property
  void nearChannelBytes_agree(@ForAll("nearChannelBytes") byte[] bytes) {
    assertSameAnswers(bytes);
  }

  @Property
  void namespacePrefixesAndChainIds_agree(@ForAll("aroundNamespace") String channel) {
    assertSameAnswers(channel);
  }

  @Provide
  Arbitrary<String> nearChannels() {
    return new ChannelValidatorTest().nearChannels();
  }

  @Provide
  Arbitrary<byte[]> nearChannelBytes() {
    return new ChannelValidatorTest().nearChannelBytes();
  }

  /**
   * Valid paths behind prefixes and chains drawn around the namespace rules: chain ids of 62-66 hex-ish
   * characters (with upper case, {@code g}, {@code :} and non-Latin1 characters slipped in), chain names of
   * 30-34 characters, prefixes of 62-66 characters, and separators of one to three colons.
   */
  @Provide
  Arbitrary<String> aroundNamespace() {
    Arbitrary<String> prefix = Arbitraries.oneOf(
        Arbitraries.strings().withChars("shipAZ09._-").ofMinLength(1).ofMaxLength(6),
        Arbitraries.strings().withChars("shipAZ09._-").ofMinLength(62).ofMaxLength(66),
        Arbitraries.strings().withChars("sh:ip\u00E9\u0130 /*").ofMinLength(0).ofMaxLength(6));
    Arbitrary<String> chain = Arbitraries.oneOf(
        Arbitraries.strings().withChars("0123456789abcdef").ofMinLength(62).ofMaxLength(66),
        Arbitraries.strings().withChars("0123456789abcdef").ofLength(64)
            .flatMap(id -> Combinators.combine(Arbitraries.integers().between(0, 63),
                Arbitraries.of('A', 'F', 'g', '/', ':', '`', '.', '\u00E9', '\u0130', '\u0661', '\uFF10'))
                .as((at, c) -> id.substring(0, at) + c + id.substring(at + 1))),
        Arbitraries.strings().withChars("wax-_.09gz").ofMinLength(1).ofMaxLength(4),
        Arbitraries.strings().withChars("wax-_.09gz").ofMinLength(30).ofMaxLength(34));
    Arbitrary<String> separator = Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.just("::")), Tuple.of(1, Arbitraries.of(":", ":::", ":\u00E9", "")));
    Arbitrary<String> path = Arbitraries.of(VALID).map(v -> v.substring(v.lastIndexOf("::") + 2));
    return Combinators.combine(prefix, separator, chain, separator, path)
        .as((p, s1, c, s2, q) -> p + s1 + c + s2 + q);
  }
}
