package dev.thalos.redis.security.acl;

import java.util.ArrayList;
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

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0b || c == '\f';
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }

  /** The arguments, or {@code null} when quotes are unbalanced. */
  static List<String> splitOrNull(String line) {
    List<String> out = new ArrayList<>();
    int n = line.length();
    int p = 0;
    while (true) {
      while (p < n && isSpace(line.charAt(p))) {
        p++;
      }
      if (p >= n) {
        return out;
      }
      boolean inq = false;
      boolean insq = false;
      boolean done = false;
      StringBuilder cur = new StringBuilder();
      while (!done) {
        char c = p < n ? line.charAt(p) : '\0';
        char next = p + 1 < n ? line.charAt(p + 1) : '\0';
        if (inq) {
          if (c == '\\' && next == 'x' && p + 3 < n && hex(line.charAt(p + 2)) >= 0 && hex(line.charAt(p + 3)) >= 0) {
            cur.append((char) (hex(line.charAt(p + 2)) * 16 + hex(line.charAt(p + 3))));
            p += 3;
          } else if (c == '\\' && next != '\0') {
            p++;
            char e = line.charAt(p);
            cur.append(switch (e) {
              case 'n' -> '\n';
              case 'r' -> '\r';
              case 't' -> '\t';
              case 'b' -> '\b';
              case 'a' -> (char) 7;
              default -> e;
            });
          } else if (c == '"') {
            if (next != '\0' && !isSpace(next)) {
              return null;
            }
            done = true;
          } else if (p >= n) {
            return null;
          } else {
            cur.append(c);
          }
        } else if (insq) {
          if (c == '\\' && next == '\'') {
            p++;
            cur.append('\'');
          } else if (c == '\'') {
            if (next != '\0' && !isSpace(next)) {
              return null;
            }
            done = true;
          } else if (p >= n) {
            return null;
          } else {
            cur.append(c);
          }
        } else {
          if (p >= n || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
            done = true;
          } else if (c == '"') {
            inq = true;
          } else if (c == '\'') {
            insq = true;
          } else {
            cur.append(c);
          }
        }
        if (p < n) {
          p++;
        }
      }
      out.add(cur.toString());
    }
  }
}
