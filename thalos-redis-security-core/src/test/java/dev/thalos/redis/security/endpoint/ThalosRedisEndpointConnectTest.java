package dev.thalos.redis.security.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.auth.AclCredentials;
import dev.thalos.redis.security.auth.Secret;
import dev.thalos.redis.security.testkit.RedisServer;
import dev.thalos.redis.security.testkit.RespClient;
import dev.thalos.redis.security.testkit.TestPki;
import dev.thalos.redis.security.testkit.TestkitException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An endpoint described by environment variables connects and authenticates to a real TLS redis-server. */
@Tag("integration")
class ThalosRedisEndpointConnectTest {

  private static TestPki pki;
  private static RedisServer server;

  @TempDir static Path dir;

  @BeforeAll
  static void start() {
    pki = TestPki.create();
    server = RedisServer.builder().tls(pki.serverTls()).tlsAuthClients("optional")
        .aclUsers("user thalos-client on >first-password resetchannels &ship::wax::* -@all +ping")
        .start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
  }

  private static Path passwordFile(String password) throws Exception {
    Path file = dir.resolve("thalos-client.password");
    Files.writeString(file, password + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  /** Connects the way an adapter would: fresh TLS context and a freshly resolved password per connection. */
  private static RespClient connect(ThalosRedisEndpoint endpoint) {
    AclCredentials credentials = endpoint.credentials().orElseThrow();
    try (Secret password = credentials.password().resolve()) {
      return RespClient.connect(endpoint.host(), endpoint.port(), endpoint.tls().orElseThrow().newSslContext(),
          credentials.user(), new String(password.reveal()));
    }
  }

  @Test
  void endpointFromEnvironment_connects_andARotatedPasswordIsUsedOnTheNextConnection() throws Exception {
    ThalosRedisEndpoint endpoint = ThalosRedisEndpoint.fromEnvironment(Map.of(
        "THALOS_REDIS_URI", "rediss://thalos-client@localhost:" + server.tlsPort(),
        "THALOS_REDIS_PASSWORD_FILE", passwordFile("first-password").toString(),
        "THALOS_REDIS_CA", pki.ca().writeCertificatePem(dir.resolve("ca.pem")).toString(),
        "THALOS_REDIS_NAMESPACE", "wax"));
    assertFalse(endpoint.isInsecure(), endpoint.insecurityReasons().toString());
    try (RespClient client = connect(endpoint)) {
      assertEquals("PONG", client.command("PING"));
      Object denied = client.command("GET", "thalos::cache::x");
      // NOPERM (not the default user's +@all): the connection runs as thalos-client
      assertTrue(denied instanceof RespClient.Error && denied.toString().contains("NOPERM"), denied.toString());
    }

    server.admin().commandOrThrow("ACL", "SETUSER", "thalos-client", "resetpass", ">second-password");
    TestkitException stale = assertThrows(TestkitException.class, () -> connect(endpoint).close());
    assertEquals("resp.auth-failed", stale.reason());
    assertFalse(stale.getMessage().contains("first-password"), stale.getMessage());

    passwordFile("second-password");
    try (RespClient client = connect(endpoint)) {
      assertEquals("PONG", client.command("PING"));
    }
  }
}
