package dev.thalos.redis.security.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A scripted {@link RedisProbe} for rule unit tests: replies chosen by the longest matching command prefix
 * ({@code "CONFIG GET bind"}, {@code "PUBLISH"}), NOPERM for everything else. Pipelines batches.
 */
final class FakeRedis implements RedisProbe {

  private final Map<String, ProbeReply> replies = new LinkedHashMap<>();
  private Function<String[], ProbeReply> fallback = a -> ProbeReply.error(
      "NOPERM this user has no permissions to run the '" + a[0].toLowerCase(Locale.ROOT) + "' command");
  private FakeRedis anonymous;
  private FakeRedis subscription;
  private TlsSessionFacts tls;
  private Function<List<String>, TlsHandshakeAttempt> handshakes;
  final List<String> sent = new ArrayList<>();
  int batches;

  /** A server that answers HELLO as {@code product version} and denies everything else. */
  static FakeRedis hardened(String product, String version) {
    return new FakeRedis().on("HELLO", hello(product, version)).on("PING", ProbeReply.status("PONG"))
        .anonymous(new FakeRedis().otherwise(a -> ProbeReply.error("NOAUTH Authentication required.")))
        .subscription(new FakeRedis().otherwise(a -> ProbeReply.error(
            "NOPERM this user has no permissions to access one of the channels used as arguments")));
  }

  static ProbeReply hello(String product, String version) {
    return ProbeReply.array(List.of(ProbeReply.bulk("server"), ProbeReply.bulk(product), ProbeReply.bulk("version"),
        ProbeReply.bulk(version), ProbeReply.bulk("proto"), ProbeReply.integer(3)));
  }

  static ProbeReply configReply(String name, String value) {
    return ProbeReply.array(List.of(ProbeReply.bulk(name), ProbeReply.bulk(value)));
  }

  FakeRedis on(String prefix, ProbeReply reply) {
    replies.put(prefix.toUpperCase(Locale.ROOT), reply);
    return this;
  }

  FakeRedis config(String name, String value) {
    return on("CONFIG GET " + name, configReply(name, value));
  }

  FakeRedis otherwise(Function<String[], ProbeReply> fallback) {
    this.fallback = fallback;
    return this;
  }

  FakeRedis anonymous(FakeRedis anonymous) {
    this.anonymous = anonymous;
    return this;
  }

  FakeRedis subscription(FakeRedis subscription) {
    this.subscription = subscription;
    return this;
  }

  FakeRedis anonymousRefused() {
    this.anonymous = null;
    return this;
  }

  FakeRedis tls(TlsSessionFacts tls) {
    this.tls = tls;
    return this;
  }

  /** Answers {@link #attemptTlsHandshake} from the offered cipher suites; unset: the interface's default. */
  FakeRedis handshakes(Function<List<String>, TlsHandshakeAttempt> handshakes) {
    this.handshakes = handshakes;
    return this;
  }

  @Override
  public TlsHandshakeAttempt attemptTlsHandshake(List<String> protocols, List<String> cipherSuites) {
    if (handshakes == null) {
      return RedisProbe.super.attemptTlsHandshake(protocols, cipherSuites);
    }
    sent.add("HANDSHAKE " + String.join(",", protocols));
    return handshakes.apply(cipherSuites);
  }

  @Override
  public ProbeReply command(String... args) {
    String line = String.join(" ", args);
    sent.add(line);
    String upper = line.toUpperCase(Locale.ROOT);
    String best = null;
    for (String prefix : replies.keySet()) {
      if ((upper.equals(prefix) || upper.startsWith(prefix + " ")) && (best == null || prefix.length() > best.length())) {
        best = prefix;
      }
    }
    return best == null ? fallback.apply(args) : replies.get(best);
  }

  @Override
  public List<ProbeReply> commands(List<String[]> commands) {
    batches++;
    List<ProbeReply> out = new ArrayList<>();
    for (String[] c : commands) {
      out.add(command(c));
    }
    return out;
  }

  @Override
  public boolean pipelinesBatches() {
    return true;
  }

  @Override
  public Optional<TlsSessionFacts> tls() {
    return Optional.ofNullable(tls);
  }

  @Override
  public RedisProbe openUnauthenticated() {
    if (anonymous == null) {
      throw new ProbeException(ProbeException.IO, "connection refused (auth.required)");
    }
    return anonymous;
  }

  @Override
  public RedisProbe openSubscriptionProbe() {
    if (subscription == null) {
      throw new ProbeException(ProbeException.UNSUPPORTED, "no subscription connection in this fake");
    }
    return subscription;
  }

  @Override
  public String describe() {
    return "fake://redis";
  }

  @Override
  public void close() {}
}
