package dev.thalos.redis.security.lettuce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.ThalosSecurityException;
import dev.thalos.redis.security.auth.SecretSource;
import dev.thalos.redis.security.channel.ThalosNamespace;
import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import dev.thalos.redis.security.endpoint.ThalosRole;
import dev.thalos.redis.security.tls.CertificatePin;
import dev.thalos.redis.security.tls.ClientIdentity;
import dev.thalos.redis.security.tls.TlsPolicy;
import dev.thalos.redis.security.tls.TlsSettings;
import dev.thalos.redis.security.tls.TrustAnchors;
import dev.thalos.redis.security.testkit.IssuedCertificate;
import dev.thalos.redis.security.testkit.RedisServer;
import dev.thalos.redis.security.testkit.TestPki;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Connections built by {@link ThalosLettuce} against real TLS-only redis-servers: what works, and that each
 * failure is a distinct {@link ConnectionSecurityException} whose messages and log lines hold no secret.
 */
@Tag("integration")
class ThalosLettuceTest {

  private static final String PINGER_PASSWORD = "pinger-Secret-7b1e2c";
  private static final String WRONG_PASSWORD = "wrong-Secret-93ad0f";
  private static final String ROTATING_PASSWORD_1 = "rotating-Secret-one-41c2";
  private static final String ROTATING_PASSWORD_2 = "rotating-Secret-two-8e07";
  private static final List<String> SECRETS =
      List.of(PINGER_PASSWORD, WRONG_PASSWORD, ROTATING_PASSWORD_1, ROTATING_PASSWORD_2);
  private static final ThalosNamespace WAX = ThalosNamespace.of("wax");
  private static final String LOG_MARKER = "thalos-log-capture-marker-5d1f";

  private static TestPki pki;
  private static RedisServer optionalClientCerts;
  private static RedisServer requiredClientCerts;
  private static RedisServer expired;
  private static RedisServer wrongName;
  private static RedisServer plaintext;
  private static RedisServer tls12Only;
  private static LogCapture logs;
  private static final List<Throwable> failures = new ArrayList<>();

  @TempDir
  static Path dir;

  @BeforeAll
  static void startServers() {
    logs = LogCapture.start();
    pki = TestPki.create();
    String[] users = {
        "user default off",
        "user pinger on >" + PINGER_PASSWORD + " resetchannels -@all +ping",
        "user rotating on >" + ROTATING_PASSWORD_1 + " resetchannels -@all +ping"};
    optionalClientCerts = RedisServer.builder().tls(pki.serverTls()).tlsAuthClients("optional").aclUsers(users)
        .start();
    requiredClientCerts = RedisServer.builder().tls(pki.serverTls()).tlsAuthClients("yes").aclUsers(users).start();
    IssuedCertificate expiredCertificate = pki.ca().serverCertificate().expired().build();
    expired = RedisServer.builder().tls(TestPki.ServerTls.builder(expiredCertificate)
            .clientCertificateAuthorities(pki.ca().certificate()).kitClientCertificate(pki.clientCertificate())
            .build())
        .tlsAuthClients("optional").aclUsers(users).start();
    IssuedCertificate otherName = pki.ca().serverCertificate().subjectAlternativeNames("redis.example").build();
    wrongName = RedisServer.builder().tls(TestPki.ServerTls.builder(otherName)
            .clientCertificateAuthorities(pki.ca().certificate()).kitClientCertificate(pki.clientCertificate())
            .build())
        .tlsAuthClients("optional").aclUsers(users).start();
    plaintext = RedisServer.builder().aclUsers(users).start();
    tls12Only = RedisServer.builder().tls(pki.serverTls()).tlsAuthClients("optional").aclUsers(users)
        .directive("tls-protocols", "TLSv1.2").start();
  }

  @AfterAll
  static void stopServersAndCheckLogs() {
    try {
      for (RedisServer s : new RedisServer[] {optionalClientCerts, requiredClientCerts, expired, wrongName,
          plaintext, tls12Only}) {
        if (s != null) {
          s.close();
        }
      }
    } finally {
      logs.close();
    }
    String captured = logs.text();
    assertTrue(captured.contains(LOG_MARKER), "the log capture must see slf4j output");
    for (String secret : SECRETS) {
      assertFalse(captured.contains(secret), "a password appeared in a log line");
    }
    assertTrue(failures.size() >= 10, "the failure scenarios ran: " + failures.size());
  }

  // ---------------------------------------------------------------------------------------------------------
  // fixtures

  private static TlsSettings trustingTestCa() {
    return TlsSettings.builder().trustAnchors(TrustAnchors.certificates(pki.ca().certificate())).build();
  }

