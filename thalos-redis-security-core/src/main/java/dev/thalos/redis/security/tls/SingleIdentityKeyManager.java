package dev.thalos.redis.security.tls;

import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents one client certificate chain whenever the server asks for a certificate whose key type matches,
 * like {@code redis-cli --cert/--key}: the server, not the client, decides whether it is acceptable.
 */
final class SingleIdentityKeyManager extends X509ExtendedKeyManager {

  static final String ALIAS = "thalos-client";
  private static final Set<String> EDDSA = Set.of("EdDSA", "Ed25519", "Ed448");

  private final PrivateKey key;
  private final X509Certificate[] chain;

  SingleIdentityKeyManager(PrivateKey key, List<X509Certificate> chain) {
    this.key = key;
    this.chain = chain.toArray(new X509Certificate[0]);
  }

  private boolean accepts(String keyType) {
    String algorithm = key.getAlgorithm();
    if (keyType == null) {
      return false;
    }
    if (keyType.equalsIgnoreCase(algorithm) || keyType.startsWith(algorithm + "_")) {
      return true;
    }
    return EDDSA.contains(keyType) && EDDSA.contains(algorithm);
  }

  private String choose(String[] keyTypes) {
    if (keyTypes != null) {
      for (String keyType : keyTypes) {
        if (accepts(keyType)) {
          return ALIAS;
        }
      }
    }
    return null;
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return accepts(keyType) ? new String[] {ALIAS} : null;
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    return choose(keyTypes);
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
    return choose(keyTypes);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return null;
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return null;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return null;
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    return ALIAS.equals(alias) ? chain.clone() : null;
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return ALIAS.equals(alias) ? key : null;
  }
}
