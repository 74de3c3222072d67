package dev.thalos.redis.security.channel;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The strict channel grammar of {@link ChannelValidator} as a deterministic finite automaton over ASCII: one
 * table lookup per character, no allocation. It answers valid-or-not and the kind; {@link ChannelScanner}
 * explains rejections. Both implement the same documented grammar and are cross-checked by tests.
 */
final class StrictAutomaton {

  private static final int DEAD = 0;
  private static final int START = 1;
  private static final int MAX_STATES = 1024;

  private static final char[] NEXT;
  private static final byte[] KIND;

  static {
    Builder b = new Builder();
    b.build();
    NEXT = Arrays.copyOf(b.next, (b.count + 1) << 7);
    KIND = Arrays.copyOf(b.kind, b.count + 1);
  }

  private StrictAutomaton() {}

  /** The kind ordinal of a strictly valid channel, or -1. */
  static int kind(String s) {
    int len = s.length();
    if (len > ChannelScanner.MAX_UTF8_LENGTH) {
      return -1;
    }
    char[] next = NEXT;
    int state = START;
    for (int i = 0; i < len; i++) {
      int c = s.charAt(i);
      if (c >= 128) {
        return -1;
      }
      state = next[state << 7 | c];
      if (state == DEAD) {
        return -1;
      }
    }
    return KIND[state];
  }

  /** The kind ordinal of the strictly valid channel {@code buf[off, off+len)}, or -1. */
  static int kind(byte[] buf, int off, int len) {
    if (len > ChannelScanner.MAX_UTF8_LENGTH) {
      return -1;
    }
    char[] next = NEXT;
    int state = START;
    for (int i = off, end = off + len; i < end; i++) {
      int c = buf[i];
      if (c < 0) {
        return -1;
      }
      state = next[state << 7 | c];
      if (state == DEAD) {
        return -1;
      }
    }
    return KIND[state];
  }

  /** The kind ordinal of the strictly valid channel from position to limit of {@code buffer}, or -1. */
  static int kind(ByteBuffer buffer) {
    int off = buffer.position();
    int len = buffer.limit() - off;
    if (buffer.hasArray()) {
      return kind(buffer.array(), buffer.arrayOffset() + off, len);
    }
    if (len > ChannelScanner.MAX_UTF8_LENGTH) {
      return -1;
    }
    char[] next = NEXT;
    int state = START;
    for (int i = off, end = off + len; i < end; i++) {
      int c = buffer.get(i);
      if (c < 0) {
        return -1;
      }
      state = next[state << 7 | c];
      if (state == DEAD) {
        return -1;
      }
    }
    return KIND[state];
  }

  /** Builds the transition table from the grammar. */
  private static final class Builder {
    final char[] next = new char[MAX_STATES << 7];
    final byte[] kind = new byte[MAX_STATES];
    int count = START;

    Builder() {
      Arrays.fill(kind, (byte) -1);
    }

    int state() {
      count++;
      if (count >= MAX_STATES) {
        throw new IllegalStateException("automaton too large");
      }
      return count;
    }

    void on(int from, int c, int to) {
      int old = next[from << 7 | c];
      if (old != DEAD && old != to) {
        throw new IllegalStateException("nondeterministic transition on " + (char) c);
      }
      next[from << 7 | c] = (char) to;
    }

    /** Follows or creates the trie path for {@code word} from {@code from}; returns the state after it. */
    int word(int from, String word) {
      int s = from;
      for (int i = 0; i < word.length(); i++) {
        int c = word.charAt(i);
        int t = next[s << 7 | c];
        if (t == DEAD) {
          t = state();
          on(s, c, t);
        }
        s = t;
      }
      return s;
    }

    void accept(int state, ChannelKind k) {
      kind[state] = (byte) k.ordinal();
    }

    static boolean isPrefixChar(int c) {
      return (c >= 'A' && c <= 'Z') || isChainChar(c);
    }

    static boolean isChainChar(int c) {
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    }

    static boolean isHex(int c) {
      return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    }

    static boolean isNameChar(int c) {
      return (c >= 'a' && c <= 'z') || (c >= '1' && c <= '5') || c == '.';
    }

    static boolean isName13Char(int c) {
      return (c >= 'a' && c <= 'j') || (c >= '1' && c <= '5') || c == '.';
    }

