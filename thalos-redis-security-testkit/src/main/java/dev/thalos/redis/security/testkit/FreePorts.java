package dev.thalos.redis.security.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/** Picks loopback ports that are free at the time of the call; never the standard Redis port 6379. */
final class FreePorts {

  static final int STANDARD_REDIS_PORT = 6379;

  private FreePorts() {}

  /** Returns {@code count} distinct ports, each free on 127.0.0.1 when probed. */
  static int[] pick(int count) {
    Set<Integer> chosen = new HashSet<>();
    int[] ports = new int[count];
    int filled = 0;
    int attempts = 0;
    while (filled < count) {
      if (++attempts > 100) {
        throw new TestkitException("redis.io", "cannot find a free loopback port after 100 attempts");
      }
      int port;
      try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = probe.getLocalPort();
      } catch (IOException e) {
        throw new TestkitException("redis.io", "cannot probe for a free loopback port: " + e, e);
      }
      if (port != STANDARD_REDIS_PORT && port != STANDARD_REDIS_PORT + 10000 && chosen.add(port)) {
        ports[filled++] = port;
      }
    }
    return ports;
  }
}
