package dev.thalos.redis.security.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class LocationTest {

  @Test
  void location_printsFileColonLine() {
    Location l = Location.of(Path.of("conf/redis.conf"), 12);
    assertEquals("conf/redis.conf:12", l.toString());
    assertEquals(Location.of(Path.of("conf/redis.conf"), 12), l);
  }

  @Test
  void lineZero_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Location.of(Path.of("a"), 0));
    assertEquals("invalid line: 0 (must be >= 1)", e.getMessage());
  }
}
