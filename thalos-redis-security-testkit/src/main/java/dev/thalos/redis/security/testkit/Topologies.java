package dev.thalos.redis.security.testkit;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

/**
 * What {@link RedisCluster} and {@link RedisSentinelGroup} share: bounded waits, INFO parsing, the replication
 * user.
 */
final class Topologies {

  private Topologies() {}

  /**
   * Polls {@code problem} every 50 ms until it returns {@code null} (nothing left to wait for) or {@code timeout}
   * passes; then throws {@code reason} with the last problem and the logs of {@code servers}.
   */
  static void await(Duration timeout, String reason, String what, List<RedisServer> servers,
      Supplier<String> problem) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last;
    while (true) {
      try {
        last = problem.get();
      } catch (TestkitException e) {
        last = e.getMessage();
      }
      if (last == null) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new TestkitException(reason, what + " within " + timeout.toMillis() + " ms: " + last
            + logTails(servers));
      }
      RedisServer.sleep(50);
    }
  }

  /** The log tails of {@code servers}, one block per server. */
  static String logTails(List<RedisServer> servers) {
    StringBuilder text = new StringBuilder();
    for (RedisServer server : servers) {
      text.append("\n").append(server).append(server.logTail());
    }
    return text.toString();
  }

  /** The value of {@code field} in an INFO or CLUSTER INFO reply, or {@code null}. */
  static String infoField(Object info, String field) {
    if (!(info instanceof String text)) {
      return null;
    }
    String prefix = field + ":";
    for (String line : text.split("\r?\n")) {
      if (line.startsWith(prefix)) {
        return line.substring(prefix.length()).strip();
      }
    }
    return null;
  }

  /**
   * Adds to {@code nodes} the ACL user {@value RedisCluster#REPLICATION_USER} with a random password
   * ({@code +psync +replconf +ping}) and makes replicas authenticate as it ({@code masteruser}/{@code masterauth});
   * with TLS the nodes also talk TLS to each other ({@link RedisServer.Builder#tlsPeers()}).
   */
  static RedisServer.Builder replicationUser(RedisServer.Builder nodes) {
    String password = RedisServer.randomPassword();
    nodes.aclUsers("user " + RedisCluster.REPLICATION_USER + " on #" + RedisServer.sha256Hex(password)
            + " resetchannels -@all +psync +replconf +ping")
        .directive("masteruser", RedisCluster.REPLICATION_USER)
        .directive("masterauth", password);
    if (nodes.tlsMaterial() != null) {
      nodes.tlsPeers();
    }
    return nodes;
  }

  /** Closes all of {@code servers}, collecting failures; the first is thrown with the others suppressed. */
  static void closeAll(List<RedisServer> servers) {
    RuntimeException failure = null;
    for (RedisServer server : servers) {
      try {
        server.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
