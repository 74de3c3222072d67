package dev.thalos.redis.security.tls;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An SSLContext whose client sockets and engines come pre-configured with the {@link TlsSettings}: protocols,
 * cipher suites, host name verification and SNI. Server-side use is refused.
 */
final class ConfiguredSslContextSpi extends SSLContextSpi {

  private final SSLContext delegate;
  private final TlsSettings settings;

  ConfiguredSslContextSpi(SSLContext delegate, TlsSettings settings) {
    this.delegate = delegate;
    this.settings = settings;
  }

  static SSLContext wrap(SSLContext delegate, TlsSettings settings) {
    return new SSLContext(new ConfiguredSslContextSpi(delegate, settings), delegate.getProvider(),
        delegate.getProtocol()) {};
  }

  @Override
  protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
    throw new KeyManagementException("this SSLContext is already initialised from TlsSettings");
  }

  @Override
  protected SSLSocketFactory engineGetSocketFactory() {
    return new ConfiguredSocketFactory(delegate.getSocketFactory(), settings);
  }

  @Override
  protected SSLServerSocketFactory engineGetServerSocketFactory() {
    throw new UnsupportedOperationException("TlsSettings describe the client side only");
  }

  @Override
  protected SSLEngine engineCreateSSLEngine() {
    SSLEngine engine = delegate.createSSLEngine();
    engine.setUseClientMode(true);
    engine.setSSLParameters(settings.sslParameters(null));
    return engine;
  }

  @Override
  protected SSLEngine engineCreateSSLEngine(String host, int port) {
    SSLEngine engine = delegate.createSSLEngine(host, port);
    engine.setUseClientMode(true);
    engine.setSSLParameters(settings.sslParameters(host));
    return engine;
  }

  @Override
  protected SSLSessionContext engineGetServerSessionContext() {
    return delegate.getServerSessionContext();
  }

  @Override
  protected SSLSessionContext engineGetClientSessionContext() {
    return delegate.getClientSessionContext();
  }

  @Override
  protected SSLParameters engineGetDefaultSSLParameters() {
    return settings.sslParameters(null);
  }

  @Override
  protected SSLParameters engineGetSupportedSSLParameters() {
    return delegate.getSupportedSSLParameters();
  }

  /** Applies the settings to every socket it creates. */
  private static final class ConfiguredSocketFactory extends SSLSocketFactory {
    private final SSLSocketFactory delegate;
    private final TlsSettings settings;

    ConfiguredSocketFactory(SSLSocketFactory delegate, TlsSettings settings) {
      this.delegate = delegate;
      this.settings = settings;
    }

    private Socket configure(Socket socket, String host) {
      SSLSocket ssl = (SSLSocket) socket;
      ssl.setUseClientMode(true);
      ssl.setSSLParameters(settings.sslParameters(host));
      return ssl;
    }

    /** The suites these sockets offer: the policy's (or its default list), never the JDK's own defaults. */
    @Override
    public String[] getDefaultCipherSuites() {
      return settings.cipherSuites().toArray(new String[0]);
    }

    @Override
    public String[] getSupportedCipherSuites() {
      return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket() throws IOException {
      return configure(delegate.createSocket(), null);
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
      return configure(delegate.createSocket(socket, host, port, autoClose), host);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
      return configure(delegate.createSocket(host, port), host);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
      return configure(delegate.createSocket(host, port, localHost, localPort), host);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
      return configure(delegate.createSocket(host, port), null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
        throws IOException {
      return configure(delegate.createSocket(address, port, localAddress, localPort), null);
    }
  }
}
