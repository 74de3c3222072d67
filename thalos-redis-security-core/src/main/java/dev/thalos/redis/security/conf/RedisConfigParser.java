package dev.thalos.redis.security.conf;

import dev.thalos.redis.security.internal.ConfigLines;
import dev.thalos.redis.security.internal.ControlCharacters;
import dev.thalos.redis.security.internal.RedisArgs;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;

/**
 * Reads {@code redis.conf} the way redis-server 7 does, without resolving anything on the network.
 *
 * <ul>
 *   <li>The file is split at {@code \n}; each line is trimmed of spaces, tabs, CR and LF; a line whose first
 *       character is then {@code #} is a comment, and so is an empty line. A {@code #} elsewhere is data
 *       ({@code requirepass a#b} sets {@code a#b}).</li>
 *   <li>Arguments are split with Redis's quoting rules ({@code "..."} with {@code \n \r \t \b \a \\ \" \xHH}
 *       escapes, {@code '...'} with {@code \'}); a line Redis would reject for its quotes throws
 *       {@link ConfigParseException} {@code conf.unbalanced-quotes}.</li>
 *   <li>Directive names are case-insensitive (stored lower case).</li>
 *   <li>{@code include <path>} is expanded in place, so later lines override included ones as in Redis. A
 *       relative path is resolved against redis-server's current directory at that line: the
 *       {@linkplain Builder#workingDirectory(Path) directory it starts in} (if unset we assume the directory of
 *       the main file) until a {@code dir} line, which Redis applies with chdir() as it reads it, so an include
 *       after {@code dir /var/lib/redis} is read from {@code /var/lib/redis} (a relative {@code dir} moves on from
 *       the directory before it, and a {@code dir} in an included file holds for the lines after it). A wildcard
 *       ({@code * ? [}) in the file name includes every matching file in name order and nothing if none matches,
 *       as Redis 7 does. Unlike Redis, include cycles and excessive nesting are detected and reported.</li>
 *   <li>Files are read as bytes, one character per byte (ISO-8859-1), so {@code \xHH} escapes and raw bytes
 *       agree.</li>
 * </ul>
 *
 * <p>Whatever the input, parsing either returns a {@link RedisConfig} or throws {@link ConfigParseException};
 * time and memory are linear in the input, which is bounded by the builder's limits.
 *
 * <pre>{@code
 * RedisConfig config = RedisConfigParser.defaults().parse(Path.of("/etc/redis/redis.conf"));
 * RedisConfig inline = RedisConfigParser.defaults().parse("bind 127.0.0.1\nport 0\n", Path.of("redis.conf"));
 * }</pre>
 */
public final class RedisConfigParser {

  /** Default limit on include nesting: 8 levels below the main file. */
  public static final int DEFAULT_MAX_INCLUDE_DEPTH = 8;
  /** Default limit on the size of one file: 4 MiB (Debian's redis.conf is about 100 KiB). */
  public static final long DEFAULT_MAX_FILE_BYTES = 4L * 1024 * 1024;
  /** Default limit on the number of files read for one configuration: 256. */
  public static final int DEFAULT_MAX_FILES = 256;

  private static final RedisConfigParser DEFAULTS = builder().build();

  private final int maxIncludeDepth;
  private final long maxFileBytes;
  private final int maxFiles;
  private final Path workingDirectory;

  private RedisConfigParser(Builder b) {
    this.maxIncludeDepth = b.maxIncludeDepth;
    this.maxFileBytes = b.maxFileBytes;
    this.maxFiles = b.maxFiles;
    this.workingDirectory = b.workingDirectory;
  }

  /** A parser with the default limits. */
  public static RedisConfigParser defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder mutate() {
    Builder b = new Builder().maxIncludeDepth(maxIncludeDepth).maxFileBytes(maxFileBytes).maxFiles(maxFiles);
    b.workingDirectory = workingDirectory;
    return b;
  }

