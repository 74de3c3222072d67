package dev.thalos.redis.security.cli;

import dev.thalos.redis.security.acl.ThalosAclPlan;
import dev.thalos.redis.security.auth.Secret;
import dev.thalos.redis.security.auth.SecretSource;
import dev.thalos.redis.security.channel.ThalosNamespace;
import dev.thalos.redis.security.check.CheckReport;
import dev.thalos.redis.security.check.Role;
import dev.thalos.redis.security.check.SelfCheck;
import dev.thalos.redis.security.endpoint.RedisTopology;
import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import dev.thalos.redis.security.endpoint.ThalosRole;
import dev.thalos.redis.security.tls.ClientIdentity;
import dev.thalos.redis.security.tls.TlsSettings;
import dev.thalos.redis.security.tls.TrustAnchors;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code check}: connects to Redis as a Thalos role and runs the live self-check. The password comes from an
 * environment variable, a file or an interactive prompt — never from an argument, which would show in the
 * process list and shell history.
 */
@Command(name = "check", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Connect to Redis as a Thalos role (client, server or admin) and run the live self-check: TLS and its "
            + "verification, the user's ACL (dangerous commands such as CLIENT KILL/PAUSE/LIST, channels and "
            + "keys outside the namespace), the default user, plaintext ports, protected mode, buffer limits.",
        "The password is read from --password-env, --password-file or, on a terminal, a prompt; never from an "
            + "argument.",
        "Example: THALOS_REDIS_PASSWORD=... thalos-redis-security check --uri rediss://thalos-client@redis:6380 "
            + "--password-env THALOS_REDIS_PASSWORD --ca /etc/thalos/ca.pem --namespace ship::wax --role client"})
final class CheckCommand implements Callable<Integer> {

  /** Target when no {@code --uri} is given. */
  static final String DEFAULT_URI = "redis://127.0.0.1:6379";

  /** Connect timeout when none is given: short enough for a startup check. */
  static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final CliEnvironment environment;
  private final LiveCheck liveCheck;

  @Option(names = "--uri", paramLabel = "URI", defaultValue = DEFAULT_URI,
      description = "rediss://[user@]host[:port][/db] (redis:// for plaintext; no password in the URI); a "
          + "cluster: rediss-cluster://[user@]host:port[,host:port...] (every node is checked); a sentinel set: "
          + "rediss-sentinel://[user@]host:port[,host:port...]#master (sentinels, primary and replicas are "
          + "checked). Default: ${DEFAULT-VALUE}.")
  String uri;

  @Option(names = "--env",
      description = "Describe the endpoint with the THALOS_REDIS_* environment variables, exactly as the library's "
          + "ThalosRedisEndpoint.fromEnvironment() reads them (THALOS_REDIS_URI, _USER, _PASSWORD_FILE, _CA, "
          + "_NAMESPACE, _ROLE, ...): the check then sees what the application sees. Excludes the other "
          + "connection options.")
  boolean fromEnvironment;

  @Option(names = "--sentinel-user", paramLabel = "USER",
      description = "ACL user on the sentinels (sentinel URIs; needs --sentinel-password-env or "
          + "--sentinel-password-file).")
  String sentinelUser;

  @Option(names = "--sentinel-password-env", paramLabel = "VAR", converter = Converters.SentinelPasswordVariable.class,
      description = "Read the sentinel user's password from the environment variable named VAR (its name, e.g. "
          + "THALOS_REDIS_SENTINEL_PASSWORD, not the password).")
  String sentinelPasswordEnv;

  @Option(names = "--sentinel-password-file", paramLabel = "FILE",
      description = "Read the sentinel user's password from FILE (mode 0600 or 0400).")
  Path sentinelPasswordFile;

  @Option(names = "--password-env", paramLabel = "VAR", converter = Converters.PasswordVariable.class,
      description = "Read the user's password from the environment variable named VAR (its name, e.g. "
          + "THALOS_REDIS_PASSWORD, not the password).")
  String passwordEnv;

  @Option(names = "--password-file", paramLabel = "FILE",
      description = "Read the user's password from FILE (mode 0600 or 0400; one trailing newline ignored).")
  Path passwordFile;

  @Option(names = "--password", hidden = true, arity = "0..1", paramLabel = "IGNORED",
      description = "Refused: a password argument leaks into the process list and shell history.")
  String passwordArgument;

  @Option(names = "--ca", paramLabel = "FILE",
      description = "PEM file of the CA certificates to trust (default: the JVM's trust store).")
  Path ca;

  @Option(names = "--cert", paramLabel = "FILE", description = "PEM client certificate (chain) for mutual TLS.")
  Path cert;

