package dev.thalos.redis.security.tls;

import dev.thalos.redis.security.internal.ControlCharacters;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;

/** Checks on a client identity: key matches certificate, certificates are within their validity. */
final class Keys {

  private static final Set<String> EDDSA = Set.of("EdDSA", "Ed25519", "Ed448");

  private Keys() {}

  static void checkMatches(PrivateKey key, X509Certificate certificate, String origin) {
    PublicKey publicKey = certificate.getPublicKey();
    boolean matches;
    try {
      matches = matches(key, publicKey);
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new TlsMaterialException(
          TlsMaterialException.KEY_UNSUPPORTED,
          "cannot check that the client key from " + origin + " (" + key.getAlgorithm()
              + ") belongs to its certificate: " + e.getMessage(),
          e);
    }
    if (!matches) {
      throw new TlsMaterialException(
          TlsMaterialException.KEY_MISMATCH,
          "client key from " + origin + " (" + key.getAlgorithm() + ") does not match the public key ("
              + publicKey.getAlgorithm() + ") of client certificate '"
              + ControlCharacters.escape(certificate.getSubjectX500Principal().getName()) + "'");
    }
  }

  static boolean matches(PrivateKey key, PublicKey publicKey) throws GeneralSecurityException {
    if (key instanceof RSAPrivateCrtKey) {
      if (!(publicKey instanceof RSAPublicKey)) {
        return false;
      }
      RSAPrivateCrtKey rsa = (RSAPrivateCrtKey) key;
      RSAPublicKey pub = (RSAPublicKey) publicKey;
      return rsa.getModulus().equals(pub.getModulus()) && rsa.getPublicExponent().equals(pub.getPublicExponent());
    }
    String algorithm = signatureAlgorithm(key.getAlgorithm());
    if (!family(key.getAlgorithm()).equals(family(publicKey.getAlgorithm()))) {
      return false;
    }
    byte[] challenge = new byte[32];
    new SecureRandom().nextBytes(challenge);
    Signature signer = Signature.getInstance(algorithm);
    signer.initSign(key);
    signer.update(challenge);
    byte[] signature = signer.sign();
    Signature verifier = Signature.getInstance(algorithm);
    verifier.initVerify(publicKey);
    verifier.update(challenge);
    return verifier.verify(signature);
  }

  private static String family(String algorithm) {
    if (EDDSA.contains(algorithm)) {
      return "EdDSA";
    }
    if ("RSASSA-PSS".equals(algorithm)) {
      return "RSA";
    }
    return algorithm;
  }

  private static String signatureAlgorithm(String keyAlgorithm) throws GeneralSecurityException {
    switch (family(keyAlgorithm)) {
      case "RSA":
        return "SHA256withRSA";
      case "EC":
        return "SHA256withECDSA";
      case "DSA":
        return "SHA256withDSA";
      case "EdDSA":
        return "EdDSA";
      default:
        throw new GeneralSecurityException("unsupported key algorithm " + keyAlgorithm);
    }
  }

  static void checkValidity(List<X509Certificate> chain, Instant now, String origin) {
    Date date = Date.from(now);
    for (X509Certificate certificate : chain) {
      String subject = ControlCharacters.escape(certificate.getSubjectX500Principal().getName());
      if (date.after(certificate.getNotAfter())) {
        throw new TlsMaterialException(
            TlsMaterialException.CERTIFICATE_EXPIRED,
            "client certificate '" + subject + "' from " + origin + " expired at "
                + certificate.getNotAfter().toInstant() + " (now " + now + ")");
      }
      if (date.before(certificate.getNotBefore())) {
        throw new TlsMaterialException(
            TlsMaterialException.CERTIFICATE_NOT_YET_VALID,
            "client certificate '" + subject + "' from " + origin + " is not valid before "
                + certificate.getNotBefore().toInstant() + " (now " + now + ")");
      }
    }
  }
}
