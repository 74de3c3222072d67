package dev.thalos.redis.security.check;

import java.util.Optional;

/** A Redis or Valkey release number {@code major.minor.patch}, compared numerically. */
final class RedisVersion implements Comparable<RedisVersion> {

  private final int major;
  private final int minor;
  private final int patch;

  private RedisVersion(int major, int minor, int patch) {
    this.major = major;
    this.minor = minor;
    this.patch = patch;
  }

  static RedisVersion of(int major, int minor, int patch) {
    if (major < 0 || minor < 0 || patch < 0) {
      throw new IllegalArgumentException("invalid version: " + major + "." + minor + "." + patch);
    }
    return new RedisVersion(major, minor, patch);
  }

  /** Parses {@code 7.0.15} (also {@code 7.2}, {@code 255.255.255}); empty for anything else. */
  static Optional<RedisVersion> parse(String text) {
    if (text == null || text.length() > 32 || !text.trim().matches("\\d{1,6}(\\.\\d{1,6}){1,2}")) {
      return Optional.empty();
    }
    String[] p = text.trim().split("\\.");
    return Optional.of(new RedisVersion(Integer.parseInt(p[0]), Integer.parseInt(p[1]),
        p.length > 2 ? Integer.parseInt(p[2]) : 0));
  }

  /** {@code major.minor}, the release line. */
  String branch() {
    return major + "." + minor;
  }

  boolean sameBranch(RedisVersion o) {
    return major == o.major && minor == o.minor;
  }

  /** Compares only the release lines. */
  int compareBranch(RedisVersion o) {
    return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
  }

  @Override
  public int compareTo(RedisVersion o) {
    int c = compareBranch(o);
    return c != 0 ? c : Integer.compare(patch, o.patch);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RedisVersion && compareTo((RedisVersion) o) == 0;
  }

  @Override
  public int hashCode() {
    return (major * 31 + minor) * 31 + patch;
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}