    void build() {
      // prefix: [A-Za-z0-9._-]{1,64} "::"
      int prefixColon = state();
      int chainStart = state();
      on(prefixColon, ':', chainStart);
      int previous = START;
      for (int n = 1; n <= ChannelScanner.MAX_PREFIX; n++) {
        int p = state();
        for (int c = 0; c < 128; c++) {
          if (isPrefixChar(c)) {
            on(previous, c, p);
          }
        }
        on(p, ':', prefixColon);
        previous = p;
      }
      // chain: [0-9a-f]{64} | [a-z0-9._-]{1,32}, then "::"
      int chainColon = state();
      int path = state();
      on(chainColon, ':', path);
      int[] hex = new int[ChannelScanner.CHAIN_ID_LENGTH + 1];
      int[] other = new int[ChannelScanner.MAX_CHAIN_NAME + 1];
      for (int n = 1; n <= ChannelScanner.CHAIN_ID_LENGTH; n++) {
        hex[n] = state();
        if (n <= ChannelScanner.MAX_CHAIN_NAME) {
          other[n] = state();
        }
      }
      hex[0] = chainStart;
      other[0] = chainStart;
      for (int n = 0; n <= ChannelScanner.CHAIN_ID_LENGTH; n++) {
        for (int c = 0; c < 128; c++) {
          if (!isChainChar(c)) {
            continue;
          }
          if (isHex(c) && n < ChannelScanner.CHAIN_ID_LENGTH) {
            on(hex[n], c, hex[n + 1]);
          }
          if (n < ChannelScanner.MAX_CHAIN_NAME) {
            if (!isHex(c)) {
              on(hex[n], c, other[n + 1]);
            }
            if (n > 0) {
              on(other[n], c, other[n + 1]);
            }
          }
        }
        if (n > 0 && (n <= ChannelScanner.MAX_CHAIN_NAME || n == ChannelScanner.CHAIN_ID_LENGTH)) {
          on(hex[n], ':', chainColon);
        }
        if (n > 0 && n <= ChannelScanner.MAX_CHAIN_NAME) {
          on(other[n], ':', chainColon);
        }
      }
      // path
      accept(word(path, "transactions"), ChannelKind.TRANSACTIONS);
      accept(word(path, "heartbeat"), ChannelKind.HEARTBEAT);
      accept(word(path, "rollback"), ChannelKind.ROLLBACK);
      int actions = word(path, "actions");
      accept(actions, ChannelKind.ACTIONS);
      name(word(actions, "/name/"), ChannelKind.ACTIONS_BY_NAME);
      int[] contract = name(word(actions, "/contract/"), ChannelKind.ACTIONS_BY_CONTRACT);
      int contractSlash = state();
      for (int n = 1; n <= ChannelScanner.MAX_NAME; n++) {
        on(contract[n], '/', contractSlash);
      }
      name(word(contractSlash, "name/"), ChannelKind.ACTIONS_BY_CONTRACT_AND_NAME);
      int tableDeltas = word(path, "tabledeltas");
      accept(tableDeltas, ChannelKind.TABLE_DELTAS);
      int tables = word(tableDeltas, "/name/");
      for (String table : ChannelScanner.KNOWN_TABLES) {
        accept(word(tables, table), ChannelKind.TABLE_DELTAS_BY_TABLE);
      }
    }

    /**
     * An Antelope name from {@code entry}: states {@code [n]} (n characters, last not '.') accept {@code k};
     * returns them. Names ending in '.' live in separate, non-accepting states.
     */
    int[] name(int entry, ChannelKind k) {
      int[] clean = new int[ChannelScanner.MAX_NAME + 1];
      int[] dot = new int[ChannelScanner.MAX_NAME + 1];
      for (int n = 1; n <= ChannelScanner.MAX_NAME; n++) {
        clean[n] = state();
        dot[n] = state();
        accept(clean[n], k);
      }
      for (int n = 0; n < ChannelScanner.MAX_NAME; n++) {
        for (int c = 0; c < 128; c++) {
          boolean allowed = n + 1 < ChannelScanner.MAX_NAME ? isNameChar(c) : isName13Char(c);
          if (!allowed) {
            continue;
          }
          int to = c == '.' ? dot[n + 1] : clean[n + 1];
          if (n == 0) {
            on(entry, c, to);
          } else {
            on(clean[n], c, to);
            on(dot[n], c, to);
          }
        }
      }
      return clean;
    }
  }
}
