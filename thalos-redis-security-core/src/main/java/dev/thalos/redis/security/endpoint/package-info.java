/**
 * {@link dev.thalos.redis.security.endpoint.ThalosRedisEndpoint}: one immutable description of a secure
 * connection to the Redis of a Thalos deployment — host, port, TLS, ACL credentials, Thalos namespace, role
 * and timeouts — built fluently, from a {@code rediss://} URI plus a separate password source, or from
 * documented environment variables.
 */
package dev.thalos.redis.security.endpoint;
