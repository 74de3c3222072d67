package dev.thalos.redis.security.lettuce;

import dev.thalos.redis.security.channel.ThalosChannel;
import dev.thalos.redis.security.testkit.RedisServer;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocket;

/**
 * A fast, ordered flood publisher for tests: one TLS connection to the test server as the {@code thalos} user,
 * PUBLISH commands written back to back (no waiting for replies), and a reader thread that counts the replies.
 * Messages are Thalos heartbeats numbered in publishing order.
 */
final class PipelinedPublisher implements AutoCloseable {

  /** Replies may lag the writes by at most this many commands (bounds memory on both sides). */
  private static final int MAX_IN_FLIGHT = 4096;

  private final SSLSocket socket;
  private final OutputStream out;
  private final byte[] channel;
  private final AtomicLong replies = new AtomicLong();
  private final Thread reader;
  private volatile IOException readFailure;

  PipelinedPublisher(RedisServer server, ThalosChannel channel) throws IOException {
    this.channel = channel.nameBytes();
    socket = (SSLSocket) server.clientSslContext().getSocketFactory().createSocket(RedisServer.HOST,
        server.tlsPort());
    socket.setSoTimeout(30_000);
    out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
    InputStream in = socket.getInputStream();
    write("AUTH", "thalos", TestRedis.SERVER_PASSWORD);
    out.flush();
    int c;
    while ((c = in.read()) != '\n') {
      if (c < 0) {
        throw new IOException("connection closed during AUTH");
      }
    }
    reader = new Thread(() -> countReplies(in), "flood-replies");
    reader.setDaemon(true);
    reader.start();
  }

  private void countReplies(InputStream in) {
    byte[] buffer = new byte[1 << 16];
    try {
      int n;
      while ((n = in.read(buffer)) > 0) {
        long lines = 0;
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            lines++;
          }
        }
        replies.addAndGet(lines);
      }
    } catch (IOException e) {
      if (!socket.isClosed()) {
        readFailure = e;
      }
    }
  }

  /**
   * Publishes up to {@code count} heartbeats, {@code perBlock} per block starting at block 0, each padded to
   * {@code size} bytes, until {@code deadlineNanos}; waits for every reply. Returns how many were published.
   */
  long publishBlocks(long count, int perBlock, int size, long deadlineNanos) throws IOException {
    long sent = 0;
    while (sent < count && System.nanoTime() < deadlineNanos) {
      write(channel, BlockRecorder.heartbeat(sent / perBlock, size));
      sent++;
      if (sent - replies.get() > MAX_IN_FLIGHT) {
        out.flush();
        while (sent - replies.get() > MAX_IN_FLIGHT / 2) {
          awaitReplies();
        }
      }
    }
    out.flush();
    long end = System.nanoTime() + 30_000_000_000L;
    while (replies.get() < sent) {
      if (System.nanoTime() > end) {
        throw new IOException("only " + replies.get() + " of " + sent + " replies arrived");
      }
      awaitReplies();
    }
    return sent;
  }

  private void awaitReplies() throws IOException {
    if (readFailure != null) {
      throw new UncheckedIOException(readFailure);
    }
    if (!reader.isAlive()) {
      throw new IOException("the server closed the publishing connection");
    }
    Thread.onSpinWait();
    try {
      Thread.sleep(0, 200_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private void write(String... args) throws IOException {
    byte[][] bytes = new byte[args.length][];
    for (int i = 0; i < args.length; i++) {
      bytes[i] = args[i].getBytes(StandardCharsets.UTF_8);
    }
    writeCommand(bytes);
  }

  private void write(byte[] channel, byte[] payload) throws IOException {
    writeCommand(PUBLISH, channel, payload);
  }

  private static final byte[] PUBLISH = "PUBLISH".getBytes(StandardCharsets.US_ASCII);

  private void writeCommand(byte[]... args) throws IOException {
    out.write(('*' + String.valueOf(args.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    for (byte[] a : args) {
      out.write(('$' + String.valueOf(a.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(a);
      out.write('\r');
      out.write('\n');
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
    try {
      reader.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
