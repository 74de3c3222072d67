package dev.thalos.redis.security.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate together with its private key and the certificates of its issuers, with encoders for every
 * format the library reads: certificate and chain PEM, PKCS#8, PKCS#1 (RSA), SEC1 (EC) and encrypted PKCS#8
 * PEM keys, PKCS#12 and JKS key stores.
 *
 * <pre>{@code
 * CertificateAuthority ca = CertificateAuthority.create("Test CA");
 * IssuedCertificate server = ca.serverCertificate()          // SANs localhost, 127.0.0.1, ::1
 *     .keyAlgorithm(KeyAlgorithm.RSA_2048)
 *     .build();
 * IssuedCertificate expired = ca.clientCertificate("alice").expired().build();
 * Files.writeString(dir.resolve("server.crt"), server.chainPem());
 * Files.writeString(dir.resolve("server.key"), server.privateKeyPkcs8Pem());
 * }</pre>
 *
 * <p>Immutable. {@link #toString()} never shows the private key.
 */
public final class IssuedCertificate {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final X509Certificate certificate;
  private final PrivateKey privateKey;
  private final List<X509Certificate> issuers;

  private IssuedCertificate(X509Certificate certificate, PrivateKey privateKey, List<X509Certificate> issuers) {
    this.certificate = certificate;
    this.privateKey = privateKey;
    this.issuers = List.copyOf(issuers);
  }

  /** The certificate. */
  public X509Certificate certificate() {
    return certificate;
  }

  /** The certificate's private key. */
  public PrivateKey privateKey() {
    return privateKey;
  }

  /** The key pair: the certificate's public key and {@link #privateKey()}. */
  public KeyPair keyPair() {
    return new KeyPair(certificate.getPublicKey(), privateKey);
  }

  /** The key type. */
  public KeyAlgorithm keyAlgorithm() {
    return KeyAlgorithm.of(privateKey);
  }

  /** The issuing CAs' certificates, nearest first, ending with the self-signed root; empty for a root. */
  public List<X509Certificate> issuers() {
    return issuers;
  }

  /** The root CA certificate this certificate chains to (itself for a root). */
  public X509Certificate rootCertificate() {
    return issuers.isEmpty() ? certificate : issuers.get(issuers.size() - 1);
  }

  /** This certificate followed by its intermediate CA certificates (not the root): what a TLS peer sends. */
  public List<X509Certificate> chain() {
    List<X509Certificate> chain = new ArrayList<>();
    chain.add(certificate);
    if (issuers.size() > 1) {
      chain.addAll(issuers.subList(0, issuers.size() - 1));
    }
    return Collections.unmodifiableList(chain);
  }

  /** The certificate as one {@code CERTIFICATE} PEM block. */
  public String certificatePem() {
    return Pem.certificates(List.of(certificate));
  }

  /** {@link #chain()} as consecutive {@code CERTIFICATE} PEM blocks, leaf first. */
  public String chainPem() {
    return Pem.certificates(chain());
  }

  /** The private key as unencrypted PKCS#8 ({@code PRIVATE KEY}). */
  public String privateKeyPkcs8Pem() {
    return Pem.pkcs8(privateKey);
  }

  /**
   * The private key as PKCS#1 ({@code RSA PRIVATE KEY}).
   *
   * @throws IllegalStateException if the key is not RSA
   */
  public String privateKeyPkcs1Pem() {
    if (keyAlgorithm() != KeyAlgorithm.RSA_2048) {
      throw new IllegalStateException("PKCS#1 needs an RSA key; this key is " + keyAlgorithm());
    }
    return Pem.traditional(privateKey);
  }

  /**
   * The private key as SEC1 ({@code EC PRIVATE KEY}).
   *
   * @throws IllegalStateException if the key is not EC
   */
  public String privateKeySec1Pem() {
    if (keyAlgorithm() != KeyAlgorithm.EC_P256) {
      throw new IllegalStateException("SEC1 needs an EC key; this key is " + keyAlgorithm());
    }
    return Pem.traditional(privateKey);
  }

  /** The private key in its traditional OpenSSL form: PKCS#1 for RSA, SEC1 for EC. */
  public String privateKeyTraditionalPem() {
    return Pem.traditional(privateKey);
  }

  /** The private key as PKCS#8 encrypted with AES-256-CBC and PBKDF2-HMAC-SHA256 ({@code ENCRYPTED PRIVATE KEY}). */
  public String privateKeyEncryptedPkcs8Pem(char[] password) {
    Objects.requireNonNull(password, "password must not be null");
    return Pem.encryptedPkcs8(privateKey, password);
  }

  /** A PKCS#12 key store with this key and {@link #chain()} plus the root under alias {@code alias}. */
  public byte[] pkcs12(String alias, char[] password) {
    return keyStore("PKCS12", alias, password);
  }

  /** A JKS key store with this key and certificate chain under alias {@code alias}. */
  public byte[] jks(String alias, char[] password) {
    return keyStore("JKS", alias, password);
  }

  /** Writes {@link #certificatePem()} to {@code file}. */
  public Path writeCertificatePem(Path file) {
    return write(file, certificatePem());
  }

  /** Writes {@link #chainPem()} to {@code file}. */
  public Path writeChainPem(Path file) {
    return write(file, chainPem());
  }

  /** Writes {@link #privateKeyPkcs8Pem()} to {@code file}. */
  public Path writePrivateKeyPkcs8Pem(Path file) {
    return write(file, privateKeyPkcs8Pem());
  }

  /** The subject's common name. */
  public String commonName() {
    return commonNameOf(certificate);
  }

  @Override
  public String toString() {
    return "IssuedCertificate[subject=" + certificate.getSubjectX500Principal().getName() + ", serial="
        + certificate.getSerialNumber().toString(16) + ", notAfter=" + certificate.getNotAfter().toInstant()
        + ", key=" + keyAlgorithm() + "]";
  }

  private byte[] keyStore(String type, String alias, char[] password) {
    Objects.requireNonNull(alias, "alias must not be null");
    Objects.requireNonNull(password, "password must not be null");
    try {
      KeyStore store = KeyStore.getInstance(type);
      store.load(null, null);
      List<X509Certificate> chain = new ArrayList<>(chain());
      if (!issuers.isEmpty()) {
        chain.add(rootCertificate());
      }
      store.setKeyEntry(alias, privateKey, password, chain.toArray(new Certificate[0]));
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      store.store(bytes, password);
      return bytes.toByteArray();
    } catch (GeneralSecurityException | IOException e) {
      throw new TestkitException("pki.failed", "failed to encode " + type + " key store: " + e, e);
    }
  }

  static Path write(Path file, String content) {
    Objects.requireNonNull(file, "file must not be null");
    try {
      return Files.writeString(file, content, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new TestkitException("pki.failed", "cannot write " + ControlCharacters.escape(file.toString()) + ": "
          + ControlCharacters.escape(e.toString()), e);
    }
  }

  static String commonNameOf(X509Certificate certificate) {
    X500Name name = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    var rdns = name.getRDNs(BCStyle.CN);
    return rdns.length == 0 ? "" : rdns[0].getFirst().getValue().toString();
  }

  /** What a certificate is for; decides basic constraints, key usage and extended key usage. */
  enum Purpose {
    CA, SERVER, CLIENT, SERVER_AND_CLIENT
  }

  /**
   * Settings for one certificate, obtained from {@link CertificateAuthority#serverCertificate()},
   * {@link CertificateAuthority#clientCertificate(String)}, {@link CertificateAuthority#builder(String)} or
   * {@link CertificateAuthority#intermediateBuilder(String)}. If unset: EC P-256 key, valid from one hour ago
   * for one day (a CA: for a year).
   */
  public static final class Builder {

    private static final Pattern DNS_NAME =
        Pattern.compile("(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final CertificateAuthority issuer;
    private Purpose purpose;
    private String commonName;
    private final List<String> subjectAlternativeNames = new ArrayList<>();
    private KeyAlgorithm keyAlgorithm = KeyAlgorithm.EC_P256;
    private KeyPair keyPair;
    private Instant notBefore;
    private Instant notAfter;
    private int pathLength = -1;

    Builder(CertificateAuthority issuer, Purpose purpose, String commonName) {
      this.issuer = issuer;
      this.purpose = purpose;
      commonName(commonName);
      Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      notBefore = now.minus(Duration.ofHours(1));
      notAfter = now.plus(purpose == Purpose.CA ? Duration.ofDays(365) : Duration.ofDays(1));
    }

    /** The subject's common name ({@code CN}). */
    public Builder commonName(String commonName) {
      Objects.requireNonNull(commonName, "commonName must not be null");
      if (commonName.isBlank() || commonName.length() > 64) {
        throw new IllegalArgumentException("invalid commonName: '" + commonName + "' (must be 1..64 characters)");
      }
      this.commonName = commonName;
      return this;
    }

    /**
     * Replaces the subject alternative names: IP literals become IP address entries, other names DNS entries
     * (a leading {@code *.} makes a wildcard). An empty call removes the extension.
     */
    public Builder subjectAlternativeNames(String... names) {
      Objects.requireNonNull(names, "names must not be null");
      List<String> checked = new ArrayList<>();
      for (String name : names) {
        Objects.requireNonNull(name, "names must not contain null");
        if (!IP_LITERAL.matcher(name).matches() && !DNS_NAME.matcher(name).matches()) {
          throw new IllegalArgumentException("invalid subject alternative name: '" + name
              + "' (must be a DNS name or an IP literal)");
        }
        if (IP_LITERAL.matcher(name).matches() && !isIpLiteral(name)) {
          throw new IllegalArgumentException("invalid subject alternative name: '" + name
              + "' (not a valid IP literal)");
        }
        checked.add(name);
      }
      subjectAlternativeNames.clear();
      subjectAlternativeNames.addAll(checked);
      return this;
    }

    /** The key type. If unset, {@link KeyAlgorithm#EC_P256}. Ignored when {@link #keyPair(KeyPair)} is set. */
    public Builder keyAlgorithm(KeyAlgorithm keyAlgorithm) {
      this.keyAlgorithm = Objects.requireNonNull(keyAlgorithm, "keyAlgorithm must not be null");
      return this;
    }

    /** Uses an existing key pair instead of generating one (e.g. to reissue a certificate for the same key). */
    public Builder keyPair(KeyPair keyPair) {
      Objects.requireNonNull(keyPair, "keyPair must not be null");
      this.keyAlgorithm = KeyAlgorithm.of(keyPair.getPrivate());
      this.keyPair = keyPair;
      return this;
    }

    /** The validity period, inclusive. */
    public Builder validity(Instant notBefore, Instant notAfter) {
      Objects.requireNonNull(notBefore, "notBefore must not be null");
      Objects.requireNonNull(notAfter, "notAfter must not be null");
      if (!notAfter.isAfter(notBefore)) {
        throw new IllegalArgumentException("invalid validity: notAfter " + notAfter + " must be after notBefore "
            + notBefore);
      }
      this.notBefore = notBefore.truncatedTo(ChronoUnit.SECONDS);
      this.notAfter = notAfter.truncatedTo(ChronoUnit.SECONDS);
      return this;
    }

    /** Valid from two days ago until yesterday. */
    public Builder expired() {
      Instant now = Instant.now();
      return validity(now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)));
    }

    /** Valid from tomorrow for one day. */
    public Builder notYetValid() {
      Instant now = Instant.now();
      return validity(now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(2)));
    }

    /** Marks the certificate for both server and client authentication. */
    public Builder serverAndClient() {
      if (purpose == Purpose.CA) {
        throw new IllegalStateException("a CA certificate cannot be a server or client certificate");
      }
      this.purpose = Purpose.SERVER_AND_CLIENT;
      return this;
    }

    Builder pathLength(int pathLength) {
      this.pathLength = pathLength;
      return this;
    }

    /** Creates the key pair (if needed) and the certificate, signed by the issuing CA. */
    public IssuedCertificate build() {
      KeyPair subjectKeys = keyPair != null ? keyPair : keyAlgorithm.generate();
      X500Name subject = new X500NameBuilder(BCStyle.INSTANCE)
          .addRDN(BCStyle.O, "thalos-redis-security test kit")
          .addRDN(BCStyle.CN, commonName)
          .build();
      PrivateKey signingKey = issuer == null ? subjectKeys.getPrivate() : issuer.issued().privateKey();
      X500Name issuerName = issuer == null ? subject
          : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
      try {
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
            issuerName, new BigInteger(127, RANDOM).add(BigInteger.ONE), Date.from(notBefore), Date.from(notAfter),
            subject, subjectKeys.getPublic());
        builder.addExtension(Extension.subjectKeyIdentifier, false,
            extensions.createSubjectKeyIdentifier(subjectKeys.getPublic()));
        if (issuer != null) {
          builder.addExtension(Extension.authorityKeyIdentifier, false,
              extensions.createAuthorityKeyIdentifier(issuer.certificate()));
        }
        if (purpose == Purpose.CA) {
          builder.addExtension(Extension.basicConstraints, true,
              pathLength < 0 ? new BasicConstraints(true) : new BasicConstraints(pathLength));
          builder.addExtension(Extension.keyUsage, true,
              new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
        } else {
          builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
          int usage = KeyUsage.digitalSignature
              | (KeyAlgorithm.of(subjectKeys.getPrivate()) == KeyAlgorithm.RSA_2048 ? KeyUsage.keyEncipherment : 0);
          builder.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
          builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(switch (purpose) {
            case SERVER -> new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth};
            case CLIENT -> new KeyPurposeId[] {KeyPurposeId.id_kp_clientAuth};
            default -> new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth};
          }));
        }
        if (!subjectAlternativeNames.isEmpty()) {
          GeneralName[] names = subjectAlternativeNames.stream()
              .map(n -> isIpLiteral(n) ? new GeneralName(GeneralName.iPAddress, n)
                  : new GeneralName(GeneralName.dNSName, n))
              .toArray(GeneralName[]::new);
          builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        }
        String signatureAlgorithm = KeyAlgorithm.of(signingKey).signatureAlgorithm();
        ContentSigner signer = new JcaContentSignerBuilder(signatureAlgorithm).setProvider(Pem.BC).build(signingKey);
        X509Certificate certificate =
            new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        List<X509Certificate> issuerChain = new ArrayList<>();
        if (issuer != null) {
          issuerChain.add(issuer.certificate());
          issuerChain.addAll(issuer.issued().issuers());
        }
        return new IssuedCertificate(certificate, subjectKeys.getPrivate(), issuerChain);
      } catch (Exception e) {
        throw new TestkitException("pki.failed", "failed to create certificate for '" + commonName + "': " + e, e);
      }
    }

    static boolean isIpLiteral(String name) {
      if (!IP_LITERAL.matcher(name).matches()) {
        return false;
      }
      if (name.contains(":")) {
        return org.bouncycastle.util.IPAddress.isValidIPv6(name);
      }
      return org.bouncycastle.util.IPAddress.isValidIPv4(name);
    }
  }
}
