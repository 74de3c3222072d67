package dev.thalos.redis.security.lettuce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.ThalosSecurityException;
import dev.thalos.redis.security.auth.SecretSource;
import dev.thalos.redis.security.channel.ThalosNamespace;
import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import dev.thalos.redis.security.testkit.TestPki;
import dev.thalos.redis.security.tls.TlsSettings;
import dev.thalos.redis.security.tls.TrustAnchors;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import java.net.ConnectException;
import java.net.SocketException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateException;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Reason codes from cause chains shaped like Lettuce's (the real chains are exercised in ThalosLettuceTest). */
@Tag("unit")
class ConnectionSecurityExceptionTest {

  private static final String PASSWORD = "unit-Secret-55aa";

  private static final ThalosRedisEndpoint TLS = ThalosRedisEndpoint.builder().host("redis.example").port(6380)
      .tls(TlsSettings.builder().trustAnchors(TrustAnchors.certificates(TestPki.unrelatedCa().certificate()))
          .build())
      .user("sub").password(SecretSource.of(PASSWORD.toCharArray()))
      .namespace(ThalosNamespace.of("wax")).build();

  private static final ThalosRedisEndpoint PLAIN = ThalosRedisEndpoint.builder().host("redis.example")
      .port(6379).plaintextInsecure().user("sub").password(SecretSource.of(PASSWORD.toCharArray()))
      .namespace(ThalosNamespace.of("wax")).build();

  private static String reason(Throwable cause, ThalosRedisEndpoint endpoint) {
    ThalosSecurityException e = ThalosLettuce.translate(cause, endpoint);
    assertFalse(e.getMessage().contains(PASSWORD));
    assertTrue(e.getMessage().contains(endpoint.toUri()), e.getMessage());
    return e.reason();
  }

  private static RedisConnectionException connect(Throwable cause) {
    return new RedisConnectionException("Unable to connect to redis.example/<unresolved>:6380", cause);
  }

  @Test
  void redisErrorReplies_mapByPrefix() {
    assertEquals("auth.wrong-credentials", reason(connect(new RedisCommandExecutionException(
        "WRONGPASS invalid username-password pair or user is disabled.")), TLS));
    assertEquals("auth.required", reason(connect(new RedisCommandExecutionException(
        "NOAUTH HELLO must be called with the client already authenticated")), TLS));
    assertEquals("acl.noperm", reason(new CompletionException(new RedisCommandExecutionException(
        "NOPERM this user has no permissions to access one of the channels used as arguments")), TLS));
  }

  @Test
  void certificateFailures_mapByType() {
    SSLHandshakeException expired = new SSLHandshakeException("PKIX path validation failed");
    expired.initCause(new CertificateException(new CertificateExpiredException("NotAfter: ...")));
    assertEquals("tls.certificate-expired", reason(connect(expired), TLS));

    SSLHandshakeException host = new SSLHandshakeException(
        "No subject alternative DNS name matching redis.example found.");
    assertEquals("tls.hostname-mismatch", reason(connect(host), TLS));

    SSLHandshakeException required = new SSLHandshakeException("Received fatal alert: certificate_required");
    assertEquals("tls.client-certificate-required", reason(connect(required), TLS));

    assertEquals("tls.handshake-failed", reason(connect(new SSLHandshakeException("something else")), TLS));
  }

  @Test
  void transportFailures_dependOnWhetherTheEndpointUsesTls() {
    assertEquals("tls.plaintext-to-tls-port", reason(connect(new SocketException("Connection reset")), PLAIN));
    assertEquals("connection.failed", reason(connect(new SocketException("Connection reset")), TLS));
    RedisCommandTimeoutException init = new RedisCommandTimeoutException(
        "Connection initialization timed out after 2 second(s)");
    assertEquals("tls.tls-to-plaintext-port", reason(connect(init), TLS));
    assertEquals("connection.timeout", reason(connect(init), PLAIN));
    assertEquals("connection.refused", reason(connect(new ConnectException("Connection refused")), TLS));
  }

  @Test
  void ourOwnDomainExceptions_passThrough() {
    ThalosSecurityException own = new ThalosSecurityException("auth.file-missing", "no file");

    assertSame(own, ThalosLettuce.translate(connect(own), TLS));
  }

  @Test
  void unknownFailures_areConnectionFailed_withTheCauseKept() {
    IllegalStateException odd = new IllegalStateException("odd");
    ThalosSecurityException e = ThalosLettuce.translate(connect(odd), TLS);

    assertEquals("connection.failed", e.reason());
    assertSame(odd, e.getCause().getCause());
  }
}
