package dev.thalos.redis.security.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.channel.ThalosNamespace;
import dev.thalos.redis.security.testkit.RedisServer;
import dev.thalos.redis.security.testkit.RespClient;
import dev.thalos.redis.security.testkit.TestkitException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated users.acl loaded into a real redis-server 7 ({@code aclfile}): every role can do what it needs
 * and every attack this library claims to stop fails, on the server itself and in the evaluator.
 */
@Tag("integration")
class GeneratedAclTest {

  private static final String WAX_ID = "1064487b3cd1a897ce03ae5b6a865651747e2e152090f99c1d19d44e01aea5a4";

  @TempDir
  static Path dir;

  private static GeneratedAcl acl;
  private static Map<String, char[]> passwords;
  private static RedisServer server;

  @BeforeAll
  static void loadGeneratedAclIntoRedis() throws Exception {
    ThalosAclPlan plan = ThalosAclPlan.builder()
        .namespace(ThalosNamespace.of("wax"))
        .namespace(ThalosNamespace.of(WAX_ID))
        .namespace(ThalosNamespace.of("eos"))
        .server("thalos")
        .client("wax-reader", "wax", WAX_ID)
        .client("eos-reader", "eos")
        .admin("ops")
        .build();
    acl = plan.generate();
    passwords = acl.revealPasswords();
    Path file = dir.resolve("users.acl");
    Files.writeString(file, acl.aclFile());
    server = RedisServer.builder().aclFile(file).start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static RespClient as(String user) {
    return server.connect(user, new String(passwords.get(user)));
  }

  private static void assertNoPerm(Object reply) {
    RespClient.Error e = assertInstanceOf(RespClient.Error.class, reply, () -> "expected NOPERM, got " + reply);
    assertEquals("NOPERM", e.code(), e.message());
  }

  @Test
  void passwords_are256BitHexFromSecureRandomAndOnlyHashesAreInTheFile() {
    for (Map.Entry<String, char[]> e : passwords.entrySet()) {
      assertTrue(new String(e.getValue()).matches("[0-9a-f]{64}"), e.getKey());
      assertFalse(acl.aclFile().contains(new String(e.getValue())), "clear password in file for " + e.getKey());
      assertTrue(acl.aclFile().contains("#" + AclUser.sha256Hex(e.getValue())));
    }
    assertNotEquals(new String(passwords.get("thalos")), new String(passwords.get("ops")));
    assertThrows(IllegalStateException.class, acl::revealPasswords);
    assertFalse(acl.toString().contains(new String(passwords.get("thalos"))));
  }

  @Test
  void client_subscribesToItsChainsOnly_andReceivesWhatTheServerPublishes() {
    try (RespClient reader = as("wax-reader"); RespClient thalos = as("thalos")) {
      Object sub = reader.command("SUBSCRIBE", "ship::wax::heartbeat");
      assertInstanceOf(List.class, sub, String.valueOf(sub));
      assertEquals(1L, thalos.command("PUBLISH", "ship::wax::heartbeat", "{\"block\":1}"));
      Object msg = reader.readReplyOrTimeout(Duration.ofSeconds(5)).orElseThrow();
      assertEquals(List.of("message", "ship::wax::heartbeat", "{\"block\":1}"), msg);
      assertNoPerm(reader.command("SUBSCRIBE", "ship::eos::heartbeat"));
      assertNoPerm(reader.command("SUBSCRIBE", "ship::" + WAX_ID + "x::heartbeat"));
    }
    try (RespClient reader = as("wax-reader")) {
      assertInstanceOf(List.class, reader.command("SUBSCRIBE", "ship::" + WAX_ID + "::transactions"));
    }
  }

  @Test
  void client_cannotPsubscribeKillPauseListPublishOrTouchKeys() {
    try (RespClient reader = as("eos-reader")) {
      assertEquals("PONG", reader.command("PING"));
      assertNoPerm(reader.command("PSUBSCRIBE", "ship::*"));
      assertNoPerm(reader.command("PSUBSCRIBE", "ship::eos::*"));
      assertNoPerm(reader.command("CLIENT", "KILL", "USER", "thalos"));
      assertNoPerm(reader.command("CLIENT", "PAUSE", "10000"));
      assertNoPerm(reader.command("CLIENT", "LIST"));
      assertNoPerm(reader.command("CLIENT", "NO-EVICT", "on"));
      assertNoPerm(reader.command("PUBLISH", "ship::eos::heartbeat", "forged"));
      assertNoPerm(reader.command("GET", "thalos::cache::abi::eosio"));
      assertNoPerm(reader.command("KEYS", "*"));
      assertNoPerm(reader.command("CONFIG", "GET", "requirepass"));
    }
  }

  @Test
  void server_publishesToItsNamespacesAndUsesItsCache_nothingElse() {
    try (RespClient thalos = as("thalos")) {
      assertEquals("PONG", thalos.command("PING"));
      assertEquals(0L, thalos.command("PUBLISH", "ship::eos::actions", "x"));
      assertEquals("OK", thalos.command("SET", "thalos::cache::abi::" + WAX_ID + "::eosio.token", "abi", "EX", "60"));
      assertEquals("abi", thalos.command("GET", "thalos::cache::abi::" + WAX_ID + "::eosio.token"));
      assertEquals("OK", thalos.command("SET", "thalos::cache::instance::main::state", "s", "PX", "1000"));
      assertNoPerm(thalos.command("PUBLISH", "ship::jungle::heartbeat", "x"));
      assertNoPerm(thalos.command("PUBLISH", "other", "x"));
      assertNoPerm(thalos.command("SET", "ship::wax::x", "v"));
      assertNoPerm(thalos.command("GET", "session:1"));
      assertNoPerm(thalos.command("DEL", "thalos::cache::instance::main::state"));
      assertNoPerm(thalos.command("SUBSCRIBE", "ship::wax::heartbeat"));
      assertNoPerm(thalos.command("FLUSHALL"));
      assertNoPerm(thalos.command("CONFIG", "SET", "appendonly", "no"));
      assertNoPerm(thalos.command("CLIENT", "KILL", "USER", "wax-reader"));
      assertNoPerm(thalos.command("EVAL", "return 1", "0"));
    }
  }

  @Test
  void admin_canAdminister_andDefaultUserIsOff() {
    try (RespClient ops = as("ops")) {
      assertInstanceOf(List.class, ops.command("CONFIG", "GET", "maxmemory"));
    }
    try (RespClient anonymous = RespClient.connect(server.host(), server.port())) {
      Object r = anonymous.command("PING");
      assertEquals("NOAUTH", assertInstanceOf(RespClient.Error.class, r).code());
      Object auth = anonymous.command("AUTH", "default", "anything");
      assertInstanceOf(RespClient.Error.class, auth);
    }
    assertThrows(TestkitException.class, () -> server.connect("thalos", "wrong-password"));
  }

  @Test
  void serverSideAclMatchesTheModel_andEvaluatorAgreesWithDryrunForEveryRole() {
    RespClient admin = server.admin();
    List<String> lines = new ArrayList<>();
    for (Object l : (List<?>) admin.command("ACL", "LIST")) {
      if (!((String) l).startsWith("user " + RedisServer.ADMIN_USER + " ")) {
        lines.add((String) l);
      }
    }
    List<AclUser> loaded = AclParser.redis7().parseAclList(lines);
    for (AclUser generated : acl.users()) {
      AclUser back = loaded.stream().filter(u -> u.name().equals(generated.name())).findFirst().orElseThrow();
      assertEquals(generated.enabled(), back.enabled(), generated.name());
      assertEquals(generated.noPass(), back.noPass(), generated.name());
      assertEquals(generated.passwordHashes(), back.passwordHashes(), generated.name());
      assertTrue(AclEvaluator.of(generated).samePermissionsAs(back), "ACL LIST of " + generated.name() + ": "
          + back);
    }
    List<List<String>> probes = List.of(
        List.of("SUBSCRIBE", "ship::wax::heartbeat"), List.of("SUBSCRIBE", "ship::eos::heartbeat"),
        List.of("PSUBSCRIBE", "ship::wax::*"), List.of("PUBLISH", "ship::wax::heartbeat", "x"),
        List.of("CLIENT", "KILL", "1.2.3.4:5"), List.of("CLIENT", "SETNAME", "x"), List.of("PING"),
        List.of("SET", "thalos::cache::x", "v", "EX", "60"), List.of("SET", "x", "v"), List.of("GET", "thalos::cache::x"),
        List.of("FLUSHALL"), List.of("CONFIG", "GET", "x"), List.of("KEYS", "*"));
    for (AclUser u : acl.users()) {
      AclEvaluator e = AclEvaluator.of(u);
      for (List<String> p : probes) {
        List<String> dry = new ArrayList<>(List.of("ACL", "DRYRUN", u.name()));
        dry.addAll(p);
        Object r = admin.command(dry.toArray(new String[0]));
        assertEquals(String.valueOf(r), e.evaluate(p).message(), u.name() + " " + p);
      }
    }
  }

  @Test
  void setUserCommands_giveTheSameUsersAsTheFile() {
    try (RedisServer plain = RedisServer.builder().start()) {
      RespClient admin = plain.admin();
      for (List<String> cmd : acl.setUserCommands()) {
        assertEquals("OK", admin.command(cmd.toArray(new String[0])), String.valueOf(cmd));
      }
      List<String> lines = new ArrayList<>();
      for (Object l : (List<?>) admin.command("ACL", "LIST")) {
        if (!((String) l).startsWith("user " + RedisServer.ADMIN_USER + " ")) {
          lines.add((String) l);
        }
      }
      List<AclUser> loaded = AclParser.redis7().parseAclList(lines);
      for (AclUser generated : acl.users()) {
        AclUser back = loaded.stream().filter(u -> u.name().equals(generated.name())).findFirst().orElseThrow();
        assertEquals(generated.enabled(), back.enabled(), generated.name());
        assertEquals(generated.passwordHashes(), back.passwordHashes(), generated.name());
        assertTrue(AclEvaluator.of(generated).samePermissionsAs(back), generated.name() + ": " + back);
      }
    }
  }

  @Test
  void insecureDefaultUser_isSaidLoudly_andIsReallyAPasswordlessSubscriber() throws Exception {
    GeneratedAcl open = ThalosAclPlan.builder()
        .namespace(ThalosNamespace.of("wax"))
        .server("thalos")
        .defaultUser(DefaultUserPolicy.INSECURE_NOPASS_CLIENT)
        .build()
        .generate();
    assertTrue(open.notices().get(0).startsWith("INSECURE: the default user has NO PASSWORD"));
    assertTrue(open.user("default").passwordless());
    Path file = dir.resolve("open.acl");
    Files.writeString(file, open.aclFile());
    try (RedisServer s = RedisServer.builder().aclFile(file).start();
        RespClient anonymous = RespClient.connect(s.host(), s.port())) {
      assertNoPerm(anonymous.command("PUBLISH", "ship::wax::heartbeat", "x"));
      assertNoPerm(anonymous.command("CLIENT", "LIST"));
      assertInstanceOf(List.class, anonymous.command("SUBSCRIBE", "ship::wax::heartbeat"));
    }
  }
}
