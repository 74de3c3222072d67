package dev.thalos.redis.security.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.auth.AclCredentials;
import dev.thalos.redis.security.auth.SecretSource;
import dev.thalos.redis.security.channel.ThalosNamespace;
import dev.thalos.redis.security.testkit.TestPki;
import dev.thalos.redis.security.tls.TlsSettings;
import dev.thalos.redis.security.tls.TrustAnchors;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Tag("unit")
class EndpointTopologyTest {

  private static final String CLIENT_PW = "Client-Known-Pa55word";
  private static final String SENTINEL_PW = "Sentinel-Known-Pa55word";
  private static final ThalosNamespace WAX = ThalosNamespace.of("wax");

  private static TlsSettings tls;

  @BeforeAll
  static void pki() {
    tls = TlsSettings.builder().trustAnchors(TrustAnchors.certificates(TestPki.create().ca().certificate())).build();
  }

  private static ThalosRedisEndpoint.Builder base() {
    return ThalosRedisEndpoint.builder().namespace(WAX).tls(tls);
  }

  private static SecretSource pw(String value) {
    return SecretSource.of(value.toCharArray());
  }

  @Test
  void standaloneEndpoint_hasOneNode_itsHostAndPort() {
    ThalosRedisEndpoint e = base().uri("rediss://h:7000").build();
    assertEquals(RedisTopology.STANDALONE, e.topology());
    assertEquals(List.of(NodeAddress.of("h", 7000)), e.nodes());
    assertEquals(Optional.empty(), e.sentinelMasterName());
  }

  @Test
  void clusterUri_givesSeedNodes_withDefaultPorts_andRoundTrips() {
    ThalosRedisEndpoint e = base().uri("rediss-cluster://thalos-client@a:7000,b,[::1]:7002")
        .password(pw(CLIENT_PW)).build();
    assertEquals(RedisTopology.CLUSTER, e.topology());
    assertEquals(List.of(NodeAddress.of("a", 7000), NodeAddress.of("b", 6379), NodeAddress.of("::1", 7002)),
        e.nodes());
    assertEquals("a", e.host());
    assertEquals(7000, e.port());
    assertEquals("rediss-cluster://thalos-client@a:7000,b:6379,[::1]:7002/0", e.toUri());
    assertEquals(e.nodes(), base().uri(e.toUri()).password(pw(CLIENT_PW)).build().nodes());
  }

  @Test
  void sentinelUri_givesSentinels_withPort26379_andTheMasterNameFromTheFragment() {
    ThalosRedisEndpoint e = base().uri("rediss-sentinel://thalos-client@s1,s2:26380/0#thalos-main")
        .password(pw(CLIENT_PW)).build();
    assertEquals(RedisTopology.SENTINEL, e.topology());
    assertEquals(List.of(NodeAddress.of("s1", 26379), NodeAddress.of("s2", 26380)), e.nodes());
    assertEquals(Optional.of("thalos-main"), e.sentinelMasterName());
    assertEquals("rediss-sentinel://thalos-client@s1:26379,s2:26380/0#thalos-main", e.toUri());
  }

