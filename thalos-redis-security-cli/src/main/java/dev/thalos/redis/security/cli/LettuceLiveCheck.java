package dev.thalos.redis.security.cli;

import dev.thalos.redis.security.ThalosSecurityException;
import dev.thalos.redis.security.check.CheckReport;
import dev.thalos.redis.security.check.Role;
import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import dev.thalos.redis.security.lettuce.ThalosLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;

/**
 * The live self-check over the Lettuce adapter. Connects with the endpoint's TLS settings and credentials
 * (connection failures are translated to the adapter's reason codes by {@link ThalosLettuce#translate}).
 */
final class LettuceLiveCheck implements LiveCheck {

  /** Reason code when the live rules are not part of this build. */
  static final String UNAVAILABLE = "check.live-unavailable";

  @Override
  public CheckReport run(ThalosRedisEndpoint endpoint, Role role) {
    RedisClient client = ThalosLettuce.createClient(endpoint);
    try (StatefulRedisConnection<String, String> connection = client.connect()) {
      // LIVE SELF-CHECK: run the live rules for `role` over a probe on this endpoint here and return the report.
      throw new ThalosSecurityException(UNAVAILABLE, "connected to " + endpoint.toUri() + " as role "
          + role.label() + ", but the live self-check rules are not part of this build; nothing was checked");
    } catch (ThalosSecurityException e) {
      throw e;
    } catch (RuntimeException e) {
      throw ThalosLettuce.translate(e, endpoint);
    } finally {
      client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
  }
}
