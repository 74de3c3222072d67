package dev.thalos.redis.security.cli;

import dev.thalos.redis.security.ThalosSecurityException;
import dev.thalos.redis.security.check.CheckReport;
import dev.thalos.redis.security.check.RedisProbe;
import dev.thalos.redis.security.check.SelfCheck;
import dev.thalos.redis.security.check.TopologyCheck;
import dev.thalos.redis.security.check.TopologyReport;
import dev.thalos.redis.security.endpoint.RedisTopology;
import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import dev.thalos.redis.security.lettuce.LettuceSelfCheck;

/**
 * The live self-check over the Lettuce adapter: opens the probe connection with
 * {@link LettuceSelfCheck#openProbe} — so that a connection that cannot be made (refused, timeout, TLS,
 * credentials) is an error with its reason code, exit {@link ExitCodes#ERROR}, rather than a finding — then runs
 * {@link SelfCheck#run}. For a cluster or sentinel endpoint every node is checked ({@link TopologyCheck}); it is
 * an error only when no node could be reached at all — a single unreachable node is a finding.
 */
final class LettuceLiveCheck implements LiveCheck {

  @Override
  public CheckReport run(ThalosRedisEndpoint endpoint, SelfCheck check) {
    if (endpoint.topology() != RedisTopology.STANDALONE) {
      RecordingOpener opener = new RecordingOpener();
      TopologyReport report = TopologyCheck.run(endpoint, check, opener);
      opener.requireOneOpened();
      return report.merged();
    }
    RedisProbe probe = LettuceSelfCheck.openProbe(endpoint);
    try {
      return check.run(probe);
    } finally {
      probe.close();
    }
  }

  /**
   * {@link LettuceSelfCheck#openProbe} that remembers whether any connection was made and the first failure.
   * The check's first connection goes to the first seed node or sentinel.
   */
  private static final class RecordingOpener implements TopologyCheck.ProbeOpener {
    private boolean opened;
    private ThalosSecurityException first;

    @Override
    public RedisProbe open(ThalosRedisEndpoint one) {
      try {
        RedisProbe probe = LettuceSelfCheck.openProbe(one);
        opened = true;
        return probe;
      } catch (ThalosSecurityException e) {
        if (first == null) {
          first = e;
        }
        throw e;
      }
    }

    /** Throws the first failure if no connection could be made. */
    void requireOneOpened() {
      if (!opened && first != null) {
        throw first;
      }
    }
  }
}
