package dev.thalos.redis.security.cli;

import dev.thalos.redis.security.ThalosSecurityException;
import dev.thalos.redis.security.check.CheckReport;
import dev.thalos.redis.security.check.RedisProbe;
import dev.thalos.redis.security.check.SelfCheck;
import dev.thalos.redis.security.endpoint.NodeAddress;
import dev.thalos.redis.security.endpoint.RedisTopology;
import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import dev.thalos.redis.security.lettuce.LettuceSelfCheck;

/**
 * The live self-check over the Lettuce adapter: opens the probe connection with
 * {@link LettuceSelfCheck#openProbe} — so that a connection that cannot be made (refused, timeout, TLS,
 * credentials) is an error with its reason code, exit {@link ExitCodes#ERROR}, rather than a finding — then runs
 * {@link SelfCheck#run}. For a cluster or sentinel endpoint every node is checked
 * ({@link LettuceSelfCheck#runTopology}); it is an error only when no seed node or sentinel can be reached at
 * all — a single unreachable node is a finding.
 */
final class LettuceLiveCheck implements LiveCheck {

  @Override
  public CheckReport run(ThalosRedisEndpoint endpoint, SelfCheck check) {
    if (endpoint.topology() != RedisTopology.STANDALONE) {
      requireOneReachable(endpoint);
      return LettuceSelfCheck.runTopology(endpoint, check).merged();
    }
    RedisProbe probe = LettuceSelfCheck.openProbe(endpoint);
    try {
      return check.run(probe);
    } finally {
      probe.close();
    }
  }

  private static void requireOneReachable(ThalosRedisEndpoint endpoint) {
    ThalosSecurityException first = null;
    for (NodeAddress node : endpoint.nodes()) {
      ThalosRedisEndpoint one = endpoint.topology() == RedisTopology.SENTINEL
          ? endpoint.forSentinel(node) : endpoint.forNode(node);
      try {
        LettuceSelfCheck.openProbe(one).close();
        return;
      } catch (ThalosSecurityException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    throw first;
  }
}
