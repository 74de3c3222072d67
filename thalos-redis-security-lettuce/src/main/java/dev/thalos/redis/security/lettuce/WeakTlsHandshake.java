package dev.thalos.redis.security.lettuce;

import dev.thalos.redis.security.check.ProbeException;
import dev.thalos.redis.security.check.TlsHandshakeAttempt;
import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import dev.thalos.redis.security.tls.TlsSettings;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * One TLS handshake to an endpoint's TLS port that offers only the given protocols and cipher suites and is
 * abandoned as soon as the server has chosen: it answers "would the server negotiate one of these?" for
 * {@code live.tls.weak-suites-accepted}.
 *
 * <p>It uses an {@link SSLContext} of its own, created for the one attempt, never the endpoint's or the JVM's
 * default, and changes no security property. Its trust manager <em>does not verify</em> the server certificate:
 * the endpoint's trust manager would refuse the very suites asked about (it enforces the endpoint's
 * {@code TlsPolicy}), and no verification is needed for what flows here. The trust manager is called when the
 * server presents its certificate, after the server chose protocol and suite in its ServerHello; it records the
 * choice and the certificate's key algorithm and throws, which aborts the handshake with an alert. By then the
 * client has sent only its ClientHello: no key exchange, no Finished, no client certificate (the attempt has no
 * key manager), no Redis command and no credentials. A party in the middle could therefore make this attempt
 * lie about what the server accepts, but it learns nothing from it; the verified connection of the probe is
 * judged by the other TLS rules.
 */
final class WeakTlsHandshake {

  private WeakTlsHandshake() {}

  /**
   * Offers {@code protocols} and the {@code suites} this JVM supports to the endpoint's TLS port.
   *
   * @throws ProbeException {@code probe.unsupported} for a plaintext endpoint or if the JVM supports none of
   *     {@code suites} or {@code protocols}; {@code probe.io} if the TCP connection fails or times out, or the
   *     handshake does not end within the endpoint's connect timeout (each attempt takes at most twice that)
   */
  static TlsHandshakeAttempt attempt(ThalosRedisEndpoint endpoint, List<String> protocols, List<String> suites) {
    TlsSettings tls = endpoint.tls().orElseThrow(() -> new ProbeException(ProbeException.UNSUPPORTED,
        "the endpoint is plaintext"));
    Choice choice = new Choice();
    SSLContext context;
    try {
      context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {choice}, null);
    } catch (GeneralSecurityException e) {
      throw new ProbeException(ProbeException.UNSUPPORTED, "no TLS context for the extra handshake: " + e, e);
    }
    SSLParameters supported = context.getSupportedSSLParameters();
    List<String> offeredSuites = offerable(suites, supported.getCipherSuites());
    List<String> offeredProtocols = offerable(protocols, supported.getProtocols());
    if (offeredSuites.isEmpty() || offeredProtocols.isEmpty()) {
      throw new ProbeException(ProbeException.UNSUPPORTED, "this JVM cannot offer " + protocols + " with "
          + suites.size() + " of the suites asked for");
    }
    SSLParameters parameters = new SSLParameters();
    parameters.setProtocols(offeredProtocols.toArray(new String[0]));
    parameters.setCipherSuites(offeredSuites.toArray(new String[0]));
    parameters.setServerNames(tls.sslParameters(endpoint.host()).getServerNames());
    int timeout = (int) Math.max(1, Math.min(Integer.MAX_VALUE, endpoint.connectTimeout().toMillis()));
    AtomicBoolean expired = new AtomicBoolean();
    try (Socket tcp = new Socket()) {
      try {
        tcp.connect(new InetSocketAddress(endpoint.host(), endpoint.port()), timeout);
      } catch (IOException e) {
        throw new ProbeException(ProbeException.IO, "extra TLS handshake: cannot connect to " + endpoint.host() + ":"
            + endpoint.port() + " (" + e.getClass().getSimpleName() + ")", e);
      }
      tcp.setSoTimeout(timeout);
      // the whole handshake, not only each read, within the connect timeout: a server that sends a byte now and
      // then would otherwise hold the self-check for as long as it likes
      ScheduledFuture<?> deadline = Deadlines.EXECUTOR.schedule(() -> {
        expired.set(true);
        closeQuietly(tcp);
      }, timeout, TimeUnit.MILLISECONDS);
      try (SSLSocket socket = (SSLSocket) context.getSocketFactory()
          .createSocket(tcp, endpoint.host(), endpoint.port(), true)) {
        socket.setSSLParameters(parameters);
        socket.startHandshake();
        // not reached: the trust manager aborts every handshake that gets as far as the certificate
        return choice.result().orElse(TlsHandshakeAttempt.refused("the handshake ended without a certificate"));
      } finally {
        deadline.cancel(false);
      }
    } catch (IOException e) {
      if (choice.result().isPresent()) {
        return choice.result().get();
      }
      if (expired.get() || timedOut(e)) {
        // JSSE reports a read that failed mid-handshake as a handshake failure: not a refusal by the server
        throw new ProbeException(ProbeException.IO, "extra TLS handshake to " + endpoint.host() + ":"
            + endpoint.port() + " timed out after " + timeout + " ms", e);
      }
      if (e instanceof SSLException) {
        return TlsHandshakeAttempt.refused(String.valueOf(e.getMessage()));
      }
      throw new ProbeException(ProbeException.IO, "extra TLS handshake to " + endpoint.host() + ":"
          + endpoint.port() + " failed (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  private static boolean timedOut(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SocketTimeoutException) {
        return true;
      }
    }
    return false;
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // closing is all that is left to do
    }
  }

  /** Closes the sockets of handshakes that outlast their deadline; one daemon thread, started when first used. */
  private static final class Deadlines {
    static final ScheduledThreadPoolExecutor EXECUTOR = newExecutor();

    private static ScheduledThreadPoolExecutor newExecutor() {
      ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "thalos-selfcheck-tls-deadline");
        t.setDaemon(true);
        return t;
      });
      executor.setRemoveOnCancelPolicy(true);
      return executor;
    }
  }

  private static List<String> offerable(List<String> wanted, String[] supported) {
    Set<String> s = new HashSet<>(Arrays.asList(supported));
    List<String> out = new ArrayList<>();
    for (String w : wanted) {
      if (s.contains(w)) {
        out.add(w);
      }
    }
    return out;
  }

  /** Records the server's choice when it presents its certificate, then aborts the handshake. */
  private static final class Choice extends X509ExtendedTrustManager {
    private volatile TlsHandshakeAttempt recorded;

    java.util.Optional<TlsHandshakeAttempt> result() {
      return java.util.Optional.ofNullable(recorded);
    }

    private void record(X509Certificate[] chain, SSLSession session) throws CertificateException {
      if (session != null) {
        String key = chain != null && chain.length > 0 ? chain[0].getPublicKey().getAlgorithm() : null;
        recorded = TlsHandshakeAttempt.accepted(session.getProtocol(), session.getCipherSuite(), key);
      }
      throw new CertificateException("handshake abandoned once the server chose (weak-suite probe)");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      record(chain, socket instanceof SSLSocket ? ((SSLSocket) socket).getHandshakeSession() : null);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      record(chain, engine == null ? null : engine.getHandshakeSession());
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      record(chain, null);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      throw new CertificateException("not a server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      throw new CertificateException("not a server");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
      throw new CertificateException("not a server");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
