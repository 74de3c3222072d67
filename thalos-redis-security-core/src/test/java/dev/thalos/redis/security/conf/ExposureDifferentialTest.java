package dev.thalos.redis.security.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.thalos.redis.security.check.CheckReport;
import dev.thalos.redis.security.check.Outcome;
import dev.thalos.redis.security.conf.ExposureVerdict.Authentication;
import dev.thalos.redis.security.conf.ExposureVerdict.Level;
import dev.thalos.redis.security.conf.ExposureVerdict.Reach;
import dev.thalos.redis.security.conf.KernelListeners.Listener;
import dev.thalos.redis.security.testkit.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The audit's view of where Redis listens and who it lets in, against redis-server itself. For each
 * configuration a redis-server is started by hand; the kernel says which sockets it listens on
 * ({@code /proc/<pid>/fd} and {@code /proc/net/tcp*}), and a {@code PING} without a password, sent to every
 * listening socket from loopback and from an address of this machine that is not loopback (which Redis treats
 * as a remote client), says whether it answers, asks for a password ({@code NOAUTH}) or refuses in protected
 * mode ({@code DENIED}). The audit must name exactly the ports and addresses the kernel shows, the reach of the
 * most exposed of them, and the level the replies prove; its {@code conf.exposure} finding must fail, warn or
 * pass accordingly.
 *
 * <p>The audit judges a configuration for any host, without looking at this one: an optional address
 * ({@code -10.255.255.1}) that this host lacks is one Redis skips here and listens on where it exists, so there
 * the kernel may show less than the audit names (never more); a required address this host lacks makes
 * redis-server refuse to start.
 */
@Tag("integration")
class ExposureDifferentialTest {

  /** An address no interface of the test machine has (the last of 10/8). */
  private static final String ABSENT = "10.255.255.1";

  private static final Optional<InetAddress> HOST_V4 = hostAddress(Inet4Address.class);
  private static final Optional<InetAddress> HOST_V6 = hostAddress(Inet6Address.class);