  @Test
  void plaintextClusterAndSentinelSchemes_needPlaintextInsecure() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> base().uri("redis-cluster://a:1").build());
    assertTrue(e.getMessage().contains("plaintext"), e.getMessage());
    ThalosRedisEndpoint p = ThalosRedisEndpoint.builder().namespace(WAX).uri("redis-sentinel://s#m")
        .plaintextInsecure().build();
    assertFalse(p.isTls());
    assertEquals("redis-sentinel://s:26379/0#m", p.toUri());
  }

  @Test
  void clusterHasOnlyDatabaseZero() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> base().uri("rediss-cluster://a:1/3").build());
    assertEquals("invalid database: 3 (Redis Cluster has only database 0)", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> base().cluster("a:1").database(1).build());
  }

  @Test
  void builderCluster_andSentinel_replaceEachOtherAndAHost() {
    ThalosRedisEndpoint c = base().host("x").cluster("a:1", "b:2").build();
    assertEquals(RedisTopology.CLUSTER, c.topology());
    assertEquals(2, c.nodes().size());
    ThalosRedisEndpoint s = base().cluster("a:1").sentinel("m", "s1", "s2:2").build();
    assertEquals(RedisTopology.SENTINEL, s.topology());
    assertEquals(List.of(NodeAddress.of("s1", 26379), NodeAddress.of("s2", 2)), s.nodes());
    ThalosRedisEndpoint h = base().sentinel("m", "s1").host("x").port(5).build();
    assertEquals(RedisTopology.STANDALONE, h.topology());
    assertEquals(List.of(NodeAddress.of("x", 5)), h.nodes());
  }

  @Test
  void portSetter_isRefusedForSeveralNodes_theAddressesCarryTheirPorts() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> base().cluster("a:1").port(7000).build());
    assertTrue(e.getMessage().contains("port(...) applies to a single host"), e.getMessage());
    assertEquals(7001, base().uri("rediss://h:7000").port(7001).build().port());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "a:1,a:1|invalid seeds: a:1 is listed twice",
      "A:1,a:1|invalid seeds: a:1 is listed twice",
      "a:0|invalid port 0",
      "a:x|the port is not a number",
      "::1|IPv6 addresses must be written in brackets",
      "[x]:1|invalid IPv6 address 'x'",
      "[1.2]:1|brackets are only for IPv6 addresses",
      "[::1|unterminated IPv6 address",
      "a b:1|unexpected character"})
  void malformedSeeds_areRejectedNamingTheRule(String seeds, String reason) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> base().cluster(seeds.split(",")).build());
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  @Test
  void emptyOrNullNodeLists_andBadMasterNames_areRejected() {
    assertThrows(IllegalArgumentException.class, () -> base().cluster(List.of()));
    assertThrows(IllegalArgumentException.class, () -> base().cluster((List<NodeAddress>) null));
    assertThrows(IllegalArgumentException.class, () -> base().sentinel("m", List.of()));
    assertThrows(IllegalArgumentException.class, () -> base().sentinel("", "s"));
    assertThrows(IllegalArgumentException.class, () -> base().sentinel("a b", "s"));
    assertThrows(IllegalArgumentException.class, () -> base().sentinel(null, "s"));
    assertThrows(IllegalArgumentException.class, () -> NodeAddress.parse("host-without-port"));
    assertEquals(NodeAddress.of("h", 1), NodeAddress.parse("h:1"));
    assertEquals("[::1]:7000", NodeAddress.parse("[::1]:7000").toString());
  }

  @Test
  void sentinelCredentials_areSeparateFromTheDataNodeCredentials_andNeverPrinted() {
    ThalosRedisEndpoint e = base().sentinel("thalos", "s1:26379")
        .user("thalos-client").password(pw(CLIENT_PW))
        .sentinelUser("sentinel-client").sentinelPassword(pw(SENTINEL_PW))
        .build();
    assertEquals("thalos-client", e.credentials().orElseThrow().user());
    assertEquals("sentinel-client", e.sentinelCredentials().orElseThrow().user());
    assertFalse(e.isInsecure(), e.insecurityReasons().toString());
    String text = e.toString();
    assertFalse(text.contains(CLIENT_PW) || text.contains(SENTINEL_PW), text);
    assertTrue(text.contains("sentinelUser=sentinel-client"), text);
  }

  @Test
  void sentinelWithoutCredentials_isReportedInsecure() {
    ThalosRedisEndpoint e = base().sentinel("thalos", "s1").user("c").password(pw(CLIENT_PW)).build();
    assertTrue(e.isInsecure());
    assertTrue(e.insecurityReasons().stream().anyMatch(r -> r.startsWith("no sentinel credentials")),
        e.insecurityReasons().toString());
  }

  @Test
  void sentinelCredentials_onAnotherTopology_orTwice_orWithoutPassword_areRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> base().cluster("a:1").sentinelPassword(pw(SENTINEL_PW)).build());
    assertTrue(e.getMessage().contains("sentinel credentials given for a cluster endpoint"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> base().sentinel("m", "s")
        .sentinelCredentials(AclCredentials.of("u", pw(SENTINEL_PW))).sentinelPassword(pw(SENTINEL_PW)).build());
    assertThrows(IllegalArgumentException.class, () -> base().sentinel("m", "s").sentinelUser("u").build());
  }

  @Test
  void forNode_narrowsAClusterToOneNode_keepingEverythingElse() {
    ThalosRedisEndpoint c = base().cluster("a:1", "b:2").user("u").password(pw(CLIENT_PW)).build();
    ThalosRedisEndpoint node = c.forNode(NodeAddress.of("c", 3));
    assertEquals(RedisTopology.STANDALONE, node.topology());
    assertEquals(List.of(NodeAddress.of("c", 3)), node.nodes());
    assertEquals("u", node.credentials().orElseThrow().user());
    assertTrue(c.credentials().orElseThrow().password() == node.credentials().orElseThrow().password());
    assertEquals(c.tls(), node.tls());
    assertEquals(c.namespace(), node.namespace());
    assertEquals(c.role(), node.role());
    // also from a host-built endpoint: the node wins over the host
    assertEquals("c", base().host("x").build().forNode(NodeAddress.of("c", 3)).host());
  }

  @Test
  void forSentinel_usesTheSentinelCredentials_andRoleAdmin() {
    ThalosRedisEndpoint s = base().sentinel("thalos", "s1", "s2").user("u").password(pw(CLIENT_PW))
        .sentinelUser("sc").sentinelPassword(pw(SENTINEL_PW)).build();
    ThalosRedisEndpoint one = s.forSentinel(s.nodes().get(1));
    assertEquals(RedisTopology.STANDALONE, one.topology());
    assertEquals("s2", one.host());
    assertEquals(26379, one.port());
    assertEquals("sc", one.credentials().orElseThrow().user());
    assertEquals(ThalosRole.ADMIN, one.role());
    assertEquals(Optional.empty(), one.namespace());
    assertEquals(s.tls(), one.tls());
    assertThrows(IllegalArgumentException.class, () -> base().host("h").build().forSentinel(NodeAddress.of("s", 1)));
  }

  @Test
  void fromEnvironment_readsClusterAndSentinelUris_andSentinelCredentials() throws Exception {
    ThalosRedisEndpoint c = ThalosRedisEndpoint.fromEnvironment(Map.of(
        "THALOS_REDIS_URI", "rediss-cluster://a:1,b:2", "THALOS_REDIS_NAMESPACE", "wax"));
    assertEquals(RedisTopology.CLUSTER, c.topology());
    ThalosRedisEndpoint s = ThalosRedisEndpoint.fromEnvironment(Map.of(
        "THALOS_REDIS_URI", "rediss-sentinel://u@s1,s2#thalos", "THALOS_REDIS_NAMESPACE", "wax",
        "THALOS_REDIS_PASSWORD", CLIENT_PW,
        "THALOS_REDIS_SENTINEL_USER", "sentinel-client", "THALOS_REDIS_SENTINEL_PASSWORD", SENTINEL_PW));
    assertEquals(Optional.of("thalos"), s.sentinelMasterName());
    assertEquals("sentinel-client", s.sentinelCredentials().orElseThrow().user());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ThalosRedisEndpoint.fromEnvironment(Map.of(
            "THALOS_REDIS_URI", "rediss-sentinel://s1#thalos", "THALOS_REDIS_NAMESPACE", "wax",
            "THALOS_REDIS_SENTINEL_PASSWORD", SENTINEL_PW, "THALOS_REDIS_SENTINEL_PASSWORD_FILE", "/x")));
    assertTrue(e.getMessage().contains("both set"), e.getMessage());
  }

  @Test
  void mutate_keepsTheTopology() {
    ThalosRedisEndpoint s = base().sentinel("m", "s1").build();
    assertEquals(s.nodes(), s.mutate().build().nodes());
    assertEquals(s.sentinelMasterName(), s.mutate().build().sentinelMasterName());
  }
}
