package dev.thalos.redis.security.endpoint;

import dev.thalos.redis.security.internal.ControlCharacters;
import java.util.Objects;
import java.util.function.Function;

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
    return parse(text, defaultPort, reason -> invalid(text, reason));
  }

  /** Parses {@code host:port}; the port is required. */
  public static NodeAddress parse(String text) {
    return parse(text, 0);
  }

  /**
   * The parser shared with URIs: {@code invalid} turns a reason into the exception to throw. A non-numeric port
   * is not quoted (in a URI without host it could be a password).
   */
  static NodeAddress parse(String text, int defaultPort, Function<String, IllegalArgumentException> invalid) {
    String host;
    String portText = null;
    if (text.startsWith("[")) {
      int close = text.indexOf(']');
      if (close < 0) {
        throw invalid.apply("unterminated IPv6 address (missing ']')");
      }
      host = text.substring(1, close);
      String after = text.substring(close + 1);
      if (!after.isEmpty()) {
        if (!after.startsWith(":")) {
          throw invalid.apply("unexpected characters after the IPv6 address");
        }
        portText = after.substring(1);
      }
      checkIpv6(host, invalid);
    } else {
      int colon = text.indexOf(':');
      if (colon >= 0) {
        if (text.indexOf(':', colon + 1) >= 0) {
          throw invalid.apply("IPv6 addresses must be written in brackets, e.g. [::1]:6380");
        }
        host = text.substring(0, colon);
        portText = text.substring(colon + 1);
      } else {
        host = text;
      }
      try {
        ThalosRedisEndpoint.checkHost(host);
      } catch (IllegalArgumentException e) {
        throw invalid.apply(e.getMessage());
      }
    }
    if (portText == null) {
      if (defaultPort == 0) {
        throw invalid.apply("a port is required (host:port)");
      }
      return new NodeAddress(host, defaultPort);
    }
    if (portText.isEmpty()) {
      throw invalid.apply("empty port (must be 1..65535)");
    }
    if (!portText.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw invalid.apply("the port is not a number (must be 1..65535)");
    }
    int port = portText.length() > 5 ? -1 : Integer.parseInt(portText);
    if (port < 1 || port > 65535) {
      throw invalid.apply("invalid port " + portText + " (must be 1..65535)");
    }
    return new NodeAddress(host, port);
  }

  private static void checkIpv6(String host, Function<String, IllegalArgumentException> invalid) {
    if (host.isEmpty()) {
      throw invalid.apply("empty IPv6 address");
    }
    int colons = 0;
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c == ':') {
        colons++;
      } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') || c == '.')) {
        throw invalid.apply("invalid IPv6 address '" + ControlCharacters.escape(host) + "'");
      }
    }
    if (colons < 2) {
      throw invalid.apply(
          "invalid IPv6 address '" + ControlCharacters.escape(host) + "' (brackets are only for IPv6 addresses)");
    }
  }

  private static IllegalArgumentException invalid(String text, String reason) {
    String quoted = ControlCharacters.escape(text.length() > 300 ? text.substring(0, 300) : text);
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
