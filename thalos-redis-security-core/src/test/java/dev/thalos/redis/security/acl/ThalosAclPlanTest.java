package dev.thalos.redis.security.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.channel.ThalosNamespace;
import dev.thalos.redis.security.internal.LogInjection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

@Tag("unit")
class ThalosAclPlanTest {

  private static ThalosAclPlan.Builder wax() {
    return ThalosAclPlan.builder().namespace(ThalosNamespace.of("wax"));
  }

  @Test
  void generatedFile_isLeastPrivilegeForEveryRole() {
    char[] pw = "operator-chosen-password".toCharArray();
    GeneratedAcl acl = wax().namespace(ThalosNamespace.of("eos")).server("thalos").client("wax-reader", "wax")
        .admin("ops").password("ops", pw).build().generate();
    String[] lines = acl.aclFile().split("\n");
    assertEquals("user default off resetchannels -@all", lines[0]);
    assertTrue(lines[1].matches("user thalos on #[0-9a-f]{64} ~thalos::cache::\\* resetchannels &ship::wax::\\* "
        + "&ship::eos::\\* -@all \\+publish \\+ping \\+get \\+set"), lines[1]);
    assertTrue(lines[2].matches("user wax-reader on #[0-9a-f]{64} resetchannels &ship::wax::\\* -@all "
        + "\\+subscribe \\+unsubscribe \\+ping"), lines[2]);
    assertEquals("user ops on #" + AclUser.sha256Hex(pw) + " ~* &* +@all", lines[3]);
    List<String> order = acl.setUserCommands().stream().map(c -> c.get(2)).toList();
    assertEquals(List.of("ops", "wax-reader", "thalos", "default"), order);
    Map<String, char[]> revealed = acl.revealPasswords();
    assertEquals(List.of("thalos", "wax-reader"), List.copyOf(revealed.keySet()));
    assertFalse(acl.aclFile().contains("operator-chosen-password"));
  }

  @Test
  void clientSetName_isAnOption() {
    GeneratedAcl acl = wax().client("r").clientSetName(true).build().generate();
    assertTrue(acl.user("r").toAclLine().endsWith("+subscribe +unsubscribe +ping +client|setname"));
  }

  @Test
  void redisCluster_addsWhatAClusterClientRuns_toServerAndClients_notToTheAdmin() {
    GeneratedAcl acl = wax().server("t").client("r").admin("ops").redisCluster(true).build().generate();
    String cluster = " +cluster|nodes +cluster|myid +info +client|setname";
    assertTrue(acl.user("r").toAclLine().endsWith("+subscribe +unsubscribe +ping" + cluster),
        acl.user("r").toAclLine());
    assertTrue(acl.user("t").toAclLine().endsWith("+publish +ping +get +set" + cluster), acl.user("t").toAclLine());
    assertTrue(acl.user("ops").toAclLine().endsWith("~* &* +@all"));
    assertFalse(wax().client("r").build().generate().user("r").toAclLine().contains("cluster"));
  }

  @Test
  void cacheKeyPrefix_isConfigurable_butNotAGlob() {
    GeneratedAcl acl = wax().server("t").cacheKeyPrefix("cache:").build().generate();
    assertTrue(acl.user("t").toAclLine().contains(" ~cache:* "));
    assertThrows(IllegalArgumentException.class, () -> wax().cacheKeyPrefix("cache*"));
  }

  @Test
  void inconsistentPlans_areRejected() {
    assertThrows(IllegalStateException.class, () -> ThalosAclPlan.builder().server("t").build());
    assertThrows(IllegalStateException.class, () -> wax().build());
    assertThrows(IllegalStateException.class, () -> wax().server("x").admin("x").build());
    assertThrows(IllegalStateException.class, () -> wax().client("r", "eos").build());
    assertThrows(IllegalArgumentException.class, () -> wax().client("default"));
    assertThrows(IllegalArgumentException.class, () -> wax().password("t", "short".toCharArray()));
    assertThrows(IllegalStateException.class, () -> wax().server("t").password("u", "0123456789abcdef".toCharArray())
        .build());
  }

  @Test
  void toString_neverShowsPasswords() {
    ThalosAclPlan plan = wax().server("t").password("t", "very-secret-password".toCharArray()).build();
    assertFalse(plan.toString().contains("very-secret"));
    GeneratedAcl acl = plan.generate();
    assertFalse(acl.toString().contains(acl.user("t").passwordHashes().get(0)));
    assertTrue(acl.revealPasswords().isEmpty());
  }

  @Test
  void namesAndChains_withControlCharacters_areQuotedEscaped() {
    LogInjection.assertEscaped(assertThrows(IllegalStateException.class,
        () -> wax().client("c", LogInjection.INJECTED).build()).getMessage());
    LogInjection.assertEscaped(assertThrows(IllegalArgumentException.class,
        () -> wax().password(LogInjection.INJECTED, "short".toCharArray())).getMessage());
    IllegalArgumentException c1 = assertThrows(IllegalArgumentException.class,
        () -> wax().server("s").password("u\u009bx", "p".repeat(32).toCharArray()));
    assertEquals("invalid user name: 'u\\u009bx' (control characters are not allowed)", c1.getMessage());
    LogInjection.assertNoControlCharacters(c1.getMessage());
  }

  @Test
  void c1ControlCharacters_inUserNamesAndTheCachePrefix_areRefused_quotedEscaped() {
    for (Executable e : List.<Executable>of(() -> wax().server("s\u0085"), () -> wax().client("c\u009b31m"),
        () -> wax().admin("a\u0090"), () -> wax().cacheKeyPrefix("cache\u0085::"))) {
      String message = assertThrows(IllegalArgumentException.class, e).getMessage();
      assertTrue(message.endsWith(" (control characters are not allowed)"), message);
      LogInjection.assertNoControlCharacters(message);
    }
  }

  @Test
  void loneSurrogates_inUserChainAndPrefixNames_areRefused_namingTheFieldAndTheRule() {
    String rule = " (lone surrogates are not allowed: UTF-8 cannot encode them)";
    assertEquals("invalid user name: 's\\ud800'" + rule,
        assertThrows(IllegalArgumentException.class, () -> wax().server("s\uD800")).getMessage());
    assertEquals("invalid user name: '\\udc00c'" + rule,
        assertThrows(IllegalArgumentException.class, () -> wax().client("\uDC00c")).getMessage());
    assertEquals("invalid user name: 'a\\ud83d'" + rule,
        assertThrows(IllegalArgumentException.class, () -> wax().admin("a\uD83D")).getMessage());
    assertEquals("invalid user name: 'p\\ud800'" + rule, assertThrows(IllegalArgumentException.class,
        () -> wax().password("p\uD800", "p".repeat(32).toCharArray())).getMessage());
    assertEquals("invalid chain name for client 'c': 'wax\\ud800'" + rule,
        assertThrows(IllegalArgumentException.class, () -> wax().client("c", "wax", "wax\uD800")).getMessage());
    assertEquals("invalid cache key prefix: 'cache\\udfff::'" + rule,
        assertThrows(IllegalArgumentException.class, () -> wax().cacheKeyPrefix("cache\uDFFF::")).getMessage());
    // a surrogate pair is one character, which UTF-8 encodes
    GeneratedAcl acl = wax().server("\uD83D\uDE00").cacheKeyPrefix("c\uD83D\uDE00::").build().generate();
    assertTrue(acl.user("\uD83D\uDE00").toAclLine().contains(" ~c\uD83D\uDE00::* "));
  }
}
