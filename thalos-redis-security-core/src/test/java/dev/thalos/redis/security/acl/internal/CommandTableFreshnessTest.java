package dev.thalos.redis.security.acl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs src/main/scripts/CommandTableGenerator.java against the local redis-server and checks that the shipped
 * table is exactly what it produces (when the local server is the version the table came from).
 */
@Tag("integration")
class CommandTableFreshnessTest {

  @Test
  void shippedTable_isWhatTheGeneratorProducesFromTheRealServer(@TempDir Path dir) throws Exception {
    String redis = System.getProperty("thalos.redis.server.binary", "redis-server");
    Process v = new ProcessBuilder(redis, "--version").redirectErrorStream(true).start();
    String version = new String(v.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    v.waitFor(10, TimeUnit.SECONDS);
    assumeTrue(version.contains("v=" + CommandTable.redis7().redisVersion() + " "),
        "local redis-server is not " + CommandTable.redis7().redisVersion() + ": " + version);
    Path out = dir.resolve("table.txt");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process p = new ProcessBuilder(java.toString(), "src/main/scripts/CommandTableGenerator.java",
        "--redis-server", redis, "--out", out.toString()).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(true, p.waitFor(120, TimeUnit.SECONDS), log);
    assertEquals(0, p.exitValue(), log);
    String shipped = Files.readString(Path.of("src/main/resources/dev/thalos/redis/security/acl/internal/"
        + "redis-commands.txt"));
    assertEquals(shipped, Files.readString(out));
  }
}
