package dev.thalos.redis.security.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.testkit.RedisCluster;
import dev.thalos.redis.security.testkit.RedisServer;
import dev.thalos.redis.security.testkit.TestPki;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code check} with a {@code rediss-cluster://} URI checks every node of a real TLS cluster. */
@Tag("integration")
class CheckCommandClusterTest {

  private static final String PASSWORD = "cluster-reader-password-0123";

  @TempDir Path dir;

  @Test
  void clusterUri_checksEveryNode_andReportsThemByAddress() {
    TestPki pki = TestPki.create();
    try (RedisCluster cluster = RedisCluster.builder().primaries(3).tls(pki.serverTls()).tlsAuthClients("optional")
        .aclUsers("user default off resetchannels -@all", "user reader on >" + PASSWORD
            + " resetchannels &ship::wax::* -@all +subscribe +ping +cluster|nodes +info")
        .start()) {
      Path ca = pki.ca().writeCertificatePem(dir.resolve("ca.pem"));
      Path password = TestFiles.write(dir.resolve("reader.password"), PASSWORD + "\n");
      RedisServer seed = cluster.primaries().get(0);
      CliRun.Result r = new CliRun().run("check", "--uri", "rediss-cluster://reader@127.0.0.1:" + seed.tlsPort(),
          "--ca", ca.toString(), "--password-file", password.toString(), "-n", "wax", "--format", "text");
      for (RedisServer node : cluster.nodes()) {
        assertTrue(r.out().contains("[primary 127.0.0.1:" + node.tlsPort() + "]"), node + ":\n" + r);
      }
      assertTrue(r.out().contains("PASS  topology.discovery"), r.out());
      assertTrue(r.out().contains("PASS  topology.permissions.consistent"), r.out());
      assertFalse(r.out().contains(PASSWORD), r.out());
      assertEquals(r.out().contains("\nFAILED: ") ? ExitCodes.FINDINGS : ExitCodes.PASSED, r.exit(),
          r.toString() + cluster.nodes().stream().map(String::valueOf).collect(Collectors.joining()));
    }
  }
}
