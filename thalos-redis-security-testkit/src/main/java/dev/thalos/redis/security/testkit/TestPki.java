package dev.thalos.redis.security.testkit;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A ready-made test PKI: a root CA, a server certificate for {@code localhost}, {@code 127.0.0.1} and
 * {@code ::1}, a client certificate, and what a TLS Redis server and its clients need.
 *
 * <pre>{@code
 * TestPki pki = TestPki.create();
 * try (RedisServer server = RedisServer.builder().tls(pki.serverTls()).tlsAuthClients("yes").start();
 *      RespClient client = RespClient.connect("127.0.0.1", server.tlsPort(), pki.clientSslContext(), null, null)) {
 *   client.command("PING");
 * }
 * IssuedCertificate expired = pki.ca().serverCertificate().expired().build();
 * CertificateAuthority stranger = TestPki.unrelatedCa();
 * }</pre>
 *
 * <p>Keys are EC P-256 unless another {@link KeyAlgorithm} is chosen. Thread-safe.
 */
public final class TestPki {

  /** Common name of the client certificate from {@link #clientCertificate()}. */
  public static final String CLIENT_COMMON_NAME = "thalos-test-client";

  private final CertificateAuthority ca;
  private final KeyAlgorithm keyAlgorithm;
  private IssuedCertificate serverCertificate;
  private IssuedCertificate clientCertificate;

  private TestPki(CertificateAuthority ca, KeyAlgorithm keyAlgorithm) {
    this.ca = ca;
    this.keyAlgorithm = keyAlgorithm;
  }

  /** A new PKI with EC P-256 keys. */
  public static TestPki create() {
    return create(KeyAlgorithm.EC_P256);
  }

  /** A new PKI whose CA, server and client keys have the given type. */
  public static TestPki create(KeyAlgorithm keyAlgorithm) {
    Objects.requireNonNull(keyAlgorithm, "keyAlgorithm must not be null");
    return new TestPki(CertificateAuthority.create("Thalos Test Root CA", keyAlgorithm), keyAlgorithm);
  }

  /** A fresh CA unrelated to any other: certificates it issues are not trusted by this PKI's clients. */
  public static CertificateAuthority unrelatedCa() {
    return CertificateAuthority.create("Unrelated Test CA");
  }

  /** The root CA. */
  public CertificateAuthority ca() {
    return ca;
  }

  /** The server certificate (created on first use): CN localhost, SANs localhost, 127.0.0.1, ::1. */
  public synchronized IssuedCertificate serverCertificate() {
    if (serverCertificate == null) {
      serverCertificate = ca.serverCertificate().keyAlgorithm(keyAlgorithm).build();
    }
    return serverCertificate;
  }

  /** The client certificate (created on first use), CN {@value #CLIENT_COMMON_NAME}. */
  public synchronized IssuedCertificate clientCertificate() {
    if (clientCertificate == null) {
      clientCertificate = ca.clientCertificate(CLIENT_COMMON_NAME).keyAlgorithm(keyAlgorithm).build();
    }
    return clientCertificate;
  }

  /**
   * What a Redis server needs: {@link #serverCertificate()} and its key, this CA for verifying client
   * certificates, and {@link #clientCertificate()} for the test kit's own connections.
   */
  public ServerTls serverTls() {
    return ServerTls.builder(serverCertificate())
        .clientCertificateAuthorities(ca.certificate())
        .kitClientCertificate(clientCertificate())
        .build();
  }

  /** A client context trusting this CA and presenting {@link #clientCertificate()}. */
  public SSLContext clientSslContext() {
    return sslContext(List.of(ca.certificate()), clientCertificate());
  }

  /** A client context trusting this CA and presenting no certificate. */
  public SSLContext clientSslContextWithoutCertificate() {
    return sslContext(List.of(ca.certificate()), null);
  }

