package dev.thalos.redis.security.lettuce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.check.ProbeException;
import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import dev.thalos.redis.security.tls.TlsSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link WeakTlsHandshake} against a local socket that is no redis-server: how long an attempt may take. */
@Tag("unit")
class WeakTlsHandshakeTest {

  @Test
  void aServerThatDripsItsHandshake_isGivenUpOnAfterTheConnectTimeout() throws Exception {
    try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread server = new Thread(() -> drip(listener), "dripping-tls-server");
      server.setDaemon(true);
      server.start();
      ThalosRedisEndpoint endpoint = ThalosRedisEndpoint.builder()
          .host("127.0.0.1").port(listener.getLocalPort())
          .tls(TlsSettings.builder().build())
          .user("sub").password(dev.thalos.redis.security.auth.SecretSource.of("pw".toCharArray()))
          .namespace(TestRedis.WAX).role(dev.thalos.redis.security.endpoint.ThalosRole.CLIENT)
          .connectTimeout(Duration.ofMillis(500)).commandTimeout(Duration.ofSeconds(1)).build();
      long start = System.nanoTime();
      // each byte comes well within the connect timeout, so a per-read timeout alone never fires
      ProbeException e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThrows(ProbeException.class,
          () -> WeakTlsHandshake.attempt(endpoint, List.of("TLSv1.2"), List.of("TLS_RSA_WITH_AES_128_GCM_SHA256"))));
      long millis = Duration.ofNanos(System.nanoTime() - start).toMillis();
      assertEquals(ProbeException.IO, e.reason(), e::getMessage);
      assertTrue(e.getMessage().contains("timed out"), e::getMessage);
      assertTrue(millis < 2_000, "took " + millis + " ms");
      server.interrupt();
    }
  }

  /** Accepts one connection, reads the ClientHello, then sends a TLS record header and its body a byte at a time. */
  private static void drip(ServerSocket listener) {
    try (Socket s = listener.accept()) {
      InputStream in = s.getInputStream();
      in.read(new byte[16384]);
      OutputStream out = s.getOutputStream();
      out.write(new byte[] {0x16, 0x03, 0x03, 0x40, 0x00}); // handshake record of 16384 bytes
      out.flush();
      for (int i = 0; i < 16384 && !Thread.currentThread().isInterrupted(); i++) {
        Thread.sleep(150);
        out.write(0x02);
        out.flush();
      }
    } catch (IOException | InterruptedException e) {
      // the client gave up
    }
  }
}