  static Stream<Arguments> configurations() {
    return Stream.of(
        Arguments.of("no bind line (* -::*)", ""),
        Arguments.of("no bind line, protected-mode no", "protected-mode no"),
        Arguments.of("no bind line, requirepass", "requirepass s3cret"),
        Arguments.of("no bind line, protected-mode no, requirepass", "protected-mode no\nrequirepass s3cret"),
        Arguments.of("no bind line, default user with a password", "user default on >pw ~* &* +@all"),
        Arguments.of("no bind line, default user off, protected-mode no", "protected-mode no\nuser default off"),
        Arguments.of("user default on nopass wins over requirepass", "requirepass s3cret\n"
            + "user default on nopass ~* &* +@all"),
        Arguments.of("bind 127.0.0.1 -::1", "bind 127.0.0.1 -::1"),
        Arguments.of("bind 127.0.0.1 -::1, protected-mode no", "bind 127.0.0.1 -::1\nprotected-mode no"),
        Arguments.of("bind 0.0.0.0", "bind 0.0.0.0"),
        Arguments.of("bind 0.0.0.0, protected-mode no", "bind 0.0.0.0\nprotected-mode no"),
        Arguments.of("bind 0.0.0.0, requirepass", "bind 0.0.0.0\nrequirepass s3cret"),
        Arguments.of("bind * -::*, protected-mode no", "bind * -::*\nprotected-mode no"),
        Arguments.of("bind ::, protected-mode no", "bind ::\nprotected-mode no"),
        Arguments.of("bind ::", "bind ::"),
        Arguments.of("bind ::1, protected-mode no", "bind ::1\nprotected-mode no"),
        Arguments.of("bind 127.0.0.2 (loopback range), protected-mode no", "bind 127.0.0.2\nprotected-mode no"),
        Arguments.of("bind an optional address the host lacks", "bind -" + ABSENT + " 127.0.0.1"),
        Arguments.of("bind an optional address the host has, protected-mode no",
            "bind -{v4} 127.0.0.1\nprotected-mode no"),
        Arguments.of("bind the host's addresses, protected-mode no", "bind {v4} {v6}\nprotected-mode no"),
        Arguments.of("bind the host's IPv6 address and loopback", "bind {v6} 127.0.0.1"),
        Arguments.of("several bind lines: the last, loopback, wins",
            "bind 0.0.0.0 ::\nprotected-mode no\nbind 127.0.0.1 -::1"),
        Arguments.of("several bind lines: the last, every interface, wins",
            "bind 127.0.0.1\nprotected-mode no\nbind 0.0.0.0 ::"),
        Arguments.of("bind with one quoted argument: Redis splits it", "bind \"127.0.0.1 -::1\"\nprotected-mode no"),
        Arguments.of("bind with one quoted argument naming every interface", "bind \"0.0.0.0 ::\"\nprotected-mode no"),
        Arguments.of("bind \"\": no TCP listener", "bind \"\"\nprotected-mode no"),
        Arguments.of("bind with one argument of unbalanced quotes: no TCP listener",
            "bind \"'127.0.0.1\"\nprotected-mode no"),
        Arguments.of("bind with no argument: no TCP listener", "bind\nprotected-mode no"),
        Arguments.of("port 0: unix socket only", "port 0\nprotected-mode no"),
        Arguments.of("port 0 and tls-port, bind 127.0.0.1 -::1", "port 0\ntls-port {tls}\nbind 127.0.0.1 -::1"),
        Arguments.of("port 0 and tls-port, no bind line", "port 0\ntls-port {tls}"),
        Arguments.of("port 0 and tls-port, no bind line, protected-mode no", "port 0\ntls-port {tls}\n"
            + "protected-mode no"),
        Arguments.of("port and tls-port, bind 0.0.0.0, requirepass", "tls-port {tls}\nbind 0.0.0.0\n"
            + "requirepass s3cret"));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("configurations")
  @Timeout(60)
  void whereRedisListensAndWhomItLetsIn_isWhatTheAuditSays(String name, String lines, @TempDir Path dir)
      throws Exception {
    assumeTrue(KernelListeners.available(), "no /proc/net/tcp on this machine");
    assumeTrue(!lines.contains("{v4}") || HOST_V4.isPresent(), "this machine has no IPv4 address but loopback");
    assumeTrue(!lines.contains("{v6}") || HOST_V6.isPresent(), "this machine has no IPv6 address but loopback");
    Started started = start(lines, dir);
    try (HandStartedRedis redis = started.redis) {
      ExposureVerdict verdict = started.verdict;
      List<Listener> listeners = KernelListeners.of(redis.pid());
      String context = name + "\nkernel: " + listeners + "\naudit: " + verdict + "\n" + verdict.evidence();

      Set<Integer> auditPorts = new TreeSet<>();
      Set<InetAddress> auditAddresses = new LinkedHashSet<>();
      Set<InetAddress> skippable = new LinkedHashSet<>();
      if (verdict.reach() != Reach.NONE) {
        for (int port : new int[] {verdict.plaintextPort(), verdict.tlsPort()}) {
          if (port != 0) {
            auditPorts.add(port);
          }
        }
        for (BindAddress b : verdict.bindAddresses()) {
          InetAddress a = listeningAddress(b, context);
          auditAddresses.add(a);
          if (b.optional() && !hostHas(a)) {
            skippable.add(a);
          }
        }
      }
      Set<Integer> kernelPorts = listeners.stream().map(Listener::port).collect(Collectors.toCollection(TreeSet::new));
      assertEquals(auditPorts, kernelPorts, "ports\n" + context);
      for (int port : kernelPorts) {
        Set<InetAddress> kernel = listeners.stream().filter(l -> l.port() == port).map(Listener::address)
            .collect(Collectors.toCollection(LinkedHashSet::new));
        Set<InetAddress> missing = new LinkedHashSet<>(auditAddresses);
        missing.removeAll(kernel);
        Set<InetAddress> extra = new LinkedHashSet<>(kernel);
        extra.removeAll(auditAddresses);
        assertEquals(Set.of(), extra, "the kernel shows addresses the audit does not name, port " + port + "\n"
            + context);
        assertTrue(skippable.containsAll(missing), "the audit names addresses Redis does not listen on (and that "
            + "are not optional addresses this host lacks), port " + port + ": " + missing + "\n" + context);
      }
      boolean skipped = !skippable.isEmpty();

      Reach kernelReach = Reach.NONE;
      for (Listener l : listeners) {
        Reach r = reach(BindAddress.classify(l.address().getAddress()));
        kernelReach = r.compareTo(kernelReach) > 0 ? r : kernelReach;
      }
      if (skipped) {
        assertTrue(kernelReach.compareTo(verdict.reach()) <= 0, "reach\n" + context);
      } else {
        assertEquals(verdict.reach(), kernelReach, "reach\n" + context);
      }

      Set<String> local = new TreeSet<>();
      Set<String> remote = new TreeSet<>();
      for (Listener l : listeners) {
        boolean overTls = l.port() == verdict.tlsPort();
        Optional<InetAddress> loopback = loopbackTarget(l.address());
        if (loopback.isPresent()) {
          local.add(ping(loopback.get(), l.port(), null, overTls));
        }
        if (!l.address().isLoopbackAddress()) {
          Optional<InetAddress> target = remoteTarget(l.address());
          assumeTrue(target.isPresent(), "no address of this machine reaches " + l);
          remote.add(ping(target.get(), l.port(), target.get(), overTls));
        }
      }
      String replies = "\nloopback PING: " + local + "\nremote PING: " + remote;
      if (!local.isEmpty()) {
        String expected = verdict.authentication() == Authentication.NONE ? "PONG" : "NOAUTH";
        assertEquals(Set.of(expected), local, "loopback clients" + replies + "\n" + context);
      }
      Level kernelLevel;
      if (listeners.isEmpty()) {
        kernelLevel = Level.NOT_LISTENING;
      } else if (remote.isEmpty()) {
        kernelLevel = Level.LOOPBACK_ONLY;
      } else if (remote.equals(Set.of("PONG"))) {
        kernelLevel = Level.OPEN;
      } else if (remote.equals(Set.of("DENIED"))) {
        kernelLevel = Level.PROTECTED_MODE_ONLY;
      } else if (remote.equals(Set.of("NOAUTH"))) {
        kernelLevel = Level.AUTHENTICATED;
      } else {
        kernelLevel = fail("remote clients are treated differently by different sockets" + replies + "\n"
            + context);
      }
      if (skipped) {
        assertTrue(kernelLevel.compareTo(verdict.level()) <= 0, "level" + replies + "\n" + context);
      } else {
        assertEquals(verdict.level(), kernelLevel, "level" + replies + "\n" + context);
      }
      Outcome expected = kernelLevel == Level.OPEN ? Outcome.FAIL
          : kernelLevel == Level.PROTECTED_MODE_ONLY ? Outcome.WARN : Outcome.PASS;
      Outcome reported = started.report.finding(NetworkRules.Exposure.ID).orElseThrow().outcome();
      if (!skipped) {
        assertEquals(expected, reported, "conf.exposure" + replies + "\n" + context);
      }
      Object overSocket = redis.command("PING");
      assertEquals(verdict.authentication() == Authentication.NONE, "PONG".equals(overSocket),
          "PING on the unix socket: " + overSocket + "\n" + context);
    }
  }

  /**
   * A required address this host lacks: redis-server refuses to start (it cannot bind it), while the audit,
   * which never looks at the host, judges the server as it runs on a host that has the address: it names the
   * address, required, and its reach.
   */
  @ParameterizedTest(name = "[{index}] {0}")
  @MethodSource("absentRequiredAddresses")
  @Timeout(60)
  void aRequiredAddressTheHostLacks_makesRedisRefuseToStart(String lines, Reach reach, @TempDir Path dir)
      throws Exception {
    Path conf = writeConf(dir, lines, HandStartedRedis.freePort(), HandStartedRedis.freePort());
    Path out = dir.resolve("out.log");
    Optional<HandStartedRedis> redis = HandStartedRedis.start(conf, dir, dir.resolve("redis.sock"), out);
    redis.ifPresent(r -> {
      try {
        r.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    String log = Files.readString(out, StandardCharsets.ISO_8859_1);
    assertFalse(redis.isPresent(), "redis-server started with " + lines + ":\n" + log);
    assertTrue(log.contains("Cannot assign requested address"), log);
    ExposureVerdict verdict = ConfigAudit.defaults().exposure(RedisConfigParser.defaults().parse(conf));
    assertEquals(reach, verdict.reach(), verdict.toString());
    assertTrue(verdict.bindAddresses().contains(BindAddress.parse(ABSENT)), verdict.bindAddresses().toString());
  }

  static Stream<Arguments> absentRequiredAddresses() {
    return Stream.of(
        Arguments.of("bind " + ABSENT + " 127.0.0.1", Reach.PRIVATE_NETWORK),
        Arguments.of("bind 127.0.0.1 " + ABSENT + "\nprotected-mode no", Reach.PRIVATE_NETWORK));
  }

  /** A server that started, with the audit of the configuration it started with. */
  private static final class Started {
    final HandStartedRedis redis;
    final ExposureVerdict verdict;
    final CheckReport report;

    Started(HandStartedRedis redis, ExposureVerdict verdict, CheckReport report) {
      this.redis = redis;
      this.verdict = verdict;
      this.report = report;
    }
  }

  /**
   * Writes the configuration with free ports and starts redis-server on it; tries new ports when another
   * process took one in between.
   */
  private static Started start(String lines, Path dir) throws Exception {
    for (int attempt = 0; attempt < 5; attempt++) {
      Path conf = writeConf(dir, lines, HandStartedRedis.freePort(), HandStartedRedis.freePort());
      RedisConfig parsed = RedisConfigParser.defaults().parse(conf);
      ExposureVerdict verdict = ConfigAudit.defaults().exposure(parsed);
      CheckReport report = ConfigAudit.defaults().audit(parsed);
      Path out = dir.resolve("out-" + attempt + ".log");
      Optional<HandStartedRedis> redis = HandStartedRedis.start(conf, dir, dir.resolve("redis.sock"), out);
      if (redis.isPresent()) {
        return new Started(redis.get(), verdict, report);
      }
      String log = Files.readString(out, StandardCharsets.ISO_8859_1);
      if (!log.contains("Address already in use")) {
        return fail("redis-server refused " + lines + ":\n" + log);
      }
    }
    return fail("no free port for " + lines);
  }

  private static Path writeConf(Path dir, String lines, int port, int tlsPort) throws IOException {
    List<String> conf = new ArrayList<>(List.of(
        "port " + port,
        "unixsocket " + RedisConfigParser.quote(dir.resolve("redis.sock").toString()),
        "dir " + RedisConfigParser.quote(dir.toString()),
        "logfile \"\"",
        "save \"\"",
        "appendonly no",
        "daemonize no"));
    if (lines.contains("{tls}")) {
      TestPki.ServerTls material = HandStartedRedis.serverTls();
      Files.writeString(dir.resolve("server.pem"), material.certificateChainPem(), StandardCharsets.US_ASCII);
      Files.writeString(dir.resolve("server.key"), material.privateKeyPem(), StandardCharsets.US_ASCII);
      conf.add("tls-cert-file " + RedisConfigParser.quote(dir.resolve("server.pem").toString()));
      conf.add("tls-key-file " + RedisConfigParser.quote(dir.resolve("server.key").toString()));
      conf.add("tls-auth-clients no");
    }
    conf.add(lines.replace("{tls}", Integer.toString(tlsPort))
        .replace("{v4}", HOST_V4.map(InetAddress::getHostAddress).orElse("?"))
        .replace("{v6}", HOST_V6.map(a -> strip(a.getHostAddress())).orElse("?")));
    Path file = dir.resolve("redis.conf");
    Files.writeString(file, String.join("\n", conf) + "\n", StandardCharsets.ISO_8859_1);
    return file;
  }

  /** The address the kernel shows for a {@code bind} argument: {@code *} is 0.0.0.0, {@code ::*} is ::. */
  private static InetAddress listeningAddress(BindAddress b, String context) throws IOException {
    if (b.host().equals("*")) {
      return InetAddress.getByAddress(new byte[4]);
    }
    if (b.host().equals("::*")) {
      return InetAddress.getByAddress(new byte[16]);
    }
    return InetAddress.getByAddress(b.bytes().orElseGet(() -> fail("not a literal: " + b + "\n" + context)));
  }

  /** Whether this host can listen on {@code a}, as Redis would try: bind a socket to it. */
  private static boolean hostHas(InetAddress a) {
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(a, 0));
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static Reach reach(AddressClass c) {
    switch (c) {
      case LOOPBACK:
        return Reach.LOOPBACK;
      case PRIVATE:
        return Reach.PRIVATE_NETWORK;
      case UNRESOLVED_NAME:
        return Reach.UNKNOWN;
      default:
        return Reach.PUBLIC_NETWORK;
    }
  }

  /** Where a client on this host reaches a listener over loopback: itself, or loopback for a wildcard. */
  private static Optional<InetAddress> loopbackTarget(InetAddress listening) throws IOException {
    if (listening.isLoopbackAddress()) {
      return Optional.of(listening);
    }
    if (listening.isAnyLocalAddress()) {
      return Optional.of(InetAddress.getByAddress(listening instanceof Inet4Address ? new byte[] {127, 0, 0, 1}
          : new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}));
    }
    return Optional.empty();
  }

  /**
   * An address of this host, not loopback, that reaches a listener: itself, or for a wildcard one of the host's
   * addresses of the same family. A client connecting from it is not local to Redis.
   */
  private static Optional<InetAddress> remoteTarget(InetAddress listening) {
    if (!listening.isAnyLocalAddress()) {
      return Optional.of(listening);
    }
    return listening instanceof Inet4Address ? HOST_V4 : HOST_V6;
  }

  /**
   * Sends {@code PING} without a password from {@code source} (any if null) and returns the kind of reply:
   * {@code PONG}, {@code NOAUTH}, {@code DENIED}, or the line itself.
   */
  private static String ping(InetAddress target, int port, InetAddress source, boolean overTls)
      throws IOException {
    Socket socket = new Socket();
    try {
      socket.bind(new InetSocketAddress(source, 0));
      socket.connect(new InetSocketAddress(target, port), 5000);
      socket.setSoTimeout(5000);
      if (overTls) {
        SSLContext context = HandStartedRedis.serverTls().clientSslContext();
        SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket, target.getHostAddress(), port,
            true);
        ssl.startHandshake();
        socket = ssl;
      }
      socket.getOutputStream().write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return kind(line(socket.getInputStream()));
    } catch (SocketException e) {
      return "connection failed: " + e.getMessage();
    } finally {
      socket.close();
    }
  }

  private static String kind(String line) {
    for (String k : List.of("+PONG", "-NOAUTH", "-DENIED")) {
      if (line.startsWith(k)) {
        return k.substring(1);
      }
    }
    return line;
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      out.write(b);
    }
    return out.toString(StandardCharsets.ISO_8859_1).strip();
  }

  /** An address of this machine of the given family, not loopback, link-local or multicast. */
  private static Optional<InetAddress> hostAddress(Class<? extends InetAddress> family) {
    try {
      for (NetworkInterface i : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!i.isUp() || i.isLoopback()) {
          continue;
        }
        for (InetAddress a : Collections.list(i.getInetAddresses())) {
          if (family.isInstance(a) && !a.isLoopbackAddress() && !a.isLinkLocalAddress() && !a.isMulticastAddress()
              && hostHas(a)) {
            return Optional.of(InetAddress.getByAddress(a.getAddress()));
          }
        }
      }
    } catch (IOException e) {
      return Optional.empty();
    }
    return Optional.empty();
  }

  private static String strip(String v6) {
    int pct = v6.indexOf('%');
    return pct < 0 ? v6 : v6.substring(0, pct);
  }
}