  /**
   * A TLS context (TLS 1.2 and 1.3, JDK defaults) trusting exactly {@code trusted} and presenting
   * {@code presented} (with its chain) when the peer asks for a certificate.
   *
   * @param trusted trust anchors; must not be empty
   * @param presented certificate to present, or {@code null} for none
   */
  public static SSLContext sslContext(Collection<X509Certificate> trusted, IssuedCertificate presented) {
    Objects.requireNonNull(trusted, "trusted must not be null");
    if (trusted.isEmpty()) {
      throw new IllegalArgumentException("trusted must not be empty");
    }
    try {
      KeyStore trustStore = KeyStore.getInstance("PKCS12");
      trustStore.load(null, null);
      int i = 0;
      for (X509Certificate certificate : trusted) {
        trustStore.setCertificateEntry("trusted-" + i++, Objects.requireNonNull(certificate, "trusted entry"));
      }
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trustStore);
      KeyManagerFactory keys = null;
      if (presented != null) {
        char[] password = "in-memory".toCharArray();
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry("presented", presented.privateKey(), password,
            presented.chain().toArray(new Certificate[0]));
        keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore, password);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys == null ? null : keys.getKeyManagers(), trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new TestkitException("pki.failed", "failed to create an SSLContext: " + e, e);
    }
  }

  @Override
  public String toString() {
    return "TestPki[" + ca + ", " + keyAlgorithm + "]";
  }

  /** How {@link ServerTls} writes the server's private key for Redis. */
  public enum KeyFormat {
    /** {@code PRIVATE KEY} (PKCS#8). */
    PKCS8,
    /** {@code RSA PRIVATE KEY} (PKCS#1) or {@code EC PRIVATE KEY} (SEC1). */
    TRADITIONAL
  }

  /**
   * The TLS material a Redis server is started with ({@code tls-cert-file}, {@code tls-key-file},
   * {@code tls-ca-cert-file}), plus the client certificate the test kit presents on its own connections
   * ({@link RedisServer#admin()}) and the trust anchor clients need. Immutable.
   */
  public static final class ServerTls {

    private final IssuedCertificate serverCertificate;
    private final List<X509Certificate> clientCertificateAuthorities;
    private final IssuedCertificate kitClientCertificate;
    private final KeyFormat keyFormat;

    private ServerTls(Builder builder) {
      this.serverCertificate = builder.serverCertificate;
      this.clientCertificateAuthorities = List.copyOf(builder.clientCertificateAuthorities);
      this.kitClientCertificate = builder.kitClientCertificate;
      this.keyFormat = builder.keyFormat;
    }

    /** Settings for TLS material around {@code serverCertificate}. */
    public static Builder builder(IssuedCertificate serverCertificate) {
      return new Builder(serverCertificate);
    }

    /** A builder pre-filled with this material. */
    public Builder mutate() {
      Builder builder = new Builder(serverCertificate);
      builder.clientCertificateAuthorities.addAll(clientCertificateAuthorities);
      builder.kitClientCertificate = kitClientCertificate;
      builder.keyFormat = keyFormat;
      return builder;
    }

    /** The server's certificate and key. */
    public IssuedCertificate serverCertificate() {
      return serverCertificate;
    }

    /** CAs Redis trusts for client certificates ({@code tls-ca-cert-file}). */
    public List<X509Certificate> clientCertificateAuthorities() {
      return clientCertificateAuthorities;
    }

    /** The client certificate the test kit presents, or {@code null}. */
    public IssuedCertificate kitClientCertificate() {
      return kitClientCertificate;
    }

    /** The format of {@link #privateKeyPem()}. */
    public KeyFormat keyFormat() {
      return keyFormat;
    }

    /** Content of {@code tls-cert-file}: the server certificate chain, leaf first. */
    public String certificateChainPem() {
      return serverCertificate.chainPem();
    }

    /** Content of {@code tls-key-file}, in {@link #keyFormat()}. */
    public String privateKeyPem() {
      return keyFormat == KeyFormat.PKCS8 ? serverCertificate.privateKeyPkcs8Pem()
          : serverCertificate.privateKeyTraditionalPem();
    }

    /** Content of {@code tls-ca-cert-file}. */
    public String caCertificatesPem() {
      return Pem.certificates(clientCertificateAuthorities);
    }

    /** A client context trusting the server certificate's root CA and presenting the kit's client certificate. */
    public SSLContext clientSslContext() {
      return clientSslContext(kitClientCertificate);
    }

    /** A client context trusting the server certificate's root CA and presenting {@code presented} (or none). */
    public SSLContext clientSslContext(IssuedCertificate presented) {
      return sslContext(List.of(serverCertificate.rootCertificate()), presented);
    }

    @Override
    public String toString() {
      return "ServerTls[server=" + serverCertificate + ", clientCAs=" + clientCertificateAuthorities.size()
          + ", keyFormat=" + keyFormat + "]";
    }

    /** Settings for {@link ServerTls}. If unset: client CAs = the server certificate's root, PKCS#8 key. */
    public static final class Builder {

      private IssuedCertificate serverCertificate;
      private final List<X509Certificate> clientCertificateAuthorities = new ArrayList<>();
      private IssuedCertificate kitClientCertificate;
      private KeyFormat keyFormat = KeyFormat.PKCS8;

      private Builder(IssuedCertificate serverCertificate) {
        this.serverCertificate = Objects.requireNonNull(serverCertificate, "serverCertificate must not be null");
      }

      /** Replaces the server certificate (e.g. one for other names, expired, or with another key type). */
      public Builder serverCertificate(IssuedCertificate serverCertificate) {
        this.serverCertificate = Objects.requireNonNull(serverCertificate, "serverCertificate must not be null");
        return this;
      }

      /** Replaces the CAs Redis trusts for client certificates. */
      public Builder clientCertificateAuthorities(X509Certificate... certificates) {
        Objects.requireNonNull(certificates, "certificates must not be null");
        clientCertificateAuthorities.clear();
        for (X509Certificate certificate : certificates) {
          clientCertificateAuthorities.add(Objects.requireNonNull(certificate, "certificates must not contain null"));
        }
        return this;
      }

      /** The client certificate the test kit presents on its own connections; {@code null} for none. */
      public Builder kitClientCertificate(IssuedCertificate certificate) {
        this.kitClientCertificate = certificate;
        return this;
      }

      /** The format of the key file. If unset, {@link KeyFormat#PKCS8}. */
      public Builder keyFormat(KeyFormat keyFormat) {
        this.keyFormat = Objects.requireNonNull(keyFormat, "keyFormat must not be null");
        return this;
      }

      public ServerTls build() {
        if (clientCertificateAuthorities.isEmpty()) {
          clientCertificateAuthorities.add(serverCertificate.rootCertificate());
        }
        return new ServerTls(this);
      }
    }
  }
}
