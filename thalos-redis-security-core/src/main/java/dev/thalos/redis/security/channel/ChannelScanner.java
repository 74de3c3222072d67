package dev.thalos.redis.security.channel;

import java.nio.ByteBuffer;

/**
 * The allocation-free scanner behind {@link ChannelValidator}: one code path for {@code String}, {@code byte[]}
 * ranges and {@code ByteBuffer} ranges (absolute reads, position untouched).
 *
 * <p>Results are ints: {@code >= 0} is the {@link ChannelKind} ordinal (or, for segments, the end index);
 * a negative value packs the rule, part and index of the first violation (see {@link #error}).
 */
final class ChannelScanner {

  static final int STRING = 0;
  static final int BYTES = 1;
  static final int BUFFER = 2;

  /** Upper bound on a channel name in UTF-8 bytes, in both strictness levels. */
  static final int MAX_UTF8_LENGTH = 1024;

  static final int MAX_PREFIX = 64;
  static final int MAX_CHAIN_NAME = 32;
  static final int CHAIN_ID_LENGTH = 64;
  static final int MAX_NAME = 13;

  // Rules (low 4 bits of an error).
  static final int R_EMPTY_INPUT = 0;
  static final int R_TOO_LONG = 1;
  static final int R_EMPTY = 2;
  static final int R_CHAR = 3;
  static final int R_LENGTH = 4;
  static final int R_SEPARATOR = 5;
  static final int R_DOUBLE_COLON = 6;
  static final int R_COLON_EDGE = 7;
  static final int R_ENCODING = 8;
  static final int R_PATH = 9;
  static final int R_UNKNOWN_TABLE = 10;
  static final int R_NAME_13TH = 11;
  static final int R_TRAILING_DOT = 12;
  static final int R_SLASH = 13;

  // Parts (ChannelPart ordinals).
  static final int P_WHOLE = 0;
  static final int P_PREFIX = 1;
  static final int P_CHAIN = 2;
  static final int P_PATH = 3;
  static final int P_CONTRACT = 4;
  static final int P_ACTION = 5;
  static final int P_TABLE = 6;

  /** The state-history tables Thalos can publish deltas of (strict mode accepts exactly these). */
  static final String[] KNOWN_TABLES = {
    "account", "account_metadata", "code", "contract_table", "contract_row", "contract_index64",
    "contract_index128", "contract_index256", "contract_index_double", "contract_index_long_double",
    "global_property", "generated_transaction", "protocol_state", "permission", "permission_link",
    "resource_limits", "resource_limits_state", "resource_limits_config", "resource_usage",
  };

  private static final int LEN_TRANSACTIONS = "transactions".length();
  private static final int LEN_HEARTBEAT = "heartbeat".length();
  private static final int LEN_ROLLBACK = "rollback".length();
  private static final int LEN_ACTIONS = "actions".length();
  private static final int LEN_TABLEDELTAS = "tabledeltas".length();
  private static final int LEN_NAME_SEP = "/name/".length();
  private static final int LEN_CONTRACT_SEP = "/contract/".length();

  static final int C_PREFIX = 1;
  static final int C_CHAIN_NAME = 2;
  static final int C_HEX = 4;
  static final int C_NAME = 8;
  static final int C_NAME13 = 16;
  static final int C_LENIENT = 32;
  static final byte[] CLASSES = new byte[128];

