package dev.thalos.redis.security.tls;

/** Host name helpers that never touch DNS. */
final class HostNames {

  private HostNames() {}

  /** Whether {@code host} is an IPv4 dotted quad or an IPv6 literal (with or without brackets). */
  static boolean isIpLiteral(String host) {
    if (host.indexOf(':') >= 0) {
      return true; // IPv6 (host names never contain ':')
    }
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3) {
        return false;
      }
      for (int i = 0; i < part.length(); i++) {
        if (!Character.isDigit(part.charAt(i)) || part.charAt(i) > '9') {
          return false;
        }
      }
      if (Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }
}
