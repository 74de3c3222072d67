package dev.thalos.redis.security.cli;

import dev.thalos.redis.security.channel.ThalosNamespace;
import dev.thalos.redis.security.check.ReportFormat;
import dev.thalos.redis.security.check.Role;
import dev.thalos.redis.security.check.Severity;
import dev.thalos.redis.security.internal.ControlCharacters;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** picocli converters for the library's value types; each rejects a bad value naming what is allowed. */
final class Converters {

  private Converters() {}

  /** {@code text}, {@code json} or {@code sarif}. */
  static final class Format implements ITypeConverter<ReportFormat> {
    @Override
    public ReportFormat convert(String value) {
      try {
        return ReportFormat.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "'" + ControlCharacters.escape(value) + "' is not a report format (must be text, json or sarif)");
      }
    }
  }

  /** Candidates shown in help: {@code text, json, sarif}. */
  static final class FormatCandidates implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return List.of("text", "json", "sarif").iterator();
    }
  }

  /** {@code info}, {@code low}, {@code medium}, {@code high} or {@code critical}. */
  static final class SeverityConverter implements ITypeConverter<Severity> {
    @Override
    public Severity convert(String value) {
      try {
        return Severity.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "'" + ControlCharacters.escape(value)
                + "' is not a severity (must be info, low, medium, high or critical)");
      }
    }
  }

  /** Candidates shown in help. */
  static final class SeverityCandidates implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return List.of("info", "low", "medium", "high", "critical").iterator();
    }
  }

  /**
   * The role a check runs as: {@code client} (alias {@code subscriber}), {@code server} (alias
   * {@code publisher}) or {@code admin} (alias {@code operator}).
   */
  static final class RoleConverter implements ITypeConverter<Role> {
    @Override
    public Role convert(String value) {
      switch (value.trim().toLowerCase(Locale.ROOT)) {
        case "client":
        case "subscriber":
          return Role.SUBSCRIBER;
        case "server":
        case "publisher":
          return Role.PUBLISHER;
        case "admin":
        case "operator":
          return Role.OPERATOR;
        default:
          throw new TypeConversionException(
              "'" + ControlCharacters.escape(value) + "' is not a role (must be client, server or admin)");
      }
    }
  }

  /** Candidates shown in help. */
  static final class RoleCandidates implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return List.of("client", "server", "admin").iterator();
    }
  }

  /** {@code prefix::chain}, or just {@code chain} under the prefix {@value ThalosNamespace#DEFAULT_PREFIX}. */
  static final class NamespaceConverter implements ITypeConverter<ThalosNamespace> {
    @Override
    public ThalosNamespace convert(String value) {
      return namespace(value);
    }
  }

  static ThalosNamespace namespace(String value) {
    try {
      int sep = value.indexOf("::");
      if (sep < 0) {
        return ThalosNamespace.of(value);
      }
      String prefix = value.substring(0, sep);
      String chain = value.substring(sep + 2);
      if (chain.contains("::")) {
        throw new IllegalArgumentException("more than one '::'");
      }
      return ThalosNamespace.of(prefix, chain);
    } catch (IllegalArgumentException | IllegalStateException e) {
      throw new TypeConversionException("'" + ControlCharacters.escape(value)
          + "' is not a Thalos namespace (must be prefix::chain or "
          + "chain, e.g. ship::wax or wax): " + e.getMessage());
    }
  }

  /**
   * A chain under the prefix {@value ThalosNamespace#DEFAULT_PREFIX}: a chain name ({@code wax}) or a 64-hex chain
   * id; converts to its namespace, e.g. {@code ship::wax}.
   */
  static final class ChainConverter implements ITypeConverter<ThalosNamespace> {
    @Override
    public ThalosNamespace convert(String value) {
      try {
        return ThalosNamespace.of(value);
      } catch (IllegalArgumentException | IllegalStateException e) {
        throw new TypeConversionException("'" + ControlCharacters.escape(value)
            + "' is not a chain (must be a chain name of 1 to 32 characters from [a-z0-9._-], e.g. wax, or a "
            + "chain id of 64 lowercase hex digits)");
      }
    }
  }

  /**
   * The NAME of an environment variable, for the {@code --...-env} options: letters, digits and {@code _}, not
   * starting with a digit. A value that is not such a name is refused without repeating it, not even escaped or
   * by its length: most likely it is the secret itself, given by mistake ({@code --password-env "$PASSWORD"}).
   */
  abstract static class VariableName implements ITypeConverter<String> {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final String example;

    VariableName(String example) {
      this.example = example;
    }

    @Override
    public String convert(String value) {
      if (!isVariableName(value)) {
        throw new TypeConversionException("expects the NAME of an environment variable (e.g. " + example
            + "); the value given is not a valid variable name (letters, digits and _, not starting with a digit) "
            + "and is not repeated here, as it may be the password itself");
      }
      return value;
    }
  }

  /** Whether {@code value} is a valid environment variable name: letters, digits and {@code _}, no leading digit. */
  static boolean isVariableName(String value) {
    return value != null && VariableName.NAME.matcher(value).matches();
  }

  /** {@link VariableName} of {@code --password-env}. */
  static final class PasswordVariable extends VariableName {
    PasswordVariable() {
      super("THALOS_REDIS_PASSWORD");
    }
  }

  /** {@link VariableName} of {@code --sentinel-password-env}. */
  static final class SentinelPasswordVariable extends VariableName {
    SentinelPasswordVariable() {
      super("THALOS_REDIS_SENTINEL_PASSWORD");
    }
  }

  /**
   * A file path; one the file system cannot name (a NUL, say) is rejected quoting it escaped, instead of
   * picocli's default message, which repeats the raw value twice.
   */
  static final class PathConverter implements ITypeConverter<Path> {
    @Override
    public Path convert(String value) {
      try {
        return Path.of(value);
      } catch (InvalidPathException e) {
        throw new TypeConversionException("'" + ControlCharacters.escape(value) + "' is not a valid file path ("
            + ControlCharacters.escape(e.getReason()) + ")");
      }
    }
  }

  /** {@code 500ms}, {@code 10s}, {@code 2m}, or ISO-8601 such as {@code PT10S}; positive. */
  static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      Duration d;
      String v = value.trim().toLowerCase(Locale.ROOT);
      try {
        if (v.startsWith("pt")) {
          d = Duration.parse(v.toUpperCase(Locale.ROOT));
        } else if (v.endsWith("ms")) {
          d = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
        } else if (v.endsWith("s")) {
          d = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1)));
        } else if (v.endsWith("m")) {
          d = Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
        } else {
          throw new NumberFormatException();
        }
      } catch (RuntimeException e) {
        throw new TypeConversionException(
            "'" + ControlCharacters.escape(value) + "' is not a duration (e.g. 500ms, 10s, 2m)");
      }
      if (d.isZero() || d.isNegative()) {
        throw new TypeConversionException("'" + ControlCharacters.escape(value) + "' is not a positive duration");
      }
      return d;
    }
  }
}
