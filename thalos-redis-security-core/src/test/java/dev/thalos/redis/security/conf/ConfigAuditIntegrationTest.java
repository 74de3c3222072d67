package dev.thalos.redis.security.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.check.CheckReport;
import dev.thalos.redis.security.check.Finding;
import dev.thalos.redis.security.check.Outcome;
import dev.thalos.redis.security.testkit.RedisServer;
import dev.thalos.redis.security.testkit.RespClient;
import dev.thalos.redis.security.testkit.TestPki;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The audit's claims checked against real redis-server processes started from configurations the parser reads:
 * a config audited as "TLS only" really refuses plaintext, one audited as "plaintext beside TLS" really serves
 * it, and the audit's idea of the default user matches what an anonymous connection gets.
 */
@Tag("integration")
class ConfigAuditIntegrationTest {

  private static Finding finding(RedisServer server, String ruleId) {
    CheckReport report = ConfigAudit.defaults().audit(RedisConfigParser.defaults().parse(server.configFile()));
    return report.finding(ruleId).orElseThrow();
  }

  /** Sends a plaintext PING to {@code port}; returns what came back (empty if the server closed or stayed silent). */
  private static String plaintextPing(int port) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(RedisServer.HOST, port), 5000);
      s.setSoTimeout(3000);
      OutputStream out = s.getOutputStream();
      out.write("*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[64];
      int n;
      try {
        n = in.read(buf);
      } catch (SocketTimeoutException | java.net.SocketException e) {
        return "";
      }
      return n <= 0 ? "" : new String(buf, 0, n, StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void configAuditedAsTlsOnly_refusesPlaintext_andServesTls() throws IOException {
    TestPki pki = TestPki.create();
    try (RedisServer server = RedisServer.builder().tls(pki.serverTls()).start()) {
      Finding plaintext = finding(server, TlsRules.PlaintextPort.ID);
      assertEquals(Outcome.PASS, plaintext.outcome(), plaintext.toString());
      assertTrue(plaintext.summary().startsWith("TLS only: port 0"), plaintext.summary());
      assertEquals(-1, server.port());
      assertFalse(plaintextPing(server.tlsPort()).contains("+PONG"), "a plaintext PING must not be answered");
      try (RespClient tls = server.newAdminClient()) {
        assertEquals("PONG", tls.command("PING"));
      }
    }
  }

  @Test
  void configAuditedAsPlaintextBesideTls_reallyAnswersPlaintext() throws IOException {
    TestPki pki = TestPki.create();
    try (RedisServer server = RedisServer.builder().tls(pki.serverTls()).plaintextPortAlso(true).start()) {
      Finding plaintext = finding(server, TlsRules.PlaintextPort.ID);
      assertEquals(Outcome.WARN, plaintext.outcome(), "loopback-only, so a warning: " + plaintext);
      assertTrue(plaintext.summary().contains("plaintext port " + server.port()), plaintext.summary());
      assertTrue(plaintextPing(server.port()).startsWith("+PONG"),
          "the plaintext port the audit reports really answers");
    }
  }

  @Test
  void defaultUserAsAudited_matchesWhatAnAnonymousConnectionGets() {
    try (RedisServer open = RedisServer.builder().start()) {
      ExposureVerdict v = ConfigAudit.defaults().exposure(RedisConfigParser.defaults().parse(open.configFile()));
      assertEquals(ExposureVerdict.Authentication.NONE, v.authentication());
      assertEquals(ExposureVerdict.Level.LOOPBACK_ONLY, v.level());
      try (RespClient anonymous = open.connect()) {
        assertEquals("PONG", anonymous.command("PING"));
      }
    }
    try (RedisServer closed = RedisServer.builder().aclUsers("user default off").start()) {
      ExposureVerdict v = ConfigAudit.defaults().exposure(RedisConfigParser.defaults().parse(closed.configFile()));
      assertEquals(ExposureVerdict.Authentication.DISABLED, v.authentication());
      try (RespClient anonymous = closed.connect()) {
        Object reply = anonymous.command("PING");
        assertTrue(reply instanceof RespClient.Error, String.valueOf(reply));
        assertEquals("NOAUTH", ((RespClient.Error) reply).code());
      }
    }
  }

  @Test
  void quotedValues_readByTheParser_equalWhatRedisItselfRead() {
    String[] values = {"a b\"c'd\\e", "tab\there", "#not-a-comment", "x\u0001y", "'single'", ""};
    RedisServer.Builder b = RedisServer.builder();
    b.directive("masterauth", values[0]);
    b.directive("masteruser", values[1]);
    b.directive("replica-announce-ip", values[2]);
    b.directive("cluster-announce-ip", values[3]);
    b.directive("syslog-ident", values[4]);
    b.directive("unixsocket", values[5]);
    try (RedisServer server = b.start()) {
      RedisConfig parsed = RedisConfigParser.defaults().parse(server.configFile());
      String[] names = {"masterauth", "masteruser", "replica-announce-ip", "cluster-announce-ip", "syslog-ident",
          "unixsocket"};
      for (int i = 0; i < names.length; i++) {
        Object redisView = server.admin().commandOrThrow("CONFIG", "GET", names[i]);
        assertEquals(((java.util.List<?>) redisView).get(1), parsed.value(names[i]).orElseThrow(), names[i]);
        assertEquals(values[i], parsed.value(names[i]).orElseThrow(), names[i]);
      }
    }
  }
}
