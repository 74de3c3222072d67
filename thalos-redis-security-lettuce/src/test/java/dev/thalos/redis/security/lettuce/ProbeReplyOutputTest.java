package dev.thalos.redis.security.lettuce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.thalos.redis.security.check.ProbeReply;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ProbeReplyOutputTest {

  static ByteBuffer b(String s) {
    return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void resp3Map_withNestedArrayAndError_becomesAFlatAlternatingArray() {
    ProbeReplyOutput out = new ProbeReplyOutput();
    out.multiMap(3);
    out.set(b("server"));
    out.set(b("redis"));
    out.set(b("modules"));
    out.multi(0);
    out.set(b("nested"));
    out.multi(2);
    out.setError(b("NOPERM no"));
    out.set(true);
    ProbeReply r = out.get();
    assertEquals(ProbeReply.array(List.of(ProbeReply.bulk("server"), ProbeReply.bulk("redis"),
        ProbeReply.bulk("modules"), ProbeReply.array(List.of()), ProbeReply.bulk("nested"),
        ProbeReply.array(List.of(ProbeReply.error("NOPERM no"), ProbeReply.integer(1))))), r);
    assertEquals("redis", r.asMap().get("server").asString());
    assertFalse(out.hasError());
  }

  @Test
  void topLevelError_isAValue_notAFailedCommand() {
    ProbeReplyOutput out = new ProbeReplyOutput();
    out.setError(b("ERR client-id should be greater than 0"));
    assertFalse(out.hasError());
    assertEquals("ERR", out.get().errorCode());
  }

  @Test
  void scalars_statusNilDoubleAndNullArray_areMapped() {
    ProbeReplyOutput status = new ProbeReplyOutput();
    status.setSingle(b("OK"));
    assertEquals(ProbeReply.status("OK"), status.get());
    ProbeReplyOutput nil = new ProbeReplyOutput();
    nil.set((ByteBuffer) null);
    assertEquals(ProbeReply.nil(), nil.get());
    ProbeReplyOutput dbl = new ProbeReplyOutput();
    dbl.set(1.5);
    assertEquals(ProbeReply.bulk("1.5"), dbl.get());
    ProbeReplyOutput nullArray = new ProbeReplyOutput();
    nullArray.multi(-1);
    assertEquals(ProbeReply.nil(), nullArray.get());
  }
}
