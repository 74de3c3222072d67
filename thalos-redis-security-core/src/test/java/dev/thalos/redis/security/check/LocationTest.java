package dev.thalos.redis.security.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.thalos.redis.security.internal.LogInjection;
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

  @Test
  void fileName_withControlCharacters_isPrintedEscaped_andKeptAsItIs() {
    Path file = Path.of("conf", LogInjection.FILE_NAME);
    Location l = Location.of(file, 3);
    assertEquals("conf/" + LogInjection.FILE_NAME_ESCAPED + ":3", l.toString());
    assertEquals(file, l.file());
  }
}
