package dev.thalos.redis.security.conf;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One argument of a {@code bind} directive, classified without any DNS lookup.
 *
 * <p>A leading {@code -} marks an address Redis may skip if it is not available ({@code bind * -::*}). IPv6
 * literals may carry a zone ({@code fe80::1%eth0}). Only canonical literals are classified as addresses: IPv4 in
 * dotted-quad form without leading zeros, IPv6 in RFC 4291 text form (with an optional trailing dotted quad);
 * anything else is {@link AddressClass#UNRESOLVED_NAME}.
 *
 * <pre>{@code
 * BindAddress.parse("-::1").addressClass();          // LOOPBACK, optional() == true
 * BindAddress.parse("10.0.0.5").addressClass();      // PRIVATE
 * BindAddress.parse("fe80::1%eth0").zone();          // Optional[eth0]
 * BindAddress.parse("redis.internal").addressClass(); // UNRESOLVED_NAME
 * }</pre>
 */
public final class BindAddress {

  private final String text;
  private final boolean optional;
  private final String host;
  private final String zone;
  private final byte[] bytes;
  private final AddressClass addressClass;

  private BindAddress(String text, boolean optional, String host, String zone, byte[] bytes,
      AddressClass addressClass) {
    this.text = text;
    this.optional = optional;
    this.host = host;
    this.zone = zone;
    this.bytes = bytes;
    this.addressClass = addressClass;
  }

  /**
   * Classifies one {@code bind} argument.
   *
   * @throws IllegalArgumentException if {@code text} is empty or just {@code -}
   */
  public static BindAddress parse(String text) {
    Objects.requireNonNull(text, "bind address must not be null");
    boolean optional = text.startsWith("-");
    String host = optional ? text.substring(1) : text;
    if (host.isEmpty()) {
      throw new IllegalArgumentException("invalid bind address: \"" + text + "\" (empty)");
    }
    if (host.equals("*") || host.equals("::*")) {
      return new BindAddress(text, optional, host, null, null, AddressClass.WILDCARD);
    }
    byte[] v4 = parseIpv4(host);
    if (v4 != null) {
      return new BindAddress(text, optional, host, null, v4, classify(v4));
    }
    String zone = null;
    String literal = host;
    int pct = host.indexOf('%');
    if (pct >= 0) {
      zone = host.substring(pct + 1);
      literal = host.substring(0, pct);
    }
    byte[] v6 = zone != null && zone.isEmpty() ? null : parseIpv6(literal);
    if (v6 != null) {
      return new BindAddress(text, optional, literal, zone, v6, classify(v6));
    }
    return new BindAddress(text, optional, host, null, null, AddressClass.UNRESOLVED_NAME);
  }

  /** The argument as written, e.g. {@code -::1}. */
  public String text() {
    return text;
  }

  /** Whether it was written with a leading {@code -} (Redis skips it if unavailable). */
  public boolean optional() {
    return optional;
  }

  /** The address without {@code -} and zone, e.g. {@code fe80::1}. */
  public String host() {
    return host;
  }

  /** The IPv6 zone, e.g. {@code eth0}. */
  public Optional<String> zone() {
    return Optional.ofNullable(zone);
  }

  /** 4 or 6 for a literal, 0 for {@code *}, {@code ::*} and names. */
  public int ipVersion() {
    return bytes == null ? 0 : bytes.length == 4 ? 4 : 6;
  }

  /** The address bytes (4 or 16) for a literal. */
  public Optional<byte[]> bytes() {
    return Optional.ofNullable(bytes).map(byte[]::clone);
  }

  public AddressClass addressClass() {
    return addressClass;
  }

  @Override
  public String toString() {
    return text + " (" + addressClass.label() + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BindAddress && ((BindAddress) o).text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  /** Whether this is an IPv4-mapped IPv6 literal ({@code ::ffff:a.b.c.d}), with or without a zone. */
  boolean ipv4Mapped() {
    return bytes != null && bytes.length == 16 && ipv4Mapped(bytes);
  }

  /** Whether the 16 bytes {@code a} are {@code ::ffff:0:0/96}: ten zero bytes, then two 0xff. */
  private static boolean ipv4Mapped(byte[] a) {
    for (int i = 0; i < 10; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
  }

  static AddressClass classify(byte[] a) {
    if (a.length == 4) {
      int b0 = a[0] & 0xff;
      int b1 = a[1] & 0xff;
      if ((b0 | b1 | a[2] | a[3]) == 0) {
        return AddressClass.WILDCARD;
      }
      if (b0 == 127) {
        return AddressClass.LOOPBACK;
      }
      if (b0 == 10 || b0 == 172 && (b1 & 0xf0) == 16 || b0 == 192 && b1 == 168
          || b0 == 100 && (b1 & 0xc0) == 64 || b0 == 169 && b1 == 254) {
        return AddressClass.PRIVATE;
      }
      return AddressClass.PUBLIC;
    }
    boolean allZero = true;
    for (byte b : a) {
      allZero &= b == 0;
    }
    if (allZero) {
      return AddressClass.WILDCARD;
    }
    boolean firstFifteenZero = true;
    for (int i = 0; i < 15; i++) {
      firstFifteenZero &= a[i] == 0;
    }
    if (firstFifteenZero && a[15] == 1) {
      return AddressClass.LOOPBACK;
    }
    if (ipv4Mapped(a)) {
      return classify(Arrays.copyOfRange(a, 12, 16));
    }
    int b0 = a[0] & 0xff;
    int b1 = a[1] & 0xff;
    if ((b0 & 0xfe) == 0xfc || b0 == 0xfe && (b1 & 0xc0) == 0x80 || b0 == 0xfe && (b1 & 0xc0) == 0xc0) {
      return AddressClass.PRIVATE;
    }
    return AddressClass.PUBLIC;
  }

  /** Strict dotted quad: four decimal parts 0..255, no leading zeros, nothing else. */
  static byte[] parseIpv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 3 || p.length() > 1 && p.charAt(0) == '0') {
        return null;
      }
      int v = 0;
      for (int j = 0; j < p.length(); j++) {
        char c = p.charAt(j);
        if (c < '0' || c > '9') {
          return null;
        }
        v = v * 10 + (c - '0');
      }
      if (v > 255) {
        return null;
      }
      out[i] = (byte) v;
    }
    return out;
  }

  /** RFC 4291 section 2.2 text forms; null if {@code s} is not one. */
  static byte[] parseIpv6(String s) {
    if (s.isEmpty() || s.length() > 45) {
      return null;
    }
    int dc = s.indexOf("::");
    if (dc >= 0 && s.indexOf("::", dc + 1) >= 0) {
      return null;
    }
    String head = dc >= 0 ? s.substring(0, dc) : s;
    String tail = dc >= 0 ? s.substring(dc + 2) : "";
    int[] headGroups = groups(head, dc < 0 || tail.isEmpty());
    int[] tailGroups = dc >= 0 ? groups(tail, true) : new int[0];
    if (headGroups == null || tailGroups == null) {
      return null;
    }
    int total = headGroups.length + tailGroups.length;
    if (dc < 0 ? total != 8 : total > 7) {
      return null;
    }
    int[] all = new int[8];
    System.arraycopy(headGroups, 0, all, 0, headGroups.length);
    System.arraycopy(tailGroups, 0, all, 8 - tailGroups.length, tailGroups.length);
    byte[] out = new byte[16];
    for (int i = 0; i < 8; i++) {
      out[2 * i] = (byte) (all[i] >>> 8);
      out[2 * i + 1] = (byte) all[i];
    }
    return out;
  }

  /** 16-bit groups of one side of {@code ::}; the last may be a dotted quad when {@code quadAllowed}. */
  private static int[] groups(String side, boolean quadAllowed) {
    if (side.isEmpty()) {
      return new int[0];
    }
    String[] parts = side.split(":", -1);
    int n = parts.length;
    byte[] quad = null;
    if (quadAllowed && parts[n - 1].indexOf('.') >= 0) {
      quad = parseIpv4(parts[n - 1]);
      if (quad == null) {
        return null;
      }
    }
    int hexParts = quad == null ? n : n - 1;
    int[] out = new int[hexParts + (quad == null ? 0 : 2)];
    for (int i = 0; i < hexParts; i++) {
      String p = parts[i];
      if (p.isEmpty() || p.length() > 4) {
        return null;
      }
      int v = 0;
      for (int j = 0; j < p.length(); j++) {
        int d = Character.digit(p.charAt(j), 16);
        if (d < 0 || p.charAt(j) > 'f') {
          return null;
        }
        v = v * 16 + d;
      }
      out[i] = v;
    }
    if (quad != null) {
      out[hexParts] = (quad[0] & 0xff) << 8 | quad[1] & 0xff;
      out[hexParts + 1] = (quad[2] & 0xff) << 8 | quad[3] & 0xff;
    }
    return out;
  }
}
