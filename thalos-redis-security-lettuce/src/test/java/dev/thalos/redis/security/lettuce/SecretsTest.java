package dev.thalos.redis.security.lettuce;

import static dev.thalos.redis.security.lettuce.TestRedis.WAX;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.thalos.redis.security.ThalosSecurityException;
import dev.thalos.redis.security.auth.AclCredentials;
import dev.thalos.redis.security.auth.SecretSource;
import dev.thalos.redis.security.channel.ChannelAcl;
import dev.thalos.redis.security.check.CheckReport;
import dev.thalos.redis.security.check.ReportFormat;
import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import dev.thalos.redis.security.endpoint.ThalosRole;
import dev.thalos.redis.security.testkit.RedisServer;
import dev.thalos.redis.security.testkit.TestPki;
import dev.thalos.redis.security.tls.TlsSettings;
import dev.thalos.redis.security.tls.TrustAnchors;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every failure path of the Lettuce adapter with one known password and scans everything a user could
 * see — log lines (ours and Lettuce's), exception messages, {@code toString()} and stack traces of whole cause
 * chains, rendered self-check reports, stats — for the password, its SHA-256 (hex, as in {@code ACL LIST}) and
 * its Base64.
 */
@Tag("integration")
class SecretsTest {

  private static final String PASSWORD = "known-Secret-9c41e7b2";

  @TempDir
  Path dir;

  private final List<String> seen = new ArrayList<>();

  private void record(String what, Object value) {
    seen.add(what + ": " + value);
  }

  private void recordFailure(String what, Throwable e) {
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    seen.add(what + ": " + trace);
  }

  /** Runs {@code action}, which must fail with our exception; records all of it. */
  private void fails(String what, Runnable action) {
    try {
      action.run();
      fail(what + " did not fail");
    } catch (ThalosSecurityException e) {
      recordFailure(what, e);
    } catch (RuntimeException e) {
      fail(what + " failed with " + e.getClass().getName() + " instead of our exception", e);
    }
  }

  private static void connect(ThalosRedisEndpoint endpoint) {
    RedisClient client = ThalosLettuce.createClient(endpoint);
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      c.sync().ping();
    } catch (ThalosSecurityException e) {
      throw e;
    } catch (RuntimeException e) {
      // Lettuce's RedisException, or a CompletionException around our own failure (e.g. a missing password file)
      throw ThalosLettuce.translate(e, endpoint);
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }

  private static ThalosRedisEndpoint.Builder endpoint(RedisServer server, TestPki pki, String user,
      SecretSource password) {
    ThalosRedisEndpoint.Builder b = ThalosRedisEndpoint.builder().host(server.host()).port(server.tlsPort())
        .tls(TestRedis.tls(pki)).namespace(WAX).role(ThalosRole.CLIENT)
        .connectTimeout(Duration.ofSeconds(10)).commandTimeout(Duration.ofSeconds(3));
    if (user != null) {
      b.user(user).password(password);
    }
    return b;
  }

  @Test
  void noFailurePath_showsThePasswordOrItsHash_anywhere() throws Exception {
    TestPki pki = TestPki.create();
    Path passwordFile = dir.resolve("victim.pw");
    Files.writeString(passwordFile, PASSWORD + "\n");
    Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
    try (LogCapture logs = LogCapture.start();
        RedisServer server = TestRedis.tlsServer(pki)
            .aclUsers("user victim on >" + PASSWORD
                + " resetchannels &ship::wax::heartbeat -@all +subscribe +ping")
            .start()) {
      SecretSource secret = SecretSource.of(PASSWORD.toCharArray());
      ThalosRedisEndpoint good = endpoint(server, pki, "victim", secret).build();
      record("endpoint", good);
      record("endpoint uri", good.toUri());
      record("secret source", secret);
      record("file secret source", SecretSource.fromFile(passwordFile));
      record("credentials", AclCredentials.of("victim", secret));
      record("ssl", TestRedis.tls(pki));

      // authentication
      fails("wrong password", () -> connect(endpoint(server, pki, "victim",
          SecretSource.of(("wrong-" + PASSWORD).toCharArray())).build()));
      fails("unknown user", () -> connect(endpoint(server, pki, "nobody", secret).build()));
      Path removed = dir.resolve("removed.pw");
      Files.writeString(removed, PASSWORD);
      Files.setPosixFilePermissions(removed, PosixFilePermissions.fromString("rw-------"));
      ThalosRedisEndpoint fromRemovedFile = endpoint(server, pki, "victim", SecretSource.fromFile(removed)).build();
      Files.delete(removed);
      fails("password file removed after build", () -> connect(fromRemovedFile));
      fails("password file removed, subscriber", () -> ThalosSubscriber.builder(fromRemovedFile)
          .channels(WAX.heartbeat()).listener((c, p) -> { }).build().start());

      // TLS
      fails("untrusted CA", () -> connect(endpoint(server, pki, "victim", secret)
          .tls(TlsSettings.builder().trustAnchors(TrustAnchors.certificates(TestPki.unrelatedCa().certificate()))
              .build()).build()));
      fails("pin mismatch", () -> connect(endpoint(server, pki, "victim", secret)
          .tls(TestRedis.tls(pki).mutate().pins("sha256/" + Base64.getEncoder().encodeToString(new byte[32]))
              .build()).build()));

      // ACL: a channel the user may not read, refused by Redis (no local ACL check)
      fails("NOPERM on subscribe", () -> ThalosSubscriber.builder(good).channels(WAX.transactions())
          .channelAcl(ChannelAcl.of("&ship::wax::*")).listener((c, p) -> { }).build().start());
      fails("NOPERM on publish", () -> {
        try (ThalosPublisher publisher = ThalosPublisher.builder(good.mutate().role(ThalosRole.SERVER).build())
            .channelAcl(ChannelAcl.of("&ship::wax::*")).connect()) {
          publisher.publish(WAX.heartbeat(), "x");
        }
      });

      // a running subscriber whose permission is revoked: refused resubscription, reported with its cause
      List<Throwable> causes = new java.util.concurrent.CopyOnWriteArrayList<>();
      try (ThalosSubscriber subscriber = ThalosSubscriber.builder(good).channels(WAX.heartbeat())
          .listener((c, p) -> { }).resubscribeTimeout(Duration.ofMillis(300))
          .maxReconnectDelay(Duration.ofMillis(100))
          .stateListener(new SubscriberStateListener() {
            @Override
            public void resubscribeFailed(List<String> missing, int attempt, Throwable cause) {
              if (cause != null) {
                causes.add(cause);
              }
            }
          }).build()) {
        subscriber.start();
        record("subscriber", subscriber);
        server.aclSetUser("victim", "resetchannels", "&ship::eos::*");
        Await.until("a refused resubscription", Duration.ofSeconds(15), () -> !causes.isEmpty());
        record("stats", subscriber.stats());
        server.aclSetUser("victim", "resetchannels", "&ship::wax::heartbeat");
      }
      for (Throwable cause : causes) {
        recordFailure("resubscribe refusal", cause);
      }

      // password rotated away: the old one fails on reconnect
      server.aclSetUser("victim", "resetpass", ">" + PASSWORD + "-rotated");
      fails("rotated away", () -> connect(good));
      server.aclSetUser("victim", "resetpass", ">" + PASSWORD);

      // the live self-check with these credentials, rendered in every format
      CheckReport report = LettuceSelfCheck.run(good);
      for (ReportFormat format : ReportFormat.values()) {
        record("self-check " + format, report.render(format));
      }
      record("self-check", report);
      CheckReport refused = LettuceSelfCheck.run(endpoint(server, pki, "victim",
          SecretSource.of(("wrong-" + PASSWORD).toCharArray())).build());
      for (ReportFormat format : ReportFormat.values()) {
        record("self-check, wrong password, " + format, refused.render(format));
      }

      logs.close();
      record("logs", logs.text());
    }

    String sha = HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
        .digest(PASSWORD.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    String base64 = Base64.getEncoder().encodeToString(PASSWORD.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    List<Supplier<String>> needles = List.of(() -> PASSWORD, () -> sha, () -> sha.toUpperCase(Locale.ROOT),
        () -> base64);
    int scanned = 0;
    for (String text : seen) {
      scanned += text.length();
      for (Supplier<String> needle : needles) {
        assertFalse(text.contains(needle.get()), () -> "secret found in "
            + text.substring(0, Math.min(200, text.length())));
      }
    }
    assertTrue(seen.size() >= 20, "scanned " + seen.size() + " outputs");
    assertEquals(0, seen.stream().filter(s -> s.contains("did not fail")).count());
    System.out.println("secrets: scanned " + seen.size() + " outputs, " + scanned + " characters");
  }
}
