/**
 * Credentials for Redis ACL users: {@link dev.thalos.redis.security.auth.Secret} (a password that never prints
 * itself), {@link dev.thalos.redis.security.auth.SecretSource} (where a password comes from — an array, an
 * environment variable or a file — re-read on every use so that a rotated password takes effect on the next
 * connection) and {@link dev.thalos.redis.security.auth.AclCredentials} (user name plus password source).
 *
 * <p>Failures of the environment (a missing file, a password file that others can read, an unset variable) are
 * reported as {@link dev.thalos.redis.security.auth.CredentialsException} with a stable reason code.
 */
package dev.thalos.redis.security.auth;
