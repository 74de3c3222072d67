package dev.thalos.redis.security.channel;

import static dev.thalos.redis.security.channel.ChannelScanner.CHAIN_ID_LENGTH;
import static dev.thalos.redis.security.channel.ChannelScanner.C_CHAIN_NAME;
import static dev.thalos.redis.security.channel.ChannelScanner.C_HEX;
import static dev.thalos.redis.security.channel.ChannelScanner.C_NAME;
import static dev.thalos.redis.security.channel.ChannelScanner.C_NAME13;
import static dev.thalos.redis.security.channel.ChannelScanner.C_PREFIX;
import static dev.thalos.redis.security.channel.ChannelScanner.KNOWN_TABLES;
import static dev.thalos.redis.security.channel.ChannelScanner.MAX_CHAIN_NAME;
import static dev.thalos.redis.security.channel.ChannelScanner.MAX_NAME;
import static dev.thalos.redis.security.channel.ChannelScanner.MAX_PREFIX;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * The fast path of the strict grammar (see {@link ChannelValidator}): one specialised loop per input type
 * ({@code String}, {@code byte[]}, {@code ByteBuffer}), no per-character dispatch. It answers the
 * {@link ChannelKind} ordinal of a valid strict channel, or {@link #NO} for anything else, in which case
 * {@link ChannelScanner} decides again and explains the violation. So it must never accept what
 * {@code ChannelScanner} rejects, and never answer a different kind; {@code StrictScannerTest} checks that it
 * answers exactly what {@code ChannelScanner} answers for valid channels.
 *
 * <p>For bytes, the 64-character chain id is checked 8 bytes at a time (SWAR range checks on a {@code long})
 * and the fixed words of the path are compared as {@code long}/{@code int} loads.
 */
final class StrictScanner {

  /** Not a valid strict channel (or not decided here). */
  static final int NO = -1;

  private static final int TRANSACTIONS = ChannelKind.TRANSACTIONS.ordinal();
  private static final int HEARTBEAT = ChannelKind.HEARTBEAT.ordinal();
  private static final int ROLLBACK = ChannelKind.ROLLBACK.ordinal();
  private static final int ACTIONS = ChannelKind.ACTIONS.ordinal();
  private static final int ACTIONS_BY_NAME = ChannelKind.ACTIONS_BY_NAME.ordinal();
  private static final int ACTIONS_BY_CONTRACT = ChannelKind.ACTIONS_BY_CONTRACT.ordinal();
  private static final int ACTIONS_BY_CONTRACT_AND_NAME = ChannelKind.ACTIONS_BY_CONTRACT_AND_NAME.ordinal();
  private static final int TABLE_DELTAS = ChannelKind.TABLE_DELTAS.ordinal();
  private static final int TABLE_DELTAS_BY_TABLE = ChannelKind.TABLE_DELTAS_BY_TABLE.ordinal();

  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  // Fixed words of the path as little-endian loads; overlapping loads cover words longer than one load.
  private static final long W_ACTIONS_SLASH = longLe("actions/");
  private static final int W_ACTI = intLe("acti");
  private static final int W_IONS = intLe("ions");
  private static final int W_NAME = intLe("name");
  private static final long W_CONTRACT = longLe("contract");
  private static final int W_SLASH_NAM = intLe("/nam");
  private static final int W_AME_SLASH = intLe("ame/");
  private static final long W_ROLLBACK = longLe("rollback");
  private static final long W_HEARTBEA = longLe("heartbea");
  private static final long W_TRANSACT = longLe("transact");
  private static final long W_TABLEDEL = longLe("tabledel");
  private static final long W_LEDELTAS = longLe("ledeltas");

  private static final long HIGH_BITS = 0x8080808080808080L;

  /** Class bits (see {@link ChannelScanner}) of the 256 byte values; 0 from 0x80 on. */
  private static final byte[] CLASS = new byte[256];

  /** The known tables by length. */
  private static final byte[][][] TABLES_BY_LENGTH;
  private static final String[][] TABLE_NAMES_BY_LENGTH;

  static {
    System.arraycopy(ChannelScanner.CLASSES, 0, CLASS, 0, ChannelScanner.CLASSES.length);
    int max = 0;
    for (String t : KNOWN_TABLES) {
      max = Math.max(max, t.length());
    }
    TABLES_BY_LENGTH = new byte[max + 1][][];
    TABLE_NAMES_BY_LENGTH = new String[max + 1][];
    for (int n = 0; n <= max; n++) {
      int count = 0;
      for (String t : KNOWN_TABLES) {
        count += t.length() == n ? 1 : 0;
      }
      TABLES_BY_LENGTH[n] = new byte[count][];
      TABLE_NAMES_BY_LENGTH[n] = new String[count];
      int j = 0;
      for (String t : KNOWN_TABLES) {
        if (t.length() == n) {
          TABLES_BY_LENGTH[n][j] = t.getBytes(StandardCharsets.US_ASCII);
          TABLE_NAMES_BY_LENGTH[n][j++] = t;
        }
      }
    }
  }

  private StrictScanner() {}

  private static long longLe(String word) {
    return (long) LONG_LE.get(word.getBytes(StandardCharsets.US_ASCII), 0);
  }

  private static int intLe(String word) {
    return (int) INT_LE.get(word.getBytes(StandardCharsets.US_ASCII), 0);
  }

  /**
   * Per byte of {@code x}: the high bit set iff the byte is in {@code [0-9a-f]}, for every byte up to and
   * including the lowest byte {@code >= 0x80}. That byte itself always comes out clear (its sums either keep
   * the high bit in both terms or wrap to below 0x80); only the carries out of it can disturb higher bytes. So
   * "all eight high bits set" holds exactly when all eight bytes are hex digits.
   */
  static long hexBits(long x) {
    long digit = (x + 0x5050505050505050L) & ~(x + 0x4646464646464646L); // >= '0' and not >= ':'
    long lower = (x + 0x1F1F1F1F1F1F1F1FL) & ~(x + 0x1919191919191919L); // >= 'a' and not >= 'g'
    return digit | lower;
  }

  /** Whether all 8 bytes of {@code x} are in {@code [0-9a-f]}. */
  static boolean isHex8(long x) {
    return (hexBits(x) & HIGH_BITS) == HIGH_BITS;
  }

  private static int cls(char c) {
    // CLASS[c] for c < 256, else 0 (branch-free: (c - 256) >> 31 is -1 exactly when c < 256)
    return CLASS[c & 0xFF] & ((c - 256) >> 31);
  }

  // ---------------------------------------------------------------------------- a known namespace first

  /**
   * Like {@link #scan(String)}, trying first whether {@code s} starts with {@code start}, a strictly valid
   * {@code <prefix>::<chain>::}. If it does, the channel's prefix and chain are exactly those (neither contains
   * ':'), so only the path is left to check. Otherwise the whole channel is scanned.
   */
  static int scan(String s, String start) {
    int n = start.length();
    // String.indexOf is a vectorised intrinsic, startsWith a byte loop; the length cap bounds a failing search
    if (s.length() > n && s.length() <= ChannelScanner.MAX_UTF8_LENGTH && s.charAt(n - 1) == ':'
        && s.indexOf(start) == 0) {
      return path(s, n, s.length());
    }
    return scan(s);
  }

  /** Like {@link #scan(byte[], int, int)}, trying the strictly valid {@code start} (ASCII bytes) first. */
  static int scan(byte[] b, int off, int len, byte[] start) {
    int n = start.length;
    if (len > n && b[off + n - 1] == ':' && java.util.Arrays.equals(b, off, off + n, start, 0, n)) {
      return path(b, off + n, off + len);
    }
    return scan(b, off, len);
  }

  /**
   * Like {@link #scan(ByteBuffer)}, trying the strictly valid {@code start} first: a read-only buffer of its
   * ASCII bytes from position 0 (only read, never moved, so one instance serves all threads).
   */
  static int scan(ByteBuffer buf, ByteBuffer start) {
    int off = buf.position();
    int len = buf.limit() - off;
    int n = start.limit();
    if (len > n && buf.get(off + n - 1) == ':' && buf.mismatch(start) == n) {
      int end = off + len;
      return buf.hasArray() ? path(buf.array(), buf.arrayOffset() + off + n, buf.arrayOffset() + end)
          : path(buf, off + n, end, buf.order() == ByteOrder.BIG_ENDIAN);
    }
    return scan(buf);
  }

  // ---------------------------------------------------------------------------------------------- String

  /** The kind ordinal of the strict channel {@code s}, or {@link #NO}. */
  static int scan(String s) {
    int end = s.length();
    int i = 0;
    int lim = Math.min(end, MAX_PREFIX);
    while (i < lim && (cls(s.charAt(i)) & C_PREFIX) != 0) {
      i++;
    }
    if (i == 0 || i + 1 >= end || s.charAt(i) != ':' || s.charAt(i + 1) != ':') {
      return NO;
    }
    int c = i + 2;
    if (end - c >= CHAIN_ID_LENGTH + 2 && s.charAt(c + CHAIN_ID_LENGTH) == ':'
        && s.charAt(c + CHAIN_ID_LENGTH + 1) == ':') {
      // in a valid channel the chain is then exactly these 64 characters (no ':' inside a chain or path)
      int all = C_HEX;
      for (int k = c; k < c + CHAIN_ID_LENGTH; k++) {
        all &= cls(s.charAt(k));
      }
      if (all == 0) {
        return NO;
      }
      i = c + CHAIN_ID_LENGTH;
    } else {
      i = c;
      lim = Math.min(end, c + MAX_CHAIN_NAME);
      while (i < lim && (cls(s.charAt(i)) & C_CHAIN_NAME) != 0) {
        i++;
      }
      if (i == c || i + 1 >= end || s.charAt(i) != ':' || s.charAt(i + 1) != ':') {
        return NO;
      }
    }
    return path(s, i + 2, end);
  }

  private static int path(String s, int p, int end) {
    int rest = end - p;
    if (rest <= 0) {
      return NO;
    }
    switch (s.charAt(p)) {
      case 'a':
        return actions(s, p, end);
      case 'h':
        return rest == 9 && s.startsWith("heartbeat", p) ? HEARTBEAT : NO;
      case 'r':
        return rest == 8 && s.startsWith("rollback", p) ? ROLLBACK : NO;
      case 't': {
        if (rest == 12) {
          return s.startsWith("transactions", p) ? TRANSACTIONS : NO;
        }
        if (!s.startsWith("tabledeltas", p)) {
          return NO;
        }
        if (rest == 11) {
          return TABLE_DELTAS;
        }
        int j = p + 11;
        return s.startsWith("/name/", j) && isTable(s, j + 6, end) ? TABLE_DELTAS_BY_TABLE : NO;
      }
      default:
        return NO;
    }
  }

  // path() is split in parts small enough for the JIT to inline (a hot method of 326+ bytecodes is not)

  private static int actions(String s, int p, int end) {
    if (!s.startsWith("actions", p)) {
      return NO;
    }
    if (end - p == 7) {
      return ACTIONS;
    }
    int j = p + 7;
    if (s.startsWith("/name/", j)) {
      return name(s, j + 6, end) == end ? ACTIONS_BY_NAME : NO;
    }
    if (!s.startsWith("/contract/", j)) {
      return NO;
    }
    int e = name(s, j + 10, end);
    if (e == end) {
      return ACTIONS_BY_CONTRACT;
    }
    if (e < 0 || !s.startsWith("/name/", e)) {
      return NO;
    }
    return name(s, e + 6, end) == end ? ACTIONS_BY_CONTRACT_AND_NAME : NO;
  }

  /** The end of the canonical Antelope name at {@code i} (followed by end or '/'), or {@link #NO}. */
  private static int name(String s, int i, int end) {
    int start = i;
    int lim = Math.min(end, start + MAX_NAME - 1);
    while (i < lim && (cls(s.charAt(i)) & C_NAME) != 0) {
      i++;
    }
    if (i == start + MAX_NAME - 1 && i < end && (cls(s.charAt(i)) & C_NAME13) != 0) {
      i++;
    }
    if (i == start || s.charAt(i - 1) == '.' || (i < end && s.charAt(i) != '/')) {
      return NO;
    }
    return i;
  }

  private static boolean isTable(String s, int i, int end) {
    int n = end - i;
    if (n >= TABLE_NAMES_BY_LENGTH.length) {
      return false;
    }
    for (String t : TABLE_NAMES_BY_LENGTH[n]) {
      if (s.startsWith(t, i)) {
        return true;
      }
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------------- byte[]

  /** The kind ordinal of the strict channel in {@code b[off, off+len)} (range already checked), or {@link #NO}. */
  static int scan(byte[] b, int off, int len) {
    int end = off + len;
    int i = off;
    int lim = Math.min(end, off + MAX_PREFIX);
    while (i < lim && (CLASS[b[i] & 0xFF] & C_PREFIX) != 0) {
      i++;
    }
    if (i == off || i + 1 >= end || b[i] != ':' || b[i + 1] != ':') {
      return NO;
    }
    int c = i + 2;
    if (end - c >= CHAIN_ID_LENGTH + 2 && b[c + CHAIN_ID_LENGTH] == ':' && b[c + CHAIN_ID_LENGTH + 1] == ':') {
      long hex = -1L;
      for (int k = c; k < c + CHAIN_ID_LENGTH; k += 8) {
        hex &= hexBits((long) LONG_LE.get(b, k));
      }
      if ((hex & HIGH_BITS) != HIGH_BITS) {
        return NO;
      }
      i = c + CHAIN_ID_LENGTH;
    } else {
      i = c;
      lim = Math.min(end, c + MAX_CHAIN_NAME);
      while (i < lim && (CLASS[b[i] & 0xFF] & C_CHAIN_NAME) != 0) {
        i++;
      }
      if (i == c || i + 1 >= end || b[i] != ':' || b[i + 1] != ':') {
        return NO;
      }
    }
    return path(b, i + 2, end);
  }

  private static long longAt(byte[] b, int i) {
    return (long) LONG_LE.get(b, i);
  }

  private static int intAt(byte[] b, int i) {
    return (int) INT_LE.get(b, i);
  }

  private static boolean isSlashName(byte[] b, int i, int end) {
    return end - i >= 6 && intAt(b, i) == W_SLASH_NAM && intAt(b, i + 2) == W_AME_SLASH;
  }

  private static int path(byte[] b, int p, int end) {
    int rest = end - p;
    if (rest < 8) {
      return rest == 7 && intAt(b, p) == W_ACTI && intAt(b, p + 3) == W_IONS ? ACTIONS : NO;
    }
    long w = longAt(b, p);
    if (w == W_ACTIONS_SLASH) {
      return actions(b, p + 8, end);
    }
    if (w == W_ROLLBACK) {
      return rest == 8 ? ROLLBACK : NO;
    }
    if (w == W_HEARTBEA) {
      return rest == 9 && b[p + 8] == 't' ? HEARTBEAT : NO;
    }
    if (w == W_TRANSACT) {
      return rest == 12 && intAt(b, p + 8) == W_IONS ? TRANSACTIONS : NO;
    }
    if (w != W_TABLEDEL || rest < 11 || longAt(b, p + 3) != W_LEDELTAS) {
      return NO;
    }
    if (rest == 11) {
      return TABLE_DELTAS;
    }
    int j = p + 11;
    return isSlashName(b, j, end) && isTable(b, j + 6, end) ? TABLE_DELTAS_BY_TABLE : NO;
  }

  /** The rest of a path after {@code actions/}, from {@code j}. */
  private static int actions(byte[] b, int j, int end) {
    if (end - j >= 5 && intAt(b, j) == W_NAME && b[j + 4] == '/') {
      return name(b, j + 5, end) == end ? ACTIONS_BY_NAME : NO;
    }
    if (end - j < 9 || longAt(b, j) != W_CONTRACT || b[j + 8] != '/') {
      return NO;
    }
    int e = name(b, j + 9, end);
    if (e == end) {
      return ACTIONS_BY_CONTRACT;
    }
    if (e < 0 || !isSlashName(b, e, end)) {
      return NO;
    }
    return name(b, e + 6, end) == end ? ACTIONS_BY_CONTRACT_AND_NAME : NO;
  }

  private static int name(byte[] b, int i, int end) {
    int start = i;
    int lim = Math.min(end, start + MAX_NAME - 1);
    while (i < lim && (CLASS[b[i] & 0xFF] & C_NAME) != 0) {
      i++;
    }
    if (i == start + MAX_NAME - 1 && i < end && (CLASS[b[i] & 0xFF] & C_NAME13) != 0) {
      i++;
    }
    if (i == start || b[i - 1] == '.' || (i < end && b[i] != '/')) {
      return NO;
    }
    return i;
  }

  private static boolean isTable(byte[] b, int i, int end) {
    int n = end - i;
    if (n >= TABLES_BY_LENGTH.length) {
      return false;
    }
    for (byte[] t : TABLES_BY_LENGTH[n]) {
      int k = 0;
      while (k < n && b[i + k] == t[k]) {
        k++;
      }
      if (k == n) {
        return true;
      }
    }
    return false;
  }

  // ------------------------------------------------------------------------------------------ ByteBuffer

  /** The kind ordinal of the strict channel from position to limit of {@code buf}, or {@link #NO}. */
  static int scan(ByteBuffer buf) {
    int off = buf.position();
    int len = buf.limit() - off;
    if (buf.hasArray()) {
      return scan(buf.array(), buf.arrayOffset() + off, len);
    }
    return scanBuffer(buf, off, off + len, buf.order() == ByteOrder.BIG_ENDIAN);
  }

  private static int scanBuffer(ByteBuffer b, int off, int end, boolean bigEndian) {
    int i = off;
    int lim = Math.min(end, off + MAX_PREFIX);
    while (i < lim && (CLASS[b.get(i) & 0xFF] & C_PREFIX) != 0) {
      i++;
    }
    if (i == off || i + 1 >= end || b.get(i) != ':' || b.get(i + 1) != ':') {
      return NO;
    }
    int c = i + 2;
    if (end - c >= CHAIN_ID_LENGTH + 2 && b.get(c + CHAIN_ID_LENGTH) == ':'
        && b.get(c + CHAIN_ID_LENGTH + 1) == ':') {
      long hex = -1L;
      for (int k = c; k < c + CHAIN_ID_LENGTH; k += 8) {
        hex &= hexBits(b.getLong(k)); // byte order does not matter: each byte is checked on its own
      }
      if ((hex & HIGH_BITS) != HIGH_BITS) {
        return NO;
      }
      i = c + CHAIN_ID_LENGTH;
    } else {
      i = c;
      lim = Math.min(end, c + MAX_CHAIN_NAME);
      while (i < lim && (CLASS[b.get(i) & 0xFF] & C_CHAIN_NAME) != 0) {
        i++;
      }
      if (i == c || i + 1 >= end || b.get(i) != ':' || b.get(i + 1) != ':') {
        return NO;
      }
    }
    return path(b, i + 2, end, bigEndian);
  }

  private static long longAt(ByteBuffer b, int i, boolean bigEndian) {
    long x = b.getLong(i);
    return bigEndian ? Long.reverseBytes(x) : x;
  }

  private static int intAt(ByteBuffer b, int i, boolean bigEndian) {
    int x = b.getInt(i);
    return bigEndian ? Integer.reverseBytes(x) : x;
  }

  private static boolean isSlashName(ByteBuffer b, int i, int end, boolean be) {
    return end - i >= 6 && intAt(b, i, be) == W_SLASH_NAM && intAt(b, i + 2, be) == W_AME_SLASH;
  }

  private static int path(ByteBuffer b, int p, int end, boolean be) {
    int rest = end - p;
    if (rest < 8) {
      return rest == 7 && intAt(b, p, be) == W_ACTI && intAt(b, p + 3, be) == W_IONS ? ACTIONS : NO;
    }
    long w = longAt(b, p, be);
    if (w == W_ACTIONS_SLASH) {
      return actions(b, p + 8, end, be);
    }
    if (w == W_ROLLBACK) {
      return rest == 8 ? ROLLBACK : NO;
    }
    if (w == W_HEARTBEA) {
      return rest == 9 && b.get(p + 8) == 't' ? HEARTBEAT : NO;
    }
    if (w == W_TRANSACT) {
      return rest == 12 && intAt(b, p + 8, be) == W_IONS ? TRANSACTIONS : NO;
    }
    if (w != W_TABLEDEL || rest < 11 || longAt(b, p + 3, be) != W_LEDELTAS) {
      return NO;
    }
    if (rest == 11) {
      return TABLE_DELTAS;
    }
    int j = p + 11;
    return isSlashName(b, j, end, be) && isTable(b, j + 6, end) ? TABLE_DELTAS_BY_TABLE : NO;
  }

  private static int actions(ByteBuffer b, int j, int end, boolean be) {
    if (end - j >= 5 && intAt(b, j, be) == W_NAME && b.get(j + 4) == '/') {
      return name(b, j + 5, end) == end ? ACTIONS_BY_NAME : NO;
    }
    if (end - j < 9 || longAt(b, j, be) != W_CONTRACT || b.get(j + 8) != '/') {
      return NO;
    }
    int e = name(b, j + 9, end);
    if (e == end) {
      return ACTIONS_BY_CONTRACT;
    }
    if (e < 0 || !isSlashName(b, e, end, be)) {
      return NO;
    }
    return name(b, e + 6, end) == end ? ACTIONS_BY_CONTRACT_AND_NAME : NO;
  }

  private static int name(ByteBuffer b, int i, int end) {
    int start = i;
    int lim = Math.min(end, start + MAX_NAME - 1);
    while (i < lim && (CLASS[b.get(i) & 0xFF] & C_NAME) != 0) {
      i++;
    }
    if (i == start + MAX_NAME - 1 && i < end && (CLASS[b.get(i) & 0xFF] & C_NAME13) != 0) {
      i++;
    }
    if (i == start || b.get(i - 1) == '.' || (i < end && b.get(i) != '/')) {
      return NO;
    }
    return i;
  }

  private static boolean isTable(ByteBuffer b, int i, int end) {
    int n = end - i;
    if (n >= TABLES_BY_LENGTH.length) {
      return false;
    }
    for (byte[] t : TABLES_BY_LENGTH[n]) {
      int k = 0;
      while (k < n && b.get(i + k) == t[k]) {
        k++;
      }
      if (k == n) {
        return true;
      }
    }
    return false;
  }
}
