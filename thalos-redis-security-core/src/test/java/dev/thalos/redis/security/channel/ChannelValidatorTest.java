package dev.thalos.redis.security.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.Tuple;

@Tag("unit")
class ChannelValidatorTest {

  static final String WAX_ID = "1064487b3cd1a897ce03ae5b6a865651747e2e152090f99c1d19d44e01aea5a4";

  private static final ChannelValidator STRICT = ChannelValidator.strict();
  private static final ChannelValidator LENIENT = ChannelValidator.lenient();

  private static final String[] DOCUMENTED = {
    "ship::wax::heartbeat",
    "ship::wax::transactions",
    "ship::wax::rollback",
    "ship::wax::actions",
    "ship::wax::actions/name/transfer",
    "ship::wax::actions/contract/eosio.token",
    "ship::wax::actions/contract/m.federation/name/mine",
    "ship::" + WAX_ID + "::actions/contract/eosio.token/name/transfer",
    "ship::0000000000000000000000000000000000000000000000000000000000000000::heartbeat",
    "ship::wax::tabledeltas",
    "ship::wax::tabledeltas/name/contract_row",
    "ship::wax::tabledeltas/name/resource_limits_state",
    "My_Prefix-1.0::wax-testnet_2::heartbeat",
    "ship::wax::actions/contract/abcdefghijkl1/name/.a",
    "ship::wax::actions/contract/aaaaaaaaaaaaj",
  };

  @Example
  void documentedChannels_areStrictlyValid() {
    for (String channel : DOCUMENTED) {
      assertTrue(STRICT.isValid(channel), channel);
      assertTrue(LENIENT.isValid(channel), channel);
      assertTrue(STRICT.isValid(channel.getBytes(StandardCharsets.UTF_8)));
      assertTrue(STRICT.isValid(ByteBuffer.wrap(channel.getBytes(StandardCharsets.UTF_8))));
    }
  }

  @Example
  void globMetacharacters_areRejectedInBothLevels() {
    for (String bad : new String[] {
      "ship::wax::actions/contract/*", "ship::*::heartbeat", "ship?::wax::heartbeat",
      "ship::wax::actions/name/tr[a]nsfer", "ship::wax::tabledeltas/name/contract\\_row",
      "ship::wax::actions/contract/eosio]",
    }) {
      assertFalse(STRICT.isValid(bad), bad);
      assertFalse(LENIENT.isValid(bad), bad);
      assertThrows(InvalidChannelException.class, () -> LENIENT.validate(bad));
    }
  }

  @Example
  void rejection_namesPartIndexAndRule() {
    InvalidChannelException e = assertThrows(InvalidChannelException.class,
        () -> STRICT.validate("ship::wax::actions/contract/EOSIO"));
    assertEquals(ChannelPart.CONTRACT, e.part());
    assertEquals(28, e.index());
    assertTrue(e.rule().contains("'E'"), e.rule());
    assertTrue(e.rule().contains("Antelope name"), e.rule());
    assertTrue(e.getMessage().startsWith("invalid channel \"ship::wax::actions/contract/EOSIO\": contract at index 28"),
        e.getMessage());

    e = assertThrows(InvalidChannelException.class, () -> STRICT.validate("ship::WAX::heartbeat"));
    assertEquals(ChannelPart.CHAIN, e.part());
    assertEquals(6, e.index());

    e = assertThrows(InvalidChannelException.class, () -> STRICT.validate("ship::wax::heartbeats"));
    assertEquals(ChannelPart.PATH, e.part());
    assertEquals(11, e.index());

    e = assertThrows(InvalidChannelException.class, () -> STRICT.validate("ship:wax::heartbeat"));
    assertEquals(ChannelPart.PREFIX, e.part());
    assertEquals(4, e.index());

    e = assertThrows(InvalidChannelException.class, () -> STRICT.validate("ship::wax::tabledeltas/name/rows"));
    assertEquals(ChannelPart.TABLE, e.part());
    assertEquals(28, e.index());

    e = assertThrows(InvalidChannelException.class, () -> STRICT.validate(""));
    assertEquals(ChannelPart.WHOLE, e.part());
  }

