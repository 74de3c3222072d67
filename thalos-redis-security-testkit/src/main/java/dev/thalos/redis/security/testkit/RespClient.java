package dev.thalos.redis.security.testkit;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A tiny synchronous RESP2 client over a plain or TLS socket, for test setup and differential tests — not for
 * production use.
 *
 * <p>Replies are returned as plain Java values, never thrown:
 * <ul>
 *   <li>simple and bulk strings: {@link String} (UTF-8), or {@code byte[]} from {@link #commandBinary};
 *   <li>integers: {@link Long};
 *   <li>arrays: an unmodifiable {@link List} of these values;
 *   <li>null bulk strings and null arrays: {@code null};
 *   <li>error replies: {@link Error}.
 * </ul>
 *
 * <pre>{@code
 * try (RespClient c = RespClient.connect("127.0.0.1", server.port(), null, "alice", "pw")) {
 *   Object reply = c.command("ACL", "DRYRUN", "alice", "get", "k");   // "OK" or an Error
 *   c.commandOrThrow("SET", "k", "v");
 * }
 * }</pre>
 *
 * <p>Over TLS the handshake runs in {@link #connect}, with host name verification against the server
 * certificate's subject alternative names. With TLS 1.3 a server that rejects the client certificate reports
 * this only after the handshake, so the failure appears on the first command. Not thread-safe.
 */
public final class RespClient implements AutoCloseable {

  /** Connect timeout and default read timeout. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final String description;
  private volatile boolean closed;

  /**
   * An error reply ({@code -ERR ...}, {@code -NOPERM ...}), returned rather than thrown.
   *
   * @param message the full error text without the leading {@code -}, e.g. {@code NOPERM this user has no
   *     permissions to run the 'get' command}
   */
  public record Error(String message) {

    public Error {
      Objects.requireNonNull(message, "message must not be null");
    }

    /** The error code: the first word of the message, e.g. {@code NOPERM}, {@code WRONGPASS}, {@code ERR}. */
    public String code() {
      int space = message.indexOf(' ');
      return space < 0 ? message : message.substring(0, space);
    }

    @Override
    public String toString() {
      return "-" + message;
    }
  }

  private RespClient(Socket socket, String description) throws IOException {
    this.socket = socket;
    this.in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
    this.description = description;
  }

  /**
   * Connects without TLS and without authentication.
   *
   * @param host host name or IP address, e.g. {@code 127.0.0.1}
   * @param port TCP port, 1..65535
   */
  public static RespClient connect(String host, int port) {
    return connect(host, port, null, null, null);
  }

  /**
   * Connects, optionally over TLS, and optionally authenticates.
   *
   * @param host host name or IP address; over TLS it must match a subject alternative name of the server
   *     certificate
   * @param port TCP port, 1..65535
   * @param sslContext client TLS context (see {@code TestPki}), or {@code null} for a plain socket
   * @param user ACL user name for {@code AUTH user password}, or {@code null} for {@code AUTH password}
   * @param password password, or {@code null} to skip {@code AUTH}
   * @throws TestkitException {@code resp.io}, {@code resp.tls-handshake} or {@code resp.auth-failed}
   */
  public static RespClient connect(
      String host, int port, SSLContext sslContext, String user, String password) {
    return connect(host, host, port, sslContext, user, password);
  }

  /**
   * As {@link #connect(String, int, SSLContext, String, String)}, verifying the server certificate against
   * {@code serverName} (also sent as SNI) instead of {@code host}: for a server whose certificate deliberately
   * does not name the address it is reached at.
   */
  static RespClient connect(
      String host, String serverName, int port, SSLContext sslContext, String user, String password) {
    Objects.requireNonNull(host, "host must not be null");
    Objects.requireNonNull(serverName, "serverName must not be null");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("invalid port: " + port + " (must be 1..65535)");
    }
    if (user != null && password == null) {
      throw new IllegalArgumentException("password must not be null when user is set");
    }
    String description = (sslContext == null ? "redis://" : "rediss://") + host + ":" + port;
    Socket socket = null;
    try {
      socket = new Socket();
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), (int) DEFAULT_TIMEOUT.toMillis());
      socket.setSoTimeout((int) DEFAULT_TIMEOUT.toMillis());
      if (sslContext != null) {
        SSLSocket tls =
            (SSLSocket) sslContext.getSocketFactory().createSocket(socket, serverName, port, true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(parameters);
        socket = tls;
        try {
          tls.startHandshake();
        } catch (SSLException e) {
          throw new TestkitException(
              "resp.tls-handshake", "TLS handshake with " + description + " failed: " + e.getMessage(), e);
        }
      }
      RespClient client = new RespClient(socket, description);
      if (password != null) {
        client.authenticate(user, password);
      }
      return client;
    } catch (IOException e) {
      closeQuietly(socket);
      throw new TestkitException("resp.io", "cannot connect to " + description + ": " + e, e);
    } catch (RuntimeException e) {
      closeQuietly(socket);
      throw e;
    }
  }

  private void authenticate(String user, String password) {
    Object reply = user == null ? command("AUTH", password) : command("AUTH", user, password);
    if (reply instanceof Error error) {
      close();
      throw new TestkitException(
          "resp.auth-failed",
          "AUTH" + (user == null ? "" : " as user '" + user + "'") + " at " + description + " failed: "
              + error.message());
    }
  }

  /**
   * Sends a command and reads its reply; bulk strings in the reply are decoded as UTF-8 strings.
   *
   * @param args command name and arguments, each sent as a bulk string (UTF-8)
   * @return the reply (see the class description); an error reply is returned as {@link Error}
   * @throws TestkitException {@code resp.io} or {@code resp.protocol}
   */
  public Object command(String... args) {
    send(args);
    return readReply();
  }

  /** Like {@link #command(String...)} with binary arguments; bulk strings in the reply are decoded as UTF-8. */
  public Object command(byte[]... args) {
    send(args);
    return readReply();
  }

  /** Like {@link #command(byte[]...)} but bulk strings in the reply stay {@code byte[]}. */
  public Object commandBinary(byte[]... args) {
    send(args);
    return read(false);
  }

  /**
   * Like {@link #command(String...)} but an error reply becomes an exception.
   *
   * @throws TestkitException {@code resp.error-reply} with the error text, {@code resp.io}, {@code resp.protocol}
   */
  public Object commandOrThrow(String... args) {
    Object reply = command(args);
    if (reply instanceof Error error) {
      throw new TestkitException(
          "resp.error-reply", "'" + args[0] + "' failed at " + description + ": " + error.message());
    }
    return reply;
  }

  /**
   * Sends a command without reading its reply; pair with {@link #readReply()} (e.g. for pub/sub messages).
   */
  public void send(String... args) {
    byte[][] bytes = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      bytes[i] = Objects.requireNonNull(args[i], "args must not contain null").getBytes(StandardCharsets.UTF_8);
    }
    send(bytes);
  }

  /** Sends a command with binary arguments without reading its reply. */
  public void send(byte[]... args) {
    Objects.requireNonNull(args, "args must not be null");
    if (args.length == 0) {
      throw new IllegalArgumentException("args must not be empty");
    }
    try {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      buffer.write(('*' + Integer.toString(args.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      for (byte[] arg : args) {
        Objects.requireNonNull(arg, "args must not contain null");
        buffer.write(('$' + Integer.toString(arg.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        buffer.write(arg);
        buffer.write('\r');
        buffer.write('\n');
      }
      buffer.writeTo(out);
      out.flush();
    } catch (IOException e) {
      throw io("write to", e);
    }
  }

  /** Reads the next reply (blocking up to the read timeout); bulk strings decoded as UTF-8. */
  public Object readReply() {
    return read(true);
  }

  /**
   * Reads the next reply, waiting at most {@code timeout}.
   *
   * @return the reply ({@link #NULL_REPLY} for a RESP null), or empty when nothing arrived within
   *     {@code timeout}
   */
  public java.util.Optional<Object> readReplyOrTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout must not be null");
    try {
      socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
      try {
        in.mark(1);
        int first = in.read();
        if (first < 0) {
          throw io("read from", new EOFException("connection closed by server"));
        }
        in.reset();
      } catch (SocketTimeoutException e) {
        return java.util.Optional.empty();
      } finally {
        socket.setSoTimeout((int) DEFAULT_TIMEOUT.toMillis());
      }
    } catch (IOException e) {
      throw io("read from", e);
    }
    return java.util.Optional.of(wrapNull(readReply()));
  }

  private static Object wrapNull(Object reply) {
    return reply == null ? NULL_REPLY : reply;
  }

  /** Stands for a RESP null reply inside {@link #readReplyOrTimeout(Duration)}'s {@code Optional}. */
  public static final Object NULL_REPLY = new Object() {
    @Override
    public String toString() {
      return "(nil)";
    }
  };

  /** Sets the read timeout for replies. */
  public void readTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout must not be null");
    try {
      socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
    } catch (IOException e) {
      throw io("configure", e);
    }
  }

  /** Whether this client is closed (by {@link #close()} or after an I/O failure). */
  public boolean isClosed() {
    return closed || socket.isClosed();
  }

  /** Closes the connection; idempotent. */
  @Override
  public void close() {
    closed = true;
    closeQuietly(socket);
  }

  @Override
  public String toString() {
    return "RespClient[" + description + (isClosed() ? ", closed" : "") + "]";
  }

  private Object read(boolean decode) {
    try {
      return readValue(decode);
    } catch (IOException e) {
      throw io("read from", e);
    }
  }

  private Object readValue(boolean decode) throws IOException {
    int type = in.read();
    if (type < 0) {
      throw new EOFException("connection closed by server");
    }
    String line = readLine();
    switch (type) {
      case '+':
        return decode ? line : line.getBytes(StandardCharsets.UTF_8);
      case '-':
        return new Error(line);
      case ':':
        return parseLong(line);
      case '$': {
        long length = parseLong(line);
        if (length < 0) {
          return null;
        }
        if (length > Integer.MAX_VALUE - 8) {
          throw protocol("bulk string too long: " + length);
        }
        byte[] data = in.readNBytes((int) length);
        if (data.length != length || in.read() != '\r' || in.read() != '\n') {
          throw new EOFException("truncated bulk string");
        }
        return decode ? new String(data, StandardCharsets.UTF_8) : data;
      }
      case '*': {
        long count = parseLong(line);
        if (count < 0) {
          return null;
        }
        List<Object> items = new ArrayList<>((int) Math.min(count, 1024));
        for (long i = 0; i < count; i++) {
          items.add(readValue(decode));
        }
        return Collections.unmodifiableList(items);
      }
      default:
        throw protocol("unexpected reply type byte: " + type);
    }
  }

  private String readLine() throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("connection closed by server");
      }
      if (b == '\r') {
        if (in.read() != '\n') {
          throw protocol("CR not followed by LF");
        }
        return line.toString(StandardCharsets.UTF_8);
      }
      line.write(b);
    }
  }

  private long parseLong(String text) {
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw protocol("invalid integer: " + text);
    }
  }

  private TestkitException protocol(String message) {
    close();
    return new TestkitException("resp.protocol", "invalid reply from " + description + ": " + message);
  }

  private TestkitException io(String verb, IOException e) {
    close();
    if (e instanceof SSLException) {
      return new TestkitException(
          "resp.tls-handshake", "TLS failure with " + description + ": " + e.getMessage(), e);
    }
    return new TestkitException("resp.io", "cannot " + verb + " " + description + ": " + e, e);
  }

  private static void closeQuietly(Socket socket) {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