  /**
   * Parses {@code file} and the files it includes.
   *
   * @throws ConfigParseException if a file cannot be read, quoting is unbalanced, or a limit is exceeded
   */
  public RedisConfig parse(Path file) {
    Objects.requireNonNull(file, "file must not be null");
    Run run = new Run(file);
    run.file(file, 0);
    return run.config(file);
  }

  /**
   * Parses {@code text} as if it were the content of {@code source} (used in locations; need not exist).
   * Includes are read from disk.
   *
   * @throws ConfigParseException if quoting is unbalanced, an include fails, or a limit is exceeded
   */
  public RedisConfig parse(String text, Path source) {
    Objects.requireNonNull(text, "text must not be null");
    Objects.requireNonNull(source, "source must not be null");
    if (text.length() > maxFileBytes) {
      throw new ConfigParseException(ConfigParseException.TOO_LARGE,
          "configuration text is larger than " + maxFileBytes + " bytes");
    }
    Run run = new Run(source);
    run.files.add(source);
    run.stack.push(source.toAbsolutePath().normalize());
    run.text(text, source, 0);
    return run.config(source);
  }

  /**
   * Reads an ACL file ({@code aclfile}, usually {@code users.acl}) as redis-server 7.0 does: lines trimmed of
   * spaces, tabs, CR and LF, empty lines skipped, and each line split at every single space — the aclfile knows
   * no quoting. The arguments are kept exactly as Redis splits them: two spaces give an empty argument, and a
   * tab, CR or LF at the edge of a rule stays (Redis trims it off each rule when it applies the rules, after
   * joining the pieces of a {@code ( … )} selector; {@link dev.thalos.redis.security.acl.AclParser#parseUserLine}
   * does the same). No includes. The first word is kept as written, not lower-cased: Redis accepts only
   * {@code user}. Lines that are not {@code user} lines (a {@code #} comment or {@code USER} included) are
   * returned as they are; redis-server 7.0 refuses to start with them.
   *
   * @throws ConfigParseException if the file cannot be read or is too large
   */
  public RedisConfig parseAclFile(Path file) {
    Objects.requireNonNull(file, "file must not be null");
    Run run = new Run(file);
    run.files.add(file);
    ConfigLines.forEachLine(read(file), (lineNo, line) -> {
      List<String> args = ConfigLines.splitAclLine(line);
      run.directives.add(Directive.asWritten(args.get(0), args.subList(1, args.size()), file, lineNo));
    });
    return run.config(file);
  }

  /**
   * Splits one line into arguments with Redis's quoting rules ({@code sdssplitargs}).
   *
   * @throws ConfigParseException {@code conf.unbalanced-quotes} if Redis would reject the line
   */
  public static List<String> splitArgs(String line) {
    Objects.requireNonNull(line, "line must not be null");
    List<String> args = RedisArgs.split(line);
    if (args == null) {
      throw new ConfigParseException(ConfigParseException.UNBALANCED_QUOTES,
          "unbalanced quotes or a closing quote not followed by a space");
    }
    return args;
  }

  /**
   * Quotes {@code value} so that {@link #splitArgs(String)} returns it as one argument (as Redis's
   * {@code sdscatrepr} does). Characters stand for bytes, so they must be at most U+00FF.
   *
   * @throws IllegalArgumentException if {@code value} has a character above U+00FF
   */
  public static String quote(String value) {
    Objects.requireNonNull(value, "value must not be null");
    return RedisArgs.quote(value);
  }

