package dev.thalos.redis.security.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ProbeReplyTest {

  @Test
  void noperm_isRecognised_andRequireOkThrowsNoPermission() {
    ProbeReply r = ProbeReply.error("NOPERM this user has no permissions to run the 'config|get' command");
    assertTrue(r.isNoPermission());
    assertEquals("NOPERM", r.errorCode());
    ProbeException e = assertThrows(ProbeException.class, r::requireOk);
    assertEquals(ProbeException.NO_PERMISSION, e.reason());
  }

  @Test
  void unknownCommand_isUnsupported() {
    ProbeReply r = ProbeReply.error("ERR unknown command 'ACL', with args beginning with: ");
    assertTrue(r.isUnknownCommand());
    assertEquals(ProbeException.UNSUPPORTED, assertThrows(ProbeException.class, r::requireOk).reason());
    assertEquals(ProbeException.ERROR,
        assertThrows(ProbeException.class, () -> ProbeReply.error("ERR syntax").requireOk()).reason());
  }

  @Test
  void configGetReply_pairsUpAsMap() {
    ProbeReply r = ProbeReply.array(List.of(ProbeReply.bulk("port"), ProbeReply.bulk("0"),
        ProbeReply.bulk("tls-port"), ProbeReply.bulk("6380")));
    Map<String, ProbeReply> m = r.asMap();
    assertEquals(0, m.get("port").asLong());
    assertEquals("6380", m.get("tls-port").asString());
    assertEquals(List.of("port", "0", "tls-port", "6380"), r.asStrings());
  }

  @Test
  void nil_isAnEmptyListAndBulkNull() {
    assertSame(ProbeReply.nil(), ProbeReply.bulk(null));
    assertTrue(ProbeReply.nil().asList().isEmpty());
    assertFalse(ProbeReply.nil().isError());
  }

  @Test
  void wrongAccessor_throwsIllegalState() {
    assertThrows(IllegalStateException.class, () -> ProbeReply.integer(3).asString());
    assertThrows(IllegalStateException.class, () -> ProbeReply.bulk("x").asLong());
    assertThrows(IllegalStateException.class, () -> ProbeReply.status("OK").errorCode());
  }

  @Test
  void toString_neverShowsTheContent() {
    assertEquals("ProbeReply[BULK]", ProbeReply.bulk("s3cret-password").toString());
    assertEquals("ProbeReply[ERROR NOPERM]", ProbeReply.error("NOPERM s3cret").toString());
  }
}