  @Example
  void antelopeNameRules_areEnforcedStrictly() {
    String base = "ship::wax::actions/contract/";
    assertTrue(STRICT.isValid(base + "a234512345123"));
    assertTrue(STRICT.isValid(base + "aaaaaaaaaaaaj"));
    InvalidChannelException e = assertThrows(InvalidChannelException.class,
        () -> STRICT.validate(base + "aaaaaaaaaaaak"));
    assertEquals(base.length() + 12, e.index());
    e = assertThrows(InvalidChannelException.class, () -> STRICT.validate(base + "aaaaaaaaaaaaaa"));
    assertEquals(base.length() + 13, e.index());
    e = assertThrows(InvalidChannelException.class, () -> STRICT.validate(base + "eosio."));
    assertEquals(base.length() + 5, e.index());
    assertFalse(STRICT.isValid(base + "eosio6"));
    assertFalse(STRICT.isValid(base + "eosio0"));
    assertFalse(STRICT.isValid(base));
  }

  @Example
  void chainRules_areEnforcedStrictly() {
    assertTrue(STRICT.isValid("ship::" + "a".repeat(32) + "::heartbeat"));
    assertFalse(STRICT.isValid("ship::" + "a".repeat(33) + "::heartbeat"));
    assertTrue(STRICT.isValid("ship::" + "a".repeat(64) + "::heartbeat"));
    assertFalse(STRICT.isValid("ship::" + "g".repeat(64) + "::heartbeat"));
    assertFalse(STRICT.isValid("ship::" + "a".repeat(65) + "::heartbeat"));
    assertTrue(STRICT.isValid("a".repeat(64) + "::wax::heartbeat"));
    assertFalse(STRICT.isValid("a".repeat(65) + "::wax::heartbeat"));
  }

  @Example
  void controlAndBidiCharacters_areRejectedLeniently_quotedSafely() {
    for (String bad : new String[] {"sh\u0000ip", "sh\nip", "sh\u007Fip", "sh\u0085ip", "sh\u202Eip",
        "sh\u2066ip", "sh ip", "sh\uD800ip"}) {
      String channel = bad + "::wax::heartbeat";
      assertFalse(LENIENT.isValid(channel), channel);
      InvalidChannelException e = assertThrows(InvalidChannelException.class, () -> LENIENT.validate(channel));
      assertEquals(ChannelPart.PREFIX, e.part());
      assertEquals(2, e.index());
      for (char c : e.getMessage().toCharArray()) {
        assertTrue(c >= 0x20 && c < 0x7F, () -> "unescaped character in " + e.getMessage());
      }
    }
    assertTrue(LENIENT.isValid("sch\u00F6n::\uD83D\uDE00::tabledeltas/name/new_table"));
    assertTrue(LENIENT.isValid("a:b::c:d::actions/contract/x:y"));
    assertFalse(LENIENT.isValid("a:::b::heartbeat"));
    assertFalse(LENIENT.isValid("a::b:::heartbeat"));
    assertFalse(LENIENT.isValid("a::b::actions/contract/x:"));
    assertFalse(LENIENT.isValid("a::b::actions/contract/x::y"));
  }

