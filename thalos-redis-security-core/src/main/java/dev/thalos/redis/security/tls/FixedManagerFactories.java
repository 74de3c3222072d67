package dev.thalos.redis.security.tls;

import java.security.KeyStore;
import java.security.Provider;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.TrustManagerFactorySpi;

/** JSSE factories that hand out one fixed, already configured manager (for builders that take factories). */
final class FixedManagerFactories {

  private static final String ALGORITHM = "ThalosFixed";
  private static final Provider PROVIDER = new Provider("ThalosTls", "1.0", "fixed TLS managers") {
        private static final long serialVersionUID = 1L;
      };

  private FixedManagerFactories() {}

  static TrustManagerFactory trustManagerFactory(TrustManager manager) {
    return new FixedTrustManagerFactory(manager);
  }

  static KeyManagerFactory keyManagerFactory(KeyManager manager) {
    return new FixedKeyManagerFactory(manager);
  }

  private static final class FixedTrustManagerFactory extends TrustManagerFactory {
    FixedTrustManagerFactory(TrustManager manager) {
      super(new TrustSpi(manager), PROVIDER, ALGORITHM);
    }
  }

  private static final class FixedKeyManagerFactory extends KeyManagerFactory {
    FixedKeyManagerFactory(KeyManager manager) {
      super(new KeySpi(manager), PROVIDER, ALGORITHM);
    }
  }

  private static final class TrustSpi extends TrustManagerFactorySpi {
    private final TrustManager manager;

    TrustSpi(TrustManager manager) {
      this.manager = manager;
    }

    @Override
    protected void engineInit(KeyStore ks) {
      // already configured
    }

    @Override
    protected void engineInit(ManagerFactoryParameters spec) {
      // already configured
    }

    @Override
    protected TrustManager[] engineGetTrustManagers() {
      return new TrustManager[] {manager};
    }
  }

  private static final class KeySpi extends KeyManagerFactorySpi {
    private final KeyManager manager;

    KeySpi(KeyManager manager) {
      this.manager = manager;
    }

    @Override
    protected void engineInit(KeyStore ks, char[] password) {
      // already configured
    }

    @Override
    protected void engineInit(ManagerFactoryParameters spec) {
      // already configured
    }

    @Override
    protected KeyManager[] engineGetKeyManagers() {
      return new KeyManager[] {manager};
    }
  }
}
