package dev.thalos.redis.security.tls;

import dev.thalos.redis.security.internal.ControlCharacters;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Client-side trust decisions of {@link TlsSettings}: PKIX chain validation (unless {@link VerifyMode#NONE}),
 * host name verification required in {@link VerifyMode#FULL} (fails closed if the connection was not set up
 * to verify the host), the negotiated protocol and cipher suite within the {@link TlsPolicy}, and certificate
 * pins checked after everything else passed.
 */
final class ThalosTrustManager extends X509ExtendedTrustManager {

  private final X509ExtendedTrustManager pkix;
  private final VerifyMode mode;
  private final List<CertificatePin> pins;
  private final TlsPolicy policy;

  ThalosTrustManager(X509ExtendedTrustManager pkix, VerifyMode mode, List<CertificatePin> pins, TlsPolicy policy) {
    this.pkix = pkix;
    this.mode = mode;
    this.pins = pins;
    this.policy = policy;
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    SSLSocket ssl = socket instanceof SSLSocket ? (SSLSocket) socket : null;
    check(chain,
        ssl == null ? null : ssl.getSSLParameters(),
        ssl == null ? null : ssl.getHandshakeSession(),
        () -> pkix.checkServerTrusted(chain, authType, socket));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    check(chain,
        engine == null ? null : engine.getSSLParameters(),
        engine == null ? null : engine.getHandshakeSession(),
        () -> pkix.checkServerTrusted(chain, authType, engine));
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    check(chain, null, null, () -> pkix.checkServerTrusted(chain, authType));
  }

  private interface Check {
    void run() throws CertificateException;
  }

  private void check(X509Certificate[] chain, SSLParameters parameters, SSLSession handshake, Check pkixCheck)
      throws CertificateException {
    if (chain == null || chain.length == 0) {
      throw new CertificateException("the server sent no certificate");
    }
    if (mode == VerifyMode.FULL) {
      String algorithm = parameters == null ? null : parameters.getEndpointIdentificationAlgorithm();
      if (algorithm == null || algorithm.isEmpty()) {
        throw new CertificateException(
            "host name verification is required (VerifyMode.FULL) but this connection was not set up to verify "
                + "the host name; use TlsSettings.newSslContext() or apply TlsSettings.sslParameters(host)");
      }
    }
    if (mode != VerifyMode.NONE) {
      pkixCheck.run();
    }
    if (handshake != null) {
      String protocol = handshake.getProtocol();
      if (protocol != null && !"NONE".equals(protocol) && !policy.allowsProtocol(protocol)) {
        throw new CertificateException(
            "negotiated protocol " + protocol + " is not allowed by the TLS policy " + policy);
      }
      String suite = handshake.getCipherSuite();
      if (suite != null && !suite.startsWith("SSL_NULL") && !policy.allowsCipherSuite(suite)) {
        throw new CertificateException(
            "negotiated cipher suite " + suite + " is not allowed by the TLS policy " + policy);
      }
    }
    if (!pins.isEmpty()) {
      checkPins(chain);
    }
  }

  private void checkPins(X509Certificate[] chain) throws CertificateException {
    List<X509Certificate> candidates = new ArrayList<>(Arrays.asList(chain));
    X509Certificate top = chain[chain.length - 1];
    for (X509Certificate anchor : pkix.getAcceptedIssuers()) {
      if (anchor.getSubjectX500Principal().equals(top.getIssuerX500Principal()) && !candidates.contains(anchor)) {
        try {
          top.verify(anchor.getPublicKey());
          candidates.add(anchor);
        } catch (java.security.GeneralSecurityException e) {
          // not the issuer after all
        }
      }
    }
    for (X509Certificate certificate : candidates) {
      for (CertificatePin pin : pins) {
        if (pin.matches(certificate)) {
          return;
        }
      }
    }
    StringBuilder message = new StringBuilder("certificate pinning failure: no pinned public key in the chain");
    for (X509Certificate certificate : candidates) {
      // the subjects come from the peer: escaped, so that they cannot add lines of their own
      message.append("\n  ").append(CertificatePin.of(certificate)).append(": ")
          .append(ControlCharacters.escape(certificate.getSubjectX500Principal().getName()));
    }
    message.append("\n  pinned: ").append(pins);
    throw new CertificateException(message.toString());
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    throw clientSide();
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    throw clientSide();
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
    throw clientSide();
  }

  private static CertificateException clientSide() {
    return new CertificateException("TlsSettings are for clients; they do not verify client certificates");
  }

  @Override
  public X509Certificate[] getAcceptedIssuers() {
    return mode == VerifyMode.NONE ? new X509Certificate[0] : pkix.getAcceptedIssuers();
  }
}
