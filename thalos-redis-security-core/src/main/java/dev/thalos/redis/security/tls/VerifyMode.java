package dev.thalos.redis.security.tls;

/**
 * How much of the server's certificate is verified. {@link #FULL} is the default; the weaker modes can only be
 * chosen through {@link TlsSettings.Builder#insecureSkipHostnameVerification()} and
 * {@link TlsSettings.Builder#insecureTrustAnyCertificate()}, and a {@link TlsSettings} using them reports
 * itself as insecure ({@link TlsSettings#insecurityReasons()}).
 *
 * <p>The names and meanings match Lettuce's {@code SslVerifyMode}, so an adapter can translate one to one.
 */
public enum VerifyMode {
  /** Chain to a trust anchor and host name (DNS or IP subject alternative names). The default. */
  FULL,
  /** Chain to a trust anchor only: any certificate from a trusted CA is accepted for any host. Insecure. */
  CA,
  /** Nothing but the configured certificate pins, if any: any certificate is accepted. Insecure. */
  NONE
}
