package dev.thalos.redis.security.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.internal.LoneSurrogatePasswords;
import java.time.Duration;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class AclParserTest {

  private final AclParser parser = AclParser.redis7();

  @Test
  void fullUserLine_isParsedIntoTheModel() {
    AclUser u = parser.parseUserLine("user reader on #" + "a".repeat(64) + " ~k* %R~r* %W~w* &ship::wax::* "
        + "-@all +@pubsub -publish +client|setname +select|0 (~x* +get)");
    assertEquals("reader", u.name());
    assertTrue(u.enabled());
    assertFalse(u.noPass());
    assertEquals(List.of("a".repeat(64)), u.passwordHashes());
    assertEquals(List.of(KeyPattern.readWrite("k*"), KeyPattern.read("r*"), KeyPattern.write("w*")),
        u.root().keyPatterns());
    assertEquals(List.of("ship::wax::*"), u.root().channelPatterns());
    assertEquals(List.of(CommandRule.denyAll(), CommandRule.allowCategory("pubsub"), CommandRule.deny("publish"),
        CommandRule.allow("client|setname"), CommandRule.allowFirstArg("select", "0")), u.root().commandRules());
    assertEquals(1, u.selectors().size());
    assertEquals(List.of("~x*", "resetchannels", "-@all", "+get"), u.selectors().get(0).rules());
  }

  @Test
  void clearTextPassword_isHashedAtOnce_andNeverInOutputOrErrors() {
    AclUser u = parser.parseUserLine("user a on >s3cret-password ~*");
    assertEquals(List.of(AclUser.sha256Hex("s3cret-password".toCharArray())), u.passwordHashes());
    assertFalse(u.toAclLine().contains("s3cret"));
    AclSyntaxException e = assertThrows(AclSyntaxException.class,
        () -> parser.parseUserLine("user a on <s3cret-password"));
    assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    assertEquals("<****", e.token());
  }

  @Test
  void errors_nameTheTokenAndItsPosition() {
    AclSyntaxException e = assertThrows(AclSyntaxException.class,
        () -> parser.parseUserLine("user a on ~k +get +nosuchcommand"));
    assertEquals("+nosuchcommand", e.token());
    assertEquals(6, e.position());
    assertEquals("acl.syntax", e.reason());
    assertTrue(e.getMessage().contains("token 6 '+nosuchcommand'"), e.getMessage());

    AclSyntaxException inFile = assertThrows(AclSyntaxException.class,
        () -> parser.parseAclFile("user a on\n\nuser b on %X~k\n"));
    assertEquals(3, inFile.line());
    assertEquals(4, inFile.position());
    assertTrue(inFile.getMessage().startsWith("line 3, token 4 '%X~k'"), inFile.getMessage());
  }

  @Test
  void c1ControlCharacters_inAUserNameOrARule_areRefused_andEscapedInTheMessage() {
    AclSyntaxException name = assertThrows(AclSyntaxException.class, () -> parser.parseUserLine("user a\u009b31m on"));
    assertEquals("acl.unsupported", name.reason());
    assertEquals("token 2 'a\\u009b31m': invalid user name (control characters are not allowed)", name.getMessage());
    AclSyntaxException rule = assertThrows(AclSyntaxException.class,
        () -> parser.parseAclFile("user a on\nuser b on resetchannels &ship::\u0085x\n"));
    assertEquals("line 2, token 5 '&ship::\\u0085x': control characters are not allowed", rule.getMessage());
    AclSyntaxException selector = assertThrows(AclSyntaxException.class,
        () -> parser.parseUserLine("user a on (~k\u0090 +get)"));
    assertEquals("token 4 '~k\\u0090': control characters are not allowed", selector.getMessage());
    assertThrows(AclSyntaxException.class, () -> parser.parseSetUser("a", List.of("~\u0085")));
    assertThrows(AclSyntaxException.class, () -> parser.parseSetUser("a\u0085", List.of("on")));
  }

  @Test
  void loneSurrogate_inAUserNameOrARule_isRefused_quotedAsAnEscape() {
    String rule = "lone surrogates are not allowed: UTF-8 cannot encode them";
    AclSyntaxException name = assertThrows(AclSyntaxException.class, () -> parser.parseUserLine("user a\uD800 on"));
    assertEquals("acl.unsupported", name.reason());
    assertEquals("token 2 'a\\ud800': invalid user name (" + rule + ")", name.getMessage());
    assertEquals("line 1, token 2 '\\udc00b': invalid user name (" + rule + ")", assertThrows(
        AclSyntaxException.class, () -> parser.parseAclFile("user \uDC00b on\n")).getMessage());
    assertEquals("token 2 'x\\ud83d': invalid user name (" + rule + ")", assertThrows(AclSyntaxException.class,
        () -> parser.parseSetUser("x\uD83D", List.of("on"))).getMessage());
    assertEquals("line 1, token 2 'c\\ud800': invalid user name (" + rule + ")", assertThrows(
        AclSyntaxException.class, () -> parser.parseRedisConf("user c\uD800 on\n")).getMessage());
    assertEquals("token 4 '~k\\udfff': " + rule, assertThrows(AclSyntaxException.class,
        () -> parser.parseUserLine("user a on ~k\uDFFF")).getMessage());
    assertEquals("token 4 '&ship::\\ud800': " + rule, assertThrows(AclSyntaxException.class,
        () -> parser.parseUserLine("user a on (&ship::\uD800 +get)")).getMessage());
    // a surrogate pair is one character, which UTF-8 encodes
    AclUser pair = parser.parseUserLine("user \uD83D\uDE00 on ~k\uD83D\uDE00");
    assertEquals("\uD83D\uDE00", pair.name());
  }

  @Test
  void whatRedisRefuses_isRefused() {
    for (String rules : List.of("~a allkeys ~b", "&a allchannels &b", "%RR~a", "%~a", "+config|get|x", "+config|",
        "-select|0", "+client|nosuch", "#ABCDEF", "!" + "0".repeat(64), "+@nosuchcategory", "(~a +get", "bogus",
        "(>pw)", "(on)", "+", "-@")) {
      assertThrows(AclSyntaxException.class, () -> parser.parseUserLine("user a " + rules), rules);
    }
  }

  @Test
  void aclFile_refusesCommentsAndDuplicateUsers() {
    assertThrows(AclSyntaxException.class, () -> parser.parseAclFile("# users\nuser a on\n"));
    AclSyntaxException dup = assertThrows(AclSyntaxException.class, () -> parser.parseAclFile("user a on\nuser a off\n"));
    assertEquals("acl.duplicate-user", dup.reason());
    assertEquals(2, parser.parseAclFile("user a on\r\n\n  user b  off  \n").size());
  }

  // --- aclfile lines as redis-server 7 reads them: split at single spaces, no quoting, no comments ---

  @Test
  void aclFileLine_tabsCrAndLfAroundARule_areTrimmedOffTheRule() {
    assertEquals(parser.parseUserLine("user a on ~k +get"), parser.parseUserLine("user a on\t ~k\t\r \t+get\t"));
    assertEquals(parser.parseUserLine("user a on ~k"), parser.parseAclFile("user a on\t ~k\r\n").get(0));
  }

  @Test
  void aclFileLine_aTabSeparatesNothing_soATabAfterTheKeywordOrInTheNameIsRefused() {
    assertEquals("acl.syntax", assertThrows(AclSyntaxException.class, () -> parser.parseUserLine("user\ta on"))
        .reason());
    assertThrows(AclSyntaxException.class, () -> parser.parseUserLine("user a\t on"));
    // inside a rule a tab stays, and a rule with a blank is refused
    assertThrows(AclSyntaxException.class, () -> parser.parseUserLine("user a on ~k\tj"));
  }

  @Test
  void aclFileLine_everySingleSpaceSeparates_soTwoSpacesBeforeTheNameLeaveItEmpty() {
    // Redis reads the user name "" and then the rule "a", which it refuses
    assertThrows(AclSyntaxException.class, () -> parser.parseUserLine("user  a on"));
    // between rules the empty argument does nothing
    assertEquals(parser.parseUserLine("user a on ~k"), parser.parseUserLine("user a  on   ~k"));
  }

  @Test
  void aclFile_linesAreTrimmedOfSpaceTabCrAndLfOnly() {
    List<AclUser> users = parser.parseAclFile(" \t user a on ~x\r\n\r\n\t\n  user b off\r\n");
    assertEquals(List.of("a", "b"), users.stream().map(AclUser::name).toList());
    assertEquals(List.of(KeyPattern.readWrite("x")), users.get(0).root().keyPatterns());
    // a vertical tab or form feed is not trimmed: "\u000buser" is not the keyword, "on\f" is not a rule
    assertThrows(AclSyntaxException.class, () -> parser.parseAclFile("\u000buser a on\n"));
    assertThrows(AclSyntaxException.class, () -> parser.parseAclFile("user a on\f\n"));
  }

  @Test
  void aclFile_hasNoComments() {
    for (String text : List.of("# users\nuser a on\n", "  # indented\nuser a on\n", "user a on # trailing\n",
        "user a on #comment\n")) {
      assertThrows(AclSyntaxException.class, () -> parser.parseAclFile(text), text);
    }
  }

  @Test
  void aclFileLine_hasNoQuoting_quotesAndBackslashEscapesAreLiteral() {
    AclUser u = parser.parseUserLine("user \"a\" on ~\"\\x41\" ~'b'");
    assertEquals("\"a\"", u.name());
    assertEquals(List.of(KeyPattern.readWrite("\"\\x41\""), KeyPattern.readWrite("'b'")), u.root().keyPatterns());
    // a rule starting with a quote is no password
    assertThrows(AclSyntaxException.class, () -> parser.parseUserLine("user a on \">p\\x41ss\""));
    assertThrows(AclSyntaxException.class, () -> parser.parseUserLine("user a on '>p w'"));
    // in redis.conf the same rule is quoted
    assertEquals(List.of(AclUser.sha256Hex("pAss".toCharArray())),
        parser.parseRedisConf("user a on \">p\\x41ss\"\n").get(0).passwordHashes());
  }

  @Test
  void aclFileLine_unbalancedQuotes_areJustCharacters() {
    assertEquals(List.of(KeyPattern.readWrite("\"abc")), parser.parseUserLine("user a on ~\"abc").root()
        .keyPatterns());
    assertThrows(AclSyntaxException.class, () -> parser.parseRedisConf("user a on ~\"abc\n"));
  }

  @Test
  void aclFileLine_selectorPiecesAreJoined_beforeEachRuleIsTrimmed() {
    assertEquals(List.of(KeyPattern.readWrite("x"), KeyPattern.readWrite("y")),
        parser.parseUserLine("user a on (~x\t ~y)").selectors().get(0).keyPatterns());
    // "(~x)\t" does not end with ')': it opens a selector that is never closed
    assertThrows(AclSyntaxException.class, () -> parser.parseUserLine("user a on (~x)\t ~y"));
    // "\t(~x" does not start with '(': trimmed, it is the rule "(~x", a syntax error
    assertEquals("acl.syntax", assertThrows(AclSyntaxException.class,
        () -> parser.parseUserLine("user a on \t(~x ~y)")).reason());
  }

  @Test
  void orderOfCommandRules_isKept_andEverythingBeforeTheLastAllRuleDropped() {
    assertEquals(List.of(CommandRule.allowAll(), CommandRule.deny("debug")),
        parser.parseUserLine("user a +get -debug +@all -debug").root().commandRules());
    // -debug before +@all is overwritten by it: DEBUG is allowed
    assertEquals(List.of(CommandRule.allowAll()), parser.parseUserLine("user a -debug +@all").root().commandRules());
    assertTrue(AclEvaluator.of(parser.parseUserLine("user a -debug +@all")).evaluate("DEBUG", "SLEEP", "0").allowed());
    assertFalse(AclEvaluator.of(parser.parseUserLine("user a +@all -debug")).evaluate("DEBUG", "SLEEP", "0")
        .allowed());
    assertEquals(List.of(CommandRule.allowAll()), parser.parseUserLine("user a nocommands allcommands").root()
        .commandRules());
  }

  @Test
  void keyPatternsGivenTwice_mergePermissions_andPercentRwStarIsNotAllkeys() {
    AclUser u = parser.parseUserLine("user a %r~a %W~a %RW~* ~b");
    assertEquals(List.of(KeyPattern.readWrite("a"), KeyPattern.readWrite("*"), KeyPattern.readWrite("b")),
        u.root().keyPatterns());
    assertFalse(u.root().allKeys());
    assertTrue(u.toAclLine().contains("%RW~*"), u.toAclLine());
    assertTrue(parser.parseUserLine("user a ~*").root().allKeys());
  }

  @Test
  void aclListOutput_acceptsTildeStarFollowedByPatterns() {
    AclUser u = parser.parseAclList(List.of("user a off ~* ~b resetchannels -@all")).get(0);
    assertEquals(List.of(KeyPattern.readWrite("*"), KeyPattern.readWrite("b")), u.root().keyPatterns());
    assertThrows(AclSyntaxException.class, () -> parser.parseUserLine("user a off ~* ~b resetchannels -@all"));
  }

  @Test
  void pubsubDefault_decidesWhereChannelsStart() {
    assertFalse(parser.parseUserLine("user a on").root().allChannels());
    AclParser old = AclParser.redis7(AclParser.PubsubDefault.ALLCHANNELS);
    assertTrue(old.parseUserLine("user a on").root().allChannels());
    assertTrue(old.parseUserLine("user a on (+get)").selectors().get(0).allChannels());
    assertFalse(old.parseUserLine("user a on resetchannels").root().allChannels());
  }

  @Test
  void reset_clearsEverythingAndSetsSanitizePayload() {
    AclUser u = parser.parseUserLine("user a on nopass ~* &* +@all (+get) reset");
    assertEquals("user a off sanitize-payload resetchannels -@all", u.toAclLine());
  }

  @Test
  void redisConf_userDirectivesAreParsedWithConfigQuoting() {
    List<AclUser> users = parser.parseRedisConf("port 6380\n# user commented on\nuser alice on \">pw with space\" "
        + "'~k*' +get\nrequirepass x\nuser bob off\n");
    assertEquals(List.of("alice", "bob"), users.stream().map(AclUser::name).toList());
    assertEquals(List.of(AclUser.sha256Hex("pw with space".toCharArray())), users.get(0).passwordHashes());
    assertThrows(AclSyntaxException.class, () -> parser.parseRedisConf("user alice on \"unbalanced\n"));
  }

  @Test
  void setUserArguments_mergeSelectorsSpreadOverArguments() {
    AclUser u = parser.parseSetUser("a", List.of("on", "(~x", "+get)", "", "()"));
    assertEquals(2, u.selectors().size());
    AclUser again = parser.applySetUser(u, List.of("clearselectors", "+set"));
    assertEquals(0, again.selectors().size());
    assertTrue(again.enabled());
  }

  @Test
  void canonicalLine_roundTrips() {
    String line = "user a on #" + "b".repeat(64) + " %R~r ~k resetchannels &c -@all +@read -get (~x resetchannels -@all +set)";
    AclUser u = parser.parseUserLine(line);
    assertEquals(line, u.toAclLine());
    assertEquals(u, parser.parseUserLine(u.toAclLine()));
  }

  // --- hostile input ---

  @Provide
  Arbitrary<String> hostileLines() {
    Arbitrary<String> token = Arbitraries.oneOf(
        Arbitraries.of("user", "on", "off", "nopass", "reset", "resetpass", "allkeys", "resetkeys", "allchannels",
            "resetchannels", "+@all", "-@all", "(", ")", "()", "~*", "&*", "%R~", "%W~", "+get", "-get",
            "+client|kill", "+select|0", "+@read", "clearselectors", "sanitize-payload", ">", "<", "#", "!"),
        Arbitraries.strings().withChars("~%&+-@|()*?[]\\^RWrw<>#!\"' \tabc:").ofMaxLength(12),
        Arbitraries.strings().ofMaxLength(6));
    return Combinators.combine(Arbitraries.of("user ", "user a ", "user default on ", ""),
        token.list().ofMaxSize(10)).as((head, tokens) -> head + String.join(" ", tokens));
  }

  @Property
  void hostileLines_onlyEverThrowTheDocumentedException_andRoundTrip(@ForAll("hostileLines") String line) {
    AclUser u;
    try {
      u = parser.parseUserLine(line);
    } catch (AclSyntaxException e) {
      assertTrue(e.position() >= 1, e.getMessage());
      return;
    }
    String canonical = u.toAclLine();
    AclUser back = parser.parseUserLine(canonical);
    assertEquals(u, back, canonical);
    assertEquals(canonical, back.toAclLine());
  }

  @Property
  void hostileFiles_onlyEverThrowTheDocumentedException(@ForAll("hostileLines") String a,
      @ForAll("hostileLines") String b) {
    try {
      List<AclUser> users = parser.parseAclFile(a + "\n" + b);
      for (AclUser u : users) {
        assertEquals(u, parser.parseUserLine(u.toAclLine()));
      }
    } catch (AclSyntaxException expected) {
      // documented
    }
    try {
      parser.parseRedisConf(a + "\n" + b);
    } catch (AclSyntaxException expected) {
      // documented
    }
  }

  @Test
  void patternsWithManyStars_parseAndEvaluateQuickly() {
    String stars = "*a".repeat(2000) + "*b";
    AclUser u = parser.parseUserLine("user a on ~" + stars + " &" + stars + " +@all");
    String subject = "a".repeat(5000);
    long start = System.nanoTime();
    AclEvaluator e = AclEvaluator.of(u);
    assertEquals(AclOutcome.DENIED_KEY, e.evaluate("GET", subject).outcome());
    assertEquals(AclOutcome.DENIED_CHANNEL, e.evaluate("PUBLISH", subject, "m").outcome());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 2000);
  }

  @Test
  void passwordTokens_withALoneSurrogate_areRefused_showingThePasswordAsStars() {
    for (String password : LoneSurrogatePasswords.ALL) {
      for (String op : List.of(">", "<")) {
        for (AclSyntaxException e : List.of(
            assertThrows(AclSyntaxException.class, () -> parser.parseUserLine("user a on " + op + password)),
            assertThrows(AclSyntaxException.class, () -> parser.parseAclFile("user a on " + op + password + "\n")),
            assertThrows(AclSyntaxException.class, () -> parser.parseSetUser("a", List.of("on", op + password))))) {
          assertEquals("acl.unsupported", e.reason());
          assertEquals(op + "****", e.token());
          assertTrue(e.getMessage().contains(" '" + op + "****': password "), e.getMessage());
          LoneSurrogatePasswords.assertRefusedWithoutTrace(e.getMessage(), password);
        }
      }
    }
  }

  @Test
  void passwordToken_outsideTheBmp_isHashedAsItsUtf8Bytes() throws Exception {
    String hash = LoneSurrogatePasswords.withPairSha256Hex();
    assertEquals(List.of(hash),
        parser.parseUserLine("user a on >" + LoneSurrogatePasswords.WITH_PAIR).passwordHashes());
    assertEquals(List.of(), parser.parseUserLine(
        "user a on >" + LoneSurrogatePasswords.WITH_PAIR + " <" + LoneSurrogatePasswords.WITH_PAIR).passwordHashes());
  }
}
