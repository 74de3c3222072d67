package dev.thalos.redis.security.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class RedisConfigTest {

  private final RedisConfig config = RedisConfigParser.defaults()
      .parse("port 1\nPORT 2\nsave 900 1\nsave 60 100\n", Path.of("etc/redis.conf"));

  @Test
  void lastOccurrence_takesEffect() {
    assertEquals("2", config.value("port").orElseThrow());
    assertEquals(2, config.last("Port").orElseThrow().line());
  }

  @Test
  void allOccurrences_inOrder() {
    assertEquals("900", config.all("save").get(0).arg(0));
    assertEquals("60", config.all("save").get(1).arg(0));
  }

  @Test
  void absentDirective_isEmpty() {
    assertFalse(config.has("bind"));
    assertTrue(config.value("bind").isEmpty());
    assertEquals(Path.of("etc/redis.conf"), config.mainFile());
    assertEquals("RedisConfig[etc/redis.conf, 1 files, 4 directives]", config.toString());
  }
}
