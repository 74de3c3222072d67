package dev.thalos.redis.security.lettuce;

import dev.thalos.redis.security.ThalosSecurityException;
import dev.thalos.redis.security.check.ProbeException;
import dev.thalos.redis.security.check.ProbeReply;
import dev.thalos.redis.security.check.RedisProbe;
import dev.thalos.redis.security.check.SelfCheck;
import dev.thalos.redis.security.check.TlsHandshakeAttempt;
import dev.thalos.redis.security.check.TlsSessionFacts;
import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import dev.thalos.redis.security.tls.TlsSettings;
import dev.thalos.redis.security.tls.VerifyMode;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.ProtocolKeyword;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * A {@link RedisProbe} on a dedicated Lettuce connection: the same endpoint, TLS settings and credentials as the
 * application, the minimal handshake ({@code HELLO 3 AUTH ... SETNAME thalos-selfcheck}), no auto-reconnect (a
 * probe never retries), batches pipelined in one round trip, and the TLS session facts recorded by a trust
 * manager that wraps the endpoint's own.
 */
final class LettuceProbe implements RedisProbe {

  /** What a probe connection is for. */
  enum Mode {
    /** The endpoint's user, minimal RESP3 handshake with the probe's client name. */
    MAIN,
    /** No credentials, RESP2, nothing sent on connect. */
    ANONYMOUS,
    /** The endpoint's user over RESP2, so that SUBSCRIBE replies are ordinary replies. */
    SUBSCRIPTION
  }

  private final ThalosRedisEndpoint endpoint;
  private final boolean authenticated;
  private final RedisClient client;
  private final StatefulRedisConnection<String, String> connection;
  private final TlsRecorder recorder;
  private final Duration timeout;
  private volatile boolean closed;

  private LettuceProbe(ThalosRedisEndpoint endpoint, boolean authenticated, RedisClient client,
      StatefulRedisConnection<String, String> connection, TlsRecorder recorder) {
    this.endpoint = endpoint;
    this.authenticated = authenticated;
    this.client = client;
    this.connection = connection;
    this.recorder = recorder;
    this.timeout = endpoint.commandTimeout();
  }

  /**
   * Connects as the endpoint's user.
   *
   * @throws ThalosSecurityException with the translated reason if the connection fails
   */
  static LettuceProbe open(ThalosRedisEndpoint endpoint) {
    if (endpoint.topology() != dev.thalos.redis.security.endpoint.RedisTopology.STANDALONE) {
      throw new IllegalArgumentException("invalid endpoint: a probe connects to one node; use endpoint.forNode(...)"
          + " or forSentinel(...) for topology " + endpoint.topology().label());
    }
    return open(endpoint, Mode.MAIN);
  }

  private static LettuceProbe open(ThalosRedisEndpoint endpoint, Mode mode) {
    Objects.requireNonNull(endpoint, "endpoint must not be null");
    boolean authenticated = mode != Mode.ANONYMOUS;
    HandshakeProfile profile = mode == Mode.MAIN
        ? HandshakeProfile.MINIMAL.withClientName(SelfCheck.PROBE_CLIENT_NAME)
        : HandshakeProfile.MINIMAL_RESP2;
    RedisURI uri = authenticated ? ThalosLettuce.redisUri(endpoint, profile, 0) : anonymousUri(endpoint);
    TlsRecorder recorder = endpoint.tls().map(TlsRecorder::new).orElse(null);
    ClientOptions.Builder options = ThalosLettuce.clientOptions(endpoint, profile).mutate().autoReconnect(false);
    if (recorder != null) {
      options.sslOptions(recorder.sslOptions(endpoint.connectTimeout()));
    }
    RedisClient client = RedisClient.create(uri);
    client.setOptions(options.build());
    try {
      StatefulRedisConnection<String, String> c = client.connect(StringCodec.UTF8);
      return new LettuceProbe(endpoint, authenticated, client, c, recorder);
    } catch (RuntimeException e) {
      LettuceClients.shutdown(client);
      throw ThalosLettuce.translate(e, endpoint);
    }
  }

  private static RedisURI anonymousUri(ThalosRedisEndpoint endpoint) {
    RedisURI.Builder uri = RedisURI.builder()
        .withHost(endpoint.host())
        .withPort(endpoint.port())
        .withDatabase(0)
        .withTimeout(endpoint.connectTimeout())
        .withLibraryName("")
        .withLibraryVersion("");
    endpoint.tls().ifPresent(tls -> uri.withSsl(true).withVerifyPeer(ThalosLettuce.verifyMode(tls.verifyMode())));
    return uri.build();
  }

  @Override
  public ProbeReply command(String... args) {
    return commands(List.<String[]>of(args.clone())).get(0);
  }

