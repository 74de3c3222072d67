package dev.thalos.redis.security.lettuce;

import dev.thalos.redis.security.endpoint.ThalosRole;
import io.lettuce.core.protocol.ProtocolVersion;
import java.util.Objects;
import java.util.Optional;

/**
 * What Lettuce sends when a connection is opened (and re-opened after every reconnect), before the first
 * command of the application.
 *
 * <ul>
 *   <li>{@link #FULL}: Lettuce's defaults — protocol negotiated ({@code HELLO 3}, falling back to RESP2),
 *       {@code CLIENT SETINFO lib-name}/{@code lib-ver}, {@code CLIENT MAINT_NOTIFICATIONS}, {@code PING}
 *       before activation without credentials. Lettuce ignores refusals of the extra commands, but on Redis
 *       7.2 and later each refused {@code CLIENT SETINFO} is written to {@code ACL LOG} and the error
 *       statistics, on every reconnect. For administrative connections.</li>
 *   <li>{@link #MINIMAL}: only {@code HELLO 3 [AUTH user pass]} (RESP3 pinned, no fallback), nothing else —
 *       works for a user with nothing but {@code +subscribe} (HELLO and AUTH are not ACL-gated since Redis
 *       6.2.2) and leaves {@code ACL LOG} empty. The default for {@link ThalosRole#CLIENT} and
 *       {@link ThalosRole#SERVER}.</li>
 *   <li>{@link #MINIMAL_RESP2}: only {@code AUTH user pass} (RESP2 pinned). For Redis 6.0.x, which refuses
 *       {@code HELLO} to restricted users, and for high-rate subscribers (RESP2 pub/sub costs about a third of
 *       RESP3's allocation per message in Lettuce). It cannot carry a client name: under RESP2 that needs
 *       {@code CLIENT SETNAME}, which a restricted user may not run.</li>
 * </ul>
 *
 * <p>A client name (shown by {@code CLIENT LIST}) can be added with {@link #withClientName(String)}; under
 * {@link #MINIMAL} it travels inside {@code HELLO ... SETNAME}, which needs no permission.
 *
 * <p>Minimal profiles never send {@code SELECT}: use database 0 (pub/sub ignores the database anyway), or the
 * user needs {@code +select}. Immutable.
 *
 * <pre>{@code
 * RedisClient client = ThalosLettuce.createClient(endpoint, HandshakeProfile.MINIMAL.withClientName("thalos-eu-1"));
 * }</pre>
 */
public final class HandshakeProfile {

  /** How much of Lettuce's handshake is kept. */
  public enum Kind {
    /** Lettuce's complete handshake. */
    FULL,
    /** Protocol and authentication only. */
    MINIMAL
  }

  /** Lettuce's default handshake: negotiated protocol, library info, maintenance notifications, ping. */
  public static final HandshakeProfile FULL = new HandshakeProfile(Kind.FULL, null, null);

  /** {@code HELLO 3 [AUTH ...]} and nothing else; RESP3 pinned. */
  public static final HandshakeProfile MINIMAL = new HandshakeProfile(Kind.MINIMAL, ProtocolVersion.RESP3, null);

  /** {@code AUTH ...} and nothing else; RESP2 pinned (Redis 6.0.x, high-rate subscribers). */
  public static final HandshakeProfile MINIMAL_RESP2 =
      new HandshakeProfile(Kind.MINIMAL, ProtocolVersion.RESP2, null);

  private static final int MAX_CLIENT_NAME = 128;

  private final Kind kind;
  private final ProtocolVersion protocol;
  private final String clientName;

  private HandshakeProfile(Kind kind, ProtocolVersion protocol, String clientName) {
    this.kind = kind;
    this.protocol = protocol;
    this.clientName = clientName;
  }

  /**
   * The default profile for a role: {@link #MINIMAL} for {@link ThalosRole#CLIENT} and
   * {@link ThalosRole#SERVER} (least-privilege users), {@link #FULL} for {@link ThalosRole#ADMIN}.
   */
  public static HandshakeProfile defaultFor(ThalosRole role) {
    Objects.requireNonNull(role, "role must not be null");
    return role == ThalosRole.ADMIN ? FULL : MINIMAL;
  }

  /** Whether Lettuce's full handshake or the minimal one is used. */
  public Kind kind() {
    return kind;
  }

  /** Whether this is a minimal profile. */
  public boolean isMinimal() {
    return kind == Kind.MINIMAL;
  }

  /** The pinned protocol; empty for {@link #FULL} without {@link #withProtocol}, which negotiates. */
  public Optional<ProtocolVersion> protocol() {
    return Optional.ofNullable(protocol);
  }

  /** The client name sent in the handshake, if any. */
  public Optional<String> clientName() {
    return Optional.ofNullable(clientName);
  }

  /**
   * This profile with the protocol pinned to {@code protocol}.
   *
   * @throws IllegalArgumentException if null, or RESP2 together with a client name in a minimal profile
   */
  public HandshakeProfile withProtocol(ProtocolVersion protocol) {
    if (protocol == null) {
      throw new IllegalArgumentException("protocol must not be null (minimal profiles never negotiate)");
    }
    checkNameFits(kind, protocol, clientName);
    return new HandshakeProfile(kind, protocol, clientName);
  }

  /**
   * This profile with a client name ({@code CLIENT LIST} shows it).
   *
   * @throws IllegalArgumentException if the name is empty, longer than 128 characters or contains anything
   *     but visible ASCII; or if this is a minimal RESP2 profile (the name would need {@code CLIENT SETNAME})
   */
  public HandshakeProfile withClientName(String clientName) {
    if (clientName == null) {
      throw new IllegalArgumentException("clientName must not be null");
    }
    if (clientName.isEmpty() || clientName.length() > MAX_CLIENT_NAME) {
      throw new IllegalArgumentException("invalid clientName: '" + clientName + "' (must be 1.." + MAX_CLIENT_NAME
          + " characters)");
    }
    for (int i = 0; i < clientName.length(); i++) {
      char c = clientName.charAt(i);
      if (c <= ' ' || c >= 0x7F) {
        throw new IllegalArgumentException("invalid clientName: '" + printable(clientName)
            + "' (only visible ASCII characters, no spaces; Redis refuses others)");
      }
    }
    checkNameFits(kind, protocol, clientName);
    return new HandshakeProfile(kind, protocol, clientName);
  }

  private static void checkNameFits(Kind kind, ProtocolVersion protocol, String clientName) {
    if (kind == Kind.MINIMAL && protocol == ProtocolVersion.RESP2 && clientName != null) {
      throw new IllegalArgumentException("a minimal RESP2 handshake cannot carry a client name: it would need"
          + " CLIENT SETNAME, which restricted users may not run; use MINIMAL (RESP3) for named connections");
    }
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && i < MAX_CLIENT_NAME; i++) {
      char c = s.charAt(i);
      b.append(c > ' ' && c < 0x7F ? String.valueOf(c) : String.format("\\u%04x", (int) c));
    }
    return b.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HandshakeProfile
        && ((HandshakeProfile) o).kind == kind
        && ((HandshakeProfile) o).protocol == protocol
        && Objects.equals(((HandshakeProfile) o).clientName, clientName);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, protocol, clientName);
  }

  @Override
  public String toString() {
    return "HandshakeProfile{" + kind + ", protocol=" + (protocol == null ? "negotiated" : protocol)
        + (clientName == null ? "" : ", clientName=" + clientName) + "}";
  }
}
