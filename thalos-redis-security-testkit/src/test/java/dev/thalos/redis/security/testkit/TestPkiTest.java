package dev.thalos.redis.security.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class TestPkiTest {

  private static final TestPki PKI = TestPki.create();

  @Test
  void serverTls_bundlesServerCertificateCaAndKitClientCertificate() throws Exception {
    TestPki.ServerTls tls = PKI.serverTls();
    assertSame(PKI.serverCertificate(), tls.serverCertificate());
    assertSame(PKI.clientCertificate(), tls.kitClientCertificate());
    assertEquals(List.of(PKI.ca().certificate()), tls.clientCertificateAuthorities());
    assertEquals(PKI.serverCertificate().chainPem(), tls.certificateChainPem());
    assertEquals(PKI.serverCertificate().privateKeyPkcs8Pem(), tls.privateKeyPem());
    assertEquals(List.of(PKI.ca().certificate()), IssuedCertificateTest.parseCertificates(tls.caCertificatesPem()));
    TestPki.ServerTls traditional = tls.mutate().keyFormat(TestPki.KeyFormat.TRADITIONAL).build();
    assertTrue(traditional.privateKeyPem().startsWith("-----BEGIN EC PRIVATE KEY-----"));
    assertEquals(TestPki.CLIENT_COMMON_NAME, PKI.clientCertificate().commonName());
  }

  @Test
  void serverTlsWithoutClientCas_trustsTheServerCertificatesRoot() {
    TestPki.ServerTls tls = TestPki.ServerTls.builder(PKI.serverCertificate()).build();
    assertEquals(List.of(PKI.ca().certificate()), tls.clientCertificateAuthorities());
    assertNull(tls.kitClientCertificate());
  }

  @Test
  void clientContexts_completeMutualTlsWithAServerOfThisPki_andAnUnrelatedClientIsRejected() throws Exception {
    SSLContext server = TestPki.sslContext(List.of(PKI.ca().certificate()), PKI.serverCertificate());
    assertEquals("ok", handshake(server, PKI.clientSslContext()));
    IssuedCertificate stranger = TestPki.unrelatedCa().clientCertificate("stranger").build();
    assertThrows(IOException.class,
        () -> handshake(server, TestPki.sslContext(List.of(PKI.ca().certificate()), stranger)));
    assertThrows(IOException.class, () -> handshake(server, PKI.clientSslContextWithoutCertificate()));
  }

  @Test
  void clientTrustingAnotherCa_rejectsTheServer() {
    SSLContext server = TestPki.sslContext(List.of(PKI.ca().certificate()), PKI.serverCertificate());
    SSLContext client = TestPki.sslContext(List.of(TestPki.unrelatedCa().certificate()), PKI.clientCertificate());
    assertThrows(IOException.class, () -> handshake(server, client));
  }

  @Test
  void emptyTrust_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> TestPki.sslContext(List.of(), null));
  }

  /** Runs one mutual-TLS handshake over loopback; returns what the server read. */
  private static String handshake(SSLContext serverContext, SSLContext clientContext) throws Exception {
    try (SSLServerSocket listener = (SSLServerSocket) serverContext.getServerSocketFactory()
        .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      listener.setNeedClientAuth(true);
      CompletableFuture<String> served = CompletableFuture.supplyAsync(() -> {
        try (SSLSocket socket = (SSLSocket) listener.accept()) {
          socket.setSoTimeout(5000);
          InputStream in = socket.getInputStream();
          byte[] read = in.readNBytes(2);
          socket.getOutputStream().write('!');
          return new String(read, java.nio.charset.StandardCharsets.US_ASCII);
        } catch (IOException e) {
          return "server failed: " + e;
        }
      });
      try (SSLSocket socket = (SSLSocket) clientContext.getSocketFactory()
          .createSocket(InetAddress.getLoopbackAddress(), listener.getLocalPort())) {
        socket.setSoTimeout(5000);
        SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        OutputStream out = socket.getOutputStream();
        out.write("ok".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        out.flush();
        if (socket.getInputStream().read() != '!') {
          throw new SSLException("server closed the connection: " + served.get(5, TimeUnit.SECONDS));
        }
      }
      return served.get(5, TimeUnit.SECONDS);
    }
  }
}
