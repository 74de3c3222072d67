package dev.thalos.redis.security.conf;

import dev.thalos.redis.security.check.Finding;
import dev.thalos.redis.security.check.Outcome;
import dev.thalos.redis.security.check.Severity;
import java.util.List;

/**
 * {@code conf.startup}: lines of the directives the audit reads that make redis-server 7.0 refuse to start
 * ({@link StartupProblems}), reported as {@code conf.acl.syntax} reports ACL lines Redis refuses: one evidence line
 * per problem with file, line, directive and the rule broken. The other rules still judge the configuration as
 * written, for the server it would be once the lines are fixed.
 */
final class StartupRule extends ConfRule {

  static final String ID = "conf.startup";

  StartupRule() {
    super(ID, Severity.MEDIUM, "redis-server 7.0 starts with these network and buffer directives",
        "redis-server refuses to start on a port or tls-port that is not a plain number 0..65535, a "
            + "protected-mode other than yes or no, more than 16 bind addresses, a client-output-buffer-limit it "
            + "cannot read, and, when a TCP port is open, bind addresses it cannot listen on together (an empty "
            + "one, an IPv4-mapped IPv6 one, the same address twice or beside the wildcard of its family, port "
            + "equal to tls-port); a deployment that cannot restart is an outage waiting for the next reboot.");
  }

  @Override
  Finding check(AuditInput in) {
    List<StartupProblems.Problem> problems = in.startupProblems;
    if (problems.isEmpty()) {
      return pass("port, tls-port, protected-mode, bind and client-output-buffer-limit are valid for Redis 7.0");
    }
    Finding.Builder f = finding().outcome(Outcome.FAIL)
        .summary(problems.size() + " line(s) redis-server 7.0 would refuse: it refuses to start")
        .remediation("# one port 0..65535 written as a plain number, protected-mode yes or no, e.g.\n"
            + "port 0\ntls-port 6379\nprotected-mode yes\n"
            + "# at most 16 distinct bind addresses, IPv4 ones written as IPv4, no wildcard beside an address "
            + "of its family\nbind 127.0.0.1 -::1\n"
            + "client-output-buffer-limit pubsub 32mb 8mb 60");
    for (StartupProblems.Problem p : problems) {
      f.evidence(p.text).location(p.line.location());
    }
    return f.build();
  }
}
