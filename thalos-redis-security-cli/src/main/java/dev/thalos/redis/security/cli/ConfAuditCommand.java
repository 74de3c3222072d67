package dev.thalos.redis.security.cli;

import dev.thalos.redis.security.check.CheckReport;
import dev.thalos.redis.security.conf.ConfigAudit;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code conf audit <redis.conf>}: the offline audit of {@link ConfigAudit} — exposure, protected mode, TLS,
 * passwords in clear, dangerous commands, pub/sub buffer limits — following includes and the aclfile.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
    description = {
        "Audit a redis.conf (with its includes and its aclfile) without connecting to Redis: network exposure,"
            + " protected mode, TLS, passwords in clear, DEBUG/MODULE commands, pub/sub output buffer limits.",
        "Example: thalos-redis-security conf audit /etc/redis/redis.conf --format sarif -o redis-conf.sarif"})
final class ConfAuditCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "REDIS_CONF", description = "The redis.conf to audit.")
  Path config;

  @Option(names = "--acl-file", paramLabel = "FILE",
      description = "Read the ACL users from FILE instead of the aclfile named in redis.conf (e.g. a copy taken "
          + "from the server); redis.conf must set aclfile, otherwise the server never reads such a file and the "
          + "audit refuses it.")
  Path aclFile;

  @Mixin ReportOptions report;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    ConfigAudit.Builder audit = ConfigAudit.builder();
    if (aclFile != null) {
      audit.aclFile(aclFile);
    }
    CheckReport result = audit.build().audit(config);
    return report.emit(result, spec.commandLine().getOut(), spec.commandLine().getErr());
  }
}
