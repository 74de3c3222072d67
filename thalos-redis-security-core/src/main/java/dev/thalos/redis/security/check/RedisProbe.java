package dev.thalos.redis.security.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The only way a {@link Rule} talks to Redis: send one command and get its reply, learn the TLS session facts,
 * open a second connection without credentials. Adapters (the Lettuce module) implement it; tests implement it
 * with a real server. The engine wraps every probe it hands to rules so that it can count round trips and refuse
 * commands with side effects.
 *
 * <h2>Contract for implementations</h2>
 * <ul>
 *   <li>{@link #command(String...)} sends exactly one command on the probe's own connection and waits for its
 *       reply (one round trip). Redis error replies are returned as {@link ProbeReply#error(String)}, never
 *       thrown; only I/O failures and timeouts throw {@link ProbeException} with reason {@code probe.io}.
 *       The connection must not be shared with application traffic (a {@code MULTI} or {@code SUBSCRIBE} state
 *       of the application must not interfere), and the implementation must not retry a command by itself.</li>
 *   <li>{@link #tls()} reports the session of the probe's connection; empty for a plaintext connection. It does
 *       not cost a round trip.</li>
 *   <li>{@link #openUnauthenticated()} opens a new connection to the same endpoint, with the same transport
 *       (TLS and its trust settings, client certificate included) but sends neither {@code AUTH} nor
 *       {@code HELLO ... AUTH} nor {@code CLIENT SETNAME}: the new connection runs as whatever Redis gives an
 *       anonymous client (the {@code default} user if it is {@code nopass}, else nothing but {@code AUTH} and
 *       {@code HELLO}). The caller closes it. If the connection is refused (protected mode, TLS required, the
 *       port closed) it throws {@link ProbeException} with reason {@code probe.io} and a message that says
 *       so.</li>
 *   <li>{@link #attemptTlsHandshake(List, List)} (optional) opens a new TCP connection to the endpoint's TLS
 *       port, offers only the given protocols and cipher suites, and closes the connection as soon as the server
 *       has chosen (or refused); it sends no Redis command, no credentials and no client certificate.</li>
 *   <li>{@link #close()} closes the probe's connection; idempotent.</li>
 *   <li>Messages, {@code toString()} and logs never contain passwords or reply payloads.</li>
 * </ul>
 *
 * <h2>Contract for rules: probes are side-effect free</h2>
 * A self-check runs against production. Every command a rule sends must leave the server as it found it
 * <em>even when the user is allowed to run it</em>:
 * <ul>
 *   <li>Use read-only introspection: {@code PING}, {@code HELLO} (without {@code AUTH}/{@code SETNAME}),
 *       {@code ACL WHOAMI}, {@code ACL GETUSER}, {@code ACL LIST}, {@code ACL CAT}, {@code CONFIG GET},
 *       {@code INFO}, {@code COMMAND INFO}/{@code COMMAND DOCS}, {@code CLIENT INFO}, {@code CLIENT ID}.</li>
 *   <li>Ask whether a command would be allowed instead of running it: {@code ACL DRYRUN <user> <command>
 *       [args...]} (Redis 7.0+) answers {@code OK} or a denial text and executes nothing.</li>
 *   <li>When only an attempt can prove a denial, choose an argument form that is a no-op if it is permitted:
 *       {@code CLIENT KILL ID 0} (no client has id 0: "No such client" when allowed, {@code NOPERM} when not),
 *       {@code PUBLISH <a channel no one uses> ""} only where delivering an empty message to nobody is
 *       acceptable, {@code SUBSCRIBE} on the probe's own throw-away connection followed by closing it.</li>
 *   <li>Never send commands that change data, configuration or other clients: {@code FLUSHALL},
 *       {@code FLUSHDB}, {@code CONFIG SET|REWRITE|RESETSTAT}, {@code ACL SETUSER|DELUSER|SAVE|LOAD},
 *       {@code SHUTDOWN}, {@code DEBUG}, {@code SAVE}, {@code BGSAVE}, {@code BGREWRITEAOF}, {@code REPLICAOF},
 *       {@code SLAVEOF}, {@code FAILOVER}, {@code MODULE}, {@code SCRIPT FLUSH|KILL}, {@code FUNCTION},
 *       {@code CLIENT PAUSE|KILL} (other than {@code KILL ID 0}), {@code CLIENT NO-EVICT}, {@code MIGRATE},
 *       {@code SWAPDB}, {@code KEYS}, {@code MONITOR}, or any write to a key. The engine refuses the most
 *       dangerous of these before they reach the adapter ({@link ProbeException} {@code probe.refused}); the
 *       list there is a safety net, not a licence for everything else.</li>
 *   <li>Keep the number of round trips small; it is reported.</li>
 * </ul>
 */
public interface RedisProbe extends AutoCloseable {

  /**
   * Sends one command and returns its reply (one round trip).
   *
   * @param args the command name and its arguments, e.g. {@code "CONFIG", "GET", "port"}
   * @throws ProbeException {@code probe.io} on connection failure or timeout
   */
  ProbeReply command(String... args);

  /**
   * Sends several commands and returns their replies in order. Implementations that pipeline (write all
   * commands, then read all replies: one round trip) override this and {@link #pipelinesBatches()}; the default
   * sends them one by one. An error reply of one command does not stop the others.
   *
   * @param commands each element is the command name and its arguments
   * @throws ProbeException {@code probe.io} on connection failure or timeout
   */
  default List<ProbeReply> commands(List<String[]> commands) {
    List<ProbeReply> replies = new ArrayList<>(commands.size());
    for (String[] command : commands) {
      replies.add(command(command));
    }
    return replies;
  }

  /**
   * Whether {@link #commands(List)} pipelines, so that a batch costs one round trip; {@code false} unless an
   * implementation overrides both.
   */
  default boolean pipelinesBatches() {
    return false;
  }

  /** The TLS session of this probe's connection; empty when the connection is plaintext. */
  Optional<TlsSessionFacts> tls();

  /**
   * Opens a second connection to the same endpoint without credentials (see the class documentation).
   *
   * @throws ProbeException {@code probe.io} if the server refuses or drops the connection
   */
  RedisProbe openUnauthenticated();

  /**
   * Opens another connection as the same user, on which rules only try {@code SUBSCRIBE} (to learn whether
   * channels outside the namespace are permitted) before closing it; replies to {@code SUBSCRIBE} must arrive as
   * ordinary replies (RESP2). The default throws {@link ProbeException} {@code probe.unsupported}.
   *
   * @throws ProbeException {@code probe.unsupported} if the implementation cannot, {@code probe.io} if the
   *     connection fails
   */
  default RedisProbe openSubscriptionProbe() {
    throw new ProbeException(ProbeException.UNSUPPORTED, "this probe cannot open a subscription connection");
  }

  /**
   * Opens a new connection to this probe's TLS endpoint and makes one TLS handshake offering only
   * {@code protocols} and {@code cipherSuites} (JSSE names), to learn whether the server would negotiate one of
   * them — the question being what <em>other</em> clients could get, not what this application uses. The
   * implementation uses a TLS context of its own for this attempt only (the application's settings, which may
   * refuse these suites, stay untouched), abandons the handshake as soon as the server has chosen a protocol and
   * suite (at the latest when it presents its certificate: the client has sent nothing but its ClientHello, no
   * key exchange, no Finished), and sends
   * neither a Redis command nor credentials nor a client certificate. Costs one connection and no command round
   * trip.
   *
   * <p>The default throws {@link ProbeException} {@code probe.unsupported}.
   *
   * @return the server's choice, or its refusal (a handshake alert, or the connection closed before it chose)
   * @throws ProbeException {@code probe.unsupported} if the implementation cannot make such handshakes (a
   *     plaintext endpoint, or a JVM that can offer none of {@code cipherSuites}), {@code probe.io} if the
   *     connection could not be made or timed out
   */
  default TlsHandshakeAttempt attemptTlsHandshake(List<String> protocols, List<String> cipherSuites) {
    throw new ProbeException(ProbeException.UNSUPPORTED, "this probe cannot make extra TLS handshakes");
  }

  /**
   * Where this probe is connected, for reports: e.g. {@code rediss://redis.example:6380 as thalos-client}.
   * Never contains a password.
   */
  String describe();

  /** Closes the connection; idempotent, never throws. */
  @Override
  void close();
}
