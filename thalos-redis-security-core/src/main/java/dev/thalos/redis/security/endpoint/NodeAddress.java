package dev.thalos.redis.security.endpoint;

import java.util.Objects;

/**
 * Where one Redis node (server, cluster node or sentinel) listens: host and port. Immutable.
 *
 * <pre>{@code
 * NodeAddress seed = NodeAddress.parse("redis-1.example:7000");
 * NodeAddress v6 = NodeAddress.parse("[2001:db8::1]:26379");
 * }</pre>
 */
public final class NodeAddress {

  private final String host;
  private final int port;

  private NodeAddress(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /**
   * The address {@code host:port}; IPv6 addresses without brackets.
   *
   * @throws IllegalArgumentException if the host is empty or malformed, or the port is not 1..65535
   */
  public static NodeAddress of(String host, int port) {
    ThalosRedisEndpoint.checkHost(host);
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("invalid port: " + port + " (must be 1..65535)");
    }
    return new NodeAddress(host, port);
  }

  /**
   * Parses {@code host:port}, {@code [ipv6]:port}, or just a host (then {@code defaultPort}; 0 makes the
   * port required).
   *
   * @throws IllegalArgumentException naming the rule broken
   */
  public static NodeAddress parse(String text, int defaultPort) {
    if (text == null) {
      throw new IllegalArgumentException("node address must not be null");
    }
    String host;
    String port = null;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        throw invalid(text, "unterminated IPv6 address (missing ']')");
      }
      host = text.substring(1, close);
      String after = text.substring(close + 1);
      if (!after.isEmpty()) {
        if (!after.startsWith(":")) {
          throw invalid(text, "unexpected characters after the IPv6 address");
        }
        port = after.substring(1);
      }
      if (host.indexOf(':') < 0) {
        throw invalid(text, "brackets are only for IPv6 addresses");
      }
    } else {
      int colon = text.indexOf(':');
      if (colon >= 0 && text.indexOf(':', colon + 1) >= 0) {
        throw invalid(text, "IPv6 addresses must be written in brackets, e.g. [::1]:6380");
      }
      host = colon < 0 ? text : text.substring(0, colon);
      port = colon < 0 ? null : text.substring(colon + 1);
    }
    try {
      ThalosRedisEndpoint.checkHost(host);
    } catch (IllegalArgumentException e) {
      throw invalid(text, e.getMessage());
    }
    int p = defaultPort;
    if (port == null && defaultPort == 0) {
      throw invalid(text, "a port is required (host:port)");
    }
    if (port != null) {
      if (port.isEmpty() || port.length() > 5 || !port.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw invalid(text, "the port must be a number 1..65535");
      }
      p = Integer.parseInt(port);
    }
    if (p < 1 || p > 65535) {
      throw invalid(text, "invalid port " + p + " (must be 1..65535)");
    }
    return new NodeAddress(host, p);
  }

  /** Parses {@code host:port}; the port is required. */
  public static NodeAddress parse(String text) {
    return parse(text, 0);
  }

  private static IllegalArgumentException invalid(String text, String reason) {
    StringBuilder quoted = new StringBuilder();
    for (int i = 0; i < text.length() && i < 300; i++) {
      char c = text.charAt(i);
      quoted.append(c < ' ' || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return new IllegalArgumentException("invalid node address: '" + quoted + "' (" + reason + ")");
  }

  /** Host name or IP address (IPv6 without brackets). */
  public String host() {
    return host;
  }

  /** Port, 1..65535. */
  public int port() {
    return port;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeAddress && ((NodeAddress) o).port == port
        && ((NodeAddress) o).host.equalsIgnoreCase(host);
  }

  @Override
  public int hashCode() {
    return Objects.hash(host.toLowerCase(java.util.Locale.ROOT), port);
  }

  /** {@code host:port}, IPv6 in brackets. */
  @Override
  public String toString() {
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
