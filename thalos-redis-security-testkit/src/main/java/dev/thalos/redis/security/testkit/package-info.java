/**
 * Test kit: real {@code redis-server} processes, a test PKI and a tiny RESP2 client, for tests and demos.
 *
 * <ul>
 *   <li>{@link dev.thalos.redis.security.testkit.RedisServer} starts Debian's {@code redis-server} 7 (built with
 *       TLS) on free loopback ports with a generated config in a private temporary directory, waits until it is
 *       ready, captures its log, and stops it and removes its files on {@code close()}. It never uses port 6379.
 *   <li>{@link dev.thalos.redis.security.testkit.RedisCluster} starts several such servers and forms a Redis
 *       Cluster of them (optionally over TLS, with the same ACL users on every node and replication as a
 *       least-privilege ACL user); {@link dev.thalos.redis.security.testkit.RedisSentinelGroup} starts a primary,
 *       replicas and Redis Sentinels monitoring them, and can kill the primary and wait for the failover.
 *   <li>{@link dev.thalos.redis.security.testkit.RedisServerExtension} gives a JUnit 5 test class one server per
 *       class or per test.
 *   <li>{@link dev.thalos.redis.security.testkit.TestPki},
 *       {@link dev.thalos.redis.security.testkit.CertificateAuthority} and
 *       {@link dev.thalos.redis.security.testkit.IssuedCertificate} create CAs, server and client certificates
 *       (also expired, not yet valid, from an unrelated CA) and write them as PEM, PKCS#12 or JKS.
 *   <li>{@link dev.thalos.redis.security.testkit.RespClient} sends commands over a plain or TLS socket and
 *       returns replies as plain Java values.
 * </ul>
 *
 * <p>A TLS-only server that requires client certificates:
 * <pre>{@code
 * TestPki pki = TestPki.create();
 * try (RedisServer server = RedisServer.builder()
 *         .tls(pki.serverTls())                       // tls-port on a free port, port 0
 *         .tlsAuthClients("yes")
 *         .aclUsers("user thalos on >secret ~thalos::* &thalos::* +publish")
 *         .start();
 *      RespClient client = RespClient.connect(server.host(), server.tlsPort(), pki.clientSslContext(),
 *         "thalos", "secret")) {
 *   client.commandOrThrow("PUBLISH", "thalos::head", "{}");
 *   server.admin().commandOrThrow("ACL", "SETUSER", "thalos", "-publish");   // change ACLs at runtime
 * }
 * }</pre>
 *
 * <p>Failures of the environment ({@code redis-server} missing, a refused config, a failed handshake) are
 * reported as {@link dev.thalos.redis.security.testkit.TestkitException} with a stable reason code; the message
 * of a failed start ends with the last lines of the server's log.
 *
 * <p>The {@code redis-server} executable is taken from {@code RedisServer.Builder.redisServerBinary(Path)},
 * the system property {@code thalos.redis.server.binary}, the environment variable
 * {@code THALOS_REDIS_SERVER_BINARY}, {@code /usr/bin/redis-server} or {@code PATH}, in that order.
 */
package dev.thalos.redis.security.testkit;
