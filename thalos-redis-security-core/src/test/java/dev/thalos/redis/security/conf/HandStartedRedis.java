package dev.thalos.redis.security.conf;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import dev.thalos.redis.security.testkit.RedisServer;
import dev.thalos.redis.security.testkit.RespClient;
import dev.thalos.redis.security.testkit.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server started by hand, for what the test kit's {@link RedisServer} cannot write: a configuration Redis
 * may refuse to start with, or one whose relative paths must be read from a chosen directory. It runs on
 * {@code conf} as written by the test (which must listen on the unix socket {@code socket}, {@code port 0}, and
 * log to standard output), in {@code workingDirectory}, and is stopped forcibly on {@link #close()}.
 */
final class HandStartedRedis implements AutoCloseable {

  private final Process process;
  private final Path socket;

  private HandStartedRedis(Process process, Path socket) {
    this.process = process;
    this.socket = socket;
  }

  /**
   * Starts redis-server on {@code conf} in {@code workingDirectory}, its output going to {@code output}, and
   * waits until it is ready. Empty if it exited first (it refused the configuration).
   */
  static Optional<HandStartedRedis> start(Path conf, Path workingDirectory, Path socket, Path output)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder(binary(), conf.toString()).directory(workingDirectory.toFile())
        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
    boolean handedOver = false;
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (System.nanoTime() < deadline) {
        if (p.waitFor(50, TimeUnit.MILLISECONDS)) {
          assertFalse(ready(output));
          return Optional.empty();
        }
        if (ready(output)) {
          handedOver = true;
          return Optional.of(new HandStartedRedis(p, socket));
        }
      }
      return fail("redis-server neither became ready nor exited: "
          + Files.readString(output, StandardCharsets.ISO_8859_1));
    } finally {
      if (!handedOver) {
        stop(p);
      }
    }
  }

  /**
   * Sends {@code args} on a new, unauthenticated connection and returns the reply: a {@code String} (simple or
   * bulk string), a {@code Long}, a {@code List} (array), {@code null} (null reply) or a
   * {@link RespClient.Error}.
   */
  Object command(String... args) throws IOException {
    try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      channel.connect(UnixDomainSocketAddress.of(socket));
      StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
      for (String a : args) {
        request.append('$').append(a.getBytes(StandardCharsets.ISO_8859_1).length).append("\r\n").append(a)
            .append("\r\n");
      }
      channel.write(ByteBuffer.wrap(request.toString().getBytes(StandardCharsets.ISO_8859_1)));
      return reply(Channels.newInputStream(channel));
    }
  }

  /** The process id of the server, e.g. to read what it listens on from {@code /proc}. */
  long pid() {
    return process.pid();
  }

  @Override
  public void close() throws InterruptedException {
    stop(process);
  }

  private static void stop(Process p) throws InterruptedException {
    p.destroyForcibly();
    p.waitFor();
  }

  private static Object reply(InputStream in) throws IOException {
    String line = line(in);
    String rest = line.substring(1);
    switch (line.charAt(0)) {
      case '+':
        return rest;
      case '-':
        return new RespClient.Error(rest);
      case ':':
        return Long.parseLong(rest);
      case '$': {
        int n = Integer.parseInt(rest);
        if (n < 0) {
          return null;
        }
        byte[] bytes = in.readNBytes(n + 2);
        return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
      }
      case '*': {
        int n = Integer.parseInt(rest);
        if (n < 0) {
          return null;
        }
        List<Object> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          items.add(reply(in));
        }
        return items;
      }
      default:
        return fail("not a RESP2 reply: " + line);
    }
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int previous = -1;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed after " + out);
      }
      if (previous == '\r' && b == '\n') {
        byte[] bytes = out.toByteArray();
        return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
      }
      out.write(b);
      previous = b;
    }
  }

  /** Whether the server logged that it accepts connections (on a unix socket: "... now ready to accept ..."). */
  private static boolean ready(Path output) throws IOException {
    return Files.readString(output, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT)
        .contains("ready to accept connections");
  }

  /** The binary the test kit uses: its system property, its environment variable, else redis-server on PATH. */
  private static String binary() {
    String property = System.getProperty(RedisServer.BINARY_PROPERTY);
    if (property != null && !property.isBlank()) {
      return property;
    }
    String environment = System.getenv(RedisServer.BINARY_ENVIRONMENT_VARIABLE);
    if (environment != null && !environment.isBlank()) {
      return environment;
    }
    return Files.isExecutable(Path.of("/usr/bin/redis-server")) ? "/usr/bin/redis-server" : "redis-server";
  }

  /** A port nothing listens on at the moment, on any address; never Redis's standard ports. */
  static int freePort() throws IOException {
    while (true) {
      try (ServerSocket probe = new ServerSocket(0)) {
        int port = probe.getLocalPort();
        if (port != 6379 && port != 16379 && port != 26379) {
          return port;
        }
      }
    }
  }

  private static TestPki.ServerTls serverTls;

  /** Server TLS material (an EC key and its CA), made once for all the hand-started servers of a test run. */
  static synchronized TestPki.ServerTls serverTls() {
    if (serverTls == null) {
      serverTls = TestPki.create().serverTls();
    }
    return serverTls;
  }
}
