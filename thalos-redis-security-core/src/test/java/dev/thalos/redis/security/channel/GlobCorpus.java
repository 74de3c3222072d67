package dev.thalos.redis.security.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates (pattern, channel) pairs that exercise Redis glob edge cases: escapes, unterminated {@code [},
 * reversed ranges, {@code [^...]}, a trailing {@code \}, runs of {@code *}, the empty pattern and channel,
 * bytes above 0x7F, and Thalos-like channels with near-miss patterns.
 */
final class GlobCorpus {

  static final byte[] PATTERN_ALPHABET = {
    '*', '*', '?', '[', '[', ']', ']', '^', '-', '\\', '\\', 'a', 'b', 'c', 'z', 'A', ':', '_',
    (byte) 0x80, (byte) 0xC3, (byte) 0xFF,
  };

  static final byte[] SUBJECT_ALPHABET = {
    'a', 'b', 'c', 'z', 'A', '-', ']', '[', '\\', '*', '?', '^', ':', '_', (byte) 0x80, (byte) 0xC3, (byte) 0xFF, 0,
  };

  private static final String[] THALOS_PATTERNS = {
    "ship::*", "ship::wax::*", "ship::wax::actions*", "ship::wax::actions/contract/eosio.token*",
    "ship::[wW]ax::*", "ship::wa?::*", "ship::*::heartbeat", "*::wax::*", "ship::wax::[^t]*", "ship::wax::\\*",
    "ship::wax::tabledeltas/name/contract_*", "ship::wax::*/name/transfer", "ship::wax", "ship::wax::",
    "ship::wax::heartbeat", "ship::w[a-z]x::*", "ship::w[z-a]x::*", "ship::wax::[", "ship::wax::*\\",
  };

  private static final String[] THALOS_CHANNELS = {
    "ship::wax::heartbeat", "ship::wax::transactions", "ship::wax::actions",
    "ship::wax::actions/contract/eosio.token/name/transfer", "ship::wax::tabledeltas/name/contract_row",
    "ship::eos::heartbeat", "ship::waxtest::heartbeat", "ship::Wax::heartbeat", "ship::wax::*", "ship::wax::",
    "ship::wax", "SHIP::wax::heartbeat", "ship::wax::[", "ship::wax::\\", "ship::w-x::rollback",
  };

  private static final byte[] CLASS_BYTES = {
    'a', 'b', 'm', 'z', 'A', 'Z', '-', ']', '[', '\\', '^', (byte) 0x80, (byte) 0x9F, (byte) 0xC3, (byte) 0xFF, 0x7F,
  };

  private GlobCorpus() {}

  /** {@code [}, maybe {@code ^}, a few items (bytes, ranges in either order, escapes), maybe {@code ]}, maybe more. */
  private static byte[] classPattern(Random random) {
    List<Byte> out = new ArrayList<>();
    out.add((byte) '[');
    if (random.nextInt(3) == 0) {
      out.add((byte) '^');
    }
    int items = random.nextInt(4);
    for (int i = 0; i < items; i++) {
      switch (random.nextInt(4)) {
        case 0:
          out.add(CLASS_BYTES[random.nextInt(CLASS_BYTES.length)]);
          out.add((byte) '-');
          out.add(CLASS_BYTES[random.nextInt(CLASS_BYTES.length)]);
          break;
        case 1:
          out.add((byte) '\\');
          out.add(CLASS_BYTES[random.nextInt(CLASS_BYTES.length)]);
          break;
        default:
          out.add(CLASS_BYTES[random.nextInt(CLASS_BYTES.length)]);
          break;
      }
    }
    if (random.nextInt(4) != 0) {
      out.add((byte) ']');
    }
    if (random.nextInt(4) == 0) {
      out.add(random.nextBoolean() ? (byte) '*' : (byte) '?');
    }
    byte[] bytes = new byte[out.size()];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = out.get(i);
    }
    return bytes;
  }

  record Pair(byte[] pattern, byte[] channel) {}

  /** At least {@code count} pairs, deterministic for a seed. */
  static List<Pair> generate(long seed, int count) {
    Random random = new Random(seed);
    List<Pair> pairs = new ArrayList<>(count);
    for (String p : THALOS_PATTERNS) {
      for (String c : THALOS_CHANNELS) {
        pairs.add(new Pair(ascii(p), ascii(c)));
      }
    }
    pairs.add(new Pair(new byte[0], new byte[0]));
    pairs.add(new Pair(new byte[0], ascii("a")));
    pairs.add(new Pair(ascii("**"), new byte[0]));
    pairs.add(new Pair(ascii("?"), new byte[0]));
    while (pairs.size() < count) {
      if (random.nextInt(3) == 0) {
        byte[] pattern = classPattern(random);
        byte[] channel = new byte[random.nextInt(6) == 0 ? 2 : 1];
        for (int i = 0; i < channel.length; i++) {
          channel[i] = random.nextBoolean() ? CLASS_BYTES[random.nextInt(CLASS_BYTES.length)] : (byte) random.nextInt(256);
        }
        pairs.add(new Pair(pattern, channel));
        continue;
      }
      byte[] pattern = random(random, PATTERN_ALPHABET, 10);
      byte[] channel = random.nextInt(3) == 0 ? derive(random, pattern) : random(random, SUBJECT_ALPHABET, 8);
      pairs.add(new Pair(pattern, channel));
    }
    return pairs;
  }

  /** A subject built from the pattern's own bytes, so that matches are frequent. */
  private static byte[] derive(Random random, byte[] pattern) {
    List<Byte> out = new ArrayList<>();
    for (byte b : pattern) {
      if (b == '*') {
        int n = random.nextInt(3);
        for (int i = 0; i < n; i++) {
          out.add(SUBJECT_ALPHABET[random.nextInt(SUBJECT_ALPHABET.length)]);
        }
      } else if (b == '?' || b == '[' || b == '^' || random.nextInt(8) == 0) {
        out.add(SUBJECT_ALPHABET[random.nextInt(SUBJECT_ALPHABET.length)]);
      } else if (b != '\\' || random.nextBoolean()) {
        out.add(b);
      }
    }
    byte[] bytes = new byte[out.size()];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = out.get(i);
    }
    return bytes;
  }

  private static byte[] random(Random random, byte[] alphabet, int maxLength) {
    byte[] out = new byte[random.nextInt(maxLength + 1)];
    for (int i = 0; i < out.length; i++) {
      out[i] = alphabet[random.nextInt(alphabet.length)];
    }
    return out;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
  }

  static String describe(byte[] pattern, byte[] channel) {
    return "pattern " + InvalidChannelException.quote(pattern, ChannelScanner.BYTES, 0, pattern.length)
        + " channel " + InvalidChannelException.quote(channel, ChannelScanner.BYTES, 0, channel.length);
  }
}
