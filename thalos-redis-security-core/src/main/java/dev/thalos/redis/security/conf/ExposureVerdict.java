package dev.thalos.redis.security.conf;

import dev.thalos.redis.security.check.Location;
import dev.thalos.redis.security.check.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who can talk to a Redis instance, judged from its configuration alone: which networks it listens on
 * ({@code bind}, {@code port}, {@code tls-port}), whether anonymous connections are logged in (the
 * {@code default} user from {@code requirepass}, {@code user default ...} or the {@code aclfile}), and whether
 * {@code protected-mode} refuses remote clients.
 *
 * <p>Redis facts behind the verdict: without a {@code bind} directive Redis listens on every interface
 * ({@code * -::*}); a {@code bind} with a single argument splits it again ({@code bind "127.0.0.1 -::1"} is two
 * addresses), and one without an address ({@code bind ""}) opens no TCP socket at all; {@code port} defaults to
 * 6379 and {@code port 0} closes it; {@code tls-port} defaults to 0;
 * {@code protected-mode yes} (the default) refuses clients that are not on loopback only while the default user
 * has no password ({@code nopass}) — once a password is set it no longer protects anything. With an
 * {@code aclfile}, loading the file replaces every user: {@code requirepass} never applies, and a file without a
 * {@code user default} line leaves the default user {@code on nopass ~* &* +@all}, exactly as if there were no
 * password at all.
 *
 * <p>The verdict judges the configuration, not the host it runs on: every {@code bind} address counts as
 * listening. On a host that lacks one, Redis skips it if it is optional ({@code -10.0.0.5}) and refuses to start
 * if it is required ({@code 10.0.0.5}). Lines that make redis-server refuse to start on any host ({@code port +80},
 * {@code protected-mode off}, {@code bind 127.0.0.1 127.0.0.1}, ...) join the evidence, saying so, and the verdict
 * judges the server as written ({@code protected-mode} other than {@code no} as on; a port Redis cannot read as
 * its default).
 *
 * <pre>{@code
 * ExposureVerdict v = ConfigAudit.defaults().exposure(config);
 * if (v.level() == ExposureVerdict.Level.OPEN) { ... v.remediation() ... }
 * }</pre>
 */
public final class ExposureVerdict {

  /** How far the listening sockets reach, from the {@code bind} addresses. */
  public enum Reach {
    /** No TCP port is open (unix socket at most). */
    NONE,
    /** Loopback addresses only. */
    LOOPBACK,
    /** Loopback and private-range addresses. */
    PRIVATE_NETWORK,
    /** A host name or non-canonical literal: could be anything. */
    UNKNOWN,
    /** A public address or a wildcard (every interface). */
    PUBLIC_NETWORK;

    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** What an anonymous connection gets. */
  public enum Authentication {
    /** The default user is on with {@code nopass}: every connection is logged in. */
    NONE,
    /** The default user needs a password. */
    PASSWORD,
    /** The default user is off (or has no way to log in): anonymous connections can do nothing. */
    DISABLED,
    /** The configuration names an aclfile that could not be read. */
    UNKNOWN;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The verdict. */
  public enum Level {
    /** No TCP listener at all. */
    NOT_LISTENING,
    /** Listens on loopback only. */
    LOOPBACK_ONLY,
    /** Reachable from other hosts, but every connection must authenticate. */
    AUTHENTICATED,
    /**
     * Listens beyond loopback without a password; protected mode refuses remote clients, so only local
     * clients get in — one {@code protected-mode no} or a password change away from {@link #OPEN}.
     */
    PROTECTED_MODE_ONLY,
    /** Anyone who can reach the port is logged in as the default user. */
    OPEN,
    /** Authentication could not be determined (unreadable aclfile). */
    UNKNOWN;

    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** The directives the verdict reads. */
  private static final Set<String> NETWORK_DIRECTIVES = Set.of("bind", "port", "tls-port", "protected-mode");

  private final Level level;
  private final Reach reach;
  private final Authentication authentication;
  private final List<BindAddress> bindAddresses;
  private final boolean bindExplicit;
  private final int plaintextPort;
  private final int tlsPort;
  private final boolean protectedMode;
  private final List<String> evidence;
  private final List<Location> locations;

