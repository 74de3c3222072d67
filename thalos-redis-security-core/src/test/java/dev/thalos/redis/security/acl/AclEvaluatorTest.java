package dev.thalos.redis.security.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Redis 7.0 ACL semantics, each verified against ACL DRYRUN of redis-server 7.0.15. */
@Tag("unit")
class AclEvaluatorTest {

  private static AclEvaluator user(String rules) {
    return AclEvaluator.of(AclParser.redis7().parseUserLine("user u on nopass " + rules));
  }

  @Test
  void typicalClient_subscribesInItsNamespaceOnly() {
    AclEvaluator client = user("resetchannels &ship::wax::* -@all +subscribe +unsubscribe +ping");
    assertTrue(client.evaluate("SUBSCRIBE", "ship::wax::heartbeat").allowed());
    AclDecision other = client.evaluate("SUBSCRIBE", "ship::wax::heartbeat", "ship::eos::heartbeat");
    assertEquals(AclOutcome.DENIED_CHANNEL, other.outcome());
    assertEquals("ship::eos::heartbeat", other.subject());
    assertEquals(2, other.argumentIndex());
    assertEquals("This user has no permissions to access the 'ship::eos::heartbeat' channel", other.message());
    AclDecision publish = client.evaluate("PUBLISH", "ship::wax::heartbeat", "forged");
    assertEquals("This user has no permissions to run the 'publish' command", publish.message());
  }

  @Test
  void psubscribe_comparesPatternsLiterally() {
    AclEvaluator u = user("resetchannels &ship::* -@all +psubscribe +subscribe");
    assertTrue(u.evaluate("PSUBSCRIBE", "ship::*").allowed());
    assertEquals(AclOutcome.DENIED_CHANNEL, u.evaluate("PSUBSCRIBE", "ship::wax::*").outcome());
    assertTrue(u.evaluate("SUBSCRIBE", "ship::wax::x").allowed());
  }

  @Test
  void ruleOrderMatters() {
    assertFalse(user("~* +@all -debug").evaluate("DEBUG", "OBJECT", "k").allowed());
    assertTrue(user("~* -debug +@all").evaluate("DEBUG", "OBJECT", "k").allowed());
    assertTrue(user("-@all +@connection").evaluate("CLIENT", "KILL", "1.2.3.4:5").allowed());
    assertFalse(user("-@all +@connection -client|kill").evaluate("CLIENT", "KILL", "1.2.3.4:5").allowed());
    assertTrue(user("-@all +client -client|kill").evaluate("CLIENT", "LIST").allowed());
  }

  @Test
  void subcommandAndFirstArgRules() {
    AclEvaluator u = user("-@all +config|get +select|0");
    assertTrue(u.evaluate("CONFIG", "GET", "maxmemory").allowed());
    assertEquals("This user has no permissions to run the 'config|set' command",
        u.evaluate("CONFIG", "SET", "maxmemory", "1").message());
    assertTrue(u.evaluate("SELECT", "0").allowed());
    assertFalse(u.evaluate("SELECT", "1").allowed());
    assertFalse(user("-@all +select|0 +@all -select").evaluate("SELECT", "0").allowed());
  }

  @Test
  void keyPermissions_followTheCommandsKeySpecs() {
    AclEvaluator u = user("%R~r* %W~w* -@all +get +set +copy +strlen");
    assertTrue(u.evaluate("GET", "r1").allowed());
    assertFalse(u.evaluate("GET", "w1").allowed());
    assertTrue(u.evaluate("SET", "w1", "v", "EX", "60").allowed());
    assertEquals("This user has no permissions to access the 'w1' key",
        u.evaluate("SET", "w1", "v", "GET").message()); // GET makes SET read the key too
    assertTrue(u.evaluate("COPY", "r1", "w1").allowed());
    assertFalse(u.evaluate("COPY", "w1", "r1").allowed());
    assertTrue(u.evaluate("STRLEN", "w1").allowed()); // no access flag: any matching pattern will do
  }

  @Test
  void emptyKeyName_isOnlyAdmittedByAllkeys() {
    assertTrue(user("~* +get").evaluate("GET", "").allowed());
    assertFalse(user("%RW~* +get").evaluate("GET", "").allowed());
  }

  @Test
  void selectors_allowWhenAnyAllows_andTheReportedReasonIsRedisOwn() {
    AclEvaluator u = user("~foo* -@all +get (~x* +set)");
    assertTrue(u.evaluate("GET", "foo1").allowed());
    assertTrue(u.evaluate("SET", "x1", "v").allowed());
    assertEquals("This user has no permissions to access the 'foo' key", u.evaluate("SET", "foo", "1").message());
    assertEquals("This user has no permissions to access the 'zzz' key", u.evaluate("GET", "zzz").message());
    assertEquals("This user has no permissions to run the 'del' command", u.evaluate("DEL", "x1").message());
  }

  @Test
  void authAndHello_areNotGated_unknownAndArityErrorsAreDryrunErrors() {
    AclEvaluator u = user("-@all");
    assertTrue(u.evaluate("AUTH", "x").allowed());
    assertTrue(u.evaluate("HELLO").allowed());
    assertEquals(AclOutcome.UNKNOWN_COMMAND, u.evaluate("NOSUCH").outcome());
    assertEquals(AclOutcome.UNKNOWN_COMMAND, u.evaluate("CLIENT", "NOSUCH").outcome());
    assertEquals("wrong number of arguments for 'get' command", u.evaluate("GET").message());
    assertEquals(AclOutcome.WRONG_ARITY, u.evaluate("GET").outcome());
  }

  @Test
  void caseFolding_isAsciiOnlyLikeRedis() {
    AclEvaluator u = user("~* +@all");
    assertTrue(u.evaluate("kEyS", "*").allowed());
    assertEquals(AclOutcome.UNKNOWN_COMMAND, u.evaluate("\u212AEYS", "*").outcome()); // KELVIN SIGN is not K
    assertThrows(AclSyntaxException.class, () -> AclParser.redis7().parseUserLine("user u +\u212Aeys"));
  }

  @Test
  void offUser_isEvaluatedLikeDryrun() {
    AclEvaluator off = AclEvaluator.of(AclParser.redis7().parseUserLine("user u off ~* +get"));
    assertTrue(off.evaluate("GET", "k").allowed());
  }

  @Test
  void allowedCommands_andSamePermissions() {
    AclEvaluator u = user("-@all +subscribe +ping +select|0");
    // AUTH, HELLO, QUIT and RESET are never ACL-gated (no_auth)
    assertEquals(List.of("auth", "hello", "ping", "quit", "reset", "select", "subscribe"),
        u.allowedCommands().stream().sorted().toList());
    AclUser a = AclParser.redis7().parseUserLine("user a on -@all +get +set ~k");
    AclUser b = AclParser.redis7().parseUserLine("user b off -@all +set +get ~k");
    AclUser c = AclParser.redis7().parseUserLine("user c off -@all +set +get ~k2");
    assertTrue(AclEvaluator.of(a).samePermissionsAs(b));
    assertFalse(AclEvaluator.of(a).samePermissionsAs(c));
  }

  @Test
  void malformedArguments_areProgrammingErrors() {
    AclEvaluator u = user("+@all");
    assertThrows(IllegalArgumentException.class, () -> u.evaluate(List.of()));
    assertThrows(NullPointerException.class, () -> u.evaluate("GET", null));
    assertEquals("7.0.15", u.redisVersion());
  }
}
