package dev.thalos.redis.security.conf;

import java.util.Locale;
import java.util.OptionalLong;

/** Redis memory sizes ({@code memtoull}): bytes, or k/kb/m/mb/g/gb (k = 1000, kb = 1024), any case. */
final class MemorySize {

  private MemorySize() {}

  static OptionalLong parse(String text) {
    String s = text.toLowerCase(Locale.ROOT);
    long unit = 1;
    String digits = s;
    String[][] units = {{"kb", "1024"}, {"mb", "1048576"}, {"gb", "1073741824"}, {"k", "1000"},
        {"m", "1000000"}, {"g", "1000000000"}, {"b", "1"}};
    for (String[] u : units) {
      if (s.endsWith(u[0])) {
        unit = Long.parseLong(u[1]);
        digits = s.substring(0, s.length() - u[0].length());
        break;
      }
    }
    if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return OptionalLong.empty();
    }
    long v = Long.parseLong(digits);
    if (v > Long.MAX_VALUE / unit) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(v * unit);
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
    return Long.toString(bytes);
  }
}