  private static ThalosRedisEndpoint.Builder endpoint(int port, TlsSettings tls) {
    return ThalosRedisEndpoint.builder()
        .host("127.0.0.1")
        .port(port)
        .tls(tls)
        .user("pinger")
        .password(SecretSource.of(PINGER_PASSWORD.toCharArray()))
        .namespace(WAX)
        .role(ThalosRole.CLIENT)
        .connectTimeout(Duration.ofSeconds(2))
        .commandTimeout(Duration.ofSeconds(5));
  }

  private static String ping(ThalosRedisEndpoint endpoint) {
    RedisClient client = ThalosLettuce.createClient(endpoint);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      return connection.sync().ping();
    } catch (RuntimeException e) {
      throw ThalosLettuce.translate(e, endpoint);
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  private static ThalosSecurityException failsWith(String reason, ThalosRedisEndpoint endpoint) {
    ThalosSecurityException e = assertThrows(ThalosSecurityException.class, () -> ping(endpoint));
    failures.add(e);
    assertEquals(reason, e.reason(), () -> "unexpected reason for: " + e.getMessage());
    assertNoSecret(e);
    LoggerFactory.getLogger(ThalosLettuceTest.class).info("{} failed as expected: {}", LOG_MARKER, e.getMessage());
    return e;
  }

  static void assertNoSecret(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      for (String secret : SECRETS) {
        assertFalse(String.valueOf(t.getMessage()).contains(secret), "password in a message: " + t.getClass());
        assertFalse(t.toString().contains(secret), "password in toString: " + t.getClass());
      }
    }
  }

  private static Path writePem(String name, String pem) throws IOException {
    return Files.writeString(dir.resolve(name), pem, StandardCharsets.US_ASCII);
  }

  // ---------------------------------------------------------------------------------------------------------
  // what works

  @Test
  void tlsWithPemCaFile_connectsAndPings() throws IOException {
    Path ca = writePem("ca.pem", pki.ca().certificatePem());
    TlsSettings tls = TlsSettings.builder().trustAnchors(TrustAnchors.pemFile(ca)).build();

    assertEquals("PONG", ping(endpoint(optionalClientCerts.tlsPort(), tls).build()));
  }

  @Test
  void mutualTlsWithPemFiles_connectsToServerThatRequiresClientCertificates() throws IOException {
    Path ca = writePem("ca-mtls.pem", pki.ca().certificatePem());
    IssuedCertificate client = pki.clientCertificate();
    Path chain = client.writeChainPem(dir.resolve("client.crt"));
    Path key = client.writePrivateKeyPkcs8Pem(dir.resolve("client.key"));
    TlsSettings tls = TlsSettings.builder()
        .trustAnchors(TrustAnchors.pemFile(ca))
        .clientIdentity(ClientIdentity.pemFiles(chain, key))
        .build();

    assertEquals("PONG", ping(endpoint(requiredClientCerts.tlsPort(), tls).build()));
  }

  @Test
  void lettuceNeverGetsVerifyModeNone_evenForInsecureTrustAnyCertificate() {
    TlsSettings insecure = TlsSettings.builder()
        .trustAnchors(TrustAnchors.certificates(TestPki.unrelatedCa().certificate()))
        .insecureTrustAnyCertificate()
        .build();
    RedisURI full = ThalosLettuce.redisUri(endpoint(1, trustingTestCa()).build(), HandshakeProfile.MINIMAL);
    RedisURI none = ThalosLettuce.redisUri(endpoint(1, insecure).build(), HandshakeProfile.MINIMAL);

    assertEquals(SslVerifyMode.FULL, full.getVerifyMode());
    assertEquals(SslVerifyMode.CA, none.getVerifyMode());
    // our trust manager does the insecure part: an untrusted server is accepted ...
    assertEquals("PONG", ping(endpoint(optionalClientCerts.tlsPort(), insecure).build()));
  }

  @Test
  void insecureTrustAnyCertificate_stillEnforcesPins() {
    CertificatePin right = CertificatePin.of(pki.serverCertificate().certificate());
    CertificatePin wrong = CertificatePin.of(TestPki.unrelatedCa().certificate());
    TlsSettings.Builder insecure = TlsSettings.builder()
        .trustAnchors(TrustAnchors.certificates(TestPki.unrelatedCa().certificate()))
        .insecureTrustAnyCertificate();

    assertEquals("PONG",
        ping(endpoint(optionalClientCerts.tlsPort(), insecure.pins(right).build()).build()));
    failsWith(ConnectionSecurityException.TLS_PIN_MISMATCH,
        endpoint(optionalClientCerts.tlsPort(), insecure.clearPins().pins(wrong).build()).build());
  }

