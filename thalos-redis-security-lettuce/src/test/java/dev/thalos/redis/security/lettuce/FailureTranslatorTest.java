package dev.thalos.redis.security.lettuce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.ThalosSecurityException;
import dev.thalos.redis.security.auth.SecretSource;
import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulConnection;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What a server's error text may and may not reach; which failure of a cluster's or sentinel set's tree of failures
 * a message quotes; the guard of {@link ThalosLettuce#forceReconnect}.
 */
@Tag("unit")
class FailureTranslatorTest {

  private static final String PASSWORD = "echoed-Secret-31f0";

  private static final ThalosRedisEndpoint ENDPOINT = ThalosRedisEndpoint.builder().host("127.0.0.1").port(6390)
      .plaintextInsecure().user("sub").password(SecretSource.of(PASSWORD.toCharArray())).namespace(TestRedis.WAX)
      .build();

  private static String everything(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  @Test
  void anErrorReplyEchoingThePassword_reachesNeitherOurMessageNorOurCauseChain() {
    RedisCommandExecutionException reply = new RedisCommandExecutionException("WRONGPASS you sent AUTH sub "
        + PASSWORD);
    Throwable lettuce = new CompletionException(new RedisConnectionException("Unable to connect", reply));

    ThalosSecurityException e = ThalosLettuce.translate(lettuce, ENDPOINT);

    assertEquals(ConnectionSecurityException.AUTH_WRONG_CREDENTIALS, e.reason());
    assertFalse(everything(e).contains(PASSWORD), everything(e));
    String chain = everything(e);
    assertTrue(chain.contains(RedisCommandExecutionException.class.getName() + ": WRONGPASS"), chain);
    assertTrue(chain.contains(RedisConnectionException.class.getName() + ": Unable to connect"), chain);
  }

  @Test
  void noPermWithEchoedText_keepsOnlyTheKindOfRefusal() {
    ThalosSecurityException e = ThalosLettuce.translate(new RedisCommandExecutionException(
        "NOPERM this user has no permissions to access one of the channels used as arguments " + PASSWORD),
        ENDPOINT);

    assertEquals(ConnectionSecurityException.ACL_NOPERM, e.reason());
    assertTrue(e.getMessage().contains("no permission to access a channel"), e.getMessage());
    assertFalse(everything(e).contains(PASSWORD));
  }

  @Test
  void failuresWithoutAServerReply_keepTheirOriginalCause() {
    RedisConnectionException refused = new RedisConnectionException("Unable to connect to 127.0.0.1:6390");

    assertSame(refused, FailureTranslator.withoutServerText(refused));
  }

  @Test
  void errorCode_isTheLeadingCapitalWordOnly() {
    assertEquals("WRONGPASS", FailureTranslator.errorCode("WRONGPASS invalid username-password pair"));
    assertEquals("NOAUTH", FailureTranslator.errorCode("NOAUTH"));
    assertEquals("ERR?", FailureTranslator.errorCode("wrongpass lower case"));
    assertEquals("ERR?", FailureTranslator.errorCode(PASSWORD));
    assertEquals("ERR?", FailureTranslator.errorCode("A".repeat(40) + " long"));
    assertEquals("ERR?", FailureTranslator.errorCode(null));
  }

  /**
   * Lettuce's sentinel failure: "Cannot connect to a Redis Sentinel" caused by the failure of the sentinel tried
   * last, the failures of the sentinels tried before it attached as suppressed (RedisClient.connectSentinelAsync).
   */
  private static RedisConnectionException sentinelFailure(Throwable lastTried, Throwable... triedBefore) {
    RedisURI sentinel = RedisURI.Builder.sentinel("127.0.0.1", 26379, "thalos").withSentinel("127.0.0.1", 26380)
        .build();
    RedisConnectionException failure = new RedisConnectionException("Cannot connect to a Redis Sentinel: "
        + sentinel.getSentinels(), new RedisConnectionException("Cannot connect Redis Sentinel at "
        + sentinel.getSentinels().get(1), lastTried));
    for (Throwable t : triedBefore) {
      failure.addSuppressed(new RedisConnectionException("Cannot connect Redis Sentinel at "
          + sentinel.getSentinels().get(0), t));
    }
    return failure;
  }

  @Test
  void unclassifiedSentinelFailure_quotesTheRootOfTheFailure_notOfASentinelTriedBefore() {
    Throwable lettuce = new CompletionException(sentinelFailure(new IOException("Broken pipe (last sentinel)"),
        new IllegalStateException("odd state (first sentinel)")));

    ThalosSecurityException e = ThalosLettuce.translate(lettuce, ENDPOINT);

    assertEquals(ConnectionSecurityException.CONNECTION_FAILED, e.reason());
    assertTrue(e.getMessage().endsWith(" failed: Broken pipe (last sentinel)"), e.getMessage());
    assertFalse(e.getMessage().contains("first sentinel"), e.getMessage());
  }

  @Test
  void unclassifiedClusterFailure_quotesTheSummaryOfEveryNode_withoutThePasswordOrItsLength() {
    // DefaultClusterTopologyRefresh: no cause, the failure of every seed node attached as suppressed
    List<RedisURI> seeds = List.of(RedisURI.Builder.redis("127.0.0.1", 7000).withAuthentication("sub", PASSWORD)
        .build(), RedisURI.Builder.redis("127.0.0.1", 7001).withAuthentication("sub", PASSWORD).build());
    RedisException partitions = new RedisException("Cannot retrieve cluster partitions from " + seeds);
    for (RedisURI seed : seeds) {
      partitions.addSuppressed(new RedisConnectionException("Unable to connect to [" + seed + "]: odd",
          new IllegalStateException("odd state (node " + seed.getPort() + ")")));
    }

    ThalosSecurityException e = ThalosLettuce.translate(new CompletionException(partitions), ENDPOINT);

    assertEquals(ConnectionSecurityException.CONNECTION_FAILED, e.reason());
    assertTrue(e.getMessage().endsWith(" failed: RedisException: Cannot retrieve cluster partitions from"
        + " [redis://sub@127.0.0.1:7000, redis://sub@127.0.0.1:7001]"), e.getMessage());
    assertFalse(e.getMessage().contains("odd state"), e.getMessage());
    assertFalse(e.getMessage().contains("**"), e.getMessage());
    assertFalse(everything(e).contains(PASSWORD), everything(e));
  }

  @Test
  void classifiedFailureOfASentinelTriedBefore_stillGivesTheReason() {
    // the failure of the sentinel tried last says nothing; one tried before was refused: the reason is that one
    Throwable lettuce = sentinelFailure(new IllegalStateException("odd"),
        new ConnectException("Connection refused"));

    assertEquals(ConnectionSecurityException.CONNECTION_REFUSED, ThalosLettuce.translate(lettuce, ENDPOINT).reason());
  }

  @Test
  void tlsConnectionClosedBeforeLettucesHandshake_isATlsHandshakeFailure_notAnUnexplainedOne() {
    // what Lettuce reports when the server refused the TLS handshake at once and tore the channel down before
    // Lettuce looked for its handshake handler (it drops the TLS failure itself)
    ThalosRedisEndpoint tls = ThalosRedisEndpoint.builder().host("127.0.0.1").port(6390)
        .tls(dev.thalos.redis.security.tls.TlsSettings.builder()
            .trustAnchors(dev.thalos.redis.security.tls.TrustAnchors.systemDefault()).build())
        .user("sub").password(SecretSource.of(PASSWORD.toCharArray())).namespace(TestRedis.WAX).build();
    Throwable lettuce = new CompletionException(new IllegalStateException(FailureTranslator.HANDLER_NOT_REGISTERED));

    ThalosSecurityException e = ThalosLettuce.translate(lettuce, tls);

    assertEquals(ConnectionSecurityException.TLS_HANDSHAKE_FAILED, e.reason());
    assertTrue(e.getMessage().contains("closed the connection during the TLS handshake"), e.getMessage());
    assertEquals(ConnectionSecurityException.CONNECTION_CLOSED, ThalosLettuce.translate(lettuce, ENDPOINT).reason());
  }

  @Test
  void plaintextConnectionClosed_isConnectionClosed_notAPlaintextClientAtATlsPort() {
    // a closed connection is no sign of a TLS port: a server restarting, or CLIENT KILL, closes it too
    Throwable lettuce = new CompletionException(new RedisConnectionException("Unable to connect to 127.0.0.1:6390",
        new RedisException("Connection closed")));

    ThalosSecurityException e = ThalosLettuce.translate(lettuce, ENDPOINT);

    assertEquals(ConnectionSecurityException.CONNECTION_CLOSED, e.reason());
    assertTrue(e.getMessage().endsWith(": the connection was closed"), e.getMessage());
  }

  @Test
  void anErrorReplyEchoingThePassword_fromASentinelTriedBefore_reachesNeitherOurMessageNorOurCauseChain() {
    // the sentinel tried last refused the connection: nothing in the failure's own chain is a reply
    Throwable lettuce = sentinelFailure(new ConnectException("Connection refused"),
        new RedisCommandExecutionException("WRONGPASS you sent AUTH sub " + PASSWORD));

    ThalosSecurityException e = ThalosLettuce.translate(lettuce, ENDPOINT);

    assertEquals(ConnectionSecurityException.AUTH_WRONG_CREDENTIALS, e.reason());
    String chain = everything(e);
    assertFalse(chain.contains(PASSWORD), chain);
    assertTrue(chain.contains("Suppressed: " + FailureTranslator.WithheldServerText.class.getName() + ": "
        + RedisConnectionException.class.getName() + ": Cannot connect Redis Sentinel at"), chain);
    assertTrue(chain.contains(RedisCommandExecutionException.class.getName() + ": WRONGPASS"), chain);
    assertTrue(chain.contains(ConnectException.class.getName() + ": Connection refused"), chain);
  }

  @Test
  void anErrorReplyEchoingThePassword_inAClusterSummary_reachesNeitherOurMessageNorOurCauseChain() {
    // DefaultClusterTopologyRefresh quotes the failure of every node in its own message
    String reply = "WRONGPASS you sent AUTH sub " + PASSWORD;
    RedisException partitions = new RedisException("Cannot retrieve cluster partitions from"
        + " [redis://127.0.0.1:7000]\n\nDetails:\n\t[redis://127.0.0.1:7000]: " + reply);
    partitions.addSuppressed(new RedisConnectionException("Unable to connect to [redis://127.0.0.1:7000]: "
        + reply, new RedisCommandExecutionException(reply)));
    partitions.addSuppressed(partitions.getSuppressed()[0]); // attached twice: copied once

    ThalosSecurityException e = ThalosLettuce.translate(new CompletionException(partitions), ENDPOINT);

    assertEquals(ConnectionSecurityException.AUTH_WRONG_CREDENTIALS, e.reason());
    String chain = everything(e);
    assertFalse(chain.contains(PASSWORD), chain);
    assertTrue(chain.contains(RedisException.class.getName() + ": (message withheld: it quotes a server reply)"),
        chain);
  }

  /**
   * A cluster summary as DefaultClusterTopologyRefresh builds it: its own message repeats the failure of every node,
   * the server's error text included.
   */
  private static RedisConnectionException clusterSummary(String... nodeFailures) {
    StringBuilder message = new StringBuilder("Cannot retrieve cluster partitions from [redis://127.0.0.1:7000,"
        + " redis://127.0.0.1:7001]\n\nDetails:");
    for (int i = 0; i < nodeFailures.length; i++) {
      message.append("\n\t[redis://127.0.0.1:").append(7000 + i).append("]: ").append(nodeFailures[i]);
    }
    return new RedisConnectionException(message.toString());
  }

  @Test
  void clusterSummaryQuotingAnOddReply_causedByIt_keepsTheReplyOutOfOurMessage() {
    String reply = "ERR odd " + PASSWORD;
    RedisConnectionException summary = clusterSummary(reply);
    summary.initCause(new RedisCommandExecutionException(reply));

    ThalosSecurityException e = ThalosLettuce.translate(new CompletionException(summary), ENDPOINT);

    assertEquals(ConnectionSecurityException.CONNECTION_FAILED, e.reason());
    assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
    assertFalse(everything(e).contains(PASSWORD), everything(e));
  }

  @Test
  void clusterSummaryQuotingAnOddReply_ofASuppressedNodeFailure_keepsTheReplyOutOfOurMessage() {
    // no cause: the summary itself is the root that the connection.failed message quotes
    String reply = "ERR odd " + PASSWORD;
    RedisConnectionException summary = clusterSummary(reply);
    summary.addSuppressed(new RedisConnectionException("Unable to connect to [redis://127.0.0.1:7000]: " + reply,
        new RedisCommandExecutionException(reply)));

    ThalosSecurityException e = ThalosLettuce.translate(new CompletionException(summary), ENDPOINT);

    assertEquals(ConnectionSecurityException.CONNECTION_FAILED, e.reason());
    assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
    assertFalse(everything(e).contains(PASSWORD), everything(e));
    // what is not the server's stays: which nodes, and the code of the reply
    assertTrue(e.getMessage().contains("Cannot retrieve cluster partitions from [redis://127.0.0.1:7000,"),
        e.getMessage());
    assertTrue(e.getMessage().contains("ERR (the server's error text is withheld)"), e.getMessage());
  }

  @Test
  void clusterSummaryQuotingAnOddReply_besideAHostNameMismatch_keepsTheReplyOutOfOurMessage() {
    String reply = "ERR odd " + PASSWORD;
    String mismatch = "No subject alternative names matching IP address 127.0.0.1 found";
    RedisConnectionException summary = clusterSummary(mismatch, reply);
    summary.addSuppressed(new RedisConnectionException("Unable to connect to [redis://127.0.0.1:7000]: " + mismatch,
        new SSLHandshakeException(mismatch)));
    summary.addSuppressed(new RedisConnectionException("Unable to connect to [redis://127.0.0.1:7001]: " + reply,
        new RedisCommandExecutionException(reply)));

    ThalosSecurityException e = ThalosLettuce.translate(new CompletionException(summary), ENDPOINT);

    assertEquals(ConnectionSecurityException.TLS_HOSTNAME_MISMATCH, e.reason());
    assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
    assertFalse(everything(e).contains(PASSWORD), everything(e));
  }

  @Test
  void clusterSummaryQuotingAnOddReply_besideARejectedClientCertificate_keepsTheReplyOutOfOurMessage() {
    String reply = "ERR odd " + PASSWORD;
    String rejected = "Received fatal alert: bad_certificate";
    RedisConnectionException summary = clusterSummary(rejected, reply);
    summary.addSuppressed(new RedisConnectionException("Unable to connect to [redis://127.0.0.1:7000]: " + rejected,
        new SSLHandshakeException(rejected)));
    summary.addSuppressed(new RedisConnectionException("Unable to connect to [redis://127.0.0.1:7001]: " + reply,
        new RedisCommandExecutionException(reply)));

    ThalosSecurityException e = ThalosLettuce.translate(new CompletionException(summary), ENDPOINT);

    assertEquals(ConnectionSecurityException.TLS_CLIENT_CERTIFICATE_REJECTED, e.reason());
    assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
    assertFalse(everything(e).contains(PASSWORD), everything(e));
  }

  @Test
  void forceReconnect_refusesWhatIsNotALettuceConnection() {
    StatefulConnection<?, ?> foreign = (StatefulConnection<?, ?>) Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {StatefulConnection.class}, (proxy, method, args) -> null);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ThalosLettuce.forceReconnect(foreign));
    assertTrue(e.getMessage().startsWith("invalid connection: "), e.getMessage());
    assertThrows(NullPointerException.class, () -> ThalosLettuce.forceReconnect(null));
  }
}
