package dev.thalos.redis.security.conf;

import dev.thalos.redis.security.internal.ControlCharacters;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A parsed {@code redis.conf}: every directive in the order Redis applies them, includes expanded in place, with
 * file and line of each. Immutable; obtain one from {@link RedisConfigParser}.
 *
 * <p>Redis applies directives in order, so for single-valued directives the last one wins
 * ({@link #last(String)}, {@link #value(String)}). The directives in {@link #ACCUMULATING} add up instead
 * ({@link #all(String)}). {@code include} directives stay in the list (for evidence), followed by the directives
 * of the included files.
 *
 * <pre>{@code
 * RedisConfig config = RedisConfigParser.defaults().parse(Path.of("/etc/redis/redis.conf"));
 * String port = config.value("port").orElse("6379");
 * List<Directive> users = config.all("user");
 * }</pre>
 */
public final class RedisConfig {

  /** Directives that accumulate rather than replace: each occurrence counts. */
  public static final Set<String> ACCUMULATING = Set.of(
      "user", "rename-command", "include", "loadmodule", "save", "client-output-buffer-limit");

  private final Path main;
  private final List<Path> files;
  private final List<Directive> directives;
  private final Path workingDirectory;

  RedisConfig(Path main, List<Path> files, List<Directive> directives, Path workingDirectory) {
    this.main = main;
    this.files = List.copyOf(files);
    this.directives = List.copyOf(directives);
    this.workingDirectory = workingDirectory;
  }

  /**
   * The directory redis-server works in once it has read this configuration, where it looks for a relative
   * {@code aclfile}: the directory the parser assumed it starts in, moved by every {@code dir} as chdir() moves
   * it (for an aclfile: its directory). Empty if a {@code dir} is not a valid path.
   */
  Optional<Path> workingDirectory() {
    return Optional.ofNullable(workingDirectory);
  }

  /** The file parsing started from. */
  public Path mainFile() {
    return main;
  }

  /** Every file read, main file first, in the order they were read. */
  public List<Path> files() {
    return files;
  }

  /** All directives in application order. */
  public List<Directive> directives() {
    return directives;
  }

  /** Every occurrence of {@code name} (any case), in order. */
  public List<Directive> all(String name) {
    String n = normalise(name);
    List<Directive> out = new ArrayList<>();
    for (Directive d : directives) {
      if (d.name().equals(n)) {
        out.add(d);
      }
    }
    return out;
  }

  /** The occurrence of {@code name} that takes effect (the last one), if any. */
  public Optional<Directive> last(String name) {
    String n = normalise(name);
    for (int i = directives.size() - 1; i >= 0; i--) {
      if (directives.get(i).name().equals(n)) {
        return Optional.of(directives.get(i));
      }
    }
    return Optional.empty();
  }

  /** The first argument of the last occurrence of {@code name}, if any. */
  public Optional<String> value(String name) {
    return last(name).map(d -> d.arg(0));
  }

  /** Whether {@code name} occurs at all. */
  public boolean has(String name) {
    return last(name).isPresent();
  }

  private static String normalise(String name) {
    Objects.requireNonNull(name, "name must not be null");
    return name.toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return "RedisConfig[" + ControlCharacters.escape(main.toString()) + ", " + files.size() + " files, "
        + directives.size() + " directives]";
  }
}
