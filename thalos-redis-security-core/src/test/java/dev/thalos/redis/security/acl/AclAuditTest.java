package dev.thalos.redis.security.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.channel.ThalosNamespace;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class AclAuditTest {

  private static final List<ThalosNamespace> WAX = List.of(ThalosNamespace.of("wax"));
  private static final List<String> WAX_PREFIX = List.of("ship::wax::");

  private static Set<String> codes(List<AclFinding> findings) {
    return findings.stream().map(AclFinding::code).collect(Collectors.toSet());
  }

  @Test
  void docsClientAcl_connectionCategoryGrantsClientKillPauseListAndEveryChain() {
    AclAudit audit = AclAudit.of(ThalosFixtures.user(ThalosFixtures.docs(), "default"));
    assertTrue(audit.dangerousCommands().containsAll(List.of("client|kill", "client|pause", "client|list",
        "client|no-evict")), audit.dangerousCommands().toString());
    Optional<List<String>> sub = audit.subscribeOutside(WAX_PREFIX);
    assertTrue(sub.isPresent());
    assertEquals("SUBSCRIBE", sub.get().get(0));
    assertFalse(sub.get().get(1).startsWith("ship::wax::"));
    assertTrue(sub.get().get(1).startsWith("ship::"));
    List<AclFinding> findings = audit.reviewClient(WAX);
    assertEquals(Set.of("acl.dangerous-commands", "acl.subscribe-outside-namespace", "acl.default-user-enabled"),
        codes(findings), findings.toString());
    AclFinding dangerous = findings.stream().filter(f -> f.code().equals("acl.dangerous-commands")).findFirst()
        .orElseThrow();
    assertEquals(List.of("CLIENT", "KILL", "USER", "thalos"), dangerous.evidence());
  }

  @Test
  void docsServerAcl_writesAnyThalosKeyPublishesEverywhereAndMayFlushAll() {
    AclAudit audit = AclAudit.of(ThalosFixtures.user(ThalosFixtures.docs(), "thalos"));
    assertTrue(audit.dangerousCommands().contains("flushall"), audit.dangerousCommands().toString());
    assertTrue(audit.dangerousCommands().contains("client|kill"));
    List<String> write = audit.writeKeyOutside("thalos::cache::").orElseThrow();
    assertFalse(write.get(1).startsWith("thalos::cache::"));
    assertTrue(write.get(1).startsWith("thalos::"));
    assertTrue(audit.publishOutside(WAX_PREFIX).isPresent());
    assertEquals(Set.of("acl.dangerous-commands", "acl.publish-outside-namespace", "acl.write-keys-outside-prefix",
        "acl.read-keys-outside-prefix"), codes(audit.reviewServer(WAX, "thalos::cache::")));
  }

  @Test
  void toolsDefaultUser_isAnAdminReachableWithThePasswordOnly() {
    AclAudit audit = AclAudit.of(ThalosFixtures.user(ThalosFixtures.tools(), "default"));
    assertFalse(audit.passwordless());
    assertTrue(audit.dangerousCommands().containsAll(List.of("config|set", "flushall", "shutdown", "debug",
        "module|load", "eval", "keys", "replicaof")));
    Set<String> codes = codes(audit.reviewClient(WAX));
    assertTrue(codes.containsAll(Set.of("acl.default-user-enabled", "acl.dangerous-commands",
        "acl.client-can-publish", "acl.client-can-access-keys", "acl.subscribe-outside-namespace")), codes.toString());
  }

  @Test
  void toolsServerAcl_cannotReachItsCacheButCanWriteShipKeys() {
    AclUser server = ThalosFixtures.user(ThalosFixtures.tools(), "thalos");
    AclEvaluator e = AclEvaluator.of(server);
    assertEquals(AclOutcome.DENIED_KEY, e.evaluate("GET", "thalos::cache::abi::wax::eosio").outcome());
    assertEquals(AclOutcome.DENIED_KEY, e.evaluate("SET", "thalos::cache::instance::x::state", "s").outcome());
    AclAudit audit = AclAudit.of(server);
    assertEquals(List.of("SET", "ship::x", "v"), audit.writeKeyOutside("thalos::cache::").orElseThrow());
    assertTrue(audit.publishOutside(WAX_PREFIX).isPresent());
    assertTrue(audit.dangerousCommands().isEmpty());
  }

  @Test
  void toolsClientAcl_shipStarAdmitsEveryChain() {
    AclAudit audit = AclAudit.of(ThalosFixtures.user(ThalosFixtures.tools(), "thalos-client"));
    assertEquals(Set.of("acl.subscribe-outside-namespace"), codes(audit.reviewClient(WAX)));
    assertTrue(audit.dangerousCommands().isEmpty());
  }

  @Test
  void generatedAcl_hasNoFindingsForAnyRole() {
    GeneratedAcl acl = ThalosAclPlan.builder().namespace(ThalosNamespace.of("wax")).server("thalos")
        .client("reader").admin("ops").build().generate();
    assertEquals(List.of(), AclAudit.of(acl.user("thalos")).reviewServer(WAX, "thalos::cache::"));
    assertEquals(List.of(), AclAudit.of(acl.user("reader")).reviewClient(WAX));
    assertEquals(List.of(), AclAudit.of(acl.user("default")).reviewClient(WAX));
    assertFalse(AclAudit.of(acl.user("ops")).dangerousCommands().isEmpty());
  }

  @Test
  void psubscribeWithAWidePattern_isSubscribingOutside() {
    AclUser u = AclParser.redis7().parseUserLine("user p on >pw resetchannels &ship::* -@all +psubscribe");
    assertEquals(List.of("PSUBSCRIBE", "ship::*"), AclAudit.of(u).subscribeOutside(WAX_PREFIX).orElseThrow());
    AclUser exact = AclParser.redis7().parseUserLine("user p on >pw resetchannels &ship::wax::* -@all +psubscribe");
    assertTrue(AclAudit.of(exact).subscribeOutside(WAX_PREFIX).isEmpty());
  }

  @Test
  void globTricks_inChannelPatternsAreSeenThrough() {
    for (String pattern : List.of("ship::wa?::*", "ship::[wx]ax::*", "ship::wax*", "*::wax::*", "ship::w[^b]x::*",
        "s*", "ship::wax:[:a]*")) {
      AclUser u = AclParser.redis7().parseUserLine("user c on >pw resetchannels &" + pattern + " -@all +subscribe");
      List<String> ev = AclAudit.of(u).subscribeOutside(WAX_PREFIX).orElseThrow(() -> new AssertionError(pattern));
      assertFalse(ev.get(1).startsWith("ship::wax::"), pattern);
      assertTrue(AclEvaluator.of(u).evaluate(ev).allowed(), pattern);
    }
    for (String pattern : List.of("ship::wax::*", "ship::[w]ax::*", "ship::wax::heartbeat", "ship::wax::[a-z]*",
        "ship::wax\\:\\:*", "ship::wax::*\\", "ship::wax::[", "ship::wax:[:]*")) {
      AclUser u = AclParser.redis7().parseUserLine("user c on >pw resetchannels &" + pattern + " -@all +subscribe");
      assertTrue(AclAudit.of(u).subscribeOutside(WAX_PREFIX).isEmpty(), pattern);
    }
  }

  @Test
  void nopassUser_isPasswordless_butAnOffOneIsNot() {
    AclUser on = AclParser.redis7().parseUserLine("user x on nopass resetchannels -@all");
    AclUser off = AclParser.redis7().parseUserLine("user x off nopass resetchannels -@all");
    assertTrue(AclAudit.of(on).passwordless());
    assertEquals(Set.of("acl.passwordless"), codes(AclAudit.of(on).reviewClient(WAX)));
    assertFalse(AclAudit.of(off).passwordless());
  }

  @Test
  void keysWithReadOnlyPattern_canBeReadButNotWrittenOutside() {
    AclUser u = AclParser.redis7().parseUserLine("user x on >pw %R~* %W~thalos::cache::* -@all +get +set");
    AclAudit audit = AclAudit.of(u);
    assertTrue(audit.readKeyOutside("thalos::cache::").isPresent());
    assertTrue(audit.writeKeyOutside("thalos::cache::").isEmpty());
  }
}
