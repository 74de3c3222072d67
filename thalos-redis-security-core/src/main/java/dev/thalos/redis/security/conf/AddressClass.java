package dev.thalos.redis.security.conf;

import java.util.Locale;

/** What kind of network a {@code bind} address listens on. */
public enum AddressClass {
  /** {@code 127.0.0.0/8}, {@code ::1}, or an IPv4-mapped loopback: only this host can connect. */
  LOOPBACK,
  /**
   * Not routed on the internet: RFC 1918 ({@code 10/8}, {@code 172.16/12}, {@code 192.168/16}), shared address
   * space {@code 100.64/10}, link-local {@code 169.254/16} and {@code fe80::/10}, unique local {@code fc00::/7}
   * and the deprecated site-local {@code fec0::/10}.
   */
  PRIVATE,
  /** Any other literal address: assume it is reachable from the internet. */
  PUBLIC,
  /** {@code *}, {@code ::*}, {@code 0.0.0.0} or {@code ::}: every interface of the host. */
  WILDCARD,
  /**
   * Not a canonical IP literal: a host name, or a form such as {@code 010.1.1.1} or {@code 1.2.3} that the
   * system resolver may read in surprising ways. Never resolved here; treat as possibly public.
   */
  UNRESOLVED_NAME;

  /** Lower-case label with dashes, e.g. {@code unresolved-name}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
