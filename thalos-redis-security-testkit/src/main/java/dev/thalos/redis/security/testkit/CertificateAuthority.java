package dev.thalos.redis.security.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * A test certificate authority: a CA certificate and its key, issuing server, client and intermediate CA
 * certificates.
 *
 * <pre>{@code
 * CertificateAuthority ca = CertificateAuthority.create("Thalos Test CA");
 * IssuedCertificate server = ca.serverCertificate().build();                  // localhost, 127.0.0.1, ::1
 * IssuedCertificate other = ca.serverCertificate().subjectAlternativeNames("redis.example").build();
 * IssuedCertificate alice = ca.clientCertificate("alice").build();
 * IssuedCertificate old = ca.clientCertificate("old").expired().build();
 * CertificateAuthority intermediate = ca.intermediate("Thalos Intermediate CA");
 * CertificateAuthority stranger = CertificateAuthority.create("Unrelated CA");  // trusts nothing above
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class CertificateAuthority {

  /** Subject alternative names of {@link #serverCertificate()} if unset. */
  public static final String[] DEFAULT_SERVER_NAMES = {"localhost", "127.0.0.1", "::1"};

  private final IssuedCertificate issued;

  private CertificateAuthority(IssuedCertificate issued) {
    this.issued = issued;
  }

  /** A new self-signed root CA with an EC P-256 key, valid from an hour ago for a year. */
  public static CertificateAuthority create(String commonName) {
    return create(commonName, KeyAlgorithm.EC_P256);
  }

  /** A new self-signed root CA with the given key type, valid from an hour ago for a year. */
  public static CertificateAuthority create(String commonName, KeyAlgorithm keyAlgorithm) {
    return new CertificateAuthority(new IssuedCertificate.Builder(null, IssuedCertificate.Purpose.CA, commonName)
        .keyAlgorithm(keyAlgorithm).build());
  }

  /** A root CA from a builder, e.g. to make an expired CA: {@code CertificateAuthority.builder("x").expired()}. */
  public static CertificateAuthority create(IssuedCertificate.Builder rootSettings) {
    IssuedCertificate root = rootSettings.build();
    return new CertificateAuthority(root);
  }

  /** Settings for a self-signed root CA, for {@link #create(IssuedCertificate.Builder)}. */
  public static IssuedCertificate.Builder builder(String commonName) {
    return new IssuedCertificate.Builder(null, IssuedCertificate.Purpose.CA, commonName);
  }

  /** An intermediate CA signed by this CA, with an EC P-256 key. */
  public CertificateAuthority intermediate(String commonName) {
    return new CertificateAuthority(intermediateBuilder(commonName).build());
  }

  /** Settings for an intermediate CA signed by this CA; build it with {@link #create(IssuedCertificate.Builder)}. */
  public IssuedCertificate.Builder intermediateBuilder(String commonName) {
    return new IssuedCertificate.Builder(this, IssuedCertificate.Purpose.CA, commonName).pathLength(0);
  }

  /**
   * Settings for a server certificate (extended key usage serverAuth), CN {@code localhost}, subject
   * alternative names {@link #DEFAULT_SERVER_NAMES} unless replaced.
   */
  public IssuedCertificate.Builder serverCertificate() {
    return new IssuedCertificate.Builder(this, IssuedCertificate.Purpose.SERVER, "localhost")
        .subjectAlternativeNames(DEFAULT_SERVER_NAMES);
  }

  /** Settings for a client certificate (extended key usage clientAuth) with the given CN and no SANs. */
  public IssuedCertificate.Builder clientCertificate(String commonName) {
    return new IssuedCertificate.Builder(this, IssuedCertificate.Purpose.CLIENT, commonName);
  }

  /** This CA's certificate. */
  public X509Certificate certificate() {
    return issued.certificate();
  }

  /** This CA's certificate with its key and issuers (for an intermediate CA: the chain to the root). */
  public IssuedCertificate issued() {
    return issued;
  }

  /** This CA's certificate as PEM, e.g. for a trust file or Redis' {@code tls-ca-cert-file}. */
  public String certificatePem() {
    return issued.certificatePem();
  }

  /** Writes {@link #certificatePem()} to {@code file}. */
  public java.nio.file.Path writeCertificatePem(java.nio.file.Path file) {
    return IssuedCertificate.write(file, certificatePem());
  }

  /** A key store of the given type ({@code PKCS12} or {@code JKS}) trusting this CA's certificate. */
  public byte[] trustStore(String type, char[] password) {
    Objects.requireNonNull(type, "type must not be null");
    Objects.requireNonNull(password, "password must not be null");
    if (!type.equals("PKCS12") && !type.equals("JKS")) {
      throw new IllegalArgumentException("invalid type: '" + type + "' (must be PKCS12 or JKS)");
    }
    try {
      KeyStore store = KeyStore.getInstance(type);
      store.load(null, null);
      store.setCertificateEntry("ca", certificate());
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      store.store(bytes, password);
      return bytes.toByteArray();
    } catch (GeneralSecurityException | IOException e) {
      throw new TestkitException("pki.failed", "failed to encode " + type + " trust store: " + e, e);
    }
  }

  @Override
  public String toString() {
    return "CertificateAuthority[" + issued.certificate().getSubjectX500Principal().getName() + "]";
  }
}
