package dev.thalos.redis.security.lettuce;

/**
 * Finds the block number of a Thalos message without decoding it: the value of the first {@code "blocknum"}
 * field within the first {@link #SCAN_LIMIT} bytes. Thalos writes {@code blocknum} as the first field of
 * heartbeats and table deltas and the second (after a fixed-size id) of transactions and actions, so the scan
 * stops after a few dozen bytes for real messages. {@code head_blocknum} and {@code last_irreversible_blocknum}
 * never match (the scan needs the field name's opening quote, or for msgpack its length prefix).
 *
 * <ul>
 *   <li>JSON (Thalos' default codec): {@code "blocknum"}, optional blanks, {@code :}, optional blanks, then
 *       1..18 decimal digits. Inside a JSON string the quote would be escaped ({@code \"}), so a string value
 *       cannot fake the field.</li>
 *   <li>msgpack ({@code message_codec: msgpack}): the fixstr {@code 0xa8 "blocknum"} followed by a
 *       non-negative integer (positive fixint, uint8..uint64, int8..int64).</li>
 * </ul>
 *
 * <p>Allocation-free; never throws for any input. Returns {@link #NONE} when no block number is found.
 */
final class BlockNumbers {

  /** Returned when a payload carries no block number. */
  static final long NONE = -1;

  /** Bytes of a payload that are searched for the field (the field must start within them). */
  static final int SCAN_LIMIT = 1024;

  private static final byte[] NAME = {'b', 'l', 'o', 'c', 'k', 'n', 'u', 'm'};
  private static final int MAX_DIGITS = 18;

  private BlockNumbers() {}

  /** The block number of {@code payload}, or {@link #NONE}. */
  static long find(byte[] payload) {
    if (payload == null || payload.length < NAME.length + 3) {
      return NONE;
    }
    int first = payload[0] & 0xFF;
    if (first == '{' || first == ' ' || first == '\n' || first == '\r' || first == '\t') {
      return json(payload);
    }
    if ((first & 0xF0) == 0x80 || first == 0xDE || first == 0xDF) {
      return msgpack(payload);
    }
    return NONE;
  }

  /**
   * Where Thalos (Go's encoding/json: fields in struct order, no blanks) puts the digits, tried before the scan:
   * heartbeats and table deltas start with {@code {"blocknum":}, actions with {@code {"tx_id":"<64 hex>",
   * "blocknum":}, transactions with {@code {"id":"<64 hex>","blocknum":}. Each is taken only where the scan would
   * find the same field first (no quote inside the id) and its digits end properly; anything else is scanned.
   */
  private static long json(byte[] p) {
    long fast = fixedOffset(p);
    return fast != NONE ? fast : scanJson(p);
  }

  private static final java.lang.invoke.VarHandle LONGS =
      java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
  private static final int ID_LENGTH = 64;
  private static final long QUOTES = 0x2222222222222222L;
  // the fixed texts as little-endian longs, compared 8 bytes at a time (overlapping where a text is not 8 or 16)
  private static final long BLOCKNUM_0 = word("{\"blockn");     // {"blocknum":  bytes 0..7
  private static final long BLOCKNUM_4 = word("ocknum\":");     //               bytes 4..11
  private static final long TX_ID_0 = word("{\"tx_id\"");     // {"tx_id":"    bytes 0..7
  private static final long TX_ID_2 = word("tx_id\":\"");     //               bytes 2..9
  private static final long ID_0 = word("{\"id\":\"");       // {"id":"       bytes 0..6 (+ 1 of the id)
  private static final long ID_MASK = 0x00FFFFFFFFFFFFFFL;
  private static final long AFTER_0 = word("\",\"block");    // ","blocknum": bytes 0..7
  private static final long AFTER_5 = word("ocknum\":");       //               bytes 5..12
  private static final int BLOCKNUM_HEAD = 12;
  private static final int TX_ID_HEAD = 10;
  private static final int ID_HEAD = 7;
  private static final int AFTER_ID = 13;

  /** The first 8 ASCII bytes of {@code s} as a little-endian long (shorter: zero-padded). */
  private static long word(String s) {
    byte[] b = java.util.Arrays.copyOf(s.getBytes(java.nio.charset.StandardCharsets.US_ASCII), Long.BYTES);
    return (long) LONGS.get(b, 0);
  }

  private static long at(byte[] p, int i) {
    return (long) LONGS.get(p, i);
  }

  static long fixedOffset(byte[] p) {
    int n = p.length;
    if (n < 16) {
      return NONE;
    }
    long head = at(p, 0);
    if (head == BLOCKNUM_0) {
      return at(p, 4) == BLOCKNUM_4 ? digitsAt(p, BLOCKNUM_HEAD) : NONE;
    }
    int idStart;
    if (head == TX_ID_0 && at(p, 2) == TX_ID_2) {
      idStart = TX_ID_HEAD;
    } else if ((head & ID_MASK) == ID_0) {
      idStart = ID_HEAD;
    } else {
      return NONE;
    }
    int after = idStart + ID_LENGTH;
    if (n < after + AFTER_ID + 1 || at(p, after) != AFTER_0 || at(p, after + 5) != AFTER_5
        || hasQuote(p, idStart, ID_LENGTH)) {
      return NONE;
    }
    return digitsAt(p, after + AFTER_ID);
  }

