package dev.thalos.redis.security.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.auth.SecretSource;
import dev.thalos.redis.security.testkit.IssuedCertificate;
import dev.thalos.redis.security.testkit.RedisServer;
import dev.thalos.redis.security.testkit.TestPki;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real TLS handshakes of plain JDK sockets built from {@link TlsSettings} against redis-server 7 processes:
 * every verification claim is tried against a server that should fail it.
 */
@Tag("integration")
class TlsSettingsHandshakeTest {

  private static final String KEY_PASSWORD = "Handshake-Key-Pa55";
  private static final String OTHER_NAME = "redis.other.example";

  private static TestPki pki;
  /** Standard certificate (localhost, 127.0.0.1, ::1); client certificates optional. */
  private static RedisServer server;
  /** Certificate only for {@value #OTHER_NAME}. */
  private static RedisServer otherNameServer;
  /** Client certificate required. */
  private static RedisServer mtlsServer;
  /** Speaks TLSv1.2 only. */
  private static RedisServer tls12Server;
  /** Presents an expired certificate from the trusted CA. */
  private static RedisServer expiredServer;

  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    pki = TestPki.create();
    server = RedisServer.builder().tls(pki.serverTls()).tlsAuthClients("optional").start();
    IssuedCertificate otherName = pki.ca().serverCertificate().subjectAlternativeNames(OTHER_NAME).build();
    otherNameServer = RedisServer.builder()
        .tls(TestPki.ServerTls.builder(otherName).kitClientCertificate(pki.clientCertificate()).build())
        .tlsAuthClients("optional")
        .start();
    mtlsServer = RedisServer.builder().tls(pki.serverTls()).tlsAuthClients("yes").start();
    tls12Server = RedisServer.builder().tls(pki.serverTls()).tlsAuthClients("optional")
        .directive("tls-protocols", "TLSv1.2").start();
    IssuedCertificate expired = pki.ca().serverCertificate().expired().build();
    expiredServer = RedisServer.builder()
        .tls(TestPki.ServerTls.builder(expired).kitClientCertificate(pki.clientCertificate()).build())
        .tlsAuthClients("optional")
        .start();
  }

  @AfterAll
  static void stop() {
    for (RedisServer s : new RedisServer[] {server, otherNameServer, mtlsServer, tls12Server, expiredServer}) {
      if (s != null) {
        s.close();
      }
    }
  }

  private static TlsSettings.Builder trustingCa() {
    return TlsSettings.builder().trustAnchors(TrustAnchors.certificates(pki.ca().certificate()));
  }

  /** Handshake, PING, first reply line; "+PONG" (or an auth error) proves the TLS session works. */
  private static String ping(SSLContext context, String host, int port) throws IOException {
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(host, port)) {
      socket.setSoTimeout(5000);
      socket.startHandshake();
      OutputStream out = socket.getOutputStream();
      out.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String line = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
          .readLine();
      if (line == null) {
        throw new SSLException("connection closed by the server");
      }
      return line + " " + socket.getSession().getProtocol();
    }
  }

  private static void works(TlsSettings tls, RedisServer target, String host) throws IOException {
    String reply = ping(tls.newSslContext(), host, target.tlsPort());
    assertTrue(reply.startsWith("+PONG") || reply.startsWith("-NOAUTH"), reply);
  }

  private static IOException fails(TlsSettings tls, RedisServer target, String host) {
    return assertThrows(IOException.class, () -> ping(tls.newSslContext(), host, target.tlsPort()));
  }

  @Test
  void trustedCa_fullVerification_byDnsNameAndByIpAddress() throws IOException {
    TlsSettings tls = trustingCa().build();
    works(tls, server, "localhost");
    works(tls, server, "127.0.0.1");
  }

  @Test
  void systemDefaultTrust_rejectsTheTestCa() {
    IOException e = fails(TlsSettings.defaults(), server, "127.0.0.1");
    assertTrue(e instanceof SSLHandshakeException, e.toString());
  }

  @Test
  void untrustedCa_isRejected() {
    TlsSettings tls = TlsSettings.builder()
        .trustAnchors(TrustAnchors.certificates(TestPki.unrelatedCa().certificate())).build();
    IOException e = fails(tls, server, "127.0.0.1");
    assertTrue(e instanceof SSLHandshakeException, e.toString());
  }

  @Test
  void expiredServerCertificate_isRejected_evenWithoutHostnameVerification() {
    IOException full = fails(trustingCa().build(), expiredServer, "localhost");
    assertTrue(TlsFiles.allMessages(full).contains("validity"), TlsFiles.allMessages(full));
    fails(trustingCa().insecureSkipHostnameVerification().build(), expiredServer, "localhost");
  }

  @Test
  void hostnameMismatch_isRejected_inFullMode() {
    IOException e = fails(trustingCa().build(), otherNameServer, "127.0.0.1");
    assertTrue(e instanceof SSLHandshakeException, e.toString());
    assertTrue(TlsFiles.allMessages(e).contains("127.0.0.1"), TlsFiles.allMessages(e));
  }

  @Test
  void hostnameMismatch_isAccepted_onlyWithTheInsecureCaMode() throws IOException {
    TlsSettings insecure = trustingCa().insecureSkipHostnameVerification().build();
    assertTrue(insecure.isInsecure());
    works(insecure, otherNameServer, "127.0.0.1");
  }

  @Test
  void serverName_isSentAsSni_andVerifiedAgainstTheCertificate() throws IOException {
    works(trustingCa().serverName(OTHER_NAME).build(), otherNameServer, "127.0.0.1");
    fails(trustingCa().serverName("redis.wrong.example").build(), otherNameServer, "127.0.0.1");
  }

  @Test
  void insecureTrustAnyCertificate_acceptsAnUntrustedServer_whichIsWhyItIsReported() throws IOException {
    TlsSettings tls = TlsSettings.builder()
        .trustAnchors(TrustAnchors.certificates(TestPki.unrelatedCa().certificate()))
        .insecureTrustAnyCertificate().build();
    assertTrue(tls.isInsecure());
    works(tls, server, "127.0.0.1");
  }

  @Test
  void matchingPin_onTheServerKey_orTheCa_isAccepted() throws IOException {
    works(trustingCa().pins(CertificatePin.of(pki.serverCertificate().certificate())).build(), server, "localhost");
    works(trustingCa().pins(CertificatePin.of(pki.ca().certificate())).build(), server, "localhost");
  }

  @Test
  void mismatchingPin_isRejected_evenThoughTheChainIsTrusted() {
    TlsSettings tls = trustingCa().pins(CertificatePin.of(TestPki.unrelatedCa().certificate())).build();
    IOException e = fails(tls, server, "localhost");
    assertTrue(e instanceof SSLHandshakeException, e.toString());
    assertTrue(TlsFiles.allMessages(e).contains("certificate pinning failure"), TlsFiles.allMessages(e));
  }

  @Test
  void mismatchingPin_isRejected_evenWhenVerificationIsOff() {
    TlsSettings tls = trustingCa().insecureTrustAnyCertificate()
        .pins(CertificatePin.of(TestPki.unrelatedCa().certificate())).build();
    fails(tls, server, "localhost");
  }

  @Test
  void trustManagerUsedWithoutTheSettingsParameters_failsClosedInFullMode() throws Exception {
    SSLContext raw = SSLContext.getInstance("TLS");
    raw.init(null, new TrustManager[] {trustingCa().build().newTrustManager()}, null);
    IOException e = assertThrows(IOException.class, () -> ping(raw, "127.0.0.1", server.tlsPort()));
    assertTrue(TlsFiles.allMessages(e).contains("host name verification is required"), TlsFiles.allMessages(e));
  }

  @Test
  void trustManagerUsedWithoutTheSettingsParameters_stillRefusesAProtocolOutsideThePolicy() throws Exception {
    TlsSettings tls13 = trustingCa().policy(TlsPolicy.TLS13_ONLY).insecureSkipHostnameVerification().build();
    SSLContext raw = SSLContext.getInstance("TLS");
    raw.init(null, new TrustManager[] {tls13.newTrustManager()}, null);
    IOException e = assertThrows(IOException.class, () -> ping(raw, "127.0.0.1", tls12Server.tlsPort()));
    assertTrue(TlsFiles.allMessages(e).contains("negotiated protocol TLSv1.2 is not allowed"),
        TlsFiles.allMessages(e));
  }

  @Test
  void rotatedCaFile_isPickedUpByTheNextSslContext() throws IOException {
    Path ca = TestPki.unrelatedCa().writeCertificatePem(dir.resolve("rotating-ca.pem"));
    TlsSettings tls = TlsSettings.builder().trustAnchors(TrustAnchors.pemFile(ca)).build();
    fails(tls, server, "localhost");
    pki.ca().writeCertificatePem(ca);
    works(tls, server, "localhost");
  }

  @Test
  void mutualTls_withoutClientCertificate_isRejectedByTheServer() {
    fails(trustingCa().build(), mtlsServer, "localhost");
  }

  @Test
  void mutualTls_withAnEncryptedPkcs8Key() throws IOException {
    IssuedCertificate client = pki.clientCertificate();
    ClientIdentity identity = ClientIdentity.pemFiles(
        TlsFiles.write(dir, "mtls.crt", client.chainPem()),
        TlsFiles.write(dir, "mtls.key", client.privateKeyEncryptedPkcs8Pem(KEY_PASSWORD.toCharArray())),
        SecretSource.fromFile(TlsFiles.secretFile(dir, "mtls.key.password", KEY_PASSWORD)));
    works(trustingCa().clientIdentity(identity).build(), mtlsServer, "localhost");
  }

  @Test
  void mutualTls_withPkcs12() throws IOException {
    Path p12 = TlsFiles.write(dir, "mtls.p12", pki.clientCertificate().pkcs12("client", KEY_PASSWORD.toCharArray()));
    works(trustingCa().clientIdentity(ClientIdentity.pkcs12File(p12, SecretSource.of(KEY_PASSWORD.toCharArray())))
        .build(), mtlsServer, "localhost");
  }

  @Test
  void mutualTls_withACertificateFromAnUntrustedCa_isRejectedByTheServer() {
    IssuedCertificate stranger = TestPki.unrelatedCa().clientCertificate("stranger").build();
    TlsSettings tls = trustingCa()
        .clientIdentity(ClientIdentity.pem(stranger.chainPem(), stranger.privateKeyPkcs8Pem())).build();
    fails(tls, mtlsServer, "localhost");
  }

  @Test
  void tls13Only_cannotTalkToATls12Server_butModernNegotiatesTls12() throws IOException {
    fails(trustingCa().policy(TlsPolicy.TLS13_ONLY).build(), tls12Server, "localhost");
    String reply = ping(trustingCa().build().newSslContext(), "localhost", tls12Server.tlsPort());
    assertTrue(reply.endsWith("TLSv1.2"), reply);
  }

  @Test
  void modern_negotiatesTls13WithAModernServer() throws IOException {
    String reply = ping(trustingCa().build().newSslContext(), "localhost", server.tlsPort());
    assertTrue(reply.endsWith("TLSv1.3"), reply);
  }

  @Test
  void explicitCipherSuite_isTheOneNegotiated() throws IOException {
    TlsSettings tls = trustingCa().protocols("TLSv1.3").cipherSuites("TLS_AES_256_GCM_SHA384").build();
    SSLContext context = tls.newSslContext();
    try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", server.tlsPort())) {
      socket.startHandshake();
      assertEquals("TLS_AES_256_GCM_SHA384", socket.getSession().getCipherSuite());
    }
  }

  @Test
  void handshakeErrors_neverContainTheKeyPassword() {
    IssuedCertificate client = pki.clientCertificate();
    ClientIdentity identity = ClientIdentity.pem(client.chainPem(),
        client.privateKeyEncryptedPkcs8Pem(KEY_PASSWORD.toCharArray()), SecretSource.of(KEY_PASSWORD.toCharArray()));
    TlsSettings tls = TlsSettings.builder()
        .trustAnchors(TrustAnchors.certificates(TestPki.unrelatedCa().certificate())).clientIdentity(identity).build();
    IOException e = fails(tls, server, "localhost");
    assertFalse(TlsFiles.allMessages(e).contains(KEY_PASSWORD));
    assertFalse(tls.toString().contains(KEY_PASSWORD));
  }
}
