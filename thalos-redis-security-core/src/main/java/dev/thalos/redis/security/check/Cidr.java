package dev.thalos.redis.security.check;

import dev.thalos.redis.security.internal.ControlCharacters;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/** An IPv4 or IPv6 network in CIDR notation, e.g. {@code 10.0.0.0/8} or {@code fd00::/8}; literals only. */
final class Cidr {

  private final String text;
  private final byte[] network;
  private final int bits;

  private Cidr(String text, byte[] network, int bits) {
    this.text = text;
    this.network = network;
    this.bits = bits;
  }

  /**
   * Parses {@code address/bits} or a single address (all bits).
   *
   * @throws IllegalArgumentException quoting the value if it is not an IP literal network
   */
  static Cidr parse(String text) {
    Objects.requireNonNull(text, "network must not be null");
    String t = text.trim();
    int slash = t.indexOf('/');
    String addr = slash < 0 ? t : t.substring(0, slash);
    Optional<byte[]> bytes = literal(addr);
    if (bytes.isEmpty()) {
      throw new IllegalArgumentException("invalid trusted network: " + ControlCharacters.escape(text)
          + " (must be an IP literal with optional /prefix, e.g. 10.0.0.0/8)");
    }
    int max = bytes.get().length * 8;
    int bits = max;
    if (slash >= 0) {
      try {
        bits = Integer.parseInt(t.substring(slash + 1));
      } catch (NumberFormatException e) {
        bits = -1;
      }
      if (bits < 0 || bits > max) {
        throw new IllegalArgumentException(
            "invalid trusted network: " + ControlCharacters.escape(text) + " (prefix must be 0.." + max + ")");
      }
    }
    return new Cidr(t, bytes.get(), bits);
  }

  /** The bytes of an IPv4 or IPv6 literal (no host names, never a DNS lookup). */
  static Optional<byte[]> literal(String address) {
    if (address == null || address.isEmpty() || address.length() > 64) {
      return Optional.empty();
    }
    String a = address;
    if (a.startsWith("[") && a.endsWith("]")) {
      a = a.substring(1, a.length() - 1);
    }
    int zone = a.indexOf('%');
    if (zone >= 0) {
      a = a.substring(0, zone);
    }
    boolean v4 = a.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    boolean v6 = a.indexOf(':') >= 0 && a.matches("[0-9A-Fa-f:.]+");
    if (!v4 && !v6) {
      return Optional.empty();
    }
    if (v4) {
      for (String part : a.split("\\.")) {
        if (Integer.parseInt(part) > 255) {
          return Optional.empty();
        }
      }
    }
    try {
      byte[] b = InetAddress.getByName(a).getAddress();
      if (b.length == 16 && isMappedV4(b)) {
        return Optional.of(Arrays.copyOfRange(b, 12, 16));
      }
      return Optional.of(b);
    } catch (UnknownHostException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static boolean isMappedV4(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
  }

  /** Whether {@code address} (an IP literal) lies in this network; false for anything that is not a literal. */
  boolean contains(String address) {
    Optional<byte[]> b = literal(address);
    if (b.isEmpty() || b.get().length != network.length) {
      return false;
    }
    byte[] a = b.get();
    int full = bits / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != network[i]) {
        return false;
      }
    }
    int rest = bits % 8;
    if (rest == 0) {
      return true;
    }
    int mask = 0xff << (8 - rest) & 0xff;
    return (a[full] & mask) == (network[full] & mask);
  }

  @Override
  public String toString() {
    return text;
  }
}
