package dev.thalos.redis.security.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class InvalidChannelExceptionTest {

  @Test
  void isAnIllegalArgumentException_namingPartIndexAndRule() {
    InvalidChannelException e = assertThrows(InvalidChannelException.class,
        () -> ChannelValidator.strict().validate("ship::wax::actions/name/transfer."));
    assertTrue(e instanceof IllegalArgumentException);
    assertEquals(ChannelPart.ACTION, e.part());
    assertEquals(32, e.index());
    assertTrue(e.rule().startsWith("must not end with '.'"), e.rule());
    assertEquals("invalid channel \"ship::wax::actions/name/transfer.\": action at index 32: " + e.rule(),
        e.getMessage());
  }

  @Test
  void builderArgument_isQuotedOnItsOwn() {
    InvalidChannelException e = assertThrows(InvalidChannelException.class,
        () -> ThalosNamespace.of("wax").tableDeltas().table("contract\u202Erow"));
    assertEquals(ChannelPart.TABLE, e.part());
    assertTrue(e.getMessage().startsWith("invalid table \"contract\\u202Erow\": table at index 0: unknown table"),
        e.getMessage());
  }

  @Test
  void quote_escapesQuotesBackslashesAndEverythingOutsidePrintableAscii() {
    assertEquals("\"a\\\"b\\\\c\\'d\\u0000\\u00E9\\uD83D\\uDE00\"",
        InvalidChannelException.quote("a\"b\\c'd\u0000\u00E9\uD83D\uDE00"));
    byte[] bytes = {'a', 0, (byte) 0xC3, (byte) 0xA9, '\r'};
    assertEquals("\"a\\x00\\xC3\\xA9\\x0D\"", InvalidChannelException.quote(bytes, ChannelScanner.BYTES, 0, 5));
  }

  @Test
  void quote_capsLongInput_andSaysHowMuchWasLeftOut() {
    String quoted = InvalidChannelException.quote("x".repeat(InvalidChannelException.QUOTE_LIMIT + 904));
    assertTrue(quoted.endsWith("\"...(904 more)"), quoted);
    assertEquals(InvalidChannelException.QUOTE_LIMIT + 2 + "...(904 more)".length(), quoted.length());
  }

  @Test
  void byteBufferRejection_reportsIndexRelativeToPosition() {
    ByteBuffer buffer = ByteBuffer.wrap("....ship::wax::heart beat".getBytes(StandardCharsets.US_ASCII));
    buffer.position(4);
    InvalidChannelException e = assertThrows(InvalidChannelException.class,
        () -> ChannelValidator.lenient().validate(buffer));
    assertEquals(ChannelPart.PATH, e.part());
    assertEquals(11, e.index());
    assertEquals(4, buffer.position());
    assertFalse(e.getMessage().contains("...."), e.getMessage());
  }
}
