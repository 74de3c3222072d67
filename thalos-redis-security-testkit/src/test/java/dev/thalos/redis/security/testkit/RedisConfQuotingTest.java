package dev.thalos.redis.security.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;

/**
 * Properties of the redis.conf quoting, checked against a transcription of the rules of Redis' argument
 * splitter ({@code sdssplitargs}: double quotes with {@code \xHH}, {@code \n}, {@code \r}, {@code \t},
 * {@code \b}, {@code \a} and {@code \\<char>} escapes). The real server reads the same strings back in
 * {@code RedisServerTest}.
 */
@Tag("unit")
class RedisConfQuotingTest {

  @Property
  void anyArgument_isReadBackAsOneEqualArgument(@ForAll String arg) {
    String line = RedisConfQuoting.line("masteruser", List.of(arg));
    assertEquals(List.of("masteruser", arg), splitArgs(line));
  }

  @Property
  void quotedLines_containNoLineBreaks(@ForAll String arg) {
    String quoted = RedisConfQuoting.quote(arg);
    assertEquals(-1, quoted.indexOf('\n'));
    assertEquals(-1, quoted.indexOf('\r'));
  }

  @Example
  void plainArguments_stayUnquoted_andEmptyBecomesTwoQuotes() {
    assertEquals("10mb", RedisConfQuoting.quote("10mb"));
    assertEquals("\"\"", RedisConfQuoting.quote(""));
    assertEquals("\"a b\"", RedisConfQuoting.quote("a b"));
  }

  /** Transcription of Redis' sdssplitargs for the test oracle; returns null for unbalanced quotes. */
  static List<String> splitArgs(String line) {
    List<String> args = new ArrayList<>();
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    int p = 0;
    while (true) {
      while (p < bytes.length && Character.isWhitespace(bytes[p])) {
        p++;
      }
      if (p >= bytes.length) {
        return args;
      }
      ByteArrayOutputStream current = new ByteArrayOutputStream();
      boolean inQuotes = false;
      boolean inSingle = false;
      boolean done = false;
      while (!done) {
        int c = p < bytes.length ? bytes[p] & 0xff : -1;
        if (inQuotes) {
          if (c < 0) {
            return null;
          } else if (c == '\\' && p + 3 < bytes.length && bytes[p + 1] == 'x' && isHex(bytes[p + 2])
              && isHex(bytes[p + 3])) {
            current.write(Integer.parseInt(new String(bytes, p + 2, 2, StandardCharsets.US_ASCII), 16));
            p += 3;
          } else if (c == '\\' && p + 1 < bytes.length) {
            p++;
            int e = bytes[p] & 0xff;
            current.write(switch (e) {
              case 'n' -> '\n';
              case 'r' -> '\r';
              case 't' -> '\t';
              case 'b' -> '\b';
              case 'a' -> 7;
              default -> e;
            });
          } else if (c == '"') {
            if (p + 1 < bytes.length && !Character.isWhitespace(bytes[p + 1])) {
              return null;
            }
            done = true;
          } else {
            current.write(c);
          }
        } else if (inSingle) {
          if (c < 0) {
            return null;
          } else if (c == '\\' && p + 1 < bytes.length && bytes[p + 1] == '\'') {
            p++;
            current.write('\'');
          } else if (c == '\'') {
            if (p + 1 < bytes.length && !Character.isWhitespace(bytes[p + 1])) {
              return null;
            }
            done = true;
          } else {
            current.write(c);
          }
        } else if (c < 0 || c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == 0) {
          done = true;
        } else if (c == '"') {
          inQuotes = true;
        } else if (c == '\'') {
          inSingle = true;
        } else {
          current.write(c);
        }
        if (p < bytes.length) {
          p++;
        }
      }
      args.add(current.toString(StandardCharsets.UTF_8));
    }
  }

  private static boolean isHex(byte b) {
    return Character.digit(b, 16) >= 0;
  }
}
