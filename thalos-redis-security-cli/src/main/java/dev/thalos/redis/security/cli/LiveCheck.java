package dev.thalos.redis.security.cli;

import dev.thalos.redis.security.check.CheckReport;
import dev.thalos.redis.security.check.SelfCheck;
import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;

/**
 * Runs the live self-check against one endpoint: connects as the endpoint's user, runs {@code check}, closes the
 * connection.
 */
@FunctionalInterface
interface LiveCheck {

  /**
   * @throws dev.thalos.redis.security.ThalosSecurityException if no connection can be made (refused, timed
   *     out, TLS or authentication failure); the command exits with {@link ExitCodes#ERROR}
   */
  CheckReport run(ThalosRedisEndpoint endpoint, SelfCheck check);
}
