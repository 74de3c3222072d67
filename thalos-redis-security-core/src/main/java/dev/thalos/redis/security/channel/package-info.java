/**
 * Thalos channel names: build them, parse them, validate them on the hot path, and check them against the
 * channel permissions of a Redis ACL user.
 *
 * <ul>
 *   <li>{@link dev.thalos.redis.security.channel.ThalosNamespace} (prefix + chain) builds every
 *       {@link dev.thalos.redis.security.channel.ThalosChannel} a Thalos server publishes to, and the ACL rule
 *       {@code &<prefix>::<chain>::*} for the namespace.
 *   <li>{@link dev.thalos.redis.security.channel.ChannelValidator} checks channel names in two strictness
 *       levels without allocating, on {@code String}, {@code byte[]} and {@code ByteBuffer}; rejections are
 *       {@link dev.thalos.redis.security.channel.InvalidChannelException}s that name the
 *       {@link dev.thalos.redis.security.channel.ChannelPart part}, index and rule.
 *   <li>{@link dev.thalos.redis.security.channel.GlobPattern} matches exactly like Redis 7.0 (in bounded
 *       time) and {@link dev.thalos.redis.security.channel.ChannelAcl} answers whether a user's {@code &}
 *       patterns allow {@code PUBLISH}/{@code SUBSCRIBE} of a channel (glob) or {@code PSUBSCRIBE} of a
 *       pattern (literal comparison).
 * </ul>
 *
 * <pre>{@code
 * ThalosNamespace wax = ThalosNamespace.of("wax");
 * ThalosChannel transfers = wax.actions().contract("eosio.token").action("transfer");
 * ChannelAcl client = ChannelAcl.of(wax.aclChannelRule());
 * client.permitsSubscribe(transfers);                            // true
 * ChannelValidator.strict().isValid(bytes, 0, bytes.length);     // hot path, no allocation
 * }</pre>
 */
package dev.thalos.redis.security.channel;