  static {
    for (int c = 0; c < 128; c++) {
      int f = 0;
      boolean alnumLower = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
      if (alnumLower || (c >= 'A' && c <= 'Z') || c == '.' || c == '_' || c == '-') {
        f |= C_PREFIX;
      }
      if (alnumLower || c == '.' || c == '_' || c == '-') {
        f |= C_CHAIN_NAME;
      }
      if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) {
        f |= C_HEX;
      }
      if ((c >= 'a' && c <= 'z') || (c >= '1' && c <= '5') || c == '.') {
        f |= C_NAME;
      }
      if ((c >= 'a' && c <= 'j') || (c >= '1' && c <= '5') || c == '.') {
        f |= C_NAME13;
      }
      if (c > 0x20 && c < 0x7F && "*?[]\\/:".indexOf(c) < 0) {
        f |= C_LENIENT;
      }
      CLASSES[c] = (byte) f;
    }
  }

  private ChannelScanner() {}

  static int error(int rule, int part, int index) {
    return -1 - ((index << 8) | (part << 4) | rule);
  }

  static int errorRule(int error) {
    return (-1 - error) & 0xF;
  }

  static int errorPart(int error) {
    return ((-1 - error) >>> 4) & 0xF;
  }

  static int errorIndex(int error) {
    return (-1 - error) >>> 8;
  }

  static int at(Object s, int k, int off, int i) {
    if (k == STRING) {
      return ((String) s).charAt(i);
    } else if (k == BYTES) {
      return ((byte[]) s)[off + i] & 0xFF;
    } else {
      return ((ByteBuffer) s).get(off + i) & 0xFF;
    }
  }

  /** Scans a whole channel name; returns the kind ordinal or an error. */
  static int scan(Object s, int k, int off, int len, boolean strict) {
    if (len == 0) {
      return error(R_EMPTY_INPUT, P_WHOLE, 0);
    }
    if (len > MAX_UTF8_LENGTH) {
      return error(R_TOO_LONG, P_WHOLE, MAX_UTF8_LENGTH);
    }
    if (!strict && k == STRING && len > MAX_UTF8_LENGTH / 3) {
      int over = utf8Overflow((String) s, len);
      if (over >= 0) {
        return error(R_TOO_LONG, P_WHOLE, over);
      }
    }
    int end = strict ? strictPrefix(s, k, off, len, 0) : lenientSegment(s, k, off, len, 0, P_PREFIX, true);
    if (end < 0) {
      return end;
    }
    if (!isSeparator(s, k, off, len, end)) {
      return error(R_SEPARATOR, P_PREFIX, end);
    }
    int chain = end + 2;
    end = strict ? strictChain(s, k, off, len, chain) : lenientSegment(s, k, off, len, chain, P_CHAIN, true);
    if (end < 0) {
      return end;
    }
    if (!isSeparator(s, k, off, len, end)) {
      return error(R_SEPARATOR, P_CHAIN, end);
    }
    return path(s, k, off, len, end + 2, strict);
  }

  /** Index of the char at which the UTF-8 length of {@code s} exceeds the maximum, or -1. */
  private static int utf8Overflow(String s, int len) {
    int bytes = 0;
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
      if (bytes > MAX_UTF8_LENGTH) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isSeparator(Object s, int k, int off, int len, int i) {
    return i + 1 < len && at(s, k, off, i) == ':' && at(s, k, off, i + 1) == ':';
  }

  private static boolean regionIs(Object s, int k, int off, int len, int i, String word) {
    int n = word.length();
    if (i + n > len) {
      return false;
    }
    for (int j = 0; j < n; j++) {
      if (at(s, k, off, i + j) != word.charAt(j)) {
        return false;
      }
    }
    return true;
  }

  private static int cls(Object s, int k, int off, int i) {
    int c = at(s, k, off, i);
    return c < 128 ? CLASSES[c] : 0;
  }

  static int strictPrefix(Object s, int k, int off, int len, int start) {
    int i = start;
    int end = Math.min(len, start + MAX_PREFIX);
    while (i < end && (cls(s, k, off, i) & C_PREFIX) != 0) {
      i++;
    }
    if (i < len && at(s, k, off, i) != ':') {
      return error(i == start + MAX_PREFIX && (cls(s, k, off, i) & C_PREFIX) != 0 ? R_LENGTH : R_CHAR, P_PREFIX, i);
    }
    if (i == start) {
      return error(R_EMPTY, P_PREFIX, i);
    }
    return i;
  }

  static int strictChain(Object s, int k, int off, int len, int start) {
    int i = start;
    int end = Math.min(len, start + CHAIN_ID_LENGTH);
    int all = C_HEX;
    int f;
    while (i < end && ((f = cls(s, k, off, i)) & C_CHAIN_NAME) != 0) {
      all &= f;
      i++;
    }
    if (i < len && at(s, k, off, i) != ':') {
      return error(i == start + CHAIN_ID_LENGTH && (cls(s, k, off, i) & C_CHAIN_NAME) != 0 ? R_LENGTH : R_CHAR,
          P_CHAIN, i);
    }
    int n = i - start;
    if (n == 0) {
      return error(R_EMPTY, P_CHAIN, i);
    }
    if (n > MAX_CHAIN_NAME && !(n == CHAIN_ID_LENGTH && all != 0)) {
      return error(R_LENGTH, P_CHAIN, start);
    }
    return i;
  }

  /**
   * A lenient segment: {@code S(:S)*} where S is one or more allowed code points other than {@code :}.
   * Ends at the end of input, or before {@code ::} ({@code stopAtDoubleColon}) or {@code /} (otherwise).
   */
  static int lenientSegment(Object s, int k, int off, int len, int start, int part, boolean stopAtDoubleColon) {
    int i = start;
    while (i < len) {
      int c = at(s, k, off, i);
      if (c < 0x80) {
        if (c == ':') {
          int next = i + 1 < len ? at(s, k, off, i + 1) : -1;
          if (next == ':') {
            if (stopAtDoubleColon) {
              break;
            }
            return error(R_DOUBLE_COLON, part, i);
          }
          if (i == start || next == -1 || (next == '/' && !stopAtDoubleColon)) {
            return error(R_COLON_EDGE, part, i);
          }
        } else if (c == '/') {
          if (!stopAtDoubleColon) {
            break;
          }
          return error(R_SLASH, part, i);
        } else if ((CLASSES[c] & C_LENIENT) == 0) {
          return error(R_CHAR, part, i);
        }
        i++;
      } else {
        int cp;
        int width;
        if (k == STRING) {
          if (Character.isSurrogate((char) c)) {
            int low = i + 1 < len ? at(s, k, off, i + 1) : 0;
            if (!Character.isHighSurrogate((char) c) || !Character.isLowSurrogate((char) low)) {
              return error(R_ENCODING, part, i);
            }
            cp = Character.toCodePoint((char) c, (char) low);
            width = 2;
          } else {
            cp = c;
            width = 1;
          }
        } else {
          int packed = decodeUtf8(s, k, off, len, i, c);
          if (packed < 0) {
            return error(R_ENCODING, part, i);
          }
          cp = packed & 0x1FFFFF;
          width = packed >>> 24;
        }
        if (isForbiddenNonAscii(cp)) {
          return error(R_CHAR, part, i);
        }
        i += width;
      }
    }
    if (i == start) {
      return error(R_EMPTY, part, i);
    }
    return i;
  }

  /** C1 controls, bidi controls and the Unicode line/paragraph separators. */
  static boolean isForbiddenNonAscii(int cp) {
    return cp <= 0x9F
        || cp == 0x061C
        || cp == 0x200E || cp == 0x200F
        || (cp >= 0x2028 && cp <= 0x202E)
        || (cp >= 0x2066 && cp <= 0x2069);
  }

  /** Decodes a well-formed UTF-8 sequence starting with lead byte {@code b0}: {@code cp | width << 24}, or -1. */
  private static int decodeUtf8(Object s, int k, int off, int len, int i, int b0) {
    int width;
    int min2 = 0x80;
    int max2 = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
      width = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
      width = 3;
      if (b0 == 0xE0) {
        min2 = 0xA0;
      } else if (b0 == 0xED) {
        max2 = 0x9F;
      }
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
      width = 4;
      if (b0 == 0xF0) {
        min2 = 0x90;
      } else if (b0 == 0xF4) {
        max2 = 0x8F;
      }
    } else {
      return -1;
    }
    if (i + width > len) {
      return -1;
    }
    int b1 = at(s, k, off, i + 1);
    if (b1 < min2 || b1 > max2) {
      return -1;
    }
    int cp = (b0 & (0xFF >>> (width + 1))) << 6 | (b1 & 0x3F);
    for (int j = 2; j < width; j++) {
      int b = at(s, k, off, i + j);
      if ((b & 0xC0) != 0x80) {
        return -1;
      }
      cp = cp << 6 | (b & 0x3F);
    }
    return cp | width << 24;
  }

  static int antelopeName(Object s, int k, int off, int len, int start, int part) {
    int i = start;
    int end = Math.min(len, start + MAX_NAME - 1);
    while (i < end && (cls(s, k, off, i) & C_NAME) != 0) {
      i++;
    }
    if (i == start + MAX_NAME - 1 && i < len) {
      int f = cls(s, k, off, i);
      if ((f & C_NAME13) != 0) {
        i++;
      } else if ((f & C_NAME) != 0) {
        return error(R_NAME_13TH, part, i);
      }
    }
    if (i < len && at(s, k, off, i) != '/') {
      return error(i == start + MAX_NAME && (cls(s, k, off, i) & C_NAME) != 0 ? R_LENGTH : R_CHAR, part, i);
    }
    if (i == start) {
      return error(R_EMPTY, part, i);
    }
    if (at(s, k, off, i - 1) == '.') {
      return error(R_TRAILING_DOT, part, i - 1);
    }
    return i;
  }

  static int strictTable(Object s, int k, int off, int len, int start) {
    int i = start;
    while (i < len && at(s, k, off, i) != '/') {
      i++;
    }
    if (i == start) {
      return error(R_EMPTY, P_TABLE, i);
    }
    int n = i - start;
    for (String table : KNOWN_TABLES) {
      if (table.length() == n && regionIs(s, k, off, len, start, table)) {
        return i;
      }
    }
    return error(R_UNKNOWN_TABLE, P_TABLE, start);
  }

  private static int name(Object s, int k, int off, int len, int start, int part, boolean strict) {
    if (!strict) {
      return lenientSegment(s, k, off, len, start, part, false);
    }
    return part == P_TABLE ? strictTable(s, k, off, len, start) : antelopeName(s, k, off, len, start, part);
  }

  private static int path(Object s, int k, int off, int len, int p, boolean strict) {
    int rest = len - p;
    if (rest == LEN_TRANSACTIONS && regionIs(s, k, off, len, p, "transactions")) {
      return ChannelKind.TRANSACTIONS.ordinal();
    }
    if (rest == LEN_HEARTBEAT && regionIs(s, k, off, len, p, "heartbeat")) {
      return ChannelKind.HEARTBEAT.ordinal();
    }
    if (rest == LEN_ROLLBACK && regionIs(s, k, off, len, p, "rollback")) {
      return ChannelKind.ROLLBACK.ordinal();
    }
    if (regionIs(s, k, off, len, p, "actions")) {
      int j = p + LEN_ACTIONS;
      if (j == len) {
        return ChannelKind.ACTIONS.ordinal();
      }
      if (regionIs(s, k, off, len, j, "/name/")) {
        int end = name(s, k, off, len, j + LEN_NAME_SEP, P_ACTION, strict);
        return end < 0 ? end : end == len ? ChannelKind.ACTIONS_BY_NAME.ordinal() : error(R_PATH, P_PATH, end);
      }
      if (regionIs(s, k, off, len, j, "/contract/")) {
        int end = name(s, k, off, len, j + LEN_CONTRACT_SEP, P_CONTRACT, strict);
        if (end < 0) {
          return end;
        }
        if (end == len) {
          return ChannelKind.ACTIONS_BY_CONTRACT.ordinal();
        }
        if (!regionIs(s, k, off, len, end, "/name/")) {
          return error(R_PATH, P_PATH, end);
        }
        int actionEnd = name(s, k, off, len, end + LEN_NAME_SEP, P_ACTION, strict);
        return actionEnd < 0 ? actionEnd
            : actionEnd == len ? ChannelKind.ACTIONS_BY_CONTRACT_AND_NAME.ordinal()
            : error(R_PATH, P_PATH, actionEnd);
      }
      return error(R_PATH, P_PATH, j);
    }
    if (regionIs(s, k, off, len, p, "tabledeltas")) {
      int j = p + LEN_TABLEDELTAS;
      if (j == len) {
        return ChannelKind.TABLE_DELTAS.ordinal();
      }
      if (regionIs(s, k, off, len, j, "/name/")) {
        int end = name(s, k, off, len, j + LEN_NAME_SEP, P_TABLE, strict);
        return end < 0 ? end : end == len ? ChannelKind.TABLE_DELTAS_BY_TABLE.ordinal() : error(R_PATH, P_PATH, end);
      }
      return error(R_PATH, P_PATH, j);
    }
    return error(R_PATH, P_PATH, p);
  }

  /**
   * Checks one segment given on its own (a builder argument): returns its length or an error whose index is
   * relative to the segment.
   */
  static int segment(String value, int part, boolean strict) {
    int len = value.length();
    if (len > MAX_UTF8_LENGTH) {
      return error(R_TOO_LONG, part, MAX_UTF8_LENGTH);
    }
    int end;
    if (part == P_PREFIX || part == P_CHAIN) {
      if (strict) {
        end = part == P_PREFIX ? strictPrefix(value, STRING, 0, len, 0) : strictChain(value, STRING, 0, len, 0);
        if (end >= 0 && end < len) {
          return error(R_CHAR, part, end);
        }
      } else {
        end = lenientSegment(value, STRING, 0, len, 0, part, true);
        if (end >= 0 && end < len) {
          return error(R_DOUBLE_COLON, part, end);
        }
      }
    } else {
      end = name(value, STRING, 0, len, 0, part, strict);
      if (end >= 0 && end < len) {
        return error(strict && part != P_TABLE ? R_CHAR : strict ? R_UNKNOWN_TABLE : R_SLASH, part,
            strict && part == P_TABLE ? 0 : end);
      }
    }
    return end;
  }
}