  private String read(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigParseException(ConfigParseException.UNREADABLE,
          "not a readable regular file: " + shown(file));
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxFileBytes + 1));
      if (bytes.length > maxFileBytes) {
        throw new ConfigParseException(ConfigParseException.TOO_LARGE,
            "file is larger than " + maxFileBytes + " bytes: " + shown(file));
      }
      return new String(bytes, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new ConfigParseException(ConfigParseException.UNREADABLE,
          "cannot read " + shown(file) + ": " + e.getClass().getSimpleName(), e);
    }
  }

  /** State of one parse. */
  private final class Run {
    final List<Path> files = new ArrayList<>();
    final List<Directive> directives = new ArrayList<>();
    final Deque<Path> stack = new ArrayDeque<>();
    /**
     * redis-server's current directory at the line being read: where it starts, then moved by each {@code dir}
     * (chdir()); {@code null} once a {@code dir} is not a valid path.
     */
    Path cwd;

    Run(Path main) {
      Path parent = main.toAbsolutePath().getParent();
      this.cwd = workingDirectory != null ? workingDirectory : parent;
    }

    RedisConfig config(Path main) {
      return new RedisConfig(main, files, directives, cwd);
    }

    void file(Path file, int depth) {
      if (files.size() >= maxFiles) {
        throw new ConfigParseException(ConfigParseException.TOO_MANY_FILES,
            "more than " + maxFiles + " configuration files");
      }
      Path key = identity(file);
      if (stack.contains(key)) {
        throw new ConfigParseException(ConfigParseException.INCLUDE_CYCLE,
            "include cycle: " + shown(file) + " includes itself");
      }
      String text = read(file);
      files.add(file);
      stack.push(key);
      text(text, file, depth);
      stack.pop();
    }

    void text(String text, Path source, int depth) {
      ConfigLines.forEachLine(text, (lineNo, line) -> {
        if (line.charAt(0) == '#') {
          return;
        }
        List<String> args = RedisArgs.split(line);
        if (args == null) {
          throw new ConfigParseException(ConfigParseException.UNBALANCED_QUOTES,
              "unbalanced quotes in " + shown(source) + " line " + lineNo);
        }
        if (args.isEmpty()) {
          return;
        }
        if (args.get(0).isEmpty()) {
          throw new ConfigParseException(ConfigParseException.BAD_DIRECTIVE,
              "empty directive name in " + shown(source) + " line " + lineNo);
        }
        Directive d = Directive.of(args.get(0), args.subList(1, args.size()), source, lineNo);
        directives.add(d);
        if (d.name().equals("dir")) {
          chdir(d);
        } else if (d.name().equals("include")) {
          include(d, depth);
        }
      });
    }

    /**
     * Follows redis-server's chdir() for {@code dir}. A {@code dir} without exactly one argument makes Redis
     * refuse to start, and so does one it cannot change to; neither moves the directory here.
     */
    void chdir(Directive d) {
      if (d.args().size() != 1) {
        return;
      }
      try {
        Path p = Path.of(d.arg(0));
        cwd = p.isAbsolute() ? p : cwd == null ? null : cwd.resolve(p);
      } catch (InvalidPathException e) {
        cwd = null;
      }
    }

    void include(Directive d, int depth) {
      if (d.args().size() != 1) {
        throw new ConfigParseException(ConfigParseException.BAD_INCLUDE,
            "include needs exactly one path in " + shown(d.source()) + " line " + d.line());
      }
      if (depth + 1 > maxIncludeDepth) {
        throw new ConfigParseException(ConfigParseException.INCLUDE_DEPTH,
            "includes nested deeper than " + maxIncludeDepth + " at " + shown(d.source()) + " line " + d.line());
      }
      String name = d.arg(0);
      Path target;
      try {
        Path p = Path.of(name);
        if (!p.isAbsolute() && cwd == null) {
          throw new ConfigParseException(ConfigParseException.BAD_INCLUDE, "relative include after a dir that "
              + "is not a valid path in " + shown(d.source()) + " line " + d.line());
        }
        target = p.isAbsolute() ? p : cwd.resolve(p);
      } catch (InvalidPathException e) {
        throw new ConfigParseException(ConfigParseException.BAD_INCLUDE,
            "include path is not valid in " + shown(d.source()) + " line " + d.line(), e);
      }
      if (!hasWildcard(name)) {
        file(target, depth + 1);
        return;
      }
      Path dir = target.getParent();
      Path pattern = target.getFileName();
      if (dir == null || pattern == null || hasWildcard(dir.toString())) {
        throw new ConfigParseException(ConfigParseException.BAD_INCLUDE,
            "a wildcard is supported in the file name only, in " + shown(d.source()) + " line " + d.line());
      }
      List<Path> matches = new ArrayList<>();
      if (Files.isDirectory(dir)) {
        PathMatcher matcher;
        try {
          matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        } catch (RuntimeException e) {
          throw new ConfigParseException(ConfigParseException.BAD_INCLUDE,
              "invalid include pattern in " + shown(d.source()) + " line " + d.line(), e);
        }
        boolean dotOk = pattern.toString().startsWith(".");
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
          for (Path p : entries) {
            String fn = p.getFileName().toString();
            if ((dotOk || !fn.startsWith(".")) && matcher.matches(p.getFileName()) && Files.isRegularFile(p)) {
              matches.add(p);
            }
            if (matches.size() > maxFiles) {
              break;
            }
          }
        } catch (IOException e) {
          throw new ConfigParseException(ConfigParseException.UNREADABLE,
              "cannot list " + shown(dir) + ": " + e.getClass().getSimpleName(), e);
        }
      }
      matches.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
      for (Path m : matches) {
        file(m, depth + 1);
      }
    }
  }

  /** {@code file} as messages quote it: control characters escaped. */
  private static String shown(Path file) {
    return ControlCharacters.escape(file.toString());
  }

  private static Path identity(Path file) {
    try {
      return file.toRealPath();
    } catch (IOException | RuntimeException e) {
      return file.toAbsolutePath().normalize();
    }
  }

  private static boolean hasWildcard(String s) {
    return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0;
  }

  /** Builder of {@link RedisConfigParser}; see the {@code DEFAULT_*} constants for unset values. */
  public static final class Builder {
    private int maxIncludeDepth = DEFAULT_MAX_INCLUDE_DEPTH;
    private long maxFileBytes = DEFAULT_MAX_FILE_BYTES;
    private int maxFiles = DEFAULT_MAX_FILES;
    private Path workingDirectory;

    private Builder() {}

    /** Include nesting allowed below the main file, 0..64; if unset {@link #DEFAULT_MAX_INCLUDE_DEPTH}. */
    public Builder maxIncludeDepth(int depth) {
      if (depth < 0 || depth > 64) {
        throw new IllegalArgumentException("invalid maxIncludeDepth: " + depth + " (must be 0..64)");
      }
      this.maxIncludeDepth = depth;
      return this;
    }

    /** Largest file accepted, 1 byte..256 MiB; if unset {@link #DEFAULT_MAX_FILE_BYTES}. */
    public Builder maxFileBytes(long bytes) {
      if (bytes < 1 || bytes > 256L * 1024 * 1024) {
        throw new IllegalArgumentException("invalid maxFileBytes: " + bytes + " (must be 1..268435456)");
      }
      this.maxFileBytes = bytes;
      return this;
    }

    /** Most files read for one configuration, 1..10000; if unset {@link #DEFAULT_MAX_FILES}. */
    public Builder maxFiles(int files) {
      if (files < 1 || files > 10_000) {
        throw new IllegalArgumentException("invalid maxFiles: " + files + " (must be 1..10000)");
      }
      this.maxFiles = files;
      return this;
    }

    /**
     * The directory redis-server starts in: relative {@code include} paths before the first {@code dir} line
     * are resolved against it, later ones against the directory the {@code dir} lines move to from here. If
     * unset, the directory of the main file.
     */
    public Builder workingDirectory(Path dir) {
      this.workingDirectory = Objects.requireNonNull(dir, "workingDirectory must not be null")
          .toAbsolutePath();
      return this;
    }

    public RedisConfigParser build() {
      return new RedisConfigParser(this);
    }
  }
}