  /** Whether {@code p[from..from+length)} contains {@code "}; {@code length} is a multiple of 8. */
  private static boolean hasQuote(byte[] p, int from, int length) {
    for (int i = from; i < from + length; i += Long.BYTES) {
      long x = (long) LONGS.get(p, i) ^ QUOTES;
      if (((x - 0x0101010101010101L) & ~x & 0x8080808080808080L) != 0) {
        return true;
      }
    }
    return false;
  }

  private static final long ZEROS = 0x3030303030303030L;
  private static final long HIGH_NIBBLES = 0xF0F0F0F0F0F0F0F0L;
  private static final long SIXES = 0x0606060606060606L;

  /**
   * The 1..18 digits at {@code at} if not followed by a 19th digit, else {@link #NONE}. The first eight bytes are
   * read as one word where the payload is long enough: which of them are digits and their value come from a few
   * word operations instead of a loop per digit (block numbers have 9 or 10 digits).
   */
  static long digitsAt(byte[] p, int at) {
    if (at + Long.BYTES > p.length) {
      return digitsSlow(p, at);
    }
    long w = at(p, at);
    // a byte is a digit iff its high nibble is 3 and adding 6 keeps it there (0x30..0x39); a carry out of a byte
    // (>= 0xFA) only disturbs bytes after it, i.e. after the first non-digit, which are not looked at
    long notDigit = ((w & HIGH_NIBBLES) ^ ZEROS) | (((w + SIXES) & HIGH_NIBBLES) ^ ZEROS);
    int n = Long.numberOfTrailingZeros(notDigit) >>> 3; // leading digits, 0..8
    if (n == 0) {
      return NONE;
    }
    long value = eightDigits((w - ZEROS) << (Long.SIZE - Long.BYTES * n));
    int j = at + n;
    if (n < Long.BYTES) {
      return value;
    }
    while (j < p.length && p[j] >= '0' && p[j] <= '9' && j - at < MAX_DIGITS) {
      value = value * 10 + (p[j] - '0');
      j++;
    }
    if (j < p.length && p[j] >= '0' && p[j] <= '9') {
      return NONE;
    }
    return value;
  }

  /**
   * The value of eight decimal digit values (0..9), one per byte, the first in the lowest byte (the order in
   * which they stand in the payload); zero bytes at the bottom act as leading zeros.
   */
  private static long eightDigits(long d) {
    d = d * 10 + (d >>> 8);
    return ((d & 0x000000FF000000FFL) * (100 + (1000000L << 32))
        + ((d >>> 16) & 0x000000FF000000FFL) * (1 + (10000L << 32))) >>> 32;
  }

  /** {@link #digitsAt} one digit at a time: near the end of the payload, and the reference it is tested against. */
  static long digitsSlow(byte[] p, int at) {
    long value = 0;
    int j = at;
    while (j < p.length && p[j] >= '0' && p[j] <= '9' && j - at < MAX_DIGITS) {
      value = value * 10 + (p[j] - '0');
      j++;
    }
    if (j == at || j < p.length && p[j] >= '0' && p[j] <= '9') {
      return NONE;
    }
    return value;
  }

  static long scanJson(byte[] p) {
    int end = Math.min(p.length, SCAN_LIMIT);
    // p[i] is the opening quote, p[i + 9] the closing one
    for (int i = 0; i + NAME.length + 1 < end; i++) {
      if (p[i] != '"' || p[i + NAME.length + 1] != '"' || !nameAt(p, i + 1)) {
        continue;
      }
      int j = skipBlanks(p, i + NAME.length + 2);
      if (j >= p.length || p[j] != ':') {
        continue;
      }
      long value = digitsAt(p, skipBlanks(p, j + 1));
      if (value != NONE) {
        return value;
      }
    }
    return NONE;
  }

  private static long msgpack(byte[] p) {
    int end = Math.min(p.length, SCAN_LIMIT);
    for (int i = 0; i + NAME.length + 1 < end; i++) {
      if ((p[i] & 0xFF) != 0xA8 || !nameAt(p, i + 1)) {
        continue;
      }
      long value = msgpackUnsigned(p, i + NAME.length + 1);
      if (value != NONE) {
        return value;
      }
    }
    return NONE;
  }

  /** A non-negative msgpack integer at {@code at}, or {@link #NONE}. */
  private static long msgpackUnsigned(byte[] p, int at) {
    if (at >= p.length) {
      return NONE;
    }
    int marker = p[at] & 0xFF;
    if (marker <= 0x7F) {
      return marker;
    }
    int size;
    boolean signed;
    switch (marker) {
      case 0xCC: size = 1; signed = false; break;
      case 0xCD: size = 2; signed = false; break;
      case 0xCE: size = 4; signed = false; break;
      case 0xCF: size = 8; signed = false; break;
      case 0xD0: size = 1; signed = true; break;
      case 0xD1: size = 2; signed = true; break;
      case 0xD2: size = 4; signed = true; break;
      case 0xD3: size = 8; signed = true; break;
      default: return NONE;
    }
    if (at + size >= p.length) {
      return NONE;
    }
    long value = signed ? p[at + 1] : p[at + 1] & 0xFF;
    for (int k = 2; k <= size; k++) {
      value = value << 8 | (p[at + k] & 0xFF);
    }
    return value < 0 ? NONE : value;
  }

  private static boolean nameAt(byte[] p, int at) {
    for (int k = 0; k < NAME.length; k++) {
      if (p[at + k] != NAME[k]) {
        return false;
      }
    }
    return true;
  }

  private static int skipBlanks(byte[] p, int j) {
    while (j < p.length && (p[j] == ' ' || p[j] == '\t' || p[j] == '\n' || p[j] == '\r')) {
      j++;
    }
    return j;
  }
}
