package dev.thalos.redis.security.check;

import dev.thalos.redis.security.internal.ControlCharacters;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a finding was observed in a file: a configuration file and a 1-based line number. Offline audit
 * findings carry one or more locations; findings of live checks usually carry none.
 */
public final class Location {

  private final Path file;
  private final int line;

  private Location(Path file, int line) {
    this.file = file;
    this.line = line;
  }

  /**
   * @param file the file as it was opened (relative paths stay relative in reports)
   * @param line 1-based line number
   * @throws IllegalArgumentException if {@code line} is below 1
   */
  public static Location of(Path file, int line) {
    Objects.requireNonNull(file, "file must not be null");
    if (line < 1) {
      throw new IllegalArgumentException("invalid line: " + line + " (must be >= 1)");
    }
    return new Location(file, line);
  }

  public Path file() {
    return file;
  }

  public int line() {
    return line;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Location && ((Location) o).file.equals(file) && ((Location) o).line == line;
  }

  @Override
  public int hashCode() {
    return file.hashCode() * 31 + line;
  }

  /**
   * {@code file:line}, e.g. {@code /etc/redis/redis.conf:87}, with control characters in the file name escaped
   * (as {@code \}{@code u000a}), so that it can be quoted in a message or a log line.
   */
  @Override
  public String toString() {
    return ControlCharacters.escape(file.toString()) + ":" + line;
  }
}
