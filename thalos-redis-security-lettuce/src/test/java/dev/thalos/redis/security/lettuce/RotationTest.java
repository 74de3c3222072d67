package dev.thalos.redis.security.lettuce;

import static dev.thalos.redis.security.lettuce.TestRedis.WAX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.ThalosSecurityException;
import dev.thalos.redis.security.auth.SecretSource;
import dev.thalos.redis.security.channel.ThalosChannel;
import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import dev.thalos.redis.security.endpoint.ThalosRole;
import dev.thalos.redis.security.testkit.IssuedCertificate;
import dev.thalos.redis.security.testkit.RedisServer;
import dev.thalos.redis.security.testkit.TestPki;
import dev.thalos.redis.security.tls.ClientIdentity;
import dev.thalos.redis.security.tls.TlsSettings;
import dev.thalos.redis.security.tls.TrustAnchors;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Certificate and password rotation on a running redis-server, without restarting the subscriber: the server's
 * certificate, key and CA are replaced with {@code CONFIG SET tls-cert-file/tls-key-file/tls-ca-cert-file},
 * the client's files are replaced on disk, and the subscriber picks the new material up on its next
 * (re)connect — forced with {@link ThalosSubscriber#reconnect()} or caused by {@code CLIENT KILL}. A client that
 * still has the old CA file, or the old password, fails.
 */
@Tag("integration")
class RotationTest {

  private static final ThalosChannel HEARTBEAT = WAX.heartbeat();
  private static final String PASSWORD_1 = "rotation-Secret-1-a9d3";
  private static final String PASSWORD_2 = "rotation-Secret-2-5be0";
  private static final String PASSWORD_3 = "rotation-Secret-3-77c1";

  private static LogCapture logs;

  @TempDir
  Path dir;

  @BeforeAll
  static void captureLogs() {
    logs = LogCapture.start();
  }

  @AfterAll
  static void noSecretInLogs() {
    logs.close();
    for (String secret : new String[] {PASSWORD_1, PASSWORD_2, PASSWORD_3, TestRedis.CLIENT_PASSWORD}) {
      assertFalse(logs.text().contains(secret), "a password reached a log line");
    }
  }

  /** Replaces {@code file} atomically, as a deployment tool should. */
  private Path replace(Path file, String content) throws IOException {
    Path tmp = Files.createTempFile(dir, "rotate", ".tmp");
    Files.writeString(tmp, content, StandardCharsets.US_ASCII);
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    return Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private static ThalosRedisEndpoint endpoint(RedisServer server, Path caFile, Path certFile, Path keyFile,
      String user, SecretSource password) {
    TlsSettings.Builder tls = TlsSettings.builder().trustAnchors(TrustAnchors.pemFile(caFile));
    if (certFile != null) {
      tls.clientIdentity(ClientIdentity.pemFiles(certFile, keyFile));
    }
    return ThalosRedisEndpoint.builder().host(server.host()).port(server.tlsPort()).tls(tls.build())
        .user(user).password(password).namespace(WAX).role(ThalosRole.CLIENT)
        .connectTimeout(Duration.ofSeconds(10)).commandTimeout(Duration.ofSeconds(5)).build();
  }

  private static String reasonOfConnecting(ThalosRedisEndpoint endpoint) {
    RedisClient client = ThalosLettuce.createClient(endpoint);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      return "connected: " + c.sync().ping();
    } catch (RedisException e) {
      return ThalosLettuce.translate(e, endpoint).reason();
    } catch (ThalosSecurityException e) {
      return e.reason();
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  private static void publish(RedisServer server, long block) {
    server.admin().commandOrThrow("PUBLISH", HEARTBEAT.name(),
        new String(BlockRecorder.heartbeat(block, 100), StandardCharsets.US_ASCII));
  }

  /** Publishes from {@code block} on until the subscriber receives one; returns the block received. */
  private static long publishUntilReceived(RedisServer server, BlockRecorder recorder, long block) {
    long[] next = {block};
    Await.until("a message from block " + block + " on", Duration.ofSeconds(10), () -> {
      publish(server, next[0]++);
      return recorder.lastBlock >= block;
    });
    return recorder.lastBlock;
  }

  @Test
  void serverAndClientCertificatesRotated_subscriberReconnectsWithTheNewMaterial_oldCaFileFails()
      throws IOException {
    TestPki oldPki = TestPki.create();
    TestPki newPki = TestPki.create();
    Path caFile = replace(dir.resolve("ca.pem"), oldPki.ca().certificatePem());
    Path oldCaFile = replace(dir.resolve("old-ca.pem"), oldPki.ca().certificatePem());
    IssuedCertificate oldClient = oldPki.clientCertificate();
    IssuedCertificate newClient = newPki.clientCertificate();
    Path certFile = replace(dir.resolve("client.crt"), oldClient.chainPem());
    Path keyFile = replace(dir.resolve("client.key"), oldClient.privateKeyPkcs8Pem());

    try (RedisServer server = RedisServer.builder().tls(oldPki.serverTls()).tlsAuthClients("yes")
        .aclUsers(TestRedis.CLIENT_USER).start()) {
      BlockRecorder recorder = new BlockRecorder(10_000);
      ThalosRedisEndpoint endpoint = endpoint(server, caFile, certFile, keyFile, "sub",
          SecretSource.of(TestRedis.CLIENT_PASSWORD.toCharArray()));
      try (ThalosSubscriber subscriber = ThalosSubscriber.builder(endpoint).channels(HEARTBEAT)
          .listener(recorder).stateListener(recorder).gapListener(recorder)
          .maxReconnectDelay(Duration.ofMillis(200)).build()) {
        subscriber.start();
        publishUntilReceived(server, recorder, 1);

        // 1. the server switches to a certificate from the new CA, and accepts only client certificates of it
        Path serverCert = newPki.serverCertificate().writeChainPem(dir.resolve("server.crt"));
        Path serverKey = newPki.serverCertificate().writePrivateKeyPkcs8Pem(dir.resolve("server.key"));
        Path serverCa = newPki.ca().writeCertificatePem(dir.resolve("server-ca.pem"));
        server.admin().commandOrThrow("CONFIG", "SET", "tls-cert-file", serverCert.toString(),
            "tls-key-file", serverKey.toString(), "tls-ca-cert-file", serverCa.toString());

        // 2. the live connection is dropped; with the old files every reconnect is refused
        server.admin().commandOrThrow("CLIENT", "KILL", "USER", "sub");
        Await.until("the disconnect", Duration.ofSeconds(5), () -> subscriber.stats().disconnects() >= 1);
        long start = System.nanoTime();
        while (System.nanoTime() - start < Duration.ofMillis(1500).toNanos()) {
          assertFalse(subscriber.isSubscribed(), "reconnected although it trusts only the old CA");
          sleep(50);
        }

        // 3. the client's files are rotated: it reconnects by itself (no restart, no call needed)
        replace(caFile, newPki.ca().certificatePem());
        replace(keyFile, newClient.privateKeyPkcs8Pem());
        replace(certFile, newClient.chainPem());
        Await.until("reconnect with the new material", Duration.ofSeconds(15), subscriber::isSubscribed,
            () -> subscriber.stats().toString());
        long resumed = publishUntilReceived(server, recorder, 1000);
        assertTrue(recorder.gaps.size() == 1 && recorder.gaps.get(0).covers(resumed - 1), recorder.gaps::toString);
        assertEquals(0, subscriber.stats().resubscribeFailures());
      }

      // 4. what still has the old material fails
      assertEquals(ConnectionSecurityException.TLS_UNTRUSTED_CERTIFICATE, reasonOfConnecting(endpoint(server,
          oldCaFile, certFile, keyFile, "sub", SecretSource.of(TestRedis.CLIENT_PASSWORD.toCharArray()))));
      Path oldCert = replace(dir.resolve("old-client.crt"), oldClient.chainPem());
      Path oldKey = replace(dir.resolve("old-client.key"), oldClient.privateKeyPkcs8Pem());
      String oldIdentity = reasonOfConnecting(endpoint(server, caFile, oldCert, oldKey, "sub",
          SecretSource.of(TestRedis.CLIENT_PASSWORD.toCharArray())));
      assertTrue(oldIdentity.startsWith("tls.") || oldIdentity.startsWith("connection."), oldIdentity);
      assertEquals("connected: PONG", reasonOfConnecting(endpoint(server, caFile, certFile, keyFile, "sub",
          SecretSource.of(TestRedis.CLIENT_PASSWORD.toCharArray()))));
    }
  }

  @Test
  void zeroDowntimeCaRotation_trustBothThenSwitchServerThenDropOld_withReconnectOnDemand() throws IOException {
    TestPki oldPki = TestPki.create();
    TestPki newPki = TestPki.create();
    Path caFile = replace(dir.resolve("ca.pem"), oldPki.ca().certificatePem());
    try (RedisServer server = RedisServer.builder().tls(oldPki.serverTls()).tlsAuthClients("optional")
        .aclUsers(TestRedis.CLIENT_USER).start()) {
      BlockRecorder recorder = new BlockRecorder(10_000);
      ThalosRedisEndpoint endpoint = endpoint(server, caFile, null, null, "sub",
          SecretSource.of(TestRedis.CLIENT_PASSWORD.toCharArray()));
      try (ThalosSubscriber subscriber = ThalosSubscriber.builder(endpoint).channels(HEARTBEAT)
          .listener(recorder).stateListener(recorder).gapListener(recorder)
          .maxReconnectDelay(Duration.ofMillis(200)).build()) {
        subscriber.start();
        publishUntilReceived(server, recorder, 1);

        replace(caFile, oldPki.ca().certificatePem() + newPki.ca().certificatePem());
        subscriber.reconnect();
        Await.until("reconnect on demand", Duration.ofSeconds(10),
            () -> subscriber.stats().reconnects() == 1 && subscriber.isSubscribed());

        Path serverCert = newPki.serverCertificate().writeChainPem(dir.resolve("server.crt"));
        Path serverKey = newPki.serverCertificate().writePrivateKeyPkcs8Pem(dir.resolve("server.key"));
        server.admin().commandOrThrow("CONFIG", "SET", "tls-cert-file", serverCert.toString(),
            "tls-key-file", serverKey.toString());
        subscriber.reconnect();
        Await.until("reconnect to the new certificate", Duration.ofSeconds(10),
            () -> subscriber.stats().reconnects() == 2 && subscriber.isSubscribed());

        replace(caFile, newPki.ca().certificatePem());
        subscriber.reconnect();
        Await.until("reconnect trusting only the new CA", Duration.ofSeconds(10),
            () -> subscriber.stats().reconnects() == 3 && subscriber.isSubscribed());
        publishUntilReceived(server, recorder, 100);
        assertEquals(3, subscriber.stats().disconnects(), subscriber.stats().toString());
      }
      assertThrows(IllegalStateException.class, () -> ThalosSubscriber.builder(endpoint).channels(HEARTBEAT)
          .listener(recorder).build().reconnect());
    }
  }

  @Test
  void passwordRotatedWithAclSetuser_isReadFromItsFileOnTheNextReconnect_oldPasswordFailsAfterRemoval()
      throws IOException {
    TestPki pki = TestPki.create();
    Path caFile = replace(dir.resolve("ca.pem"), pki.ca().certificatePem());
    Path passwordFile = replace(dir.resolve("sub.pw"), PASSWORD_1 + "\n");
    try (RedisServer server = RedisServer.builder().tls(pki.serverTls()).tlsAuthClients("optional")
        .aclUsers("user sub on >" + PASSWORD_1 + " resetchannels &ship::wax::* -@all +subscribe +ping").start()) {
      BlockRecorder recorder = new BlockRecorder(10_000);
      ThalosRedisEndpoint endpoint = endpoint(server, caFile, null, null, "sub",
          SecretSource.fromFile(passwordFile));
      try (ThalosSubscriber subscriber = ThalosSubscriber.builder(endpoint).channels(HEARTBEAT)
          .listener(recorder).stateListener(recorder).gapListener(recorder)
          .maxReconnectDelay(Duration.ofMillis(200)).build()) {
        subscriber.start();
        publishUntilReceived(server, recorder, 1);

        // old and new valid for a while; the file gets the new one; the next connect uses it
        server.aclSetUser("sub", ">" + PASSWORD_2);
        replace(passwordFile, PASSWORD_2 + "\n");
        subscriber.reconnect();
        Await.until("reconnect with the new password", Duration.ofSeconds(10),
            () -> subscriber.stats().reconnects() == 1 && subscriber.isSubscribed());
        // then the old one is removed; a dropped connection comes back with the new one
        server.aclSetUser("sub", "<" + PASSWORD_1);
        server.admin().commandOrThrow("CLIENT", "KILL", "USER", "sub");
        Await.until("reconnect after CLIENT KILL", Duration.ofSeconds(10),
            () -> subscriber.stats().reconnects() == 2 && subscriber.isSubscribed());
        publishUntilReceived(server, recorder, 100);

        // a rotation the file has not caught up with: refused until the file is updated, then it recovers
        server.aclSetUser("sub", "resetpass", ">" + PASSWORD_3);
        server.admin().commandOrThrow("CLIENT", "KILL", "USER", "sub");
        sleep(1000);
        assertFalse(subscriber.isSubscribed(), "connected with a password the server no longer accepts");
        replace(passwordFile, PASSWORD_3 + "\n");
        Await.until("recovery once the file has the password", Duration.ofSeconds(15), subscriber::isSubscribed);
        publishUntilReceived(server, recorder, 200);
        assertEquals(2, recorder.gaps.size(), recorder.gaps::toString);
      }
      assertEquals(ConnectionSecurityException.AUTH_WRONG_CREDENTIALS, reasonOfConnecting(endpoint(server, caFile,
          null, null, "sub", SecretSource.of(PASSWORD_1.toCharArray()))));
      assertEquals(ConnectionSecurityException.AUTH_WRONG_CREDENTIALS, reasonOfConnecting(endpoint(server, caFile,
          null, null, "sub", SecretSource.of(PASSWORD_2.toCharArray()))));
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
