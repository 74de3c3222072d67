package dev.thalos.redis.security.check;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The table of known Redis and Valkey vulnerabilities with the first fixed release per release line, read from
 * {@code known-cves.txt} next to this class (one line per vulnerability and product, with its source).
 */
final class KnownCves {

  static final String RESOURCE = "known-cves.txt";

  /** One row of the table. */
  static final class Cve {
    final String id;
    final String product;
    final RedisVersion introduced;
    final List<RedisVersion> fixed;
    final Severity severity;
    final String title;
    final String source;

    Cve(String id, String product, RedisVersion introduced, List<RedisVersion> fixed, Severity severity,
        String title, String source) {
      this.id = id;
      this.product = product;
      this.introduced = introduced;
      this.fixed = List.copyOf(fixed);
      this.severity = severity;
      this.title = title;
      this.source = source;
    }

    /** Whether {@code version} of this row's product is affected, with the release that fixes it if any. */
    Optional<String> affects(RedisVersion version) {
      if (version.compareTo(introduced) < 0) {
        return Optional.empty();
      }
      RedisVersion newest = fixed.get(fixed.size() - 1);
      for (RedisVersion fix : fixed) {
        if (fix.sameBranch(version)) {
          return version.compareTo(fix) < 0 ? Optional.of("fixed in " + fix) : Optional.empty();
        }
      }
      if (version.compareBranch(newest) > 0) {
        return Optional.empty();
      }
      return Optional.of("no fixed release on the " + version.branch() + " line; fixed in " + newer(version));
    }

    /** The release to upgrade to: the fix on the version's line, else the fix on the next newer line. */
    RedisVersion fixFor(RedisVersion version) {
      for (RedisVersion fix : fixed) {
        if (fix.sameBranch(version)) {
          return fix;
        }
      }
      return newer(version);
    }

    private RedisVersion newer(RedisVersion version) {
      for (RedisVersion fix : fixed) {
        if (fix.compareBranch(version) > 0) {
          return fix;
        }
      }
      return fixed.get(fixed.size() - 1);
    }
  }

  private final List<Cve> rows;

  private KnownCves(List<Cve> rows) {
    this.rows = List.copyOf(rows);
  }

  /** The bundled table (read once). */
  static KnownCves bundled() {
    return Bundled.TABLE;
  }

  private static final class Bundled {
    static final KnownCves TABLE = load();
  }

  private static KnownCves load() {
    try (InputStream in = KnownCves.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("failed to read " + RESOURCE, e);
    }
  }

  /**
   * Parses the table format described in the resource's header.
   *
   * @throws IllegalArgumentException naming the line of a malformed row
   */
  static KnownCves parse(String text) {
    Objects.requireNonNull(text, "text must not be null");
    List<Cve> rows = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new java.io.StringReader(text))) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        String t = line.trim();
        if (t.isEmpty() || t.startsWith("#")) {
          continue;
        }
        rows.add(row(t, n));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new KnownCves(rows);
  }

  private static Cve row(String line, int n) {
    String[] f = line.split("\\s*\\|\\s*");
    if (f.length != 7) {
      throw new IllegalArgumentException("invalid CVE row at line " + n + ": expected 7 fields, found " + f.length);
    }
    if (!f[0].matches("CVE-\\d{4}-\\d{4,7}")) {
      throw new IllegalArgumentException("invalid CVE id at line " + n + ": " + f[0]);
    }
    String product = f[1].toLowerCase(Locale.ROOT);
    if (!product.equals("redis") && !product.equals("valkey")) {
      throw new IllegalArgumentException("invalid product at line " + n + ": " + f[1]);
    }
    RedisVersion introduced = version(f[2], n);
    List<RedisVersion> fixed = new ArrayList<>();
    for (String v : f[3].split("\\s*,\\s*")) {
      RedisVersion fix = version(v, n);
      if (!fixed.isEmpty() && fix.compareBranch(fixed.get(fixed.size() - 1)) <= 0) {
        throw new IllegalArgumentException("invalid fixed releases at line " + n
            + ": one per release line, oldest line first: " + f[3]);
      }
      fixed.add(fix);
    }
    if (!f[6].startsWith("https://")) {
      throw new IllegalArgumentException("invalid source at line " + n + ": " + f[6]);
    }
    return new Cve(f[0], product, introduced, fixed, Severity.parse(f[4]), f[5], f[6]);
  }

  private static RedisVersion version(String text, int n) {
    return RedisVersion.parse(text).orElseThrow(
        () -> new IllegalArgumentException("invalid version at line " + n + ": " + text));
  }

  List<Cve> rows() {
    return rows;
  }

  /** The rows of {@code product} that affect {@code version}, each with its fix text. */
  List<String[]> affecting(String product, RedisVersion version) {
    List<String[]> out = new ArrayList<>();
    for (Cve cve : rows) {
      if (cve.product.equals(product)) {
        cve.affects(version).ifPresent(fix -> out.add(new String[] {cve.id, fix}));
      }
    }
    return out;
  }

  Optional<Cve> row(String id, String product) {
    return rows.stream().filter(c -> c.id.equals(id) && c.product.equals(product)).findFirst();
  }
}
