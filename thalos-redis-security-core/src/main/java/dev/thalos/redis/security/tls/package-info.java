/**
 * TLS for clients of the Thalos Redis: {@link dev.thalos.redis.security.tls.TlsSettings} (what to trust, what
 * to present, which protocols, how to verify) built from {@link dev.thalos.redis.security.tls.TrustAnchors},
 * {@link dev.thalos.redis.security.tls.ClientIdentity}, {@link dev.thalos.redis.security.tls.TlsPolicy} and
 * {@link dev.thalos.redis.security.tls.CertificatePin}.
 *
 * <p>Defaults are secure (JVM trust store, TLSv1.3 + TLSv1.2 with
 * {@link dev.thalos.redis.security.tls.TlsPolicy#DEFAULT_CIPHER_SUITES}, chain and host name verification);
 * weaker verification is only reachable through methods named {@code insecure…} and is reported by
 * {@link dev.thalos.redis.security.tls.TlsSettings#insecurityReasons()}. PEM is decoded strictly; material that
 * cannot be used fails when the settings are built, with a
 * {@link dev.thalos.redis.security.tls.TlsMaterialException} whose reason code says why. Files are re-read for
 * every new connection, so rotated certificates and keys take effect on reconnect.
 */
package dev.thalos.redis.security.tls;