  @Test
  void pinMismatch_withFullVerification_isRefused() {
    TlsSettings pinned = trustingTestCa().mutate()
        .pins(CertificatePin.of(TestPki.unrelatedCa().certificate())).build();

    failsWith(ConnectionSecurityException.TLS_PIN_MISMATCH, endpoint(optionalClientCerts.tlsPort(), pinned).build());
  }

  @Test
  void tlsPolicy_isApplied_tls13OnlyClientRefusesATls12OnlyServer() {
    assertEquals("PONG", ping(endpoint(tls12Only.tlsPort(), trustingTestCa()).build()));

    failsWith(ConnectionSecurityException.TLS_HANDSHAKE_FAILED,
        endpoint(tls12Only.tlsPort(), trustingTestCa().mutate().policy(TlsPolicy.TLS13_ONLY).build()).build());
  }

  @Test
  void rotatedPassword_isUsedOnReconnect() throws Exception {
    Path file = dir.resolve("rotating.pw");
    Files.writeString(file, ROTATING_PASSWORD_1);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    ThalosRedisEndpoint endpoint = endpoint(optionalClientCerts.tlsPort(), trustingTestCa())
        .user("rotating").password(SecretSource.fromFile(file)).build();
    RedisClient client = ThalosLettuce.createClient(endpoint);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      assertEquals("PONG", connection.sync().ping());

      optionalClientCerts.aclSetUser("rotating", "resetpass", ">" + ROTATING_PASSWORD_2);
      Files.writeString(file, ROTATING_PASSWORD_2);
      optionalClientCerts.admin().commandOrThrow("CLIENT", "KILL", "USER", "rotating");

      // queued until Lettuce has reconnected, which only succeeds with the new password
      assertEquals("PONG", connection.sync().ping());
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
      optionalClientCerts.aclSetUser("rotating", "resetpass", ">" + ROTATING_PASSWORD_1);
    }
  }

  @Test
  void rotatedTrustAnchorFile_isReadOnTheNextConnect() throws IOException {
    Path ca = writePem("rotating-ca.pem", TestPki.unrelatedCa().certificatePem());
    ThalosRedisEndpoint endpoint = endpoint(optionalClientCerts.tlsPort(),
        TlsSettings.builder().trustAnchors(TrustAnchors.pemFile(ca)).build()).build();
    failsWith(ConnectionSecurityException.TLS_UNTRUSTED_CERTIFICATE, endpoint);

    writePem("rotating-ca.pem", pki.ca().certificatePem());

    assertEquals("PONG", ping(endpoint));
  }

  // ---------------------------------------------------------------------------------------------------------
  // each failure, distinct and without secrets

  @Test
  void wrongPassword_isWrongCredentials() {
    ThalosSecurityException e = failsWith(ConnectionSecurityException.AUTH_WRONG_CREDENTIALS,
        endpoint(optionalClientCerts.tlsPort(), trustingTestCa())
            .password(SecretSource.of(WRONG_PASSWORD.toCharArray())).build());
    assertTrue(e.getMessage().contains("pinger"), e.getMessage());
  }

  @Test
  void unknownUser_isAlsoWrongCredentials_becauseRedisDoesNotSayWhich() {
    ThalosSecurityException e = failsWith(ConnectionSecurityException.AUTH_WRONG_CREDENTIALS,
        endpoint(optionalClientCerts.tlsPort(), trustingTestCa()).user("nobody").build());
    assertTrue(e.getMessage().contains("unknown user"), e.getMessage());
  }

  @Test
  void noCredentials_whenTheDefaultUserIsOff_isAuthRequired() {
    ThalosRedisEndpoint endpoint = ThalosRedisEndpoint.builder().host("127.0.0.1")
        .port(optionalClientCerts.tlsPort()).tls(trustingTestCa()).namespace(WAX)
        .connectTimeout(Duration.ofSeconds(2)).build();

    failsWith(ConnectionSecurityException.AUTH_REQUIRED, endpoint);
  }

  @Test
  void untrustedCa_isUntrustedCertificate() {
    TlsSettings stranger = TlsSettings.builder()
        .trustAnchors(TrustAnchors.certificates(TestPki.unrelatedCa().certificate())).build();

    failsWith(ConnectionSecurityException.TLS_UNTRUSTED_CERTIFICATE,
        endpoint(optionalClientCerts.tlsPort(), stranger).build());
  }

  @Test
  void certificateForAnotherHost_isHostnameMismatch() {
    failsWith(ConnectionSecurityException.TLS_HOSTNAME_MISMATCH,
        endpoint(wrongName.tlsPort(), trustingTestCa()).build());
  }

  @Test
  void certificateForAnotherHost_isAcceptedOnlyWithInsecureSkipHostnameVerification() {
    TlsSettings skip = trustingTestCa().mutate().insecureSkipHostnameVerification().build();

    assertEquals("PONG", ping(endpoint(wrongName.tlsPort(), skip).build()));
  }

  @Test
  void configuredServerName_isSentAsSni_andTheCertificateMayMatchIt() {
    TlsSettings sni = trustingTestCa().mutate().serverName("redis.example").build();

    assertEquals("PONG", ping(endpoint(wrongName.tlsPort(), sni).build()));
    failsWith(ConnectionSecurityException.TLS_HOSTNAME_MISMATCH, endpoint(wrongName.tlsPort(),
        trustingTestCa().mutate().serverName("other.example").build()).build());
  }

  @Test
  void expiredServerCertificate_isCertificateExpired() {
    failsWith(ConnectionSecurityException.TLS_CERTIFICATE_EXPIRED,
        endpoint(expired.tlsPort(), trustingTestCa()).build());
  }

  @Test
  void missingClientCertificate_whenTheServerRequiresOne_isClientCertificateRequired() {
    failsWith(ConnectionSecurityException.TLS_CLIENT_CERTIFICATE_REQUIRED,
        endpoint(requiredClientCerts.tlsPort(), trustingTestCa()).build());
  }

  @Test
  void plaintextClientAgainstTheTlsPort_isPlaintextToTlsPort() {
    ThalosRedisEndpoint endpoint = plaintextEndpoint(optionalClientCerts.tlsPort());

    failsWith(ConnectionSecurityException.TLS_PLAINTEXT_TO_TLS_PORT, endpoint);
  }

  @Test
  void tlsClientAgainstAPlaintextPort_failsWithinTheConnectTimeout() {
    ThalosRedisEndpoint endpoint = endpoint(plaintext.port(), trustingTestCa())
        .connectTimeout(Duration.ofMillis(800)).build();
    long start = System.nanoTime();

    failsWith(ConnectionSecurityException.TLS_TLS_TO_PLAINTEXT_PORT, endpoint);

    long millis = (System.nanoTime() - start) / 1_000_000;
    assertTrue(millis < 5_000, "took " + millis + " ms");
  }

  @Test
  void nothingListening_isConnectionRefused() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }

    failsWith(ConnectionSecurityException.CONNECTION_REFUSED, endpoint(port, trustingTestCa()).build());
  }

  @Test
  void passwordFileRemovedAfterBuild_failsWithTheSecretSourcesOwnReason() throws IOException {
    Path file = dir.resolve("removed.pw");
    Files.writeString(file, PINGER_PASSWORD);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    ThalosRedisEndpoint endpoint = endpoint(optionalClientCerts.tlsPort(), trustingTestCa())
        .password(SecretSource.fromFile(file)).build();
    Files.delete(file);

    failsWith("auth.file-missing", endpoint);
  }

  @Test
  void trustAnchorFileRemovedAfterBuild_failsWithTheMaterialsOwnReason() throws IOException {
    Path ca = writePem("removed-ca.pem", pki.ca().certificatePem());
    ThalosRedisEndpoint endpoint = endpoint(optionalClientCerts.tlsPort(),
        TlsSettings.builder().trustAnchors(TrustAnchors.pemFile(ca)).build()).build();
    Files.delete(ca);

    failsWith("tls.file-missing", endpoint);
  }

  @Test
  void reasonsOfTheFailureScenarios_areAllDistinct() {
    List<String> reasons = List.of(
        ConnectionSecurityException.AUTH_WRONG_CREDENTIALS, ConnectionSecurityException.AUTH_REQUIRED,
        ConnectionSecurityException.TLS_UNTRUSTED_CERTIFICATE, ConnectionSecurityException.TLS_HOSTNAME_MISMATCH,
        ConnectionSecurityException.TLS_CERTIFICATE_EXPIRED,
        ConnectionSecurityException.TLS_CLIENT_CERTIFICATE_REQUIRED,
        ConnectionSecurityException.TLS_PLAINTEXT_TO_TLS_PORT, ConnectionSecurityException.TLS_TLS_TO_PLAINTEXT_PORT,
        ConnectionSecurityException.CONNECTION_REFUSED, ConnectionSecurityException.TLS_PIN_MISMATCH);

    assertEquals(reasons.size(), reasons.stream().distinct().count());
  }

  private static ThalosRedisEndpoint plaintextEndpoint(int port) {
    return ThalosRedisEndpoint.builder()
        .host("127.0.0.1")
        .port(port)
        .plaintextInsecure()
        .user("pinger")
        .password(SecretSource.of(PINGER_PASSWORD.toCharArray()))
        .namespace(WAX)
        .connectTimeout(Duration.ofSeconds(2))
        .build();
  }
}
