package dev.thalos.redis.security.testkit;

import java.nio.charset.StandardCharsets;

/** Quotes redis.conf arguments the way Redis' own argument splitter reads them back. */
final class RedisConfQuoting {

  private RedisConfQuoting() {}

  /** Returns {@code arg} unchanged when it needs no quoting, else a double-quoted, escaped form. */
  static String quote(String arg) {
    if (!arg.isEmpty() && arg.chars().allMatch(RedisConfQuoting::plain)) {
      return arg;
    }
    StringBuilder quoted = new StringBuilder(arg.length() + 2).append('"');
    for (byte b : arg.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      switch (c) {
        case '\\' -> quoted.append("\\\\");
        case '"' -> quoted.append("\\\"");
        case '\n' -> quoted.append("\\n");
        case '\r' -> quoted.append("\\r");
        case '\t' -> quoted.append("\\t");
        default -> {
          if (c >= 0x20 && c < 0x7f) {
            quoted.append((char) c);
          } else {
            quoted.append(String.format("\\x%02x", c));
          }
        }
      }
    }
    return quoted.append('"').toString();
  }

  private static boolean plain(int c) {
    return c > 0x20 && c < 0x7f && c != '"' && c != '\'' && c != '\\';
  }

  /** Joins a directive name and its arguments into one redis.conf line. */
  static String line(String name, java.util.List<String> args) {
    StringBuilder line = new StringBuilder(name);
    for (String arg : args) {
      line.append(' ').append(quote(arg));
    }
    return line.toString();
  }
}