  @Example
  void overlongUtf8_cannotSmuggleSeparatorsOrMetacharacters() {
    // C0 AF is an overlong '/', C0 AA an overlong '*', E0 80 BA an overlong ':'.
    for (byte[] smuggled : new byte[][] {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xC0, (byte) 0xAA},
        {(byte) 0xE0, (byte) 0x80, (byte) 0xBA}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}}) {
      byte[] head = "ship::wax::actions/contract/ab".getBytes(StandardCharsets.US_ASCII);
      byte[] channel = java.util.Arrays.copyOf(head, head.length + smuggled.length);
      System.arraycopy(smuggled, 0, channel, head.length, smuggled.length);
      assertFalse(LENIENT.isValid(channel));
      assertFalse(STRICT.isValid(channel));
      InvalidChannelException e = assertThrows(InvalidChannelException.class,
          () -> LENIENT.validate(channel, 0, channel.length));
      assertEquals(ChannelPart.CONTRACT, e.part());
      assertEquals(head.length, e.index());
    }
  }

  @Example
  void hostileInput_isQuotedCappedAndEscaped() {
    String huge = "\u001B[31m" + "x".repeat(5000);
    InvalidChannelException e = assertThrows(InvalidChannelException.class, () -> STRICT.validate(huge));
    assertTrue(e.getMessage().length() < 2000, () -> "message too long: " + e.getMessage().length());
    assertTrue(e.getMessage().contains("\\u001B[31m"), e.getMessage());
    assertFalse(e.getMessage().contains("\u001B"));
    byte[] bytes = {'s', (byte) 0xFF, '\n', ':', ':'};
    InvalidChannelException b = assertThrows(InvalidChannelException.class,
        () -> LENIENT.validate(bytes, 0, bytes.length));
    assertTrue(b.getMessage().contains("s\\xFF\\x0A::"), b.getMessage());
    assertEquals(1, b.index());
  }

  @Example
  void tooLong_isRejectedInBothLevels() {
    String prefix = "p".repeat(1000);
    assertTrue(LENIENT.isValid(prefix + "::wax::heartbeat".substring(0, 15)) == false);
    String ok = "p".repeat(1024 - "::wax::heartbeat".length()) + "::wax::heartbeat";
    assertTrue(LENIENT.isValid(ok));
    assertFalse(LENIENT.isValid("p" + ok));
    String wide = "\u00E9".repeat(505) + "::wax::heartbeat"; // 1010 + 16 bytes
    assertFalse(LENIENT.isValid(wide));
    assertFalse(LENIENT.isValid(wide.getBytes(StandardCharsets.UTF_8)));
  }

  @Example
  void byteRanges_andBuffers_areReadWithoutMovingPosition() {
    byte[] framed = "$$ship::wax::heartbeat$$".getBytes(StandardCharsets.US_ASCII);
    assertTrue(STRICT.isValid(framed, 2, framed.length - 4));
    assertFalse(STRICT.isValid(framed, 2, framed.length - 3));
    assertEquals(ChannelKind.HEARTBEAT, STRICT.kindOf(framed, 2, framed.length - 4));
    ByteBuffer direct = ByteBuffer.allocateDirect(framed.length);
    direct.put(framed).flip().position(2).limit(framed.length - 2);
    assertTrue(STRICT.isValid(direct));
    assertTrue(STRICT.isValid(direct.asReadOnlyBuffer()));
    assertEquals(2, direct.position());
    assertEquals(ThalosNamespace.of("wax").heartbeat(), STRICT.parse(direct));
    assertEquals(2, direct.position());
    assertThrows(IndexOutOfBoundsException.class, () -> STRICT.isValid(framed, 2, framed.length));
  }

  @Example
  void hotPathChecks_allocateNothing() {
    String channel = "ship::" + WAX_ID + "::actions/contract/eosio.token/name/transfer";
    String invalid = "ship::wax::actions/contract/eosio.token/name/tr*nsfer";
    byte[] bytes = channel.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    long allocated = Allocations.bytesAllocated(() -> {
      for (int i = 0; i < 20_000; i++) {
        if (!STRICT.isValid(channel) || !STRICT.isValid(bytes, 0, bytes.length) || !STRICT.isValid(direct)
            || STRICT.kindOf(bytes, 0, bytes.length) != ChannelKind.ACTIONS_BY_CONTRACT_AND_NAME
            || STRICT.validate(channel) != ChannelKind.ACTIONS_BY_CONTRACT_AND_NAME
            || !LENIENT.isValid(direct) || STRICT.isValid(invalid) || LENIENT.isValid(invalid)) {
          throw new AssertionError("unexpected result");
        }
      }
    });
    assertTrue(allocated < 4096, () -> allocated + " bytes allocated by 160,000 checks");
  }

  @Example
  void namespaceBoundHotPath_allocatesNothing() {
    ChannelValidator wax = STRICT.forNamespace(ThalosNamespace.of(WAX_ID));
    String channel = "ship::" + WAX_ID + "::actions/contract/eosio.token/name/transfer";
    String other = "ship::wax::tabledeltas/name/contract_row";
    String invalid = channel + "/";
    byte[] bytes = channel.getBytes(StandardCharsets.US_ASCII);
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
    long allocated = Allocations.bytesAllocated(() -> {
      for (int i = 0; i < 20_000; i++) {
        if (!wax.isValid(channel) || !wax.isValid(bytes, 0, bytes.length) || !wax.isValid(direct)
            || wax.kindOf(direct) != ChannelKind.ACTIONS_BY_CONTRACT_AND_NAME || !wax.isValid(other)
            || wax.isValid(invalid)) {
          throw new AssertionError("unexpected result");
        }
      }
    });
    assertTrue(allocated < 4096, () -> allocated + " bytes allocated by 120,000 checks");
  }

  @Example
  void forNamespace_keepsTheRules_andIgnoresWhatItCannotSpeedUp() {
    ThalosNamespace wax = ThalosNamespace.of("wax");
    ChannelValidator bound = STRICT.forNamespace(wax);
    assertTrue(bound.isStrict());
    assertEquals("ChannelValidator.strict().forNamespace(ship::wax)", bound.toString());
    assertTrue(bound.isValid("ship::eos::heartbeat"));
    assertFalse(bound.isValid("ship::wax::heartbeat/"));
    assertEquals(ChannelKind.TABLE_DELTAS, bound.forNamespace(ThalosNamespace.of("eos")).kindOf("ship::wax::tabledeltas"));
    assertTrue(LENIENT.forNamespace(wax) == LENIENT);
    ThalosNamespace odd = ThalosNamespace.builder().validator(LENIENT).prefix("sh:ip").chain("wax").build();
    assertTrue(STRICT.forNamespace(odd) == STRICT);
    assertThrows(NullPointerException.class, () -> STRICT.forNamespace(null));
  }

  private static final ThalosNamespace[] NAMESPACES = {
    ThalosNamespace.of("wax"), ThalosNamespace.of(WAX_ID), ThalosNamespace.of("ship", "eos-main_1.x"),
    ThalosNamespace.of("p".repeat(64), "c".repeat(32)), ThalosNamespace.of("sh", "wax"),
    ThalosNamespace.of("ship", "wa"), ThalosNamespace.of("My_Prefix-1.0", "0".repeat(64)),
  };

  @Example
  void forNamespace_answersExactlyAsTheUnboundValidator_forEverySingleByteSubstitution() {
    ByteBuffer direct = ByteBuffer.allocateDirect(256);
    for (ThalosNamespace ns : NAMESPACES) {
      ChannelValidator bound = STRICT.forNamespace(ns);
      for (String path : new String[] {"heartbeat", "actions/contract/eosio.token/name/transfer"}) {
        byte[] base = (ns.channelPrefix() + path).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < base.length; i++) {
          for (int v = 0; v < 256; v++) {
            byte[] b = base.clone();
            b[i] = (byte) v;
            ChannelKind want = STRICT.kindOf(b, 0, b.length);
            int at = i;
            int value = v;
            assertEquals(want, bound.kindOf(b, 0, b.length), () -> bound + " byte " + value + " at " + at);
            direct.clear().put(b).flip();
            assertEquals(want, bound.kindOf(direct), () -> bound + " direct, byte " + value + " at " + at);
            String text = new String(b, StandardCharsets.ISO_8859_1);
            assertEquals(STRICT.kindOf(text), bound.kindOf(text), () -> bound + " text, byte " + value + " at " + at);
          }
        }
      }
    }
  }

  @Property
  void forNamespace_answersExactlyAsTheUnboundValidator(@ForAll("nearChannels") String channel) {
    for (ThalosNamespace ns : NAMESPACES) {
      assertSameAnswers(STRICT.forNamespace(ns), channel);
    }
  }

  @Property
  void forNamespace_answersExactlyAsTheUnboundValidator_nearItsOwnChannels(
      @ForAll("namespaceChannels") Tuple.Tuple2<Integer, String> nsAndChannel) {
    assertSameAnswers(STRICT.forNamespace(NAMESPACES[nsAndChannel.get1()]), nsAndChannel.get2());
  }

  @Property
  void forNamespace_answersExactlyAsTheUnboundValidator_onArbitraryBytes(
      @ForAll("nearChannelBytes") byte[] bytes) {
    for (ThalosNamespace ns : NAMESPACES) {
      assertSameAnswers(STRICT.forNamespace(ns), bytes);
    }
  }

  /** Channels that start with (or nearly with) one of {@link #NAMESPACES}, then mutated like nearChannels. */
  @Provide
  Arbitrary<Tuple.Tuple2<Integer, String>> namespaceChannels() {
    Arbitrary<String> path = Arbitraries.of("heartbeat", "transactions", "rollback", "actions", "actions/",
        "actions/name/transfer", "actions/contract/eosio.token/name/transfer", "actions/contract/aaaaaaaaaaaaj",
        "tabledeltas", "tabledeltas/name/contract_row", "tabledeltas/name/contract_rows", "heartbeats", "");
    return Combinators.combine(Arbitraries.integers().between(0, NAMESPACES.length - 1),
        Arbitraries.integers().between(0, NAMESPACES.length - 1), path,
        Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(0)), Tuple.of(1, Arbitraries.just(1)),
            Tuple.of(1, Arbitraries.just(2)), Tuple.of(1, Arbitraries.just(3))),
        Arbitraries.integers().between(0, 10_000), Arbitraries.of(ATOMS))
        .as((bound, used, q, kind, where, atom) ->
            Tuple.of(bound, mutate(NAMESPACES[used].channelPrefix() + q, kind, where, atom)));
  }

  private static void assertSameAnswers(ChannelValidator bound, String channel) {
    String what = bound + " " + describe(channel);
    assertEquals(STRICT.isValid(channel), bound.isValid(channel), what);
    assertEquals(STRICT.kindOf(channel), bound.kindOf(channel), what);
    assertEquals(outcome(() -> STRICT.validate(channel)), outcome(() -> bound.validate(channel)), what);
    if (channel.chars().noneMatch(c -> Character.isSurrogate((char) c))) {
      assertSameAnswers(bound, channel.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static void assertSameAnswers(ChannelValidator bound, byte[] bytes) {
    String what = bound + " " + describe(bytes);
    byte[] framed = new byte[bytes.length + 9];
    java.util.Arrays.fill(framed, (byte) ':');
    System.arraycopy(bytes, 0, framed, 4, bytes.length);
    ChannelKind want = STRICT.kindOf(bytes, 0, bytes.length);
    assertEquals(want, bound.kindOf(framed, 4, bytes.length), what);
    assertEquals(want != null, bound.isValid(framed, 4, bytes.length), what);
    assertEquals(outcome(() -> STRICT.validate(bytes, 0, bytes.length)),
        outcome(() -> bound.validate(framed, 4, bytes.length)), what);
    for (java.nio.ByteOrder order : new java.nio.ByteOrder[] {java.nio.ByteOrder.BIG_ENDIAN,
        java.nio.ByteOrder.LITTLE_ENDIAN}) {
      ByteBuffer direct = ByteBuffer.allocateDirect(framed.length).order(order);
      direct.put(framed).position(4).limit(4 + bytes.length);
      assertEquals(want, bound.kindOf(direct), what);
      assertEquals(want, bound.kindOf(direct.asReadOnlyBuffer()), what);
      assertEquals(4, direct.position());
      ByteBuffer heap = ByteBuffer.wrap(framed).order(order);
      heap.position(4).limit(4 + bytes.length);
      assertEquals(want, bound.kindOf(heap.slice()), what);
      assertEquals(want, bound.kindOf(heap), what);
    }
  }

  /** The kind, or the exception message. */
  private static String outcome(java.util.function.Supplier<ChannelKind> check) {
    try {
      return String.valueOf(check.get());
    } catch (InvalidChannelException e) {
      return e.getMessage();
    }
  }

  @Example
  void kindOf_returnsNullForInvalid() {
    assertNull(STRICT.kindOf("ship::wax::nope"));
    assertNull(STRICT.kindOf((String) null));
    assertEquals(ChannelKind.ACTIONS_BY_CONTRACT, STRICT.kindOf("ship::wax::actions/contract/eosio"));
  }

  // ---- properties: the validator accepts exactly the documented grammar ----

  @Property
  void strictValidator_agreesWithRegexReference(@ForAll("nearChannels") String channel) {
    assertAgreement(channel, true);
  }

  @Property
  void lenientValidator_agreesWithRegexReference(@ForAll("nearChannels") String channel) {
    assertAgreement(channel, false);
  }

  @Property
  void bothValidators_agreeWithReferenceOnArbitraryBytes(@ForAll("nearChannelBytes") byte[] bytes) {
    for (boolean strict : new boolean[] {true, false}) {
      ChannelValidator v = strict ? STRICT : LENIENT;
      boolean expected = ChannelGrammarReference.isValid(bytes, strict);
      assertEquals(expected, v.isValid(bytes), () -> describe(bytes));
      ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length + 3);
      direct.put(new byte[] {1, 2, 3}).put(bytes).flip().position(3);
      assertEquals(expected, v.isValid(direct), () -> describe(bytes));
    }
  }

  @Property
  void focusedParts_agreeWithReference(@ForAll("focusedChannels") String channel) {
    assertAgreement(channel, true);
    assertAgreement(channel, false);
  }

  /** Valid channels with exactly one part drawn densely around its rule's boundaries. */
  @Provide
  Arbitrary<String> focusedChannels() {
    Arbitrary<String> name = Arbitraries.strings().withChars(".12345abjkz6A:/").ofMinLength(0).ofMaxLength(14);
    Arbitrary<String> cleanName = Arbitraries.strings().withChars(".15ajkz").ofMinLength(11).ofMaxLength(14);
    Arbitrary<String> chain = Arbitraries.oneOf(
        Arbitraries.strings().withChars("0123456789abcdef").ofMinLength(63).ofMaxLength(65),
        Arbitraries.strings().withChars("09af").ofMinLength(30).ofMaxLength(66),
        Arbitraries.strings().withChars("0afgz._-A:").ofMinLength(0).ofMaxLength(34));
    Arbitrary<String> prefix = Arbitraries.oneOf(
        Arbitraries.strings().withChars("aZ09._-").ofMinLength(62).ofMaxLength(66),
        Arbitraries.strings().withChars("aZ09._-: /*").ofMinLength(0).ofMaxLength(5));
    Arbitrary<String> table = Arbitraries.oneOf(Arbitraries.of(ChannelGrammarReference.TABLES),
        Arbitraries.of(ChannelGrammarReference.TABLES).map(t -> t.substring(0, t.length() - 1)),
        Arbitraries.of(ChannelGrammarReference.TABLES).map(t -> t + "s"));
    return Arbitraries.oneOf(
        Arbitraries.oneOf(name, cleanName).map(n -> "ship::wax::actions/contract/" + n),
        Arbitraries.oneOf(name, cleanName).map(n -> "ship::wax::actions/name/" + n),
        Combinators.combine(cleanName, cleanName).as((c, a) -> "ship::wax::actions/contract/" + c + "/name/" + a),
        chain.map(c -> "ship::" + c + "::heartbeat"),
        prefix.map(p -> p + "::wax::rollback"),
        table.map(t -> "ship::wax::tabledeltas/name/" + t));
  }

  private static void assertAgreement(String channel, boolean strict) {
    ChannelValidator v = strict ? STRICT : LENIENT;
    boolean expected = ChannelGrammarReference.isValid(channel, strict);
    assertEquals(expected, v.isValid(channel), () -> (strict ? "strict " : "lenient ") + describe(channel));
    if (expected) {
      ThalosChannel parsed = v.parse(channel);
      assertEquals(channel, parsed.name());
      assertEquals(v.kindOf(channel), parsed.kind());
    } else {
      assertThrows(InvalidChannelException.class, () -> v.validate(channel));
    }
    if (channel.chars().noneMatch(c -> Character.isSurrogate((char) c))) {
      byte[] bytes = channel.getBytes(StandardCharsets.UTF_8);
      assertEquals(expected, v.isValid(bytes), () -> "bytes of " + describe(channel));
    }
  }

  private static String describe(String s) {
    return InvalidChannelException.quote(s) + " len=" + s.length();
  }

  private static String describe(byte[] b) {
    return InvalidChannelException.quote(b, ChannelScanner.BYTES, 0, b.length);
  }

  private static final String[] ATOMS = {
    "a", "z", "j", "k", "1", "5", "6", "0", ".", "_", "-", "A", "Z", ":", "::", "/", "*", "?", "[", "]", "\\",
    " ", "\u0000", "\n", "\u007F", "\u0085", "\u00E9", "\u202E", "\u2066", "\u061C", "\u2028", "\uD83D\uDE00",
    "\uD800", "\uDC00", "name", "contract", "/name/", "/contract/",
  };

  @Provide
  Arbitrary<String> nearChannels() {
    Arbitrary<String> prefix = Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.strings().withChars("ship_AZ09.-").ofMinLength(1).ofMaxLength(66)),
        Tuple.of(2, Arbitraries.of("ship", "SHIP", "My_Prefix-1.0", "p".repeat(64), "p".repeat(65), "", "sh:ip",
            "a:")),
        Tuple.of(1, noise(70)));
    Arbitrary<String> chain = Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.strings().withChars("0123456789abcdef").ofMinLength(62).ofMaxLength(65)),
        Tuple.of(2, Arbitraries.strings().withChars("wax-_.09g").ofMinLength(1).ofMaxLength(34)),
        Tuple.of(2, Arbitraries.of("wax", "eos-main_1.x", WAX_ID, WAX_ID.toUpperCase(java.util.Locale.ROOT),
            WAX_ID + "0", WAX_ID.substring(1), "c".repeat(32), "c".repeat(33), "", "w:x", "0".repeat(64))),
        Tuple.of(1, noise(70)));
    Arbitrary<String> name = Arbitraries.frequencyOf(
        Tuple.of(2, Arbitraries.of(ChannelGrammarReference.TABLES)),
        Tuple.of(2, Arbitraries.of("eosio.token", "transfer", "m.federation", "mine", "aaaaaaaaaaaaj",
            "aaaaaaaaaaaak", "a234512345123", "eosio.", ".eosio", "aaaaaaaaaaaaaa", "", "contract_rows")),
        Tuple.of(2, Arbitraries.strings().withChars(".12345abcdejkz06_").ofMinLength(0).ofMaxLength(15)),
        Tuple.of(3, Arbitraries.strings().withChars(".15ajkz").ofMinLength(12).ofMaxLength(14)),
        Tuple.of(1, noise(16)));
    Arbitrary<String> path = Combinators.combine(
        Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.of("transactions", "heartbeat", "rollback", "actions", "actions/name/%a",
                "actions/contract/%c", "actions/contract/%c/name/%a", "tabledeltas", "tabledeltas/name/%t",
                "actions/contract/%c/name/%a", "actions/name/%a", "tabledeltas/name/%t")),
            Tuple.of(1, Arbitraries.of("heartbeats", "action", "actions/", "tabledeltas/name/",
                "actions/contract/%c/name/%a/x", "actions/name/%a/name/%a", "actions/contract/%c/", "Heartbeat"))),
        name, name, name).as((shape, c, a, t) -> shape.replace("%c", c).replace("%a", a).replace("%t", t));
    Arbitrary<String> separator = Arbitraries.frequencyOf(
        Tuple.of(12, Arbitraries.just("::")), Tuple.of(1, Arbitraries.of(":", ":::", ": :", "")));
    Arbitrary<String> channel = Combinators.combine(prefix, separator, chain, separator, path)
        .as((p, s1, c, s2, q) -> p + s1 + c + s2 + q);
    Arbitrary<Integer> mutation = Arbitraries.frequencyOf(
        Tuple.of(6, Arbitraries.just(0)), Tuple.of(1, Arbitraries.just(1)), Tuple.of(1, Arbitraries.just(2)),
        Tuple.of(1, Arbitraries.just(3)));
    return Combinators.combine(channel, mutation, Arbitraries.integers().between(0, 10_000),
        Arbitraries.of(ATOMS)).as(ChannelValidatorTest::mutate);
  }

  private static Arbitrary<String> noise(int maxAtoms) {
    return Arbitraries.of(ATOMS).list().ofMaxSize(maxAtoms).map(l -> String.join("", l));
  }

  private static String mutate(String s, int kind, int where, String atom) {
    if (s.isEmpty()) {
      return s;
    }
    int i = where % s.length();
    switch (kind) {
      case 1:
        return s.substring(0, i) + atom + s.substring(i);
      case 2:
        return s.substring(0, i) + s.substring(i + 1);
      case 3:
        return s.substring(0, i) + atom + s.substring(i + 1);
      default:
        return s;
    }
  }

  @Provide
  Arbitrary<byte[]> nearChannelBytes() {
    Arbitrary<byte[]> fromText = nearChannels().map(s -> s.getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> withRawBytes = Combinators.combine(fromText, Arbitraries.integers().between(0, 10_000),
        Arbitraries.of((byte) 0x80, (byte) 0xC0, (byte) 0xC2, (byte) 0xE0, (byte) 0xED, (byte) 0xEF,
            (byte) 0xF0, (byte) 0xF4, (byte) 0xF5, (byte) 0xFF, (byte) 0xA0, (byte) 0x9F, (byte) 0xBF))
        .as((b, where, raw) -> {
          List<Byte> list = new ArrayList<>();
          for (byte x : b) {
            list.add(x);
          }
          list.add(b.length == 0 ? 0 : where % (b.length + 1), raw);
          byte[] out = new byte[list.size()];
          for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
          }
          return out;
        });
    Arbitrary<byte[]> sequences = Arbitraries.of(
        new byte[] {(byte) 0xE0, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, new byte[] {(byte) 0xC1, (byte) 0xBF},
        new byte[] {(byte) 0xE2, (byte) 0x80, (byte) 0xAE}, new byte[] {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80},
        new byte[] {(byte) 0xC2, (byte) 0x85}, new byte[] {(byte) 0xC2, (byte) 0xA0}, new byte[] {(byte) 0xEF, (byte) 0xBF, (byte) 0xBF})
        .map(seq -> {
          byte[] head = "ship::w".getBytes(StandardCharsets.US_ASCII);
          byte[] tail = "x::heartbeat".getBytes(StandardCharsets.US_ASCII);
          byte[] out = new byte[head.length + seq.length + tail.length];
          System.arraycopy(head, 0, out, 0, head.length);
          System.arraycopy(seq, 0, out, head.length, seq.length);
          System.arraycopy(tail, 0, out, head.length + seq.length, tail.length);
          return out;
        });
    return Arbitraries.frequencyOf(Tuple.of(3, fromText), Tuple.of(3, withRawBytes), Tuple.of(1, sequences));
  }
}
