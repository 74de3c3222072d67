package dev.thalos.redis.security.conf;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The TCP sockets a process listens on, as the Linux kernel reports them: the socket inodes among the process's
 * open files ({@code /proc/<pid>/fd}) matched with the {@code LISTEN} entries of {@code /proc/net/tcp} and
 * {@code /proc/net/tcp6}.
 */
final class KernelListeners {

  /** {@code st} of a socket in state TCP_LISTEN. */
  private static final String LISTEN = "0A";

  private KernelListeners() {}

  /** One listening socket: its local address (4 or 16 bytes) and port. */
  record Listener(InetAddress address, int port) {

    /** The address as Redis prints it, e.g. {@code 0.0.0.0:7000} or {@code [::1]:7000}. */
    @Override
    public String toString() {
      String host = address.getHostAddress();
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
  }

  /** Whether this machine can be asked (Linux with {@code /proc/net/tcp}). */
  static boolean available() {
    return Files.isReadable(Path.of("/proc/net/tcp")) && Files.isReadable(Path.of("/proc/self/fd"));
  }

  /** The sockets process {@code pid} listens on, IPv4 first. */
  static List<Listener> of(long pid) throws IOException {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
      for (Path fd : (Iterable<Path>) fds::iterator) {
        String target;
        try {
          target = Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
          continue; // closed while we looked
        }
        if (target.startsWith("socket:[") && target.endsWith("]")) {
          inodes.add(target.substring("socket:[".length(), target.length() - 1));
        }
      }
    }
    List<Listener> out = new ArrayList<>();
    read(Path.of("/proc/net/tcp"), inodes, out);
    read(Path.of("/proc/net/tcp6"), inodes, out);
    return out;
  }

  private static void read(Path table, Set<String> inodes, List<Listener> out) throws IOException {
    if (!Files.isReadable(table)) {
      return;
    }
    List<String> lines = Files.readAllLines(table, StandardCharsets.US_ASCII);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.trim().split("\\s+");
      if (f.length > 9 && f[3].equals(LISTEN) && inodes.contains(f[9])) {
        int colon = f[1].indexOf(':');
        out.add(new Listener(address(f[1].substring(0, colon)), Integer.parseInt(f[1].substring(colon + 1), 16)));
      }
    }
  }

  /**
   * The kernel prints an address as 32-bit words in the machine's byte order, each as {@code %08X}: the bytes
   * of every word are reversed on a little-endian machine.
   */
  private static InetAddress address(String hex) throws UnknownHostException {
    byte[] bytes = new byte[hex.length() / 2];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
    }
    if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
      for (int w = 0; w < bytes.length; w += 4) {
        byte b0 = bytes[w];
        byte b1 = bytes[w + 1];
        bytes[w] = bytes[w + 3];
        bytes[w + 1] = bytes[w + 2];
        bytes[w + 2] = b1;
        bytes[w + 3] = b0;
      }
    }
    return InetAddress.getByAddress(bytes);
  }
}
