package dev.thalos.redis.security.lettuce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The block-number scan over real Thalos message shapes, near misses and arbitrary bytes. */
@Tag("unit")
class BlockNumbersTest {

  private static final String TX_ID = "9a3f1c0e5b7d2a4c6e8f0a1b3c5d7e9f1a2b3c4d5e6f708192a3b4c5d6e7f809";

  static byte[] json(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** An action as Thalos' JSON codec writes it (Go encoding/json: struct field order, no blanks). */
  static byte[] action(long block, String data) {
    return json("{\"tx_id\":\"" + TX_ID + "\",\"blocknum\":" + block
        + ",\"blocktimestamp\":\"2024-05-01T12:00:00Z\",\"name\":\"transfer\",\"contract\":\"eosio.token\","
        + "\"receiver\":\"alice\",\"data\":" + data + ",\"authorization\":[],\"except\":\"\",\"error\":0}");
  }

  @Test
  void heartbeat_yieldsItsBlockNumber_notTheHeadOrIrreversibleOne() {
    assertEquals(123456789L, BlockNumbers.find(json(
        "{\"head_blocknum\":999999999,\"last_irreversible_blocknum\":888888888,\"blocknum\":123456789}")));
    assertEquals(42L, BlockNumbers.find(json(
        "{\"blocknum\":42,\"head_blocknum\":50,\"last_irreversible_blocknum\":40}")));
  }

  @Test
  void thalosShapedMessages_takeTheFixedOffsetPath_othersTheScan() {
    assertEquals(287654321L, BlockNumbers.fixedOffset(action(287654321L, "{}")));
    assertEquals(7L, BlockNumbers.fixedOffset(json("{\"id\":\"" + TX_ID + "\",\"blocknum\":7,\"status\":1}")));
    assertEquals(42L, BlockNumbers.fixedOffset(json("{\"blocknum\":42,\"head_blocknum\":50}")));
    // not at the fixed offsets: left to the scan, which still finds them
    byte[] reordered = json("{\"head_blocknum\":50,\"blocknum\":42}");
    assertEquals(BlockNumbers.NONE, BlockNumbers.fixedOffset(reordered));
    assertEquals(42L, BlockNumbers.find(reordered));
    byte[] spaced = json("{\"blocknum\": 42, \"head_blocknum\":50}");
    assertEquals(BlockNumbers.NONE, BlockNumbers.fixedOffset(spaced));
    assertEquals(42L, BlockNumbers.find(spaced));
  }

  @Test
  void actionTransactionAndTableDelta_yieldTheirBlockNumber() {
    assertEquals(287654321L, BlockNumbers.find(action(287654321L, "{\"memo\":\"hi\"}")));
    assertEquals(7L, BlockNumbers.find(json("{\"id\":\"" + TX_ID + "\",\"blocknum\":7,\"status\":\"executed\","
        + "\"action_traces\":[{\"blocknum\":7}]}")));
    assertEquals(0L, BlockNumbers.find(json("{\"blocknum\":0,\"name\":\"contract_row\",\"rows\":[]}")));
  }

  @Test
  void blanksAroundTheColon_areAccepted() {
    assertEquals(12L, BlockNumbers.find(json("{ \"blocknum\" :  12 }")));
    assertEquals(12L, BlockNumbers.find(json("\n{\n  \"blocknum\":\t12\n}")));
  }

  @Test
  void aStringValueCannotFakeTheField_becauseItsQuotesAreEscaped() {
    assertEquals(5L, BlockNumbers.find(json("{\"memo\":\"\\\"blocknum\\\":99\",\"blocknum\":5}")));
  }

  @Test
  void nearMisses_yieldNone() {
    assertEquals(BlockNumbers.NONE, BlockNumbers.find(json("{\"head_blocknum\":5}")));
    assertEquals(BlockNumbers.NONE, BlockNumbers.find(json("{\"blocknum\":\"5\"}")));
    assertEquals(BlockNumbers.NONE, BlockNumbers.find(json("{\"blocknum\":-5}")));
    assertEquals(BlockNumbers.NONE, BlockNumbers.find(json("{\"blocknum\":")));
    assertEquals(BlockNumbers.NONE, BlockNumbers.find(json("{\"blocknum\"}")));
    assertEquals(BlockNumbers.NONE, BlockNumbers.find(json("{\"blocknums\":5}")));
    assertEquals(BlockNumbers.NONE, BlockNumbers.find(json("plain text \"blocknum\":5")));
    assertEquals(BlockNumbers.NONE, BlockNumbers.find(json("{\"blocknum\":12345678901234567890}")));
    assertEquals(BlockNumbers.NONE, BlockNumbers.find(new byte[0]));
    assertEquals(BlockNumbers.NONE, BlockNumbers.find(null));
  }

  @Test
  void aFieldBeyondTheScanLimit_isNotLookedFor() {
    String padding = "x".repeat(BlockNumbers.SCAN_LIMIT);
    assertEquals(BlockNumbers.NONE, BlockNumbers.find(json("{\"pad\":\"" + padding + "\",\"blocknum\":5}")));
  }

  @Test
  void msgpack_heartbeatWithEveryIntegerWidth() {
    assertEquals(5L, BlockNumbers.find(msgpackHeartbeat(new byte[] {0x05})));
    assertEquals(200L, BlockNumbers.find(msgpackHeartbeat(new byte[] {(byte) 0xCC, (byte) 200})));
    assertEquals(0x1234L, BlockNumbers.find(msgpackHeartbeat(new byte[] {(byte) 0xCD, 0x12, 0x34})));
    assertEquals(0xF1234567L, BlockNumbers.find(msgpackHeartbeat(
        new byte[] {(byte) 0xCE, (byte) 0xF1, 0x23, 0x45, 0x67})));
    assertEquals(0x0102030405060708L, BlockNumbers.find(msgpackHeartbeat(
        new byte[] {(byte) 0xCF, 1, 2, 3, 4, 5, 6, 7, 8})));
    assertEquals(0x7FL, BlockNumbers.find(msgpackHeartbeat(new byte[] {(byte) 0xD0, 0x7F})));
    assertEquals(BlockNumbers.NONE, BlockNumbers.find(msgpackHeartbeat(new byte[] {(byte) 0xD0, (byte) 0xFF})));
    assertEquals(BlockNumbers.NONE, BlockNumbers.find(msgpackHeartbeat(new byte[] {(byte) 0xCE, 0x01})));
    assertEquals(BlockNumbers.NONE, BlockNumbers.find(msgpackHeartbeat(new byte[] {(byte) 0xA1, 'x'})));
  }

  /** {@code {head_blocknum: 9, blocknum: <value>}} as a msgpack map. */
  static byte[] msgpackHeartbeat(byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0x82);
    out.write(0xA0 | 13);
    out.writeBytes("head_blocknum".getBytes(StandardCharsets.US_ASCII));
    out.write(9);
    out.write(0xA8);
    out.writeBytes("blocknum".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(value);
    return out.toByteArray();
  }
}
