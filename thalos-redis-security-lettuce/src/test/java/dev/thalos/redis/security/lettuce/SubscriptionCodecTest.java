package dev.thalos.redis.security.lettuce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.thalos.redis.security.channel.ChannelValidator;
import dev.thalos.redis.security.channel.ThalosChannel;
import dev.thalos.redis.security.channel.ThalosNamespace;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The subscriber's codec: in-place channel matching, never null, one payload copy, size limit. */
@Tag("unit")
class SubscriptionCodecTest {

  private static final ThalosNamespace WAX = ThalosNamespace.of("wax");
  private static final ThalosChannel HEARTBEAT = WAX.heartbeat();
  private static final ThalosChannel TRANSFERS = WAX.actions().contract("eosio.token").action("transfer");
  private static final SubscriptionKey HEARTBEAT_KEY = SubscriptionKey.channel(HEARTBEAT);
  private static final SubscriptionKey TRANSFERS_KEY = SubscriptionKey.channel(TRANSFERS);
  private static final SubscriptionKey PATTERN_KEY = SubscriptionKey.pattern("ship::wax::actions/*");

  private static SubscriptionCodec channelsOnly(int max) {
    return new SubscriptionCodec(List.of(HEARTBEAT_KEY, TRANSFERS_KEY), List.of(), ChannelValidator.strict(), max);
  }

  private static ByteBuffer direct(String s) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buffer = ByteBuffer.allocateDirect(b.length + 8);
    buffer.put(new byte[] {1, 2, 3});
    buffer.put(b);
    buffer.flip();
    buffer.position(3);
    return buffer;
  }

  @Test
  void subscribedChannel_decodesToTheSameInstance_fromHeapAndDirectBuffers() {
    SubscriptionCodec codec = channelsOnly(Integer.MAX_VALUE);

    assertSame(HEARTBEAT_KEY, codec.decodeKey(ByteBuffer.wrap(HEARTBEAT.nameBytes())));
    assertSame(TRANSFERS_KEY, codec.decodeKey(direct(TRANSFERS.name())));
    assertSame(HEARTBEAT, codec.decodeKey(direct(HEARTBEAT.name())).channel);
  }

  @Test
  void decoding_leavesTheBufferPositionAlone() {
    ByteBuffer buffer = direct(HEARTBEAT.name());
    int position = buffer.position();

    channelsOnly(Integer.MAX_VALUE).decodeKey(buffer);
    channelsOnly(Integer.MAX_VALUE).decodeValue(buffer);

    assertEquals(position, buffer.position());
  }

  @Test
  void otherChannels_decodeToForeign_neverNull() {
    SubscriptionCodec codec = channelsOnly(Integer.MAX_VALUE);

    assertSame(SubscriptionKey.FOREIGN, codec.decodeKey(ByteBuffer.wrap(WAX.transactions().nameBytes())));
    assertSame(SubscriptionKey.FOREIGN, codec.decodeKey(ByteBuffer.wrap(new byte[0])));
    assertSame(SubscriptionKey.FOREIGN, codec.decodeKey(direct("ship::wax::heartbeaT")));
    assertSame(SubscriptionKey.FOREIGN, codec.decodeKey(direct("ship::wax::heartbeat ")));
  }

  @Test
  void patternMatches_areParsed_onlyWhenValidAndUnderThePrefix() {
    SubscriptionCodec codec = new SubscriptionCodec(List.of(HEARTBEAT_KEY), List.of(PATTERN_KEY),
        ChannelValidator.strict(), Integer.MAX_VALUE);

    SubscriptionKey transfers = codec.decodeKey(direct(TRANSFERS.name()));
    assertEquals(SubscriptionKey.Kind.PATTERN_MATCH, transfers.kind);
    assertEquals(TRANSFERS, transfers.channel);
    assertSame(PATTERN_KEY, codec.decodeKey(direct("ship::wax::actions/*")));
    assertSame(SubscriptionKey.FOREIGN, codec.decodeKey(direct("ship::wax::tabledeltas")));
    assertSame(SubscriptionKey.FOREIGN, codec.decodeKey(direct("ship::wax::actions/contract/EOSIO")));
    assertSame(SubscriptionKey.FOREIGN, codec.decodeKey(direct("ship::eos::actions/contract/eosio")));
  }

  @Test
  void payload_isCopiedOnce_orDroppedAboveTheLimitWithoutCopy() {
    SubscriptionCodec codec = channelsOnly(4);

    assertArrayEquals(new byte[] {1, 2, 3, 4}, codec.decodeValue(ByteBuffer.wrap(new byte[] {1, 2, 3, 4})));
    assertSame(SubscriptionCodec.OVERSIZE, codec.decodeValue(ByteBuffer.wrap(new byte[5])));
    byte[] empty = codec.decodeValue(ByteBuffer.wrap(new byte[0]));
    assertEquals(0, empty.length);
    assertNotSame(SubscriptionCodec.OVERSIZE, empty);
  }

  @Test
  void foreignKeys_areNeverEncoded() {
    assertThrows(IllegalStateException.class, () -> channelsOnly(1).encodeKey(SubscriptionKey.FOREIGN));
    assertEquals(ByteBuffer.wrap(HEARTBEAT.nameBytes()), channelsOnly(1).encodeKey(HEARTBEAT_KEY));
  }

  @Test
  void keys_areEqualByBytes_soLettuceTracksThemAsOne() {
    assertEquals(SubscriptionKey.channel(HEARTBEAT), SubscriptionKey.channel(WAX.heartbeat()));
    assertEquals(SubscriptionKey.channel(HEARTBEAT).hashCode(), SubscriptionKey.channel(WAX.heartbeat()).hashCode());
    assertEquals(SubscriptionKey.FOREIGN, SubscriptionKey.FOREIGN);
    assertNotEqualsForeign(SubscriptionKey.channel(HEARTBEAT));
  }

  private static void assertNotEqualsForeign(SubscriptionKey key) {
    assertEquals(false, key.equals(SubscriptionKey.FOREIGN));
    assertEquals(false, SubscriptionKey.FOREIGN.equals(key));
  }

  private static void assertNotSame(Object a, Object b) {
    org.junit.jupiter.api.Assertions.assertNotSame(a, b);
  }
}
