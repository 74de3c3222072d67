package dev.thalos.redis.security.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;

@Tag("unit")
class ThalosChannelTest {

  @Example
  void parse_contractAndAction_givesTypedParts() {
    ThalosChannel c = ThalosChannel.parse("ship::wax::actions/contract/eosio.token/name/transfer");
    assertEquals(ChannelKind.ACTIONS_BY_CONTRACT_AND_NAME, c.kind());
    assertEquals(ThalosNamespace.of("wax"), c.namespace());
    assertEquals(Optional.of("eosio.token"), c.contract());
    assertEquals(Optional.of("transfer"), c.action());
    assertEquals(Optional.empty(), c.table());
    assertEquals(ThalosNamespace.of("wax").actions().contract("eosio.token").action("transfer"), c);
  }

  @Example
  void parse_tableDeltas_givesTable() {
    ThalosChannel c = ThalosChannel.parse("ship::wax::tabledeltas/name/contract_row");
    assertEquals(ChannelKind.TABLE_DELTAS_BY_TABLE, c.kind());
    assertEquals(Optional.of("contract_row"), c.table());
  }

  @Example
  void narrowingTheWrongKind_isAnIllegalState() {
    ThalosNamespace wax = ThalosNamespace.of("wax");
    assertThrows(IllegalStateException.class, () -> wax.heartbeat().contract("eosio"));
    assertThrows(IllegalStateException.class, () -> wax.tableDeltas().action("transfer"));
    assertThrows(IllegalStateException.class, () -> wax.actions().table("contract_row"));
    assertThrows(IllegalStateException.class, () -> wax.actions().contract("a").contract("b"));
    assertThrows(IllegalStateException.class, () -> wax.tableDeltas().table("code").table("account"));
  }

  @Example
  void unknownTable_isRejectedStrictly() {
    InvalidChannelException e = assertThrows(InvalidChannelException.class,
        () -> ThalosNamespace.of("wax").tableDeltas().table("contract_rows"));
    assertEquals(ChannelPart.TABLE, e.part());
  }

  @Example
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

  @Example
  void aclChannelRule_isTheLiteralChannel() {
    assertEquals("&ship::wax::heartbeat", ThalosNamespace.of("wax").heartbeat().aclChannelRule());
  }

  // ---- properties: builders -> name -> parser round trip, for every kind ----

  @Property
  void strictBuilders_roundTripThroughParser(@ForAll("strictChannels") ThalosChannel built) {
    assertRoundTrip(built, ChannelValidator.strict());
  }

  @Property
  void lenientBuilders_roundTripThroughParser(@ForAll("lenientChannels") ThalosChannel built) {
    assertRoundTrip(built, ChannelValidator.lenient());
  }

  private static void assertRoundTrip(ThalosChannel built, ChannelValidator validator) {
    ThalosChannel parsed = validator.parse(built.name());
    assertEquals(built, parsed);
    assertEquals(built.kind(), parsed.kind());
    assertEquals(built.namespace(), parsed.namespace());
    assertEquals(built.namespace().prefix(), parsed.namespace().prefix());
    assertEquals(built.namespace().chain(), parsed.namespace().chain());
    assertEquals(built.contract(), parsed.contract());
    assertEquals(built.action(), parsed.action());
    assertEquals(built.table(), parsed.table());
    assertEquals(built.kind(), validator.kindOf(built.nameBytes(), 0, built.nameBytes().length));
    assertTrue(built.nameEquals(ByteBuffer.wrap(parsed.nameBytes())));
    assertTrue(GlobPattern.of(built.namespace().channelPattern()).matches(built));
    assertTrue(ChannelAcl.of(built.aclChannelRule()).permitsPublish(parsed));
    assertTrue(ChannelAcl.of(built.namespace().aclChannelRule()).permitsPublish(parsed));
    if (validator.isStrict()) {
      assertEquals(built, ThalosChannel.parse(built.name()));
    }
  }

  @Provide
  Arbitrary<ThalosChannel> strictChannels() {
    Arbitrary<String> prefix = Arbitraries.oneOf(Arbitraries.just("ship"),
        Arbitraries.strings().withChars("ABZaz09._-").ofMinLength(1).ofMaxLength(64));
    Arbitrary<String> chain = Arbitraries.oneOf(
        Arbitraries.strings().withChars("0123456789abcdef").ofLength(64),
        Arbitraries.strings().withChars("az09._-").ofMinLength(1).ofMaxLength(32));
    Arbitrary<ThalosNamespace> ns = Combinators.combine(prefix, chain).as(ThalosNamespace::of);
    Arbitrary<String> name = Combinators.combine(
        Arbitraries.strings().withChars(".12345abcxyz").ofMinLength(0).ofMaxLength(12),
        Arbitraries.of("", "a", "j", ".", "5"))
        .as((head, last) -> {
          String n = head.length() == 12 ? head + last : head;
          return n.isEmpty() || n.endsWith(".") ? n + "a" : n;
        })
        .filter(n -> n.length() <= 13);
    Arbitrary<String> table = Arbitraries.of(ChannelGrammarReference.TABLES);
    return channels(ns, name, name, table);
  }

  @Provide
  Arbitrary<ThalosChannel> lenientChannels() {
    Arbitrary<String> piece = Arbitraries.strings()
        .withChars("aZ09._-!#$%&+,;<=>@^`{|}~\"'()\u00E9\u4E2D\u00A0\u200B")
        .ofMinLength(1).ofMaxLength(6);
    Arbitrary<String> segment = piece.list().ofMinSize(1).ofMaxSize(3).map(l -> String.join(":", l));
    Arbitrary<String> withEmoji = Combinators.combine(segment, Arbitraries.of("", "\uD83D\uDE00"))
        .as((a, b) -> a + b);
    Arbitrary<ThalosNamespace> ns = Combinators.combine(withEmoji, withEmoji).as((p, c) ->
        ThalosNamespace.builder().prefix(p).chain(c).validator(ChannelValidator.lenient()).build());
    return channels(ns, withEmoji, withEmoji, withEmoji);
  }

  private static Arbitrary<ThalosChannel> channels(Arbitrary<ThalosNamespace> ns, Arbitrary<String> contract,
      Arbitrary<String> action, Arbitrary<String> table) {
    return Combinators.combine(ns, Arbitraries.of(ChannelKind.class), contract, action, table)
        .as((n, kind, c, a, t) -> {
          switch (kind) {
            case TRANSACTIONS:
              return n.transactions();
            case HEARTBEAT:
              return n.heartbeat();
            case ROLLBACK:
              return n.rollback();
            case ACTIONS:
              return n.actions();
            case ACTIONS_BY_NAME:
              return n.actions().action(a);
            case ACTIONS_BY_CONTRACT:
              return n.actions().contract(c);
            case ACTIONS_BY_CONTRACT_AND_NAME:
              return n.actions().contract(c).action(a);
            case TABLE_DELTAS:
              return n.tableDeltas();
            default:
              return n.tableDeltas().table(t);
          }
        });
  }
}
