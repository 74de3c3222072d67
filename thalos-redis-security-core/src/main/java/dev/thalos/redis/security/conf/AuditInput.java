package dev.thalos.redis.security.conf;

import java.util.List;
import java.util.Optional;

/** What the offline rules read: the configuration, the aclfile if any, and derived facts. */
final class AuditInput {

  final RedisConfig config;
  final Optional<RedisConfig> aclFile;
  final Optional<String> aclProblem;
  /** Whether the aclfile is a directory: redis-server opens it and reads no line, as from an empty file. */
  final boolean aclFileIsDirectory;
  /** The {@code aclfile} directive in force ({@link #aclFileDirective}). */
  final Optional<Directive> aclFileLine;
  /** The {@code requirepass} directive in force: the last one, unless its password is empty. */
  final Optional<Directive> requirepass;
  final DefaultUserFacts defaultUser;
  final ExposureVerdict exposure;
  /** The ACL users of the aclfile or of redis.conf, parsed once for every ACL rule. */
  final AclRules.Users aclUsers;
  /** The lines of redis.conf that make redis-server 7.0 refuse to start ({@link StartupProblems}). */
  final List<StartupProblems.Problem> startupProblems;
  final long maxPubsubHardLimit;

  AuditInput(RedisConfig config, Optional<RedisConfig> aclFile, Optional<String> aclProblem,
      boolean aclFileIsDirectory, long maxPubsubHardLimit) {
    this.config = config;
    this.aclFile = aclFile;
    this.aclProblem = aclProblem;
    this.aclFileIsDirectory = aclFileIsDirectory;
    this.aclFileLine = aclFileDirective(config);
    this.requirepass = config.last("requirepass").filter(d -> !d.arg(0).isEmpty());
    this.aclUsers = AclRules.users(this);
    this.defaultUser = DefaultUserFacts.of(this);
    this.startupProblems = StartupProblems.of(config);
    this.exposure = ExposureVerdict.of(config, defaultUser, startupProblems);
    this.maxPubsubHardLimit = maxPubsubHardLimit;
  }

  /**
   * The {@code aclfile} directive in force: the last one, unless its path is empty ({@code aclfile ""} means no
   * aclfile, as in Redis).
   */
  static Optional<Directive> aclFileDirective(RedisConfig config) {
    return config.last("aclfile").filter(d -> !d.arg(0).isEmpty());
  }

  /** Whether TLS is configured (a non-zero {@code tls-port}). */
  boolean tlsConfigured() {
    return exposure.tlsPort() != 0;
  }
}
