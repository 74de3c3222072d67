package dev.thalos.redis.security.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ThalosNamespaceTest {

  static final String WAX_ID = "1064487b3cd1a897ce03ae5b6a865651747e2e152090f99c1d19d44e01aea5a4";

  @Test
  void chainName_underDefaultPrefix_buildsEveryChannel() {
    ThalosNamespace wax = ThalosNamespace.of("wax");
    assertEquals("ship", wax.prefix());
    assertEquals("wax", wax.chain());
    assertFalse(wax.isChainId());
    assertEquals("ship::wax::transactions", wax.transactions().name());
    assertEquals("ship::wax::heartbeat", wax.heartbeat().name());
    assertEquals("ship::wax::rollback", wax.rollback().name());
    assertEquals("ship::wax::actions", wax.actions().name());
    assertEquals("ship::wax::actions/name/transfer", wax.actions().action("transfer").name());
    assertEquals("ship::wax::actions/contract/eosio.token", wax.actions().contract("eosio.token").name());
    assertEquals("ship::wax::actions/contract/eosio.token/name/transfer",
        wax.actions().contract("eosio.token").action("transfer").name());
    assertEquals("ship::wax::actions/contract/eosio.token/name/transfer",
        wax.actions().action("transfer").contract("eosio.token").name());
    assertEquals("ship::wax::tabledeltas", wax.tableDeltas().name());
    assertEquals("ship::wax::tabledeltas/name/contract_row", wax.tableDeltas().table("contract_row").name());
  }

  @Test
  void chainId_withBuilder_isRecognisedAsChainId() {
    ThalosNamespace ns = ThalosNamespace.builder().prefix("ship").chainId(WAX_ID).build();
    assertTrue(ns.isChainId());
    assertEquals("ship::" + WAX_ID + "::heartbeat", ns.heartbeat().name());
    assertEquals(ns, ns.mutate().build());
    assertEquals(ThalosNamespace.of("ship", WAX_ID), ns);
  }

  @Test
  void aclRuleAndPattern_coverTheNamespaceOnly() {
    ThalosNamespace wax = ThalosNamespace.of("wax");
    assertEquals("ship::wax::*", wax.channelPattern());
    assertEquals("&ship::wax::*", wax.aclChannelRule());
    assertEquals("ship::wax::", wax.channelPrefix());
  }

  @Test
  void uppercaseChainId_isRejectedStrictly_butAcceptedLeniently() {
    String upper = WAX_ID.toUpperCase(java.util.Locale.ROOT);
    InvalidChannelException e = assertThrows(InvalidChannelException.class, () -> ThalosNamespace.of(upper));
    assertEquals(ChannelPart.CHAIN, e.part());
    ThalosNamespace lenient = ThalosNamespace.builder().chain(upper).validator(ChannelValidator.lenient()).build();
    assertEquals(upper, lenient.chain());
  }

  @Test
  void globMetacharactersInPrefixOrChain_areRejectedInBothLevels() {
    for (String bad : new String[] {"*", "wa?", "w[a]x", "w\\x", "a::b", "a/b", "a b", "a\nb", ":a", "a:", ""}) {
      assertThrows(InvalidChannelException.class, () -> ThalosNamespace.builder().chain(bad), bad);
      assertThrows(InvalidChannelException.class, () -> ThalosNamespace.builder().prefix(bad), bad);
    }
  }

  @Test
  void missingChain_isAnIllegalState() {
    assertThrows(IllegalStateException.class, () -> ThalosNamespace.builder().build());
  }

  @Test
  void nullArguments_areRejected() {
    assertThrows(NullPointerException.class, () -> ThalosNamespace.builder().chain(null));
    assertThrows(NullPointerException.class, () -> ThalosNamespace.builder().validator(null));
  }

  @Test
  void strictNamespace_rejectsNonCanonicalContract_lenientAcceptsIt() {
    InvalidChannelException e = assertThrows(InvalidChannelException.class,
        () -> ThalosNamespace.of("wax").actions().contract("EOSIO.token"));
    assertEquals(ChannelPart.CONTRACT, e.part());
    assertEquals(0, e.index());
    ThalosNamespace lenient = ThalosNamespace.builder().chain("wax").validator(ChannelValidator.lenient()).build();
    assertEquals("ship::wax::actions/contract/EOSIO.token", lenient.actions().contract("EOSIO.token").name());
  }
}
