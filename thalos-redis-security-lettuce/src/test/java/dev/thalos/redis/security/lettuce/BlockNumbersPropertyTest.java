package dev.thalos.redis.security.lettuce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.LongRange;

/** Properties of the block-number scan: exact on Thalos-shaped messages, total on arbitrary bytes. */
@Tag("unit")
class BlockNumbersPropertyTest {

  @Property
  void thalosActions_alwaysYieldTheirBlockNumber(@ForAll @LongRange(min = 0, max = 4294967295L) long block,
      @ForAll("jsonData") String data) {
    assertEquals(block, BlockNumbers.find(BlockNumbersTest.action(block, data)));
  }

  @Property
  void arbitraryBytes_neverThrow_andYieldNoneOrANonNegativeNumber(@ForAll("payloads") byte[] payload) {
    long block = BlockNumbers.find(payload);
    assertTrue(block == BlockNumbers.NONE || block >= 0, () -> "block " + block);
  }

  @Property
  void fixedOffsetFastPath_answersExactlyAsTheScan(@ForAll("nearlyThalos") byte[] payload) {
    assertEquals(BlockNumbers.scanJson(payload), BlockNumbers.find(payload), () -> new String(payload,
        StandardCharsets.ISO_8859_1));
  }

  @Property
  void digitsReadAWordAtATime_equalDigitsReadOneByOne(@ForAll("aroundDigits") byte[] payload,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 40) int at) {
    int from = Math.min(at, payload.length);
    assertEquals(BlockNumbers.digitsSlow(payload, from), BlockNumbers.digitsAt(payload, from),
        () -> "at " + from + " of " + java.util.Arrays.toString(payload));
  }

  /**
   * Runs of 0..25 digits between bytes of every kind, including those next to the digits ({@code /}, {@code :}),
   * those with the digits' high nibble ({@code :}..{@code ?}) and those whose addition carries ({@code 0xFA}..).
   */
  @Provide
  Arbitrary<byte[]> aroundDigits() {
    Arbitrary<byte[]> digits = Arbitraries.strings().withChars("0123456789").ofMaxLength(25)
        .map(d -> d.getBytes(StandardCharsets.US_ASCII));
    Arbitrary<byte[]> other = Arbitraries.oneOf(
        Arbitraries.of((byte) '/', (byte) ':', (byte) ';', (byte) '?', (byte) ' ', (byte) ',', (byte) '}',
            (byte) 0xFA, (byte) 0xFF, (byte) 0x00, (byte) 0x3F, (byte) 0xB0, (byte) 0x39).array(byte[].class)
            .ofMaxSize(12),
        Arbitraries.bytes().array(byte[].class).ofMaxSize(12));
    return net.jqwik.api.Combinators.combine(other, digits, other, digits, other).as((a, b, c, d, e) -> {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      out.writeBytes(a);
      out.writeBytes(b);
      out.writeBytes(c);
      out.writeBytes(d);
      out.writeBytes(e);
      return out.toByteArray();
    });
  }

  /**
   * Payloads that start like Thalos' (heartbeat, action, transaction) but with ids that may hold quotes,
   * blocknum values with blanks, signs, too many digits, and a second blocknum later on.
   */
  @Provide
  Arbitrary<byte[]> nearlyThalos() {
    Arbitrary<String> head = Arbitraries.of("{\"blocknum\":", "{\"tx_id\":\"", "{\"id\":\"", "{\"tx_id\":",
        "{\"blocknum\" :", "{ \"blocknum\":");
    Arbitrary<String> randomId = Arbitraries.strings().withChars("0123456789abcdef\"\\ ").ofLength(64);
    // an id that itself holds a complete blocknum field: the scan finds that one first
    Arbitrary<String> fakeId = net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 40),
        Arbitraries.longs().between(0, 99999)).as((at, n) -> {
          String field = "\"blocknum\":" + n + ",";
          String padded = "a".repeat(at) + field + "b".repeat(64);
          return padded.substring(0, 64);
        });
    Arbitrary<String> id = Arbitraries.oneOf(randomId, fakeId);
    Arbitrary<String> afterId = Arbitraries.of("\",\"blocknum\":", "\",\"blocknum\": ", "\",\"blocknumx\":",
        "\",\"blocknum\"", "\",\"block\":");
    Arbitrary<String> value = Arbitraries.strings().withChars("0123456789 -\",}").ofMaxLength(22);
    Arbitrary<String> tail = Arbitraries.of("", ",\"blocknum\":7}", "\"blocknum\":8,\"x\":1}", "}");
    return net.jqwik.api.Combinators.combine(head, id, afterId, value, tail).as((h, i, a, v, t) ->
        (h.startsWith("{\"blocknum") || h.startsWith("{ ") ? h + v + t : h + i + a + v + t)
            .getBytes(StandardCharsets.ISO_8859_1));
  }

  @Provide
  Arbitrary<String> jsonData() {
    Arbitrary<String> text = Arbitraries.strings().withChars("abc\"\\:{}blocknum 0123456789,").ofMaxLength(60)
        .map(s -> s.replace("\\", "\\\\").replace("\"", "\\\""));
    return Arbitraries.oneOf(text.map(s -> "\"" + s + "\""),
        text.map(s -> "{\"memo\":\"" + s + "\",\"blocknum\":1}"),
        Arbitraries.longs().map(String::valueOf));
  }

  @Provide
  Arbitrary<byte[]> payloads() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
    Arbitrary<byte[]> jsonish = Arbitraries.strings().withChars("{}\"blocknum:0123456789 \t-,").ofMaxLength(80)
        .map(s -> ("{" + s).getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> msgpackish = Arbitraries.bytes().array(byte[].class).ofMaxSize(20)
        .map(tail -> {
          byte[] head = BlockNumbersTest.msgpackHeartbeat(new byte[0]);
          byte[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
          System.arraycopy(tail, 0, all, head.length, tail.length);
          return all;
        });
    return Arbitraries.oneOf(random, jsonish, msgpackish);
  }
}
