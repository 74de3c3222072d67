package dev.thalos.redis.security.lettuce;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.thalos.redis.security.channel.ChannelValidator;
import dev.thalos.redis.security.channel.ThalosChannel;
import dev.thalos.redis.security.channel.ThalosNamespace;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;

/** Properties of the subscriber's codec over arbitrary and near-miss channel bytes. */
@Tag("unit")
class SubscriptionCodecPropertyTest {

  private static final ThalosNamespace WAX = ThalosNamespace.of("wax");
  private static final ThalosChannel HEARTBEAT = WAX.heartbeat();
  private static final ThalosChannel TRANSFERS = WAX.actions().contract("eosio.token").action("transfer");
  private static final SubscriptionKey HEARTBEAT_KEY = SubscriptionKey.channel(HEARTBEAT);
  private static final SubscriptionKey TRANSFERS_KEY = SubscriptionKey.channel(TRANSFERS);
  private static final SubscriptionKey PATTERN_KEY = SubscriptionKey.pattern("ship::wax::actions/*");

  @Property
  void anyBytes_decodeToASubscribedKeyOnlyWhenTheyAreExactlyItsName(@ForAll("channelLikeBytes") byte[] bytes) {
    SubscriptionCodec codec = new SubscriptionCodec(List.of(HEARTBEAT_KEY, TRANSFERS_KEY), List.of(PATTERN_KEY),
        ChannelValidator.strict(), Integer.MAX_VALUE);

    SubscriptionKey key = codec.decodeKey(ByteBuffer.wrap(bytes));

    assertNotNull(key);
    switch (key.kind) {
      case CHANNEL:
        assertArrayEquals(key.channel.nameBytes(), bytes);
        break;
      case PATTERN:
        assertArrayEquals(PATTERN_KEY.text().getBytes(StandardCharsets.UTF_8), bytes);
        break;
      case PATTERN_MATCH:
        assertArrayEquals(key.channel.nameBytes(), bytes);
        assertEquals(true, key.channel.name().startsWith("ship::wax::actions/"));
        assertEquals(true, ChannelValidator.strict().isValid(bytes));
        break;
      default:
        assertSame(SubscriptionKey.FOREIGN, key);
        assertEquals(false, Arrays.equals(bytes, HEARTBEAT.nameBytes()));
        assertEquals(false, Arrays.equals(bytes, TRANSFERS.nameBytes()));
    }
  }

  @Provide
  Arbitrary<byte[]> channelLikeBytes() {
    Arbitrary<String> names = Arbitraries.of(HEARTBEAT.name(), TRANSFERS.name(), "ship::wax::actions/*",
        "ship::wax::actions/name/transfer", "ship::wax::actions/contract/eosio", "ship::wax::transactions");
    Arbitrary<byte[]> mutated = names.flatMap(n -> Arbitraries.integers().between(0, n.length())
        .flatMap(cut -> Arbitraries.bytes().map(b -> {
          byte[] out = n.getBytes(StandardCharsets.UTF_8);
          if (cut < out.length) {
            out[cut] = b;
          }
          return out;
        })));
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(80);
    return Arbitraries.oneOf(names.map(n -> n.getBytes(StandardCharsets.UTF_8)), mutated, random);
  }
}
