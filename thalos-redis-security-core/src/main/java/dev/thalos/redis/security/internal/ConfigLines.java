package dev.thalos.redis.security.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Internal, not part of the API: shared by the {@code conf} and {@code acl} parsers.
 *
 * <p>How redis-server 7 cuts configuration text into lines, and an aclfile line into arguments:
 *
 * <ul>
 *   <li>The text is split at every {@code \n}; each line is trimmed of spaces, tabs, CR and LF (and of nothing
 *       else: a vertical tab or a form feed stays); empty lines are skipped. This holds for {@code redis.conf} and
 *       the aclfile alike.</li>
 *   <li>An aclfile line ({@code ACLLoadFromFile}) is split at every single space and nowhere else: there is no
 *       quoting (quotes and backslashes are ordinary characters), no comment (a {@code #} line is refused by
 *       Redis, not skipped), two spaces give an empty argument, and a tab separates nothing. Redis trims tabs, CR
 *       and LF off each rule only when it applies it, after it has joined the pieces of a {@code ( … )}
 *       selector; that is the ACL parser's business, not the splitter's.</li>
 * </ul>
 *
 * <p>{@code redis.conf} lines are split into arguments by {@link RedisArgs#split(String)} instead.
 */
public final class ConfigLines {

  /** Receives one line that is not blank. */
  @FunctionalInterface
  public interface LineAction {
    /**
     * @param lineNo the line's number, from 1, counting blank lines
     * @param line the line, trimmed, never empty
     */
    void accept(int lineNo, String line);
  }

  private ConfigLines() {}

  /** Calls {@code action} with the number and the trimmed text of every line of {@code text} that is not blank. */
  public static void forEachLine(String text, LineAction action) {
    int lineNo = 0;
    int start = 0;
    while (start <= text.length()) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      lineNo++;
      String line = trim(text.substring(start, end));
      start = end + 1;
      if (!line.isEmpty()) {
        action.accept(lineNo, line);
      }
    }
  }

  /** Redis's {@code sdstrim(line, " \t\r\n")}. */
  public static String trim(String s) {
    return trim(s, " \t\r\n");
  }

  /**
   * Redis's {@code sdstrim(rule, "\t\r\n")} on one aclfile rule (after selectors are merged): tabs, CR and LF off
   * both ends, spaces kept.
   */
  public static String trimRule(String rule) {
    return trim(rule, "\t\r\n");
  }

  private static String trim(String s, String chars) {
    int b = 0;
    int e = s.length();
    while (b < e && chars.indexOf(s.charAt(b)) >= 0) {
      b++;
    }
    while (e > b && chars.indexOf(s.charAt(e - 1)) >= 0) {
      e--;
    }
    return s.substring(b, e);
  }

  /**
   * The arguments redis-server 7 reads from one aclfile line: the line {@linkplain #trim(String) trimmed}, then
   * split at every single space, empty arguments included. Empty for a blank line; otherwise the first argument
   * is not empty.
   */
  public static List<String> splitAclLine(String line) {
    String s = trim(line);
    List<String> args = new ArrayList<>();
    if (s.isEmpty()) {
      return args;
    }
    int start = 0;
    while (true) {
      int space = s.indexOf(' ', start);
      if (space < 0) {
        args.add(s.substring(start));
        return args;
      }
      args.add(s.substring(start, space));
      start = space + 1;
    }
  }

}
