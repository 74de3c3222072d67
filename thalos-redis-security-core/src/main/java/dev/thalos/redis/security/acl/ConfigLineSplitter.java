package dev.thalos.redis.security.acl;

import dev.thalos.redis.security.internal.RedisArgs;
import java.util.List;

/**
 * Splits a line into arguments as Redis's {@code sdssplitargs} does (used for {@code redis.conf} lines and the
 * inside of {@code ( … )} selectors): blanks separate, {@code "…"} with backslash escapes and {@code '…'}
 * quote, and a closing quote must be followed by a blank or the end.
 */
final class ConfigLineSplitter {

  private ConfigLineSplitter() {
  }

  static List<String> split(String line, int lineNo) {
    List<String> out = splitOrNull(line);
    if (out == null) {
      throw new AclSyntaxException("acl.syntax", "unbalanced quotes in configuration line", null, lineNo, 1);
    }
    return out;
  }

  static List<String> splitSelector(String inner, int lineNo, int position) {
    List<String> out = splitOrNull(inner);
    if (out == null) {
      throw new AclSyntaxException("acl.syntax", "unbalanced quotes in selector", "(" + inner + ")", lineNo,
          position);
    }
    return out;
  }

  /** The arguments, or {@code null} when quotes are unbalanced (Redis's {@code sdssplitargs}). */
  static List<String> splitOrNull(String line) {
    return RedisArgs.split(line);
  }
}
