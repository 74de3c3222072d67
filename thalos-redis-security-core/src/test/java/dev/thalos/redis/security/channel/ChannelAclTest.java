package dev.thalos.redis.security.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ChannelAclTest {

  @Test
  void namespaceRule_permitsItsChannels_only() {
    ThalosNamespace wax = ThalosNamespace.of("wax");
    ChannelAcl acl = ChannelAcl.of("resetchannels", wax.aclChannelRule());
    assertTrue(acl.permitsPublish(wax.heartbeat()));
    assertTrue(acl.permitsSubscribe(wax.actions().contract("eosio.token").action("transfer")));
    assertTrue(acl.permitsPublish("ship::wax::heartbeat".getBytes(StandardCharsets.US_ASCII)));
    assertFalse(acl.permitsPublish(ThalosNamespace.of("eos").heartbeat()));
    assertFalse(acl.permitsPublish("ship::waxtest::heartbeat"));
    assertFalse(acl.permitsSubscribe("thalos::cache::abi::x"));
  }

  @Test
  void documentedThalosRule_admitsEveryChain() {
    ChannelAcl documented = ChannelAcl.of("resetchannels", "&ship::*");
    assertTrue(documented.permitsPublish(ThalosNamespace.of("eos").heartbeat()));
    assertTrue(documented.permitsPublish(ThalosNamespace.of("wax").heartbeat()));
  }

  @Test
  void patternSubscribe_isComparedLiterally_notByGlob() {
    ChannelAcl acl = ChannelAcl.of("&ship::*");
    assertTrue(acl.permitsPatternSubscribe("ship::*"));
    assertFalse(acl.permitsPatternSubscribe("ship::wax::*"));
    assertFalse(acl.permitsPatternSubscribe("ship::*::heartbeat"));
    assertFalse(acl.permitsPatternSubscribe("*"));
    assertFalse(ChannelAcl.of("&ship::wax::*").permitsPatternSubscribe("ship::wax::actions*"));
  }

  @Test
  void patternSubscribe_endsComparisonAtNul_likeStrcmp() {
    ChannelAcl acl = ChannelAcl.of("&ship::wax::*");
    byte[] withNul = "ship::wax::*\u0000tail".getBytes(StandardCharsets.US_ASCII);
    assertTrue(acl.permitsPatternSubscribe(withNul));
    assertFalse(acl.permitsPatternSubscribe("ship::wax::*tail"));
  }

  @Test
  void allChannels_permitsEverything_includingTheEmptyChannel() {
    for (ChannelAcl all : List.of(ChannelAcl.of("&*"), ChannelAcl.of("allchannels"), ChannelAcl.of("AllChannels"),
        ChannelAcl.allChannels())) {
      assertTrue(all.isAllChannels());
      assertTrue(all.permitsPublish(""));
      assertTrue(all.permitsPatternSubscribe("anything*"));
    }
    ChannelAcl stars = ChannelAcl.of("&**");
    assertFalse(stars.isAllChannels());
    assertFalse(stars.permitsPublish(""));
    assertTrue(stars.permitsPublish("x"));
  }

  @Test
  void resetChannels_andNone_permitNothing() {
    assertFalse(ChannelAcl.none().permitsPublish("ship::wax::heartbeat"));
    assertFalse(ChannelAcl.of("&ship::*", "resetchannels").permitsPublish("ship::wax::heartbeat"));
    assertFalse(ChannelAcl.of().permitsPatternSubscribe("ship::*"));
  }

  @Test
  void malformedRules_areRejected_likeAclSetuser() {
    assertThrows(IllegalArgumentException.class, () -> ChannelAcl.of("&ship:: wax"));
    assertThrows(IllegalArgumentException.class, () -> ChannelAcl.of("&ship::\twax"));
    assertThrows(IllegalArgumentException.class, () -> ChannelAcl.of("&ship\u0000"));
    assertThrows(IllegalArgumentException.class, () -> ChannelAcl.of("allchannels", "&ship::*"));
    assertThrows(IllegalArgumentException.class, () -> ChannelAcl.of("~ship::*"));
    assertThrows(IllegalArgumentException.class, () -> ChannelAcl.of("+@all"));
    assertEquals(ChannelAcl.of("&ship::wax::*", "&ship::wax::*").patterns().size(), 1);
  }

  @Test
  void hostileChannelNames_cannotEscapeTheNamespace() {
    ChannelAcl acl = ChannelAcl.of(ThalosNamespace.of("wax").aclChannelRule());
    for (String attempt : new String[] {"ship::wax:*", "ship::wa*", "ship::wax*", "*", "ship::*", "ship::wa?::x",
        "ship::[w]ax::x", "ship::wa\\x::x", "ship::wax\u0000::x", "ship::waxx::heartbeat"}) {
      assertFalse(acl.permitsPublish(attempt), attempt);
      assertFalse(acl.permitsPatternSubscribe(attempt), attempt);
    }
  }

  @Test
  void buffers_areCheckedWithoutMovingPosition() {
    ChannelAcl acl = ChannelAcl.of("&ship::wax::*");
    ByteBuffer direct = ByteBuffer.allocateDirect(32);
    direct.put("..ship::wax::heartbeat".getBytes(StandardCharsets.US_ASCII)).flip().position(2);
    assertTrue(acl.permitsPublish(direct));
    assertEquals(2, direct.position());
  }

  @Test
  void toString_listsTheRules() {
    assertEquals("[resetchannels, &ship::wax::*]", ChannelAcl.of("&ship::wax::*").toString());
    assertEquals("[allchannels]", ChannelAcl.of("&*").toString());
  }
}
