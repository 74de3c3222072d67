package dev.thalos.redis.security.internal;

import java.util.OptionalLong;

/** Internal, not part of the API: numbers as redis-server 7 reads them, shared by the {@code conf} and {@code acl} code. */
public final class RedisNumbers {

  private RedisNumbers() {}

  /**
   * Redis's {@code string2ll}: an optional '-', then 0 alone or ASCII digits starting 1-9, at most 20 characters,
   * within the range of a {@code long}. No blank, no '+', no leading zero, no other Unicode digit.
   */
  public static OptionalLong string2ll(String s) {
    if (s.isEmpty() || s.length() >= 21) {
      return OptionalLong.empty();
    }
    if (s.equals("0")) {
      return OptionalLong.of(0);
    }
    int i = s.charAt(0) == '-' ? 1 : 0;
    if (i >= s.length() || s.charAt(i) < '1' || s.charAt(i) > '9') {
      return OptionalLong.empty();
    }
    for (int j = i; j < s.length(); j++) {
      if (s.charAt(j) < '0' || s.charAt(j) > '9') {
        return OptionalLong.empty();
      }
    }
    try {
      return OptionalLong.of(Long.parseLong(s));
    } catch (NumberFormatException e) {
      return OptionalLong.empty();
    }
  }
}
