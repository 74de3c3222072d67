package dev.thalos.redis.security.cli;

import dev.thalos.redis.security.check.CheckReport;
import dev.thalos.redis.security.check.RedisProbe;
import dev.thalos.redis.security.check.SelfCheck;
import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import dev.thalos.redis.security.lettuce.LettuceSelfCheck;

/**
 * The live self-check over the Lettuce adapter: opens the probe connection with
 * {@link LettuceSelfCheck#openProbe} — so that a connection that cannot be made (refused, timeout, TLS,
 * credentials) is an error with its reason code, exit {@link ExitCodes#ERROR}, rather than a finding — then runs
 * {@link SelfCheck#run}.
 */
final class LettuceLiveCheck implements LiveCheck {

  @Override
  public CheckReport run(ThalosRedisEndpoint endpoint, SelfCheck check) {
    RedisProbe probe = LettuceSelfCheck.openProbe(endpoint);
    try {
      return check.run(probe);
    } finally {
      probe.close();
    }
  }
}
