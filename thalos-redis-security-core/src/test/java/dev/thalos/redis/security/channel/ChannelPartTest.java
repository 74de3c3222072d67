package dev.thalos.redis.security.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ChannelPartTest {

  @Test
  void eachPart_isReportedForAViolationInIt() {
    ChannelValidator strict = ChannelValidator.strict();
    assertEquals(ChannelPart.WHOLE, part(strict, ""));
    assertEquals(ChannelPart.PREFIX, part(strict, "sh*p::wax::heartbeat"));
    assertEquals(ChannelPart.CHAIN, part(strict, "ship::w*x::heartbeat"));
    assertEquals(ChannelPart.PATH, part(strict, "ship::wax::heartbeep"));
    assertEquals(ChannelPart.CONTRACT, part(strict, "ship::wax::actions/contract/e*sio"));
    assertEquals(ChannelPart.ACTION, part(strict, "ship::wax::actions/name/tr*nsfer"));
    assertEquals(ChannelPart.TABLE, part(strict, "ship::wax::tabledeltas/name/c*de"));
  }

  @Test
  void label_isTheLowerCaseName_usedInMessages() {
    assertEquals("contract", ChannelPart.CONTRACT.label());
    assertEquals(ChannelPart.TABLE, ChannelPart.ofOrdinal(ChannelPart.TABLE.ordinal()));
  }

  private static ChannelPart part(ChannelValidator v, String channel) {
    try {
      v.validate(channel);
      throw new AssertionError("accepted " + channel);
    } catch (InvalidChannelException e) {
      return e.part();
    }
  }
}