  private ExposureVerdict(Level level, Reach reach, Authentication authentication, List<BindAddress> bind,
      boolean bindExplicit, int plaintextPort, int tlsPort, boolean protectedMode, List<String> evidence,
      List<Location> locations) {
    this.level = level;
    this.reach = reach;
    this.authentication = authentication;
    this.bindAddresses = List.copyOf(bind);
    this.bindExplicit = bindExplicit;
    this.plaintextPort = plaintextPort;
    this.tlsPort = tlsPort;
    this.protectedMode = protectedMode;
    this.evidence = List.copyOf(evidence);
    this.locations = List.copyOf(locations);
  }

  /**
   * The verdict; {@code startup} lists the lines that make redis-server refuse to start, of which those of bind,
   * port, tls-port and protected-mode join the evidence: the verdict then judges the server those lines would
   * make once Redis accepts them.
   */
  static ExposureVerdict of(RedisConfig config, DefaultUserFacts user, List<StartupProblems.Problem> startup) {
    Objects.requireNonNull(config, "config must not be null");
    List<String> evidence = new ArrayList<>();
    List<Location> locations = new ArrayList<>();
    int port = port(config, "port", 6379, evidence, locations);
    int tlsPort = port(config, "tls-port", 0, evidence, locations);
    Optional<Directive> bindLine = config.last("bind");
    List<BindAddress> bind = new ArrayList<>();
    boolean tcpSockets = true;
    if (bindLine.isPresent()) {
      List<String> args = bindArguments(bindLine.get());
      for (String a : args) {
        if (!a.isEmpty() && !a.equals("-")) {
          bind.add(BindAddress.parse(a));
        }
      }
      tcpSockets = !args.isEmpty();
      evidence.add(bindLine.get() + ": " + (tcpSockets ? bind.toString()
          : "no address: redis-server opens no TCP socket, neither port nor tls-port"));
      locations.add(bindLine.get().location());
    } else {
      bind.add(BindAddress.parse("*"));
      bind.add(BindAddress.parse("-::*"));
      evidence.add("no bind directive: Redis listens on every interface (bind * -::*)");
    }
    Optional<Directive> pm = config.last("protected-mode");
    boolean protectedMode = pm.map(d -> !d.arg(0).equalsIgnoreCase("no")).orElse(true);
    if (pm.isPresent()) {
      evidence.add(pm.get().toString());
      locations.add(pm.get().location());
    } else {
      evidence.add("no protected-mode directive: protected mode is on (the default)");
    }
    evidence.addAll(user.evidence());
    user.source().ifPresent(d -> locations.add(d.location()));
    for (StartupProblems.Problem p : startup) {
      if (NETWORK_DIRECTIVES.contains(p.line.name())) {
        evidence.add(p.text + " (see " + StartupRule.ID + ")");
        if (!locations.contains(p.line.location())) {
          locations.add(p.line.location());
        }
      }
    }

    Reach reach = Reach.NONE;
    if (tcpSockets && (port != 0 || tlsPort != 0)) {
      reach = Reach.LOOPBACK;
      for (BindAddress b : bind) {
        Reach r;
        switch (b.addressClass()) {
          case LOOPBACK:
            r = Reach.LOOPBACK;
            break;
          case PRIVATE:
            r = Reach.PRIVATE_NETWORK;
            break;
          case UNRESOLVED_NAME:
            r = Reach.UNKNOWN;
            break;
          default:
            r = Reach.PUBLIC_NETWORK;
        }
        if (r.compareTo(reach) > 0) {
          reach = r;
        }
      }
    }
    Authentication auth = user.authentication();
    Level level;
    if (reach == Reach.NONE) {
      level = Level.NOT_LISTENING;
    } else if (reach == Reach.LOOPBACK) {
      level = Level.LOOPBACK_ONLY;
    } else if (auth == Authentication.UNKNOWN) {
      level = Level.UNKNOWN;
    } else if (auth != Authentication.NONE) {
      level = Level.AUTHENTICATED;
    } else if (protectedMode) {
      level = Level.PROTECTED_MODE_ONLY;
    } else {
      level = Level.OPEN;
    }
    return new ExposureVerdict(level, reach, auth, bind, bindLine.isPresent(), port, tlsPort, protectedMode,
        evidence, locations);
  }

