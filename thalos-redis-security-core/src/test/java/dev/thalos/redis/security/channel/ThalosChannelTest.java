package dev.thalos.redis.security.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ThalosChannelTest {

  @Test
  void parse_contractAndAction_givesTypedParts() {
    ThalosChannel c = ThalosChannel.parse("ship::wax::actions/contract/eosio.token/name/transfer");
    assertEquals(ChannelKind.ACTIONS_BY_CONTRACT_AND_NAME, c.kind());
    assertEquals(ThalosNamespace.of("wax"), c.namespace());
    assertEquals(Optional.of("eosio.token"), c.contract());
    assertEquals(Optional.of("transfer"), c.action());
    assertEquals(Optional.empty(), c.table());
    assertEquals(ThalosNamespace.of("wax").actions().contract("eosio.token").action("transfer"), c);
  }

  @Test
  void parse_tableDeltas_givesTable() {
    ThalosChannel c = ThalosChannel.parse("ship::wax::tabledeltas/name/contract_row");
    assertEquals(ChannelKind.TABLE_DELTAS_BY_TABLE, c.kind());
    assertEquals(Optional.of("contract_row"), c.table());
  }

  @Test
  void narrowingTheWrongKind_isAnIllegalState() {
    ThalosNamespace wax = ThalosNamespace.of("wax");
    assertThrows(IllegalStateException.class, () -> wax.heartbeat().contract("eosio"));
    assertThrows(IllegalStateException.class, () -> wax.tableDeltas().action("transfer"));
    assertThrows(IllegalStateException.class, () -> wax.actions().table("contract_row"));
    assertThrows(IllegalStateException.class, () -> wax.actions().contract("a").contract("b"));
    assertThrows(IllegalStateException.class, () -> wax.tableDeltas().table("code").table("account"));
  }

  @Test
  void unknownTable_isRejectedStrictly() {
    InvalidChannelException e = assertThrows(InvalidChannelException.class,
        () -> ThalosNamespace.of("wax").tableDeltas().table("contract_rows"));
    assertEquals(ChannelPart.TABLE, e.part());
  }

  @Test
  void nameBytes_matchTheNameWithoutAllocation() {
    ThalosChannel c = ThalosNamespace.of("wax").heartbeat();
    byte[] framed = "xxship::wax::heartbeatyy".getBytes(StandardCharsets.US_ASCII);
    assertTrue(c.nameEquals(framed, 2, framed.length - 4));
    assertFalse(c.nameEquals(framed, 2, framed.length - 3));
    ByteBuffer direct = ByteBuffer.allocateDirect(40);
    direct.put(framed).flip().position(2).limit(framed.length - 2);
    assertTrue(c.nameEquals(direct));
    assertEquals(2, direct.position());
    assertEquals("ship::wax::heartbeat", new String(c.nameBytes(), StandardCharsets.US_ASCII));
    assertTrue(c.nameBuffer().isReadOnly());
  }

  @Test
  void aclChannelRule_isTheLiteralChannel() {
    assertEquals("&ship::wax::heartbeat", ThalosNamespace.of("wax").heartbeat().aclChannelRule());
  }
}
