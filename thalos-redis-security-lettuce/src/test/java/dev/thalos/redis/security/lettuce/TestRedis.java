package dev.thalos.redis.security.lettuce;

import dev.thalos.redis.security.auth.SecretSource;
import dev.thalos.redis.security.channel.ThalosNamespace;
import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import dev.thalos.redis.security.endpoint.ThalosRole;
import dev.thalos.redis.security.testkit.RedisServer;
import dev.thalos.redis.security.testkit.RespClient;
import dev.thalos.redis.security.testkit.TestPki;
import dev.thalos.redis.security.tls.TlsSettings;
import dev.thalos.redis.security.tls.TrustAnchors;
import java.time.Duration;
import java.util.List;

/** Shared fixtures: a TLS-only server with Thalos-like users, and endpoints for them. */
final class TestRedis {

  static final ThalosNamespace WAX = ThalosNamespace.of("wax");
  static final ThalosNamespace EOS = ThalosNamespace.of("eos");

  static final String SERVER_PASSWORD = "server-Secret-0c5a91";
  static final String CLIENT_PASSWORD = "client-Secret-7f3b22";

  /** The publisher: only PUBLISH (and PING) on the wax namespace. */
  static final String SERVER_USER =
      "user thalos on >" + SERVER_PASSWORD + " resetchannels &ship::wax::* -@all +publish +ping";
  /** The least-privilege subscriber of the issue. */
  static final String CLIENT_USER = "user sub on >" + CLIENT_PASSWORD
      + " resetchannels &ship::wax::* -@all +subscribe +unsubscribe +ping";
  /** A subscriber that may also use the namespace pattern. */
  static final String PATTERN_USER = "user psub on >" + CLIENT_PASSWORD
      + " resetchannels &ship::wax::* -@all +subscribe +unsubscribe +psubscribe +punsubscribe +ping";

  private TestRedis() {}

  static RedisServer.Builder tlsServer(TestPki pki) {
    return RedisServer.builder().tls(pki.serverTls()).tlsAuthClients("optional")
        .aclUsers(SERVER_USER, CLIENT_USER, PATTERN_USER);
  }

  static TlsSettings tls(TestPki pki) {
    return TlsSettings.builder().trustAnchors(TrustAnchors.certificates(pki.ca().certificate())).build();
  }

  static ThalosRedisEndpoint.Builder endpoint(RedisServer server, TestPki pki, String user, String password,
      ThalosRole role) {
    return ThalosRedisEndpoint.builder()
        .host(server.host())
        .port(server.tlsPort())
        .tls(tls(pki))
        .user(user)
        .password(SecretSource.of(password.toCharArray()))
        .namespace(WAX)
        .role(role)
        .connectTimeout(Duration.ofSeconds(2))
        .commandTimeout(Duration.ofSeconds(5));
  }

  static ThalosRedisEndpoint client(RedisServer server, TestPki pki) {
    return endpoint(server, pki, "sub", CLIENT_PASSWORD, ThalosRole.CLIENT).build();
  }

  static ThalosRedisEndpoint server(RedisServer server, TestPki pki) {
    return endpoint(server, pki, "thalos", SERVER_PASSWORD, ThalosRole.SERVER).build();
  }

  /** The ACL LOG entries of the server (after {@code ACL LOG RESET}: only new denials). */
  static List<?> aclLog(RedisServer server) {
    return (List<?>) server.admin().commandOrThrow("ACL", "LOG");
  }

  static void resetAclLog(RedisServer server) {
    server.admin().commandOrThrow("ACL", "LOG", "RESET");
  }

  /** A field of {@code INFO <section>}, e.g. {@code total_connections_received}. */
  static long info(RedisServer server, String section, String field) {
    RespClient admin = server.admin();
    String info = (String) admin.commandOrThrow("INFO", section);
    for (String line : info.split("\r?\n")) {
      if (line.startsWith(field + ":")) {
        String value = line.substring(field.length() + 1);
        int comma = value.indexOf(',');
        return Long.parseLong(comma < 0 ? value.trim() : value.substring(0, comma).replaceAll("\\D", ""));
      }
    }
    return 0;
  }
}
