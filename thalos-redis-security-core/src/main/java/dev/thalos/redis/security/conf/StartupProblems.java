package dev.thalos.redis.security.conf;

import dev.thalos.redis.security.internal.RedisNumbers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The lines of redis.conf that make redis-server 7.0 refuse to start, among the directives the audit reads:
 * {@code port}, {@code tls-port}, {@code protected-mode}, {@code bind} and {@code client-output-buffer-limit}.
 *
 * <p>Redis applies every line as it reads it, so a value it refuses stops it even when a later line of the same
 * directive would replace it ({@code port abc} then {@code port 0}): every occurrence is checked. Redis 7.0 refuses
 * <ul>
 *   <li>while reading the file ("FATAL CONFIG FILE ERROR"): {@code port}, {@code tls-port} or
 *       {@code protected-mode} without exactly one argument; a port that is not a plain decimal 0..65535
 *       ({@code string2ll}: no sign, no leading zero, no blank: {@code +80}, {@code 080}, {@code -1},
 *       {@code 65536}, {@code abc}); {@code protected-mode} other than {@code yes} or {@code no} in any case
 *       ({@code on}, {@code off}, {@code true}, {@code 1}); {@code bind} with more than 16 addresses;
 *       {@code client-output-buffer-limit} whose arguments are not groups of four, name a class other than
 *       normal, replica, slave or pubsub, or hold a size or a seconds value it cannot read;</li>
 *   <li>when it opens its TCP sockets, which it does only if {@code port} or {@code tls-port} is not 0, on the
 *       {@code bind} in effect: an empty address ({@code bind "" 127.0.0.1}, {@code bind - 127.0.0.1}: no such
 *       host), an IPv4-mapped IPv6 address ({@code ::ffff:127.0.0.1}: Redis makes its IPv6 sockets IPv6-only, so
 *       bind() fails with Invalid argument), two addresses of one family that are the same or of which one is the
 *       wildcard ({@code 127.0.0.1 -127.0.0.1}, {@code 0.0.0.0 127.0.0.1}, {@code :: ::1}: Address already in use;
 *       the leading {@code -} skips only an address the host lacks), or {@code port} equal to {@code tls-port}.</li>
 * </ul>
 * Whether the host has a required address, or resolves a host name, is the host's business: the audit judges the
 * configuration for any host and does not say.
 */
final class StartupProblems {

  /** Redis's {@code CONFIG_BINDADDR_MAX}. */
  static final int MAX_BIND_ADDRESSES = 16;

  private static final String REFUSES = ": redis-server refuses to start";

  /** One problem: the line and what Redis does with it, ending in "redis-server refuses to start". */
  static final class Problem {
    final Directive line;
    final String text;

    Problem(Directive line, String rule) {
      this.line = line;
      this.text = line.location() + ": " + line.redacted() + ": " + rule + REFUSES;
    }

    @Override
    public String toString() {
      return text;
    }
  }

  private StartupProblems() {}

  /** Every problem, in the order of the lines. */
  static List<Problem> of(RedisConfig config) {
    List<Problem> out = new ArrayList<>();
    for (Directive d : config.directives()) {
      switch (d.name()) {
        case "port":
        case "tls-port":
          port(d).ifPresent(rule -> out.add(new Problem(d, rule)));
          break;
        case "protected-mode":
          yesNo(d).ifPresent(rule -> out.add(new Problem(d, rule)));
          break;
        case "bind":
          int n = MultiArg.args(d).size();
          if (n > MAX_BIND_ADDRESSES) {
            out.add(new Problem(d, n + " addresses, more than the " + MAX_BIND_ADDRESSES + " Redis accepts ("
                + "Too many bind addresses specified)"));
          }
          break;
        case "client-output-buffer-limit":
          outputBufferLimit(MultiArg.args(d)).ifPresent(rule -> out.add(new Problem(d, rule)));
          break;
        default:
          break;
      }
    }
    listening(config, out);
    out.sort((a, b) -> Integer.compare(config.directives().indexOf(a.line), config.directives().indexOf(b.line)));
    return out;
  }

  /**
   * The port of a {@code port} or {@code tls-port} line as redis-server 7.0 reads it ({@code string2ll}, then
   * 0..65535), or empty if it refuses it.
   */
  static OptionalLong portValue(Directive d) {
    if (d.args().size() != 1) {
      return OptionalLong.empty();
    }
    OptionalLong v = RedisNumbers.string2ll(d.arg(0));
    return v.isPresent() && v.getAsLong() >= 0 && v.getAsLong() <= 65535 ? v : OptionalLong.empty();
  }

  private static Optional<String> port(Directive d) {
    if (d.args().size() != 1) {
      return Optional.of(arity(d));
    }
    OptionalLong v = RedisNumbers.string2ll(d.arg(0));
    if (v.isEmpty()) {
      return Optional.of("not a plain decimal number, without sign, leading zero or blank (argument couldn't be "
          + "parsed into an integer)");
    }
    if (v.getAsLong() < 0 || v.getAsLong() > 65535) {
      return Optional.of("outside 0..65535 (argument must be between 0 and 65535 inclusive)");
    }
    return Optional.empty();
  }

  private static Optional<String> yesNo(Directive d) {
    if (d.args().size() != 1) {
      return Optional.of(arity(d));
    }
    String v = d.arg(0).toLowerCase(Locale.ROOT);
    return v.equals("yes") || v.equals("no") ? Optional.empty()
        : Optional.of("Redis accepts only yes or no, in any case (argument must be 'yes' or 'no')");
  }