  @Option(names = "--key", paramLabel = "FILE", description = "PEM private key of --cert (PKCS#8, PKCS#1 or SEC1; "
      + "an encrypted PKCS#8 key with --key-password-file).")
  Path key;

  @Option(names = "--key-password-file", paramLabel = "FILE",
      description = "File holding the password of an encrypted --key.")
  Path keyPasswordFile;

  @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", converter = Converters.NamespaceConverter.class,
      description = "Thalos namespace: prefix::chain or chain (prefix ship), e.g. ship::wax. Default: what a "
          + "Thalos server uses when no chain is configured, ship::<64 zeros>.")
  ThalosNamespace namespace;

  @Option(names = "--role", paramLabel = "ROLE", defaultValue = "client", converter = Converters.RoleConverter.class,
      completionCandidates = Converters.RoleCandidates.class,
      description = "Role to check as: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Role role;

  @Option(names = "--connect-timeout", paramLabel = "DURATION", defaultValue = "5s",
      converter = Converters.DurationConverter.class,
      description = "Time allowed to connect, handshake and authenticate (default: ${DEFAULT-VALUE}).")
  Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

  @Option(names = "--command-timeout", paramLabel = "DURATION", defaultValue = "10s",
      converter = Converters.DurationConverter.class,
      description = "Time allowed for each command's reply (default: ${DEFAULT-VALUE}).")
  Duration commandTimeout;

  @Option(names = "--cache-prefix", paramLabel = "PREFIX", defaultValue = ThalosAclPlan.DEFAULT_CACHE_KEY_PREFIX,
      description = "Key prefix of the Thalos server's cache (default: ${DEFAULT-VALUE}).")
  String cachePrefix;

  @Option(names = "--trusted-network", paramLabel = "CIDR",
      description = "A network clients may connect from, e.g. 10.0.0.0/8 (repeatable); peers from elsewhere are "
          + "reported (needs CLIENT LIST, i.e. --role admin).")
  List<String> trustedNetworks = new ArrayList<>();

  @Mixin ReportOptions report;

  @Spec CommandSpec spec;

  CheckCommand(CliEnvironment environment, LiveCheck liveCheck) {
    this.environment = environment;
    this.liveCheck = liveCheck;
  }

  @Override
  public Integer call() {
    ThalosRedisEndpoint endpoint = endpoint();
    SelfCheck check;
    try {
      check = SelfCheck.forEndpoint(endpoint).mutate().cacheKeyPrefix(cachePrefix).trustedNetworks(trustedNetworks)
          .build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    CheckReport result = liveCheck.run(endpoint, check);
    return report.emit(result, spec.commandLine().getOut(), spec.commandLine().getErr());
  }

  /** The endpoint the options describe; asks for the password when needed. Does not connect. */
  ThalosRedisEndpoint endpoint() {
    if (fromEnvironment) {
      for (String option : List.of("--uri", "--password-env", "--password-file", "--ca", "--cert", "--key",
          "--key-password-file", "--namespace", "--role", "--connect-timeout", "--command-timeout",
          "--sentinel-user", "--sentinel-password-env", "--sentinel-password-file")) {
        if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
          throw new UsageException("--env reads the endpoint from THALOS_REDIS_* variables; " + option
              + " cannot be combined with it");
        }
      }
      try {
        return ThalosRedisEndpoint.fromEnvironment(environment.variables());
      } catch (IllegalArgumentException e) {
        throw new UsageException(e.getMessage());
      }
    }
    if (passwordArgument != null || spec.commandLine().getParseResult().hasMatchedOption("--password")) {
      throw new UsageException("--password is not accepted: a password on the command line is visible in the "
          + "process list and shell history. Use --password-env VAR, --password-file FILE, or type it at the "
          + "prompt");
    }
    if (passwordEnv != null && passwordFile != null) {
      throw new UsageException("give either --password-env or --password-file, not both");
    }
    if ((cert == null) != (key == null)) {
      throw new UsageException("--cert and --key go together (the client certificate and its key)");
    }
    if (keyPasswordFile != null && key == null) {
      throw new UsageException("--key-password-file needs --key");
    }
    int schemeEnd = uri.indexOf("://");
    String scheme = schemeEnd < 0 ? "" : uri.substring(0, schemeEnd).toLowerCase(java.util.Locale.ROOT);
    boolean plaintext = Arrays.stream(RedisTopology.values()).anyMatch(t -> t.scheme(false).equals(scheme));
    if (plaintext && (ca != null || cert != null)) {
      throw new UsageException("--ca, --cert and --key need a TLS URI (rediss://, rediss-cluster://, "
          + "rediss-sentinel://), not " + scheme + "://");
    }
    if (sentinelPasswordEnv != null && sentinelPasswordFile != null) {
      throw new UsageException("give either --sentinel-password-env or --sentinel-password-file, not both");
    }
    ThalosRedisEndpoint.Builder b = ThalosRedisEndpoint.builder().uri(uri)
        .role(thalosRole(role))
        .namespace(namespace != null ? namespace : ThalosNamespace.of(ThalosNamespace.UNSET_CHAIN_ID))
        .connectTimeout(connectTimeout)
        .commandTimeout(commandTimeout);
    if (plaintext) {
      b.plaintextInsecure();
    } else if (ca != null || cert != null) {
      TlsSettings.Builder tls = TlsSettings.builder();
      if (ca != null) {
        tls.trustAnchors(TrustAnchors.pemFile(ca));
      }
      if (cert != null) {
        tls.clientIdentity(ClientIdentity.pemFiles(cert, key,
            keyPasswordFile == null ? null : SecretSource.fromFile(keyPasswordFile)));
      }
      b.tls(tls.build());
    }
    // Validate everything (and read the TLS files) before asking for a password.
    boolean hasUser = uri.substring(schemeEnd + 3).contains("@");
    if (hasUser) {
      b.password(PENDING);
    }
    ThalosRedisEndpoint draft = b.build();
    Optional<SecretSource> password = password(draft);
    if (password.isEmpty() && draft.credentials().isPresent()) {
      throw new UsageException("user '" + draft.credentials().get().user() + "' needs a password: give "
          + "--password-env VAR or --password-file FILE (there is no terminal to prompt on)");
    }
    b.password(password.orElse(null));
    if (sentinelUser != null) {
      b.sentinelUser(sentinelUser);
    }
    Optional<SecretSource> sentinelPassword =
        given(sentinelPasswordEnv, "--sentinel-password-env", sentinelPasswordFile);
    if (sentinelPassword.isPresent()) {
      b.sentinelPassword(sentinelPassword.get());
    } else if (sentinelUser != null) {
      throw new UsageException("--sentinel-user needs --sentinel-password-env VAR or --sentinel-password-file FILE");
    }
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
  }

  /**
   * Stands for the password while the other options are validated; the endpoint built with it is discarded and
   * never connects.
   */
  private static final SecretSource PENDING = new SecretSource() {
    @Override
    public Secret resolve() {
      return Secret.of("pending".toCharArray());
    }

    @Override
    public String description() {
      return "password not read yet";
    }
  };

  /** The password given by environment variable {@code env} (option {@code envOption}) or by {@code file}. */
  private Optional<SecretSource> given(String env, String envOption, Path file) {
    if (env != null) {
      return Optional.of(fromEnvironment(env, envOption));
    }
    return file != null ? Optional.of(SecretSource.fromFile(file)) : Optional.empty();
  }

  private Optional<SecretSource> password(ThalosRedisEndpoint endpoint) {
    Optional<SecretSource> given = given(passwordEnv, "--password-env", passwordFile);
    if (given.isPresent()) {
      return given;
    }
    if (endpoint.credentials().isEmpty()) {
      return Optional.empty(); // the default user, without AUTH
    }
    Optional<char[]> typed = environment.prompt().readPassword("Password for " + endpoint.credentials().get().user()
        + " at " + endpoint.host() + ":" + endpoint.port() + ": ");
    if (typed.isEmpty()) {
      return Optional.empty();
    }
    char[] chars = typed.get();
    try {
      if (chars.length == 0) {
        throw new UsageException("empty password");
      }
      return Optional.of(SecretSource.of(chars));
    } finally {
      Arrays.fill(chars, '\0');
    }
  }

  /**
   * The password in environment variable {@code name}, given with {@code option}; refused if it is not set. Only a
   * valid variable name is named in the message: anything else may be the password itself.
   */
  private SecretSource fromEnvironment(String name, String option) {
    if (!environment.variables().containsKey(name)) {
      throw new UsageException(Converters.isVariableName(name)
          ? "environment variable " + name + " (" + option + ") is not set"
          : option + " expects the NAME of an environment variable; the value given is not a valid variable name");
    }
    return SecretSource.fromEnvironment(name, environment.variables());
  }

  static ThalosRole thalosRole(Role role) {
    switch (role) {
      case PUBLISHER:
        return ThalosRole.SERVER;
      case OPERATOR:
        return ThalosRole.ADMIN;
      default:
        return ThalosRole.CLIENT;
    }
  }
}
