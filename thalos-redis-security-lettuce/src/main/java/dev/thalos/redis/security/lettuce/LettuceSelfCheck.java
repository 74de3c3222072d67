package dev.thalos.redis.security.lettuce;

import dev.thalos.redis.security.ThalosSecurityException;
import dev.thalos.redis.security.check.CheckReport;
import dev.thalos.redis.security.check.RedisProbe;
import dev.thalos.redis.security.check.SelfCheck;
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
 * denied probes can be told apart in {@code ACL LOG}; a client-role run costs two round trips.
 */
public final class LettuceSelfCheck {

  private LettuceSelfCheck() {}

  /** Runs the self-check for {@code endpoint} with {@link SelfCheck#forEndpoint(ThalosRedisEndpoint)}. */
  public static CheckReport run(ThalosRedisEndpoint endpoint) {
    Objects.requireNonNull(endpoint, "endpoint must not be null");
    return run(endpoint, SelfCheck.forEndpoint(endpoint));
  }

  /** Runs {@code check} over a probe connection to {@code endpoint}. */
  public static CheckReport run(ThalosRedisEndpoint endpoint, SelfCheck check) {
    Objects.requireNonNull(endpoint, "endpoint must not be null");
    Objects.requireNonNull(check, "check must not be null");
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
   * Opens a probe connection to {@code endpoint} for {@link SelfCheck#run(RedisProbe)}; the caller closes it.
   *
   * @throws ThalosSecurityException with the translated reason if the connection fails
   */
  public static RedisProbe openProbe(ThalosRedisEndpoint endpoint) {
    return LettuceProbe.open(endpoint);
  }
}
