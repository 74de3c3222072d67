/**
 * Lettuce 7.7 adapter: secure, least-privilege Redis connections for Thalos clients and servers.
 *
 * <ul>
 *   <li>{@link dev.thalos.redis.security.lettuce.ThalosLettuce} turns a
 *       {@link dev.thalos.redis.security.endpoint.ThalosRedisEndpoint} into a configured
 *       {@link io.lettuce.core.RedisClient} (TLS re-read per connect, credentials resolved per connect,
 *       bounded timeouts) and maps Lettuce failures to
 *       {@link dev.thalos.redis.security.lettuce.ConnectionSecurityException}s with stable reason codes.</li>
 *   <li>{@link dev.thalos.redis.security.lettuce.HandshakeProfile} chooses between Lettuce's full handshake
 *       and a minimal one that works for users with nothing but {@code +subscribe} or {@code +publish} and
 *       leaves no denials in {@code ACL LOG}.</li>
 *   <li>{@link dev.thalos.redis.security.lettuce.ThalosSubscriber} subscribes only to validated channels of
 *       its namespace, checks every delivered message, and watches reconnects and resubscriptions;
 *       {@link dev.thalos.redis.security.lettuce.ThalosPublisher} publishes only to valid channels of its
 *       namespace.</li>
 *   <li>Pub/sub has no replay: after a disconnect the subscriber reports the blocks whose messages may be
 *       missing as a {@link dev.thalos.redis.security.lettuce.MessageGap} to its
 *       {@link dev.thalos.redis.security.lettuce.GapListener} and counts it in
 *       {@link dev.thalos.redis.security.lettuce.SubscriberStats}.
 *       {@link dev.thalos.redis.security.lettuce.ThalosSubscriber#reconnect()} and
 *       {@link dev.thalos.redis.security.lettuce.ThalosLettuce#forceReconnect} apply rotated certificate and
 *       password files at once.</li>
 * </ul>
 *
 * <h2>Secrets Lettuce keeps that this module cannot wipe</h2>
 * Lettuce copies the password into command arguments ({@code char[]}, then UTF-8 bytes and a pooled Netty
 * buffer) when it sends {@code AUTH}/{@code HELLO}; these copies are not wiped. Lettuce also renders
 * {@code RedisURI.toString()} (user name and one {@code *} per password character) for its DEBUG log line
 * "Trying to get a Redis connection", for connection events and for JFR. Never enable {@code TRACE} logging for
 * {@code io.lettuce.core.protocol} (it logs the bytes of {@code AUTH}) nor Brave tracing with command
 * arguments. A server's error reply is never quoted in this module's exceptions (a hostile server could echo
 * the password in it), but Lettuce's own log lines do quote it: its DEBUG line for a failed connect and its
 * WARN "Cannot reconnect" line.
 */
package dev.thalos.redis.security.lettuce;
