package dev.thalos.redis.security.acl;

/** What a key pattern lets a user do with matching keys: {@code %R~}, {@code %W~} or {@code ~} ({@code %RW~}). */
public enum KeyPermission {
  /** {@code %R~pattern}: read the key's data. */
  READ("%R~"),
  /** {@code %W~pattern}: insert, update or delete the key. */
  WRITE("%W~"),
  /** {@code ~pattern} (same as {@code %RW~pattern}). */
  READ_WRITE("~");

  private final String prefix;

  KeyPermission(String prefix) {
    this.prefix = prefix;
  }

  /** The rule prefix, e.g. {@code %R~}. */
  public String rulePrefix() {
    return prefix;
  }

  public boolean canRead() {
    return this != WRITE;
  }

  public boolean canWrite() {
    return this != READ;
  }

  /** The union of two permissions, as Redis merges a pattern given twice. */
  public KeyPermission union(KeyPermission other) {
    if (this == other) {
      return this;
    }
    return READ_WRITE;
  }
}
