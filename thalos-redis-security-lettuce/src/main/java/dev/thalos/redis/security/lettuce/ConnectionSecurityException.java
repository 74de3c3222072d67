package dev.thalos.redis.security.lettuce;

import dev.thalos.redis.security.ThalosSecurityException;

/**
 * A connection to Redis could not be established or used, for a reason that matters to security: the server
 * refused the credentials or a command, the TLS handshake failed, or the transport did not match the port.
 * Raised by {@link ThalosLettuce#translate(Throwable, dev.thalos.redis.security.endpoint.ThalosRedisEndpoint)},
 * {@link ThalosSubscriber#start()} and {@link ThalosPublisher}. The Lettuce exception is kept as the cause.
 * Messages name the endpoint by {@code rediss://user@host:port/db} and never contain a password.
 *
 * <p>Reason codes:
 * <ul>
 *   <li>{@code auth.wrong-credentials} — Redis answered {@code WRONGPASS}: the password is wrong, the user
 *       does not exist, or the user is disabled. Redis deliberately gives the same answer in all three cases,
 *       so they cannot be told apart.</li>
 *   <li>{@code auth.required} — Redis answered {@code NOAUTH}: the connection has no credentials and the
 *       {@code default} user is disabled or has a password.</li>
 *   <li>{@code acl.noperm} — Redis answered {@code NOPERM}: the user may not run the command or use the
 *       channel.</li>
 *   <li>{@code tls.untrusted-certificate} — the server certificate does not chain to a trusted anchor.</li>
 *   <li>{@code tls.hostname-mismatch} — the server certificate is not valid for the host connected to.</li>
 *   <li>{@code tls.certificate-expired} — the server certificate (or one of its chain) has expired.</li>
 *   <li>{@code tls.certificate-not-yet-valid} — the server certificate (or one of its chain) is not valid
 *       yet.</li>
 *   <li>{@code tls.pin-mismatch} — the certificate chain holds none of the configured public-key pins.</li>
 *   <li>{@code tls.client-certificate-required} — the server requires a client certificate
 *       ({@code tls-auth-clients yes}) and none was presented.</li>
 *   <li>{@code tls.client-certificate-rejected} — the server did not accept the client certificate.</li>
 *   <li>{@code tls.plaintext-to-tls-port} — a plaintext connection was reset by the server, as a TLS-only
 *       port does.</li>
 *   <li>{@code tls.tls-to-plaintext-port} — the TLS handshake got no TLS answer (a non-TLS record, or no
 *       answer within the connect timeout), as a plaintext port does.</li>
 *   <li>{@code tls.handshake-failed} — any other TLS failure.</li>
 *   <li>{@code connection.refused} — nothing listens on the port.</li>
 *   <li>{@code connection.timeout} — no connection or no reply within the configured timeout.</li>
 *   <li>{@code connection.closed} — the connection was closed while a command was pending.</li>
 *   <li>{@code connection.failed} — any other failure; see the cause.</li>
 * </ul>
 */
public final class ConnectionSecurityException extends ThalosSecurityException {

  private static final long serialVersionUID = 1L;

  /** {@code WRONGPASS}: wrong password, unknown user or disabled user (indistinguishable by design). */
  public static final String AUTH_WRONG_CREDENTIALS = "auth.wrong-credentials";
  /** {@code NOAUTH}: credentials are needed. */
  public static final String AUTH_REQUIRED = "auth.required";
  /** {@code NOPERM}: the ACL forbids the command or channel. */
  public static final String ACL_NOPERM = "acl.noperm";
  /** The server certificate does not chain to a trusted anchor. */
  public static final String TLS_UNTRUSTED_CERTIFICATE = "tls.untrusted-certificate";
  /** The server certificate does not match the host. */
  public static final String TLS_HOSTNAME_MISMATCH = "tls.hostname-mismatch";
  /** The server certificate has expired. */
  public static final String TLS_CERTIFICATE_EXPIRED = "tls.certificate-expired";
  /** The server certificate is not valid yet. */
  public static final String TLS_CERTIFICATE_NOT_YET_VALID = "tls.certificate-not-yet-valid";
  /** No configured pin matched the chain. */
  public static final String TLS_PIN_MISMATCH = "tls.pin-mismatch";
  /** The server requires a client certificate and none was sent. */
  public static final String TLS_CLIENT_CERTIFICATE_REQUIRED = "tls.client-certificate-required";
  /** The server rejected the client certificate. */
  public static final String TLS_CLIENT_CERTIFICATE_REJECTED = "tls.client-certificate-rejected";
  /** Plaintext client, TLS-only port. */
  public static final String TLS_PLAINTEXT_TO_TLS_PORT = "tls.plaintext-to-tls-port";
  /** TLS client, plaintext port. */
  public static final String TLS_TLS_TO_PLAINTEXT_PORT = "tls.tls-to-plaintext-port";
  /** Another TLS failure. */
  public static final String TLS_HANDSHAKE_FAILED = "tls.handshake-failed";
  /** Nothing listens on the port. */
  public static final String CONNECTION_REFUSED = "connection.refused";
  /** Connect or command timeout. */
  public static final String CONNECTION_TIMEOUT = "connection.timeout";
  /** The connection closed while a command was pending. */
  public static final String CONNECTION_CLOSED = "connection.closed";
  /** Anything else. */
  public static final String CONNECTION_FAILED = "connection.failed";

  ConnectionSecurityException(String reason, String message, Throwable cause) {
    super(reason, message, cause);
  }
}
