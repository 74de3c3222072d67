package dev.thalos.redis.security.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The builder's checks, which need no Redis (the server itself is tested in {@link RedisServerTest}). */
@Tag("unit")
class RedisServerBuilderTest {

  @Test
  void aclFile_thatCannotBeRead_isRejected_quotingItsNameEscaped(@TempDir Path dir) {
    Path missing = dir.resolve("evil\r\n2026-01-01 info forged\u001b[31m.acl");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> RedisServer.builder().aclFile(missing));
    assertEquals("invalid aclFile: " + dir + "/evil\\u000d\\u000a2026-01-01 info forged\\u001b[31m.acl "
        + "(not a readable file)", e.getMessage());
  }

  @Test
  void missingBinary_withControlCharactersInItsPath_isNamedEscaped(@TempDir Path dir) {
    Path binary = dir.resolve("evil\r\n2026-01-01 info forged\u001b[31m").resolve("redis-server");
    TestkitException e = assertThrows(TestkitException.class,
        () -> RedisServer.builder().redisServerBinary(binary).start());
    assertEquals("redis.binary-missing", e.reason());
    assertTrue(e.getMessage().startsWith("redis-server not found: " + dir
        + "/evil\\u000d\\u000a2026-01-01 info forged\\u001b[31m/redis-server does not exist"), e.getMessage());
    assertFalse(e.getMessage().chars().anyMatch(Character::isISOControl), e.getMessage());
  }

  @Test
  void aclUsers_definingTheKitsAdminUser_isRejected_evenAfterOtherLines() {
    RedisServer.Builder builder = RedisServer.builder();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder.aclUsers(
        List.of("user alice on >pw +ping", "  user " + RedisServer.ADMIN_USER + " on nopass +@all")));
    assertEquals("invalid ACL user line: user '" + RedisServer.ADMIN_USER + "' is reserved for the test kit",
        e.getMessage());
    assertEquals(List.of(), builder.aclUserLines(), "a rejected list adds none of its lines");
  }

  @Test
  void aclUsers_whoseNameDiffersFromTheAdminUserOnlyInCase_isAnotherUser_andAccepted() {
    RedisServer.Builder builder = RedisServer.builder().aclUsers("user THALOS-TESTKIT-ADMIN on >pw +ping");
    assertEquals(List.of("user THALOS-TESTKIT-ADMIN on >pw +ping"), builder.aclUserLines());
  }
}
