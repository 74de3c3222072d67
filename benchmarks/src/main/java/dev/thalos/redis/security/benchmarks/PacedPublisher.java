package dev.thalos.redis.security.benchmarks;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;

/**
 * Publishes at a fixed rate over one connection (plaintext or TLS with the test kit's client context), as the
 * publisher user, cycling through the mix by weight: pre-encoded RESP {@code PUBLISH} commands written every
 * millisecond, replies read on a second thread. A reply {@code :0} means no subscriber was connected when the
 * message was published (it is lost for the subscriber).
 */
final class PacedPublisher {

  private final BenchmarkRedis redis;
  private final Transport transport;
  private final byte[][] commands;

  PacedPublisher(BenchmarkRedis redis, Transport transport, List<ThalosMessages.Stream> streams) {
    this.redis = redis;
    this.transport = transport;
    List<byte[]> cycle = new ArrayList<>();
    for (ThalosMessages.Stream s : ThalosMessages.cycle(streams)) {
      cycle.add(ThalosMessages.resp('*', "PUBLISH".getBytes(StandardCharsets.US_ASCII),
          s.channel.name().getBytes(StandardCharsets.UTF_8), s.payload));
    }
    this.commands = cycle.toArray(new byte[0][]);
  }

  Result publish(int rate, int seconds) throws InterruptedException {
    long total = (long) rate * seconds;
    try (Socket socket = transport.isTls()
        ? redis.server.clientSslContext().getSocketFactory().createSocket(redis.server.host(), redis.port(transport))
        : new Socket(redis.server.host(), redis.port(transport))) {
      if (socket instanceof SSLSocket) {
        ((SSLSocket) socket).startHandshake();
      }
      socket.setTcpNoDelay(true);
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
      InputStream in = socket.getInputStream();
      out.write(ThalosMessages.resp('*', "AUTH".getBytes(StandardCharsets.US_ASCII),
          BenchmarkRedis.PUBLISHER.getBytes(StandardCharsets.UTF_8),
          redis.publisherPassword.getBytes(StandardCharsets.UTF_8)));
      out.flush();
      ReplyReader reader = new ReplyReader(in, total + 1);
      Thread readerThread = new Thread(reader, "paced-publisher-replies");
      readerThread.setDaemon(true);
      readerThread.start();
      long start = System.nanoTime();
      long sent = 0;
      int next = 0;
      while (sent < total) {
        long due = Math.min(total, (System.nanoTime() - start) * rate / 1_000_000_000L);
        while (sent < due) {
          out.write(commands[next]);
          next = next + 1 == commands.length ? 0 : next + 1;
          sent++;
        }
        out.flush();
        TimeUnit.MICROSECONDS.sleep(500);
      }
      long end = System.nanoTime();
      readerThread.join(TimeUnit.SECONDS.toMillis(30));
      return new Result(sent, end - start, reader.zeros);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads {@code expected} one-line replies and counts {@code :0}; stops early at the end of the stream or on a read
   * failure. Error replies count as replies; neither they nor a read failure are reported.
   */
  private static final class ReplyReader implements Runnable {
    private final InputStream in;
    private final long expected;
    volatile long zeros;

    ReplyReader(InputStream in, long expected) {
      this.in = in;
      this.expected = expected;
    }

    @Override
    public void run() {
      byte[] buf = new byte[1 << 16];
      long lines = 0;
      boolean lineStart = true;
      boolean zero = false;
      int pos = 0;
      try {
        while (lines < expected) {
          int n = in.read(buf);
          if (n < 0) {
            return;
          }
          for (int i = 0; i < n; i++) {
            byte c = buf[i];
            if (lineStart) {
              zero = c == ':';
              pos = 0;
              lineStart = false;
            } else if (c == '\n') {
              if (zero && pos == 2) {
                zeros++;
              }
              lines++;
              lineStart = true;
            } else {
              pos++;
              if (pos == 1 && c != '0') {
                zero = false;
              }
            }
          }
        }
      } catch (IOException e) {
        // stop reading: publish() reports what was counted so far
      }
    }
  }

  /** What was published. */
  static final class Result {
    final long published;
    final long nanos;
    final long withoutSubscriber;

    Result(long published, long nanos, long withoutSubscriber) {
      this.published = published;
      this.nanos = nanos;
      this.withoutSubscriber = withoutSubscriber;
    }

    double rate() {
      return published * 1e9 / nanos;
    }
  }
}