  private static String arity(Directive d) {
    return d.args().size() + " arguments where Redis takes exactly one (wrong number of arguments)";
  }

  /** {@code updateClientOutputBufferLimit}: groups of class, hard, soft, seconds. */
  private static Optional<String> outputBufferLimit(List<String> args) {
    if (args.size() % 4 != 0) {
      return Optional.of(args.size() + " arguments after Redis splits them, not groups of four <class> <hard> "
          + "<soft> <seconds> (Wrong number of arguments in buffer limit configuration)");
    }
    for (int i = 0; i < args.size(); i += 4) {
      String c = args.get(i).toLowerCase(Locale.ROOT);
      if (!Set.of("normal", "replica", "slave", "pubsub").contains(c)) {
        return Optional.of("class " + ConfRule.quote(args.get(i)) + " is not normal, replica, slave or pubsub "
            + "(Invalid client class specified in buffer limit configuration)");
      }
      if (MemorySize.parse(args.get(i + 1)).isEmpty() || MemorySize.parse(args.get(i + 2)).isEmpty()
          || !seconds(args.get(i + 3))) {
        return Optional.of("the " + c + " limits are not sizes and a number of seconds Redis reads (Error in "
            + "hard, soft or soft_seconds setting in buffer limit configuration)");
      }
    }
    return Optional.empty();
  }

  /**
   * Whether Redis reads a soft_seconds value: strtoll() must reach the end (blanks and a sign before the digits
   * are fine, and so is an empty value, read as 0), saturating on overflow, and the value, stored in an int, must
   * not be negative.
   */
  static boolean seconds(String s) {
    int i = 0;
    while (i < s.length() && " \t\n\u000b\f\r".indexOf(s.charAt(i)) >= 0) {
      i++;
    }
    boolean negative = false;
    if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      negative = s.charAt(i) == '-';
      i++;
    }
    int digits = i;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    if (i == digits) {
      return s.isEmpty(); // no number: strtoll() leaves the end pointer at the start
    }
    if (i != s.length()) {
      return false;
    }
    long v;
    try {
      v = Long.parseLong((negative ? "-" : "") + s.substring(digits));
    } catch (NumberFormatException e) {
      v = negative ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return (int) v >= 0;
  }

  /** What makes Redis give up when it opens the TCP sockets of the bind in effect. */
  private static void listening(RedisConfig config, List<Problem> out) {
    long port = config.last("port").map(d -> portValue(d).orElse(-1)).orElse(6379L);
    long tlsPort = config.last("tls-port").map(d -> portValue(d).orElse(-1)).orElse(0L);
    Optional<Directive> bindLine = config.last("bind");
    if (port == 0 && tlsPort == 0) {
      return;
    }
    List<String> args = bindLine.map(ExposureVerdict::bindArguments).orElse(List.of("*", "-::*"));
    if (args.isEmpty() || args.size() > MAX_BIND_ADDRESSES) {
      return;
    }
    if (port > 0 && port == tlsPort) {
      Directive tls = config.last("tls-port").get();
      out.add(new Problem(tls, "the same port as port, on the same addresses (Address already in use)"));
    }
    if (bindLine.isEmpty()) {
      return;
    }
    Directive bind = bindLine.get();
    List<BindAddress> seen = new ArrayList<>();
    for (String a : args) {
      String host = a.startsWith("-") ? a.substring(1) : a;
      if (host.isEmpty()) {
        out.add(new Problem(bind, "the address " + ConfRule.quote(a) + " is empty, which no host resolves (Name or "
            + "service not known; a leading - skips only an address the host lacks)"));
        continue;
      }
      BindAddress b = BindAddress.parse(a);
      if (b.ipv4Mapped()) {
        out.add(new Problem(bind, "the IPv4-mapped address " + ConfRule.quote(a) + ": Redis binds IPv6 sockets "
            + "IPv6-only (Invalid argument); write the IPv4 address"));
        continue;
      }
      for (BindAddress earlier : seen) {
        if (overlap(earlier, b)) {
          out.add(new Problem(bind, ConfRule.quote(a) + " takes a socket address " + ConfRule.quote(earlier.text())
              + " already listens on: the same address, or one of them is the wildcard of its family (Address "
              + "already in use; a leading - skips only an address the host lacks)"));
          break;
        }
      }
      seen.add(b);
    }
  }

  /** 4 or 6 for the sockets Redis opens for {@code b} ({@code *} is IPv4, {@code ::*} IPv6), 0 for a name. */
  private static int family(BindAddress b) {
    if (b.host().equals("*")) {
      return 4;
    }
    if (b.host().equals("::*")) {
      return 6;
    }
    return b.ipVersion();
  }

  /** Whether Linux refuses to bind both to one port: one family, and the same address or a wildcard. */
  private static boolean overlap(BindAddress a, BindAddress b) {
    int f = family(a);
    if (f == 0 || f != family(b)) {
      return false;
    }
    if (a.addressClass() == AddressClass.WILDCARD || b.addressClass() == AddressClass.WILDCARD) {
      return true;
    }
    return Arrays.equals(a.bytes().orElseThrow(), b.bytes().orElseThrow()) && a.zone().equals(b.zone());
  }
}