  /**
   * The addresses redis-server 7.0 binds for {@code bind}: {@code bind} takes several arguments, so a single
   * non-empty one is split again as a line of redis.conf ({@code bind "127.0.0.1 -::1"} binds two addresses);
   * no argument, a single empty one ({@code bind ""}, also after that split) or one whose quotes do not balance
   * leaves none, and then Redis opens no TCP socket at all.
   */
  static List<String> bindArguments(Directive bind) {
    List<String> args = MultiArg.args(bind);
    return args.size() == 1 && args.get(0).isEmpty() ? List.of() : args;
  }

  private static int port(RedisConfig config, String name, int dflt, List<String> evidence,
      List<Location> locations) {
    Optional<Directive> d = config.last(name);
    if (d.isEmpty()) {
      return dflt;
    }
    evidence.add(d.get().toString());
    locations.add(d.get().location());
    try {
      int p = Integer.parseInt(d.get().arg(0).trim());
      return p < 0 || p > 65535 ? dflt : p;
    } catch (NumberFormatException e) {
      return dflt;
    }
  }

  public Level level() {
    return level;
  }

  public Reach reach() {
    return reach;
  }

  public Authentication authentication() {
    return authentication;
  }

  /**
   * The effective bind addresses ({@code *} and {@code -::*} when there is no {@code bind} line; a single
   * argument split as Redis splits it); empty when {@code bind} names none and Redis opens no TCP socket.
   */
  public List<BindAddress> bindAddresses() {
    return bindAddresses;
  }

  /** Whether a {@code bind} directive is present. */
  public boolean bindExplicit() {
    return bindExplicit;
  }

  /** The plaintext TCP port, 0 when closed. */
  public int plaintextPort() {
    return plaintextPort;
  }

  /** The TLS port, 0 when TLS is not configured. */
  public int tlsPort() {
    return tlsPort;
  }

  /** Whether protected mode is on. */
  public boolean protectedMode() {
    return protectedMode;
  }

  /** Whether other hosts can open a connection (reach beyond loopback). */
  public boolean reachableFromNetwork() {
    return reach.compareTo(Reach.LOOPBACK) > 0;
  }

  /** What the verdict is based on; secrets redacted. */
  public List<String> evidence() {
    return evidence;
  }

  /** The directives the verdict is based on. */
  public List<Location> locations() {
    return locations;
  }

  /** How serious the exposure is: CRITICAL when open to public or unknown networks, HIGH on private ones. */
  public Severity severity() {
    switch (level) {
      case OPEN:
        return reach == Reach.PRIVATE_NETWORK ? Severity.HIGH : Severity.CRITICAL;
      case PROTECTED_MODE_ONLY:
      case UNKNOWN:
        return Severity.MEDIUM;
      default:
        return Severity.INFO;
    }
  }

  /** One sentence. */
  public String summary() {
    String where = reach.label().replace('-', ' ');
    switch (level) {
      case NOT_LISTENING:
        return plaintextPort == 0 && tlsPort == 0 ? "no TCP port is open (port 0, no tls-port)"
            : "no TCP port is open (bind names no address)";
      case LOOPBACK_ONLY:
        return "listens on loopback only";
      case AUTHENTICATED:
        return "reachable from the " + where + "; anonymous connections must authenticate (default user: "
            + authentication.label() + ")";
      case PROTECTED_MODE_ONLY:
        return "listens on the " + where + " with a passwordless default user; only protected mode keeps "
            + "remote clients out";
      case OPEN:
        return "anyone who reaches the " + where + " is logged in as the passwordless default user";
      default:
        return "reachable from the " + where + "; whether a password is needed is unknown (aclfile unreadable)";
    }
  }

  /** The lines to change; empty when nothing needs to. */
  public String remediation() {
    switch (level) {
      case OPEN:
      case PROTECTED_MODE_ONLY:
        return "# listen only where Thalos and its clients are, e.g.\n"
            + "bind 127.0.0.1 -::1\n"
            + "protected-mode yes\n"
            + "# and make every connection authenticate (redis.conf, or users.acl when aclfile is set):\n"
            + "user default off";
      case UNKNOWN:
        return "# make the aclfile readable by the audit, or audit on the Redis host:\n"
            + "aclfile /etc/redis/users.acl";
      default:
        return "";
    }
  }

  @Override
  public String toString() {
    return "ExposureVerdict[" + level.label() + ", reach " + reach.label() + ", auth " + authentication.label()
        + ", port " + plaintextPort + ", tls-port " + tlsPort + ", protected-mode " + protectedMode + "]";
  }
}
