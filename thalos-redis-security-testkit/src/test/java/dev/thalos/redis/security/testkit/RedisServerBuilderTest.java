package dev.thalos.redis.security.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
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
}
