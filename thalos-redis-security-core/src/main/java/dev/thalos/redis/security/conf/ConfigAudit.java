package dev.thalos.redis.security.conf;

import dev.thalos.redis.security.check.CheckContext;
import dev.thalos.redis.security.check.CheckEngine;
import dev.thalos.redis.security.check.CheckReport;
import dev.thalos.redis.security.check.Role;
import dev.thalos.redis.security.check.Rule;
import dev.thalos.redis.security.internal.ControlCharacters;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The offline audit: reads {@code redis.conf} (with its includes and its {@code aclfile}) and runs the offline
 * rules on it, without connecting to Redis. The {@code conf.acl.*} rules read the ACL users with the ACL toolkit
 * ({@link dev.thalos.redis.security.acl.AclParser}, Redis 7.0 semantics).
 *
 * <table>
 *   <caption>Offline rules</caption>
 *   <tr><th>id</th><th>severity</th><th>fails or warns when</th></tr>
 *   <tr><td>{@code conf.exposure}</td><td>critical</td><td>reachable beyond loopback with a passwordless default
 *       user (see {@link ExposureVerdict}; an aclfile without a default user counts as {@code nopass}, whatever
 *       requirepass says)</td></tr>
 *   <tr><td>{@code conf.protected-mode}</td><td>high</td><td>{@code protected-mode no} with no password</td></tr>
 *   <tr><td>{@code conf.bind.unresolved-name}</td><td>medium</td><td>{@code bind} lists a host name</td></tr>
 *   <tr><td>{@code conf.tls.missing}</td><td>high</td><td>reachable beyond loopback without TLS</td></tr>
 *   <tr><td>{@code conf.tls.plaintext-port}</td><td>high</td><td>{@code tls-port} set but {@code port} not 0</td></tr>
 *   <tr><td>{@code conf.tls.protocols}</td><td>medium</td><td>TLS 1.0/1.1 enabled</td></tr>
 *   <tr><td>{@code conf.tls.ciphers}</td><td>medium</td><td>fails: {@code tls-ciphers} (or, unset, OpenSSL's
 *       default) lets TLS 1.2 clients negotiate static RSA or NULL, anonymous, export, RC4, DES, 3DES, MD5 suites,
 *       or says {@code @SECLEVEL=0}; warns: CBC suites, AES-CCM-8, aliases that cannot be expanded
 *       offline</td></tr>
 *   <tr><td>{@code conf.tls.auth-clients}</td><td>medium</td><td>{@code tls-auth-clients no|optional}</td></tr>
 *   <tr><td>{@code conf.auth.requirepass}</td><td>low</td><td>{@code requirepass} instead of ACL users</td></tr>
 *   <tr><td>{@code conf.rename-command}</td><td>low</td><td>any {@code rename-command}</td></tr>
 *   <tr><td>{@code conf.debug-command}</td><td>high</td><td>{@code enable-debug-command yes|local}</td></tr>
 *   <tr><td>{@code conf.module-command}</td><td>high</td><td>{@code enable-module-command yes|local}</td></tr>
 *   <tr><td>{@code conf.secrets.plaintext-password}</td><td>low</td><td>{@code >password}, requirepass,
 *       masterauth in clear</td></tr>
 *   <tr><td>{@code conf.secrets.file-permissions}</td><td>high</td><td>a file with a plaintext password is
 *       readable by group or others</td></tr>
 *   <tr><td>{@code conf.pubsub.output-buffer-limit}</td><td>high</td><td>pub/sub buffers unlimited, too high, or
 *       not stated</td></tr>
 *   <tr><td>{@code conf.startup}</td><td>medium</td><td>lines that make redis-server 7.0 refuse to start: a
 *       port or tls-port that is not a plain number 0..65535, protected-mode other than yes/no, more than 16 bind
 *       addresses, bind addresses it cannot listen on together, a client-output-buffer-limit it cannot
 *       read</td></tr>
 *   <tr><td>{@code conf.acl.syntax}</td><td>medium</td><td>ACL lines redis-server 7.0 refuses (comments in the
 *       aclfile, user directives beside an aclfile, a user defined twice, invalid rules)</td></tr>
 *   <tr><td>{@code conf.acl.passwordless-users}</td><td>high</td><td>a named user is {@code on nopass}</td></tr>
 *   <tr><td>{@code conf.acl.dangerous-commands}</td><td>high</td><td>the default user (fail; without a
 *       {@code user default} line it is Redis's own, {@code +@all}) or a named user (warn) may run CLIENT
 *       KILL/PAUSE, CONFIG, FLUSHALL, DEBUG, scripting, ...</td></tr>
 *   <tr><td>{@code conf.acl.all-channels}</td><td>medium</td><td>a user may use every channel ({@code &*})</td></tr>
 * </table>
 *
 * <pre>{@code
 * CheckReport report = ConfigAudit.defaults().audit(Path.of("/etc/redis/redis.conf"));
 * ReportFormat.SARIF.write(report, writer);
 * report.requirePassing(Policy.failOn(Severity.HIGH));
 * }</pre>
 */
public final class ConfigAudit {

  /** Default highest acceptable pub/sub hard limit per subscriber: 64 MiB (Redis's default is 32 MiB). */
  public static final long DEFAULT_MAX_PUBSUB_HARD_LIMIT = 64L * 1024 * 1024;

  private static final ConfigAudit DEFAULTS = builder().build();

  private final RedisConfigParser parser;
  private final long maxPubsubHardLimit;
  private final Path aclFile;
  private final Role role;
  private final CheckEngine engine;

  private ConfigAudit(Builder b) {
    this.parser = b.parser;
    this.maxPubsubHardLimit = b.maxPubsubHardLimit;
    this.aclFile = b.aclFile;
    this.role = b.role;
    this.engine = CheckEngine.builder().rules(offlineRules()).build();
  }

  /** An audit with default settings. */
  public static ConfigAudit defaults() {
    return DEFAULTS;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder mutate() {
    Builder b = new Builder().parser(parser).maxPubsubHardLimit(maxPubsubHardLimit).role(role);
    b.aclFile = aclFile;
    return b;
  }

  /** A fresh list of the offline rules, in the order they run. */
  public static List<Rule> offlineRules() {
    List<Rule> rules = new ArrayList<>();
    rules.add(new NetworkRules.Exposure());
    rules.add(new NetworkRules.ProtectedMode());
    rules.add(new NetworkRules.BindName());
    rules.add(new TlsRules.Missing());
    rules.add(new TlsRules.PlaintextPort());
    rules.add(new TlsRules.Protocols());
    rules.add(new TlsRules.Ciphers());
    rules.add(new TlsRules.AuthClients());
    rules.add(new SecretRules.Requirepass());
    rules.add(new CommandRules.RenameCommand());
    rules.add(CommandRules.EnableCommand.debug());
    rules.add(CommandRules.EnableCommand.module());
    rules.add(new SecretRules.PlaintextPassword());
    rules.add(new SecretRules.FilePermissions());
    rules.add(new PubsubBufferRule());
    rules.add(new StartupRule());
    rules.add(new AclRules.Syntax());
    rules.add(new AclRules.PasswordlessUsers());
    rules.add(new AclRules.DangerousCommands());
    rules.add(new AclRules.AllChannels());
    return rules;
  }

  /**
   * Parses {@code redisConf} (and its includes and aclfile) and audits it.
   *
   * @throws ConfigParseException if redis.conf or an include cannot be parsed (an unreadable aclfile only makes
   *     the rules that need it skipped), or {@code conf.aclfile-not-set} if {@link Builder#aclFile(Path)} was
   *     given but redis.conf sets no aclfile
   */
  public CheckReport audit(Path redisConf) {
    Objects.requireNonNull(redisConf, "redisConf must not be null");
    return audit(parser.parse(redisConf));
  }

  /**
   * Audits an already parsed configuration; reads its aclfile if it names one.
   *
   * @throws ConfigParseException {@code conf.aclfile-not-set} if {@link Builder#aclFile(Path)} was given but the
   *     configuration sets no aclfile
   */
  public CheckReport audit(RedisConfig config) {
    Objects.requireNonNull(config, "config must not be null");
    AuditInput input = input(config);
    CheckContext context = CheckContext.builder()
        .role(role)
        .target(config.mainFile().toString())
        .attribute(AuditInput.class, input)
        .build();
    return engine.run(context);
  }

  /**
   * The exposure verdict alone.
   *
   * @throws ConfigParseException {@code conf.aclfile-not-set} as {@link #audit(RedisConfig)}
   */
  public ExposureVerdict exposure(RedisConfig config) {
    Objects.requireNonNull(config, "config must not be null");
    return input(config).exposure;
  }

  /** What the rules read: the configuration, its aclfile and the facts derived from them. */
  AuditInput input(RedisConfig config) {
    Optional<RedisConfig> acl = Optional.empty();
    Optional<String> problem = Optional.empty();
    Optional<Path> aclPath = aclPath(config);
    boolean directory = aclPath.isPresent() && Files.isDirectory(aclPath.get());
    if (directory) {
      // fopen() opens a directory and fgets() reads nothing from it: redis-server loads an empty aclfile
      acl = Optional.of(new RedisConfig(aclPath.get(), List.of(aclPath.get()), List.of(),
          aclPath.get().toAbsolutePath().getParent()));
    } else if (aclPath.isPresent()) {
      try {
        acl = Optional.of(parser.parseAclFile(aclPath.get()));
      } catch (ConfigParseException e) {
        problem = Optional.of(e.getMessage());
      }
    }
    return new AuditInput(config, acl, problem, directory, maxPubsubHardLimit);
  }

  /**
   * The aclfile redis-server reads: the builder's, or that of the {@code aclfile} directive, a relative one in the
   * directory Redis works in once it has read the configuration (Redis applies each {@code dir} with chdir() as it
   * reads it, and loads the aclfile afterwards).
   */
  private Optional<Path> aclPath(RedisConfig config) {
    Optional<Directive> line = AuditInput.aclFileDirective(config);
    if (aclFile != null && line.isEmpty()) {
      throw new ConfigParseException(ConfigParseException.ACLFILE_NOT_SET, "aclFile "
          + ControlCharacters.escape(aclFile.toString()) + " was given, but "
          + ControlCharacters.escape(config.mainFile().toString()) + " sets no aclfile: redis-server would never "
          + "read it and takes its users from redis.conf (user lines, requirepass), so auditing it would judge a "
          + "server that does not exist; audit the redis.conf that sets aclfile, or leave aclFile unset");
    }
    if (aclFile != null) {
      return Optional.of(aclFile);
    }
    if (line.isEmpty()) {
      return Optional.empty();
    }
    try {
      Path p = Path.of(line.get().arg(0));
      return Optional.of(p.isAbsolute() ? p : config.workingDirectory().orElseThrow().resolve(p));
    } catch (RuntimeException e) {
      return Optional.of(Path.of("invalid-aclfile-path"));
    }
  }

  @Override
  public String toString() {
    return "ConfigAudit[maxPubsubHardLimit=" + maxPubsubHardLimit + ", role=" + role.label() + "]";
  }

  /** Builder of {@link ConfigAudit}. */
  public static final class Builder {
    private RedisConfigParser parser = RedisConfigParser.defaults();
    private long maxPubsubHardLimit = DEFAULT_MAX_PUBSUB_HARD_LIMIT;
    private Path aclFile;
    private Role role = Role.OPERATOR;

    private Builder() {}

    /** Parser (limits, working directory); if unset {@link RedisConfigParser#defaults()}. */
    public Builder parser(RedisConfigParser parser) {
      this.parser = Objects.requireNonNull(parser, "parser must not be null");
      return this;
    }

    /**
     * Highest acceptable {@code client-output-buffer-limit pubsub} hard limit, in bytes (1 KiB..64 GiB); if
     * unset {@link #DEFAULT_MAX_PUBSUB_HARD_LIMIT}.
     */
    public Builder maxPubsubHardLimit(long bytes) {
      if (bytes < 1024 || bytes > 64L * 1024 * 1024 * 1024) {
        throw new IllegalArgumentException(
            "invalid maxPubsubHardLimit: " + bytes + " (must be 1024..68719476736 bytes)");
      }
      this.maxPubsubHardLimit = bytes;
      return this;
    }

    /**
     * Reads the ACL file from here instead of the {@code aclfile} directive (e.g. a copy taken from the
     * server). The configuration must set {@code aclfile} (to any path): without it redis-server reads no ACL
     * file, and the audit throws {@link ConfigParseException} {@code conf.aclfile-not-set} rather than judge
     * users the server never loads, or quietly ignore this file. If unset, the directive's path; a relative one is resolved as redis-server resolves it, against
     * the working directory its {@code dir} directives leave: the last absolute one and any relative ones after
     * it, or, without an absolute {@code dir}, the parser's {@linkplain RedisConfigParser.Builder#workingDirectory
     * start directory} (if unset, the directory of redis.conf) with the relative ones applied.
     */
    public Builder aclFile(Path aclFile) {
      this.aclFile = Objects.requireNonNull(aclFile, "aclFile must not be null");
      return this;
    }

    /** Role recorded in the report; if unset {@link Role#OPERATOR}. */
    public Builder role(Role role) {
      this.role = Objects.requireNonNull(role, "role must not be null");
      return this;
    }

    public ConfigAudit build() {
      return new ConfigAudit(this);
    }
  }
}
