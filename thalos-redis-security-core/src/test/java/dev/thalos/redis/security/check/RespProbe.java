package dev.thalos.redis.security.check;

import dev.thalos.redis.security.testkit.RedisServer;
import dev.thalos.redis.security.testkit.RespClient;
import dev.thalos.redis.security.testkit.TestkitException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A {@link RedisProbe} over the test kit's RESP client, talking to a real redis-server. */
final class RespProbe implements RedisProbe {

  private final RedisServer server;
  private final RespClient client;
  private final String user;

  private RespProbe(RedisServer server, RespClient client, String user) {
    this.server = server;
    this.client = client;
    this.user = user;
  }

  static RespProbe connect(RedisServer server, String user, String password) {
    return new RespProbe(server, server.connect(user, password), user);
  }

  @Override
  public ProbeReply command(String... args) {
    try {
      return convert(client.command(args));
    } catch (TestkitException e) {
      throw new ProbeException(ProbeException.IO, "connection failed: " + e.reason(), e);
    }
  }

  static ProbeReply convert(Object o) {
    if (o == null) {
      return ProbeReply.nil();
    }
    if (o instanceof RespClient.Error) {
      return ProbeReply.error(((RespClient.Error) o).message());
    }
    if (o instanceof Long) {
      return ProbeReply.integer((Long) o);
    }
    if (o instanceof String) {
      return ProbeReply.bulk((String) o);
    }
    if (o instanceof List) {
      List<ProbeReply> out = new ArrayList<>();
      for (Object e : (List<?>) o) {
        out.add(convert(e));
      }
      return ProbeReply.array(out);
    }
    throw new IllegalStateException("unexpected reply type " + o.getClass());
  }

  @Override
  public Optional<TlsSessionFacts> tls() {
    return Optional.empty();
  }

  @Override
  public RedisProbe openUnauthenticated() {
    try {
      return new RespProbe(server, server.connect(), null);
    } catch (TestkitException e) {
      throw new ProbeException(ProbeException.IO, "connection refused: " + e.reason(), e);
    }
  }

  @Override
  public String describe() {
    return "redis://" + server.host() + ":" + server.port() + (user == null ? "" : " as " + user);
  }

  @Override
  public void close() {
    client.close();
  }
}
