package dev.thalos.redis.security.conf;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * Redis memory sizes as redis-server 7.0 reads them ({@code memtoull}): digits, then nothing, b, k, kb, m, mb, g
 * or gb in any case (k = 1000, kb = 1024). The value is an unsigned 64-bit number: no digits read as 0
 * ({@code ""} and {@code mb} are 0, which means unlimited for an output buffer), too many digits saturate at
 * 2^64-1, and the unit multiplies modulo 2^64, as in C. Use {@link Long#compareUnsigned} on the result.
 */
final class MemorySize {

  private static final String[][] UNITS = {{"", "1"}, {"b", "1"}, {"k", "1000"}, {"kb", "1024"},
      {"m", "1000000"}, {"mb", "1048576"}, {"g", "1000000000"}, {"gb", "1073741824"}};

  private MemorySize() {}

  /** The size in bytes (unsigned), or empty where Redis reports an error. */
  static OptionalLong parse(String text) {
    int u = 0;
    while (u < text.length() && text.charAt(u) >= '0' && text.charAt(u) <= '9') {
      u++;
    }
    String unit = text.substring(u).toLowerCase(Locale.ROOT);
    long mul = 0;
    for (String[] candidate : UNITS) {
      if (candidate[0].equals(unit)) {
        mul = Long.parseLong(candidate[1]);
      }
    }
    if (mul == 0 || u >= 128) {
      return OptionalLong.empty();
    }
    long value;
    try {
      value = u == 0 ? 0 : Long.parseUnsignedLong(text.substring(0, u));
    } catch (NumberFormatException e) {
      value = -1L; // strtoull() saturates at 2^64-1
    }
    return OptionalLong.of(value * mul);
  }

  /** E.g. {@code 32mb} for 33554432, else bytes. */
  static String format(long bytes) {
    if (bytes > 0 && bytes % (1024L * 1024 * 1024) == 0) {
      return bytes / (1024L * 1024 * 1024) + "gb";
    }
    if (bytes > 0 && bytes % (1024L * 1024) == 0) {
      return bytes / (1024L * 1024) + "mb";
    }
    if (bytes > 0 && bytes % 1024 == 0) {
      return bytes / 1024 + "kb";
    }
    return Long.toUnsignedString(bytes);
  }
}
