package dev.thalos.redis.security.benchmarks;

import dev.thalos.redis.security.auth.SecretSource;
import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import dev.thalos.redis.security.endpoint.ThalosRole;
import dev.thalos.redis.security.testkit.RedisServer;
import dev.thalos.redis.security.testkit.TestPki;
import dev.thalos.redis.security.tls.ClientIdentity;
import dev.thalos.redis.security.tls.TlsSettings;
import dev.thalos.redis.security.tls.TrustAnchors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;

/**
 * The benchmarks' redis-server (started by the test kit on free loopback ports, never 6379): a plaintext and a
 * TLS port on one process ({@code tls-auth-clients optional}, so TLS with and without a client certificate
 * both work), a publisher user, a least-privilege subscriber user and an admin user with random passwords,
 * no persistence,
 * and no {@code client-output-buffer-limit} for pub/sub clients — so that a subscriber that falls behind is
 * measured (its backlog is reported) instead of being disconnected.
 */
final class BenchmarkRedis implements AutoCloseable {

  static final String PUBLISHER = "thalos";
  static final String SUBSCRIBER = "sub";
  static final String ADMIN = "bench-admin";

  final TestPki pki;
  final RedisServer server;
  final String publisherPassword;
  final String subscriberPassword;
  final String adminPassword;
  final Path caPem;
  final Path clientCertificatePem;
  final Path clientKeyPem;

  private BenchmarkRedis(TestPki pki, RedisServer server, String publisherPassword, String subscriberPassword,
      String adminPassword) {
    this.pki = pki;
    this.server = server;
    this.publisherPassword = publisherPassword;
    this.subscriberPassword = subscriberPassword;
    this.adminPassword = adminPassword;
    try {
      Path dir = Files.createTempDirectory("thalos-bench-pki");
      dir.toFile().deleteOnExit();
      caPem = pki.ca().writeCertificatePem(dir.resolve("ca.pem"));
      clientCertificatePem = pki.clientCertificate().writeChainPem(dir.resolve("client.pem"));
      clientKeyPem = pki.clientCertificate().writePrivateKeyPkcs8Pem(dir.resolve("client.key"));
      for (Path p : new Path[] {caPem, clientCertificatePem, clientKeyPem}) {
        p.toFile().deleteOnExit();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static BenchmarkRedis start() {
    String publisherPassword = randomPassword();
    String subscriberPassword = randomPassword();
    String adminPassword = randomPassword();
    TestPki pki = TestPki.create();
    RedisServer server = RedisServer.builder()
        .tls(pki.serverTls())
        .plaintextPortAlso(true)
        .tlsAuthClients("optional")
        .directive("client-output-buffer-limit", "pubsub", "0", "0", "0")
        .aclUsers(
            "user " + PUBLISHER + " on >" + publisherPassword
                + " resetchannels &ship::wax::* resetkeys ~thalos::cache::* -@all +publish +ping +get +set",
            "user " + SUBSCRIBER + " on >" + subscriberPassword
                + " resetchannels &ship::wax::* -@all +subscribe +unsubscribe +ping",
            "user " + ADMIN + " on >" + adminPassword + " ~* &* +@all")
        .start();
    return new BenchmarkRedis(pki, server, publisherPassword, subscriberPassword, adminPassword);
  }

  /** Cipher suites from {@code -Dthalos.bench.tls.ciphers=A,B} (both subscribers), else none (defaults). */
  static String[] cipherSuites() {
    String list = System.getProperty("thalos.bench.tls.ciphers", "");
    return list.isBlank() ? new String[0] : list.split(",");
  }

  int port(Transport transport) {
    return transport == Transport.PLAINTEXT ? server.port() : server.tlsPort();
  }

  /** The subscriber's endpoint for this library: TLS verifies the server fully (CA + IP SAN). */
  ThalosRedisEndpoint subscriberEndpoint(Transport transport) {
    return endpoint(ThalosRole.CLIENT, transport);
  }

  /** The endpoint of a role's user: client = subscriber, server = publisher, admin. */
  ThalosRedisEndpoint endpoint(ThalosRole role, Transport transport) {
    String user = role == ThalosRole.CLIENT ? SUBSCRIBER : role == ThalosRole.SERVER ? PUBLISHER : ADMIN;
    String password = role == ThalosRole.CLIENT ? subscriberPassword
        : role == ThalosRole.SERVER ? publisherPassword : adminPassword;
    ThalosRedisEndpoint.Builder b = ThalosRedisEndpoint.builder()
        .host(server.host())
        .port(port(transport))
        .user(user)
        .password(SecretSource.of(password.toCharArray()))
        .namespace(ThalosMessages.WAX)
        .role(role)
        .connectTimeout(Duration.ofSeconds(10))
        .commandTimeout(Duration.ofSeconds(30));
    switch (transport) {
      case PLAINTEXT:
        b.plaintextInsecure();
        break;
      case TLS:
        b.tls(tls(false));
        break;
      case MTLS:
        b.tls(tls(true));
        break;
      default:
        throw new IllegalStateException("unknown transport " + transport);
    }
    return b.build();
  }

  TlsSettings tls(boolean clientCertificate) {
    TlsSettings.Builder tls = TlsSettings.builder().trustAnchors(TrustAnchors.certificates(pki.ca().certificate()));
    String[] ciphers = cipherSuites();
    if (ciphers.length > 0) {
      tls.cipherSuites(ciphers);
    }
    if (clientCertificate) {
      tls.clientIdentity(ClientIdentity.pemFiles(clientCertificatePem, clientKeyPem));
    }
    return tls.build();
  }

  /** CPU time (user + system) the server process has used so far, in milliseconds. */
  long serverCpuMillis() {
    return ProcessCpu.ofPid(server.pid());
  }

  @Override
  public void close() {
    server.close();
  }

  private static String randomPassword() {
    byte[] b = new byte[16];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
