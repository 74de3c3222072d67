package dev.thalos.redis.security.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Internal, not part of the API: shared by the {@code conf} and {@code acl} parsers.
 *
 * <p>Splits one configuration line into arguments with the quoting rules of Redis's {@code sdssplitargs}, and
 * quotes a string back the way {@code sdscatrepr} does. Characters stand for bytes (files are read as
 * ISO-8859-1), so {@code \xHH} yields the character U+00HH.
 *
 * <ul>
 *   <li>Blanks between arguments: space, tab, newline, vertical tab, form feed, carriage return (C
 *       {@code isspace}). An unquoted argument ends at space, tab, newline, carriage return or NUL only.</li>
 *   <li>A quote may start in the middle of an unquoted argument ({@code ab"c d"} is {@code abc d}).</li>
 *   <li>In {@code "..."}: {@code \xHH} (two hex digits), {@code \n \r \t \b \a}, and a backslash before any
 *       other character yields that character.</li>
 *   <li>In {@code '...'}: only {@code \'} is an escape; other backslashes are literal.</li>
 *   <li>A closing quote must be followed by a blank or the end of the line; an unterminated quote is an
 *       error. Both give {@code null}.</li>
 *   <li>A NUL character ends the line (Redis handles C strings).</li>
 * </ul>
 */
public final class RedisArgs {

  private RedisArgs() {}

  /** The arguments of {@code line}, or {@code null} if Redis would reject its quoting. */
  public static List<String> split(String line) {
    int nul = line.indexOf('\0');
    String s = nul >= 0 ? line.substring(0, nul) : line;
    List<String> out = new ArrayList<>();
    int p = 0;
    int n = s.length();
    while (true) {
      while (p < n && isSpace(s.charAt(p))) {
        p++;
      }
      if (p >= n) {
        return out;
      }
      StringBuilder current = new StringBuilder();
      boolean inq = false;
      boolean insq = false;
      boolean done = false;
      while (!done) {
        char c = p < n ? s.charAt(p) : '\0';
        if (inq) {
          if (c == '\\' && at(s, p + 1) == 'x' && isHex(at(s, p + 2)) && isHex(at(s, p + 3))) {
            current.append((char) (hex(at(s, p + 2)) * 16 + hex(at(s, p + 3))));
            p += 3;
          } else if (c == '\\' && p + 1 < n) {
            p++;
            char e = s.charAt(p);
            switch (e) {
              case 'n':
                current.append('\n');
                break;
              case 'r':
                current.append('\r');
                break;
              case 't':
                current.append('\t');
                break;
              case 'b':
                current.append('\b');
                break;
              case 'a':
                current.append('\u0007');
                break;
              default:
                current.append(e);
            }
          } else if (c == '"') {
            if (p + 1 < n && !isSpace(s.charAt(p + 1))) {
              return null;
            }
            done = true;
          } else if (p >= n) {
            return null;
          } else {
            current.append(c);
          }
        } else if (insq) {
          if (c == '\\' && at(s, p + 1) == '\'') {
            p++;
            current.append('\'');
          } else if (c == '\'') {
            if (p + 1 < n && !isSpace(s.charAt(p + 1))) {
              return null;
            }
            done = true;
          } else if (p >= n) {
            return null;
          } else {
            current.append(c);
          }
        } else {
          switch (c) {
            case ' ':
            case '\n':
            case '\r':
            case '\t':
            case '\0':
              done = true;
              break;
            case '"':
              inq = true;
              break;
            case '\'':
              insq = true;
              break;
            default:
              current.append(c);
          }
        }
        if (p < n) {
          p++;
        }
      }
      out.add(current.toString());
    }
  }

  /**
   * {@code s} in double quotes, escaped so that {@link #split(String)} gives it back: backslash and quote
   * escaped, {@code \n \r \t \a \b} by name, other characters outside printable ASCII as {@code \xHH}.
   *
   * @throws IllegalArgumentException if {@code s} has a character above U+00FF (not a byte)
   */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\':
        case '"':
          sb.append('\\').append(c);
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          sb.append("\\r");
          break;
        case '\t':
          sb.append("\\t");
          break;
        case '\u0007':
          sb.append("\\a");
          break;
        case '\b':
          sb.append("\\b");
          break;
        default:
          if (c > 0xff) {
            throw new IllegalArgumentException("invalid byte string: character U+"
                + Integer.toHexString(c) + " is above U+00FF");
          }
          if (c >= 0x20 && c < 0x7f) {
            sb.append(c);
          } else {
            sb.append(String.format("\\x%02x", (int) c));
          }
      }
    }
    return sb.append('"').toString();
  }

  /** C {@code isspace} in the C locale. */
  public static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\u000b' || c == '\f' || c == '\r';
  }

  private static char at(String s, int i) {
    return i < s.length() ? s.charAt(i) : '\0';
  }

  private static boolean isHex(char c) {
    return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }
}
