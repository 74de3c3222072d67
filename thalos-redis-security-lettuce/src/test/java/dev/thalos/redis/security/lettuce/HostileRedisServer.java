package dev.thalos.redis.security.lettuce;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fake Redis on a loopback port that speaks just enough RESP to get through the handshake and then answers
 * with whatever a test scripts: oversized, malformed, deeply nested or unexpected replies, silence, a closed
 * socket, or errors that echo back everything the client sent (its password included). Plaintext only.
 * Bounded: at most {@link #MAX_CONNECTIONS} connections, daemon threads, closed with {@link #close()}.
 */
final class HostileRedisServer implements AutoCloseable {

  static final int MAX_CONNECTIONS = 64;

  /** Decides the reply to one command; returns the raw bytes to write, or null to stay silent. */
  interface Script {
    byte[] reply(List<String> command, boolean resp3, int connection);
  }

  private final ServerSocket server;
  private final Script script;
  private final Thread acceptor;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  final List<List<String>> received = new CopyOnWriteArrayList<>();

  HostileRedisServer(Script script) throws IOException {
    this.script = script;
    server = new ServerSocket();
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    acceptor = new Thread(this::accept, "hostile-redis-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  int port() {
    return server.getLocalPort();
  }

  int connections() {
    return connections.get();
  }

  /** Closes every open connection (the server keeps accepting new ones). */
  void dropConnections() throws IOException {
    for (Socket s : sockets) {
      s.close();
    }
  }

  private void accept() {
    while (!server.isClosed() && connections.get() < MAX_CONNECTIONS) {
      try {
        Socket s = server.accept();
        sockets.add(s);
        int n = connections.incrementAndGet();
        Thread t = new Thread(() -> serve(s, n), "hostile-redis-" + n);
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket, int connection) {
    try (socket) {
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      boolean resp3 = false;
      while (true) {
        List<String> command = readCommand(in);
        if (command == null) {
          return;
        }
        received.add(command);
        if (!command.isEmpty() && command.get(0).equalsIgnoreCase("HELLO") && command.size() > 1
            && command.get(1).equals("3")) {
          resp3 = true;
        }
        byte[] reply = script.reply(command, resp3, connection);
        if (reply == CLOSE) {
          return;
        }
        if (reply != null) {
          out.write(reply);
          out.flush();
        }
      }
    } catch (IOException e) {
      // the client went away
    }
  }

  /** Marker reply: close the connection. */
  static final byte[] CLOSE = new byte[0];

  private static List<String> readCommand(InputStream in) throws IOException {
    String header = line(in);
    if (header == null) {
      return null;
    }
    if (!header.startsWith("*")) {
      return List.of(header.split(" "));
    }
    int n = Integer.parseInt(header.substring(1));
    List<String> args = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String len = line(in);
      if (len == null) {
        return null;
      }
      byte[] data = in.readNBytes(Integer.parseInt(len.substring(1)));
      in.readNBytes(2);
      args.add(new String(data, StandardCharsets.UTF_8));
    }
    return args;
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        return null;
      }
      if (c != '\r') {
        b.write(c);
      }
    }
    return b.toString(StandardCharsets.UTF_8);
  }

  // ---------------------------------------------------------------------------------------------------------
  // RESP building blocks

  static byte[] raw(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static String bulk(String s) {
    return "$" + s.getBytes(StandardCharsets.UTF_8).length + "\r\n" + s + "\r\n";
  }

  /** A plausible answer to the handshake ({@code HELLO 3} map, or {@code +OK} to AUTH). */
  static byte[] handshake(List<String> command, boolean resp3) {
    String name = command.isEmpty() ? "" : command.get(0).toUpperCase();
    if (name.equals("HELLO")) {
      return raw("%7\r\n" + bulk("server") + bulk("redis") + bulk("version") + bulk("7.0.15") + bulk("proto")
          + ":3\r\n" + bulk("id") + ":7\r\n" + bulk("mode") + bulk("standalone") + bulk("role") + bulk("master")
          + bulk("modules") + "*0\r\n");
    }
    if (name.equals("AUTH") || name.equals("PING")) {
      return raw(name.equals("AUTH") ? "+OK\r\n" : "+PONG\r\n");
    }
    return null;
  }

  /** A pub/sub frame ({@code >} under RESP3, {@code *} under RESP2). */
  static String push(boolean resp3, String... parts) {
    StringBuilder b = new StringBuilder().append(resp3 ? '>' : '*').append(parts.length).append("\r\n");
    for (String p : parts) {
      b.append(p.startsWith(":") ? p + "\r\n" : bulk(p));
    }
    return b.toString();
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }
}
