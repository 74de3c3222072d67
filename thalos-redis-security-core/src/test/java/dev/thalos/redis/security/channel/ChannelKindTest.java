package dev.thalos.redis.security.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ChannelKindTest {

  @Test
  void predicates_describeWhichNamesEachKindCarries() {
    Set<ChannelKind> contract = EnumSet.noneOf(ChannelKind.class);
    Set<ChannelKind> action = EnumSet.noneOf(ChannelKind.class);
    Set<ChannelKind> table = EnumSet.noneOf(ChannelKind.class);
    Set<ChannelKind> actions = EnumSet.noneOf(ChannelKind.class);
    Set<ChannelKind> deltas = EnumSet.noneOf(ChannelKind.class);
    for (ChannelKind k : ChannelKind.values()) {
      if (k.hasContract()) {
        contract.add(k);
      }
      if (k.hasAction()) {
        action.add(k);
      }
      if (k.hasTable()) {
        table.add(k);
      }
      if (k.isActions()) {
        actions.add(k);
      }
      if (k.isTableDeltas()) {
        deltas.add(k);
      }
    }
    assertEquals(EnumSet.of(ChannelKind.ACTIONS_BY_CONTRACT, ChannelKind.ACTIONS_BY_CONTRACT_AND_NAME), contract);
    assertEquals(EnumSet.of(ChannelKind.ACTIONS_BY_NAME, ChannelKind.ACTIONS_BY_CONTRACT_AND_NAME), action);
    assertEquals(EnumSet.of(ChannelKind.TABLE_DELTAS_BY_TABLE), table);
    assertEquals(EnumSet.of(ChannelKind.ACTIONS, ChannelKind.ACTIONS_BY_NAME, ChannelKind.ACTIONS_BY_CONTRACT,
        ChannelKind.ACTIONS_BY_CONTRACT_AND_NAME), actions);
    assertEquals(EnumSet.of(ChannelKind.TABLE_DELTAS, ChannelKind.TABLE_DELTAS_BY_TABLE), deltas);
  }

  @Test
  void everyKind_isWhatTheParserReportsForItsChannel() {
    ThalosNamespace wax = ThalosNamespace.of("wax");
    for (ThalosChannel c : new ThalosChannel[] {wax.transactions(), wax.heartbeat(), wax.rollback(), wax.actions(),
        wax.actions().action("transfer"), wax.actions().contract("eosio"), wax.actions().contract("eosio").action("a"),
        wax.tableDeltas(), wax.tableDeltas().table("code")}) {
      assertEquals(c.kind(), ChannelValidator.strict().validate(c.name()));
    }
  }
}
