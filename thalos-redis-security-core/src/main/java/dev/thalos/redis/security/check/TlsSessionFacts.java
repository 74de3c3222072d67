package dev.thalos.redis.security.check;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * What the client side of a TLS connection to Redis knows about the session: negotiated protocol and cipher
 * suite, the server's certificate chain, and whether the adapter verified that chain and the host name.
 *
 * <pre>{@code
 * TlsSessionFacts facts = TlsSessionFacts.builder()
 *     .protocol("TLSv1.3").cipherSuite("TLS_AES_256_GCM_SHA384")
 *     .peerCertificates(chain).peerVerified(true).hostnameVerified(true)
 *     .build();
 * }</pre>
 */
public final class TlsSessionFacts {

  private final String protocol;
  private final String cipherSuite;
  private final List<X509Certificate> peerCertificates;
  private final boolean peerVerified;
  private final boolean hostnameVerified;
  private final boolean clientCertificateSent;

  private TlsSessionFacts(Builder b) {
    this.protocol = b.protocol;
    this.cipherSuite = b.cipherSuite;
    this.peerCertificates = List.copyOf(b.peerCertificates);
    this.peerVerified = b.peerVerified;
    this.hostnameVerified = b.hostnameVerified;
    this.clientCertificateSent = b.clientCertificateSent;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder mutate() {
    return new Builder()
        .protocol(protocol)
        .cipherSuite(cipherSuite)
        .peerCertificates(peerCertificates)
        .peerVerified(peerVerified)
        .hostnameVerified(hostnameVerified)
        .clientCertificateSent(clientCertificateSent);
  }

  /** Negotiated protocol as JSSE names it, e.g. {@code TLSv1.3}. */
  public String protocol() {
    return protocol;
  }

  /** Negotiated cipher suite as JSSE names it, e.g. {@code TLS_AES_128_GCM_SHA256}. */
  public String cipherSuite() {
    return cipherSuite;
  }

  /** The server's certificate chain, leaf first; empty if the adapter could not obtain it. */
  public List<X509Certificate> peerCertificates() {
    return peerCertificates;
  }

  /** Whether the adapter verified the chain against its trust anchors (false for "trust all" modes). */
  public boolean peerVerified() {
    return peerVerified;
  }

  /** Whether the adapter checked that the certificate names the host it connected to. */
  public boolean hostnameVerified() {
    return hostnameVerified;
  }

  /** Whether the client presented a certificate (mutual TLS). */
  public boolean clientCertificateSent() {
    return clientCertificateSent;
  }

  @Override
  public String toString() {
    return "TlsSessionFacts[" + protocol + ", " + cipherSuite + ", chain=" + peerCertificates.size()
        + ", peerVerified=" + peerVerified + ", hostnameVerified=" + hostnameVerified
        + ", clientCertificateSent=" + clientCertificateSent + "]";
  }

  /** Builder of {@link TlsSessionFacts}; protocol and cipher suite are required. */
  public static final class Builder {
    private String protocol;
    private String cipherSuite;
    private List<X509Certificate> peerCertificates = List.of();
    private boolean peerVerified;
    private boolean hostnameVerified;
    private boolean clientCertificateSent;

    private Builder() {}

    public Builder protocol(String protocol) {
      Objects.requireNonNull(protocol, "protocol must not be null");
      if (protocol.isBlank()) {
        throw new IllegalArgumentException("invalid protocol: must not be blank");
      }
      this.protocol = protocol;
      return this;
    }

    public Builder cipherSuite(String cipherSuite) {
      Objects.requireNonNull(cipherSuite, "cipherSuite must not be null");
      if (cipherSuite.isBlank()) {
        throw new IllegalArgumentException("invalid cipherSuite: must not be blank");
      }
      this.cipherSuite = cipherSuite;
      return this;
    }

    public Builder peerCertificates(List<X509Certificate> chain) {
      Objects.requireNonNull(chain, "peerCertificates must not be null");
      this.peerCertificates = List.copyOf(chain);
      return this;
    }

    public Builder peerVerified(boolean verified) {
      this.peerVerified = verified;
      return this;
    }

    public Builder hostnameVerified(boolean verified) {
      this.hostnameVerified = verified;
      return this;
    }

    public Builder clientCertificateSent(boolean sent) {
      this.clientCertificateSent = sent;
      return this;
    }

    /** @throws IllegalStateException if protocol or cipher suite is missing */
    public TlsSessionFacts build() {
      if (protocol == null || cipherSuite == null) {
        throw new IllegalStateException("TlsSessionFacts needs protocol and cipherSuite");
      }
      return new TlsSessionFacts(this);
    }
  }
}