  @Override
  public List<ProbeReply> commands(List<String[]> commands) {
    Objects.requireNonNull(commands, "commands must not be null");
    if (closed) {
      throw new ProbeException(ProbeException.IO, "the probe connection is closed");
    }
    List<RedisFuture<ProbeReply>> futures = new ArrayList<>(commands.size());
    connection.setAutoFlushCommands(false);
    try {
      for (String[] command : commands) {
        futures.add(connection.async().dispatch(keyword(command[0]), new ProbeReplyOutput(), args(command)));
      }
      connection.flushCommands();
    } finally {
      connection.setAutoFlushCommands(true);
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    List<ProbeReply> replies = new ArrayList<>(futures.size());
    for (RedisFuture<ProbeReply> f : futures) {
      replies.add(await(f, deadline));
    }
    return replies;
  }

  private static ProbeReply await(RedisFuture<ProbeReply> f, long deadline) {
    try {
      ProbeReply r = f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (r == null) {
        throw new ProbeException(ProbeException.IO, "the server sent no reply");
      }
      return r;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProbeException(ProbeException.IO, "interrupted while waiting for Redis", e);
    } catch (TimeoutException e) {
      throw new ProbeException(ProbeException.IO, "Redis did not answer in time", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new ProbeException(ProbeException.IO, "the probe command failed: " + cause.getClass().getSimpleName(),
          cause);
    }
  }

  @Override
  public boolean pipelinesBatches() {
    return true;
  }

  private static ProtocolKeyword keyword(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    byte[] bytes = upper.getBytes(StandardCharsets.US_ASCII);
    return new ProtocolKeyword() {
      @Override
      public byte[] getBytes() {
        return bytes.clone();
      }

      @Override
      public String toString() {
        return upper;
      }
    };
  }

  private static CommandArgs<String, String> args(String[] command) {
    CommandArgs<String, String> a = new CommandArgs<>(StringCodec.UTF8);
    for (String s : Arrays.asList(command).subList(1, command.length)) {
      a.add(s);
    }
    return a;
  }

  @Override
  public Optional<TlsSessionFacts> tls() {
    return recorder == null ? Optional.empty() : recorder.facts();
  }

  @Override
  public RedisProbe openUnauthenticated() {
    try {
      return open(endpoint, Mode.ANONYMOUS);
    } catch (ThalosSecurityException e) {
      throw new ProbeException(ProbeException.IO, "unauthenticated connection refused (" + e.reason() + ")", e);
    }
  }

  @Override
  public RedisProbe openSubscriptionProbe() {
    try {
      return open(endpoint, Mode.SUBSCRIPTION);
    } catch (ThalosSecurityException e) {
      throw new ProbeException(ProbeException.IO, "second connection failed (" + e.reason() + ")", e);
    }
  }

  /** One handshake on a connection of its own, abandoned when the server chose (see {@link WeakTlsHandshake}). */
  @Override
  public TlsHandshakeAttempt attemptTlsHandshake(List<String> protocols, List<String> cipherSuites) {
    return WeakTlsHandshake.attempt(endpoint, protocols, cipherSuites);
  }

  @Override
  public String describe() {
    String base = (endpoint.isTls() ? "rediss://" : "redis://") + endpoint.nodes().get(0);
    if (!authenticated) {
      return base + " without credentials";
    }
    return endpoint.credentials().map(c -> base + " as " + c.user()).orElse(base);
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      connection.close();
    } catch (RuntimeException e) {
      // closing a dead connection
    } finally {
      LettuceClients.shutdown(client);
    }
  }

  @Override
  public String toString() {
    return "LettuceProbe[" + describe() + "]";
  }

  /** Wraps the endpoint's trust manager to learn the session and chain of the probe connection. */
  static final class TlsRecorder {
    private final TlsSettings tls;
    private volatile SSLEngine engine;
    private volatile X509Certificate[] chain;

    TlsRecorder(TlsSettings tls) {
      this.tls = tls;
    }

    SslOptions sslOptions(Duration handshakeTimeout) {
      return ThalosLettuce.sslOptions(tls, handshakeTimeout, TlsEngine.JDK, Recording::new);
    }

    Optional<TlsSessionFacts> facts() {
      SSLEngine e = engine;
      if (e == null) {
        return Optional.empty();
      }
      SSLSession s = e.getSession();
      List<X509Certificate> certs = new ArrayList<>();
      try {
        for (java.security.cert.Certificate c : s.getPeerCertificates()) {
          if (c instanceof X509Certificate) {
            certs.add((X509Certificate) c);
          }
        }
      } catch (SSLPeerUnverifiedException ex) {
        X509Certificate[] recorded = chain;
        if (recorded != null) {
          certs.addAll(Arrays.asList(recorded));
        }
      }
      return Optional.of(TlsSessionFacts.builder()
          .protocol(s.getProtocol())
          .cipherSuite(s.getCipherSuite())
          .peerCertificates(certs)
          .peerVerified(tls.verifyMode() != VerifyMode.NONE)
          .hostnameVerified(tls.verifyMode() == VerifyMode.FULL)
          .clientCertificateSent(s.getLocalCertificates() != null && s.getLocalCertificates().length > 0)
          .build());
    }

    private final class Recording extends X509ExtendedTrustManager {
      private final X509ExtendedTrustManager delegate;

      Recording(X509ExtendedTrustManager delegate) {
        this.delegate = delegate;
      }

      @Override
      public void checkServerTrusted(X509Certificate[] certs, String authType, SSLEngine e)
          throws CertificateException {
        delegate.checkServerTrusted(certs, authType, e);
        chain = certs.clone();
        engine = e;
      }

      @Override
      public void checkServerTrusted(X509Certificate[] certs, String authType, Socket socket)
          throws CertificateException {
        delegate.checkServerTrusted(certs, authType, socket);
        chain = certs.clone();
      }

      @Override
      public void checkServerTrusted(X509Certificate[] certs, String authType) throws CertificateException {
        delegate.checkServerTrusted(certs, authType);
        chain = certs.clone();
      }

      @Override
      public void checkClientTrusted(X509Certificate[] certs, String authType, SSLEngine e)
          throws CertificateException {
        delegate.checkClientTrusted(certs, authType, e);
      }

      @Override
      public void checkClientTrusted(X509Certificate[] certs, String authType, Socket socket)
          throws CertificateException {
        delegate.checkClientTrusted(certs, authType, socket);
      }

      @Override
      public void checkClientTrusted(X509Certificate[] certs, String authType) throws CertificateException {
        delegate.checkClientTrusted(certs, authType);
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
      }
    }
  }
}
