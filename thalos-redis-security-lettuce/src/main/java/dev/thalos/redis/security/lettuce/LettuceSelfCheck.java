package dev.thalos.redis.security.lettuce;

import dev.thalos.redis.security.ThalosSecurityException;
import dev.thalos.redis.security.check.CheckReport;
import dev.thalos.redis.security.check.RedisProbe;
import dev.thalos.redis.security.check.SelfCheck;
import dev.thalos.redis.security.check.TopologyCheck;
import dev.thalos.redis.security.check.TopologyReport;
import dev.thalos.redis.security.endpoint.RedisTopology;
import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import java.util.Objects;

/**
 * The one-call startup self-check with Lettuce: opens a dedicated probe connection exactly as the application
 * connects (endpoint, TLS settings, credentials), runs the {@link SelfCheck} live rules, closes the connection
 * and returns the {@link CheckReport}. A connection that cannot be made is a failing report ({@code
 * live.connection}, or {@code live.tls.certificate} for a refused certificate), not an exception.
 *
 * <pre>{@code
 * // application startup
 * ThalosRedisEndpoint endpoint = ThalosRedisEndpoint.fromEnvironment();
 * CheckReport report = LettuceSelfCheck.run(endpoint);
 * log.info("Redis self-check:\n{}", report.render(ReportFormat.TEXT));
 * report.requirePassing(Policy.failOn(Severity.HIGH));   // CheckFailedException names every failing rule
 *
 * // an operator's audit, with the firewall allowlist
 * CheckReport audit = LettuceSelfCheck.run(adminEndpoint,
 *     SelfCheck.forEndpoint(adminEndpoint).mutate().trustedNetwork("10.0.0.0/8").build());
 * }</pre>
 *
 * <p>The probe connection is named {@value SelfCheck#PROBE_CLIENT_NAME} ({@code HELLO 3 ... SETNAME}), so its
 * denied probes can be told apart in {@code ACL LOG}; a client-role run costs three round trips. Over TLS,
 * {@code live.tls.weak-suites-accepted} adds two or three connections that carry only a TLS handshake offering
 * weak options, made with a TLS context of their own and dropped when the server presents its certificate.
 */
public final class LettuceSelfCheck {

  private LettuceSelfCheck() {}

  /** Runs the self-check for {@code endpoint} with {@link SelfCheck#forEndpoint(ThalosRedisEndpoint)}. */
  public static CheckReport run(ThalosRedisEndpoint endpoint) {
    Objects.requireNonNull(endpoint, "endpoint must not be null");
    return run(endpoint, SelfCheck.forEndpoint(endpoint));
  }

  /**
   * Runs {@code check} over a probe connection to {@code endpoint}. For a cluster or sentinel endpoint this is
   * {@link #runTopology(ThalosRedisEndpoint, SelfCheck)}{@code .merged()}: every node is checked.
   */
  public static CheckReport run(ThalosRedisEndpoint endpoint, SelfCheck check) {
    Objects.requireNonNull(endpoint, "endpoint must not be null");
    Objects.requireNonNull(check, "check must not be null");
    if (endpoint.topology() != RedisTopology.STANDALONE) {
      return runTopology(endpoint, check).merged();
    }
    RedisProbe probe;
    try {
      probe = LettuceProbe.open(endpoint);
    } catch (ThalosSecurityException e) {
      return check.connectionFailed(endpoint.toUri(), e);
    }
    try {
      return check.run(probe);
    } finally {
      probe.close();
    }
  }

  /**
   * Self-checks every node of {@code endpoint}'s deployment — each node of a cluster, the primary, replicas and
   * sentinels of a sentinel set, or the one server — and compares them (ACLs, permissions, sentinel agreement);
   * see {@link TopologyCheck}. Every probe connection is made as the application's would be, one node at a time.
   *
   * <pre>{@code
   * TopologyReport report = LettuceSelfCheck.runTopology(ThalosRedisEndpoint.fromEnvironment());
   * System.out.println(report.render(ReportFormat.TEXT));   // one section per node, [primary 10.0.0.5:6380] ...
   * report.requirePassing(Policy.DEFAULT);
   * }</pre>
   */
  public static TopologyReport runTopology(ThalosRedisEndpoint endpoint) {
    Objects.requireNonNull(endpoint, "endpoint must not be null");
    return runTopology(endpoint, SelfCheck.forEndpoint(endpoint));
  }

  /** {@link #runTopology(ThalosRedisEndpoint)} with the settings of {@code check} for every data node. */
  public static TopologyReport runTopology(ThalosRedisEndpoint endpoint, SelfCheck check) {
    Objects.requireNonNull(endpoint, "endpoint must not be null");
    Objects.requireNonNull(check, "check must not be null");
    return TopologyCheck.run(endpoint, check, LettuceProbe::open);
  }

  /**
   * Opens a probe connection to {@code endpoint} for {@link SelfCheck#run(RedisProbe)}; the caller closes it.
   *
   * @throws ThalosSecurityException with the translated reason if the connection fails
   */
  public static RedisProbe openProbe(ThalosRedisEndpoint endpoint) {
    return LettuceProbe.open(endpoint);
  }
}
