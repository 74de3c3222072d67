package dev.thalos.redis.security.conf;

import dev.thalos.redis.security.internal.RedisArgs;
import dev.thalos.redis.security.check.Location;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One configuration line as Redis reads it: the directive name (lower case), its arguments after unquoting, and
 * where it was written (file and 1-based line).
 *
 * <p>{@link #toString()} and {@link #redacted()} replace secrets with {@code ****}: the arguments of
 * {@code requirepass}, {@code masterauth} and the TLS key passphrases, and the passwords and hashes in
 * {@code user} lines ({@code >pw}, {@code <pw}, {@code #hash}, {@code !hash}). Use them for evidence; use
 * {@link #args()} only to decide.
 */
public final class Directive {

  private static final Set<String> SECRET_DIRECTIVES = Set.of(
      "requirepass", "masterauth", "tls-key-file-pass", "tls-client-key-file-pass", "sentinel-pass");

  private final String name;
  private final List<String> args;
  private final Path source;
  private final int line;

  private Directive(String name, List<String> args, Path source, int line) {
    this.name = name;
    this.args = args;
    this.source = source;
    this.line = line;
  }

  /**
   * @param name directive name, any case (stored lower case)
   * @param args arguments after unquoting
   * @param source the file it came from
   * @param line 1-based line number
   */
  public static Directive of(String name, List<String> args, Path source, int line) {
    Objects.requireNonNull(name, "name must not be null");
    return asWritten(name.toLowerCase(Locale.ROOT), args, source, line);
  }

  /** An aclfile line: the first word is kept as written, since Redis accepts exactly {@code user} there. */
  static Directive asWritten(String name, List<String> args, Path source, int line) {
    Objects.requireNonNull(name, "name must not be null");
    Objects.requireNonNull(args, "args must not be null");
    Objects.requireNonNull(source, "source must not be null");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("invalid directive name: must not be empty");
    }
    if (line < 1) {
      throw new IllegalArgumentException("invalid line: " + line + " (must be >= 1)");
    }
    return new Directive(name, List.copyOf(args), source, line);
  }

  /**
   * Lower-case name, e.g. {@code bind}; for an aclfile line ({@link RedisConfigParser#parseAclFile(Path)}) the
   * first word as written.
   */
  public String name() {
    return name;
  }

  /** Arguments, unquoted (may contain secrets). */
  public List<String> args() {
    return args;
  }

  /** The argument at {@code index}, or the empty string if there are fewer arguments. */
  public String arg(int index) {
    return index < args.size() ? args.get(index) : "";
  }

  public Path source() {
    return source;
  }

  public int line() {
    return line;
  }

  public Location location() {
    return Location.of(source, line);
  }

  /** Whether {@link #redacted()} hides something. */
  public boolean holdsSecret() {
    if (SECRET_DIRECTIVES.contains(name)) {
      return args.stream().anyMatch(a -> !a.isEmpty());
    }
    if (isUserLine()) {
      return args.stream().skip(1).anyMatch(Directive::isSecretAclToken);
    }
    return false;
  }

  /**
   * The line with secrets replaced by {@code ****}, arguments quoted where needed, e.g.
   * {@code user thalos on >**** ~thalos::* +publish}.
   */
  public String redacted() {
    StringBuilder sb = new StringBuilder(name);
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      sb.append(' ');
      if (SECRET_DIRECTIVES.contains(name) && !a.isEmpty()) {
        sb.append("****");
      } else if (isUserLine() && i > 0 && isSecretAclToken(a)) {
        sb.append(secretMarker(a)).append("****");
      } else {
        sb.append(display(a));
      }
    }
    return sb.toString();
  }

  /** A user line, also one whose keyword an aclfile has in another case (Redis refuses it, we still redact). */
  private boolean isUserLine() {
    return name.equalsIgnoreCase("user");
  }

  /** Whether an ACL rule token carries a password or password hash. */
  static boolean isSecretAclToken(String token) {
    return secretMarker(token) != 0;
  }

  /**
   * The first {@code >}, {@code <}, {@code #} or {@code !} that starts a rule in {@code token}, or 0. A rule
   * starts at the token's beginning, after a {@code (} and after a blank: aclfile arguments keep the tabs Redis
   * trims off each rule, and a selector or a tab-joined argument may hold several rules.
   */
  private static char secretMarker(String token) {
    boolean ruleStart = true;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (ruleStart && (c == '>' || c == '<' || c == '#' || c == '!')) {
        return c;
      }
      ruleStart = c == '(' || Character.isWhitespace(c);
    }
    return 0;
  }

  /** An argument as it could be written back: bare if safe, else double-quoted and escaped. */
  static String display(String arg) {
    if (arg.isEmpty()) {
      return "\"\"";
    }
    for (int i = 0; i < arg.length(); i++) {
      char c = arg.charAt(i);
      if (c <= ' ' || c >= 0x7f || c == '"' || c == '\'' || c == '\\') {
        return RedisArgs.quote(arg.chars().allMatch(ch -> ch <= 0xff) ? arg : arg.replaceAll("[^\\x00-\\xff]", "?"));
      }
    }
    return arg;
  }

  /** {@link #redacted()} followed by {@code (file:line)} as {@link Location#toString()} writes it. */
  @Override
  public String toString() {
    return redacted() + " (" + location() + ")";
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Directive)) {
      return false;
    }
    Directive d = (Directive) o;
    return name.equals(d.name) && args.equals(d.args) && source.equals(d.source) && line == d.line;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, args, source, line);
  }
}
