package dev.thalos.redis.security.acl;

import java.util.Objects;

/**
 * A key pattern of an ACL selector with its permission, e.g. {@code %R~thalos::cache::*}.
 *
 * @param permission what matching keys may be used for
 * @param pattern Redis glob pattern, without the {@code ~} prefix; no blanks, control characters or lone
 *     surrogates
 */
public record KeyPattern(KeyPermission permission, String pattern) {

  public KeyPattern {
    Objects.requireNonNull(permission, "permission must not be null");
    AclTokens.requireToken("key pattern", pattern);
  }

  /** {@code ~pattern}: read and write. */
  public static KeyPattern readWrite(String pattern) {
    return new KeyPattern(KeyPermission.READ_WRITE, pattern);
  }

  /** {@code %R~pattern}. */
  public static KeyPattern read(String pattern) {
    return new KeyPattern(KeyPermission.READ, pattern);
  }

  /** {@code %W~pattern}. */
  public static KeyPattern write(String pattern) {
    return new KeyPattern(KeyPermission.WRITE, pattern);
  }

  /** The ACL rule, e.g. {@code %R~thalos::cache::*}. */
  public String toRule() {
    if (permission == KeyPermission.READ_WRITE && pattern.equals("*")) {
      return "%RW~*"; // "~*" would mean allkeys, which also admits the empty key name
    }
    return permission.rulePrefix() + pattern;
  }

  @Override
  public String toString() {
    return toRule();
  }
}
