package dev.thalos.redis.security.conf;

import dev.thalos.redis.security.check.Finding;
import dev.thalos.redis.security.check.Outcome;
import dev.thalos.redis.security.check.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Offline rules about who can reach the instance: exposure, protected mode, host names in bind. */
final class NetworkRules {

  private NetworkRules() {}

  /** {@code conf.exposure}: the {@link ExposureVerdict}. */
  static final class Exposure extends ConfRule {
    static final String ID = "conf.exposure";

    Exposure() {
      super(ID, Severity.CRITICAL, "Redis cannot be used without a password from the network",
          "Combines bind (default: every interface), port/tls-port, protected-mode and the default user "
              + "(requirepass, 'user default', aclfile) into a verdict: anyone who can reach a port where the "
              + "default user is nopass owns the instance. Protected mode only refuses remote clients while the "
              + "default user has no password.");
    }

    @Override
    Finding check(AuditInput in) {
      ExposureVerdict v = in.exposure;
      Finding.Builder f = finding().summary(v.summary()).evidence(v.evidence()).locations(v.locations());
      switch (v.level()) {
        case OPEN:
          return f.outcome(Outcome.FAIL).severity(v.severity()).remediation(v.remediation()).build();
        case PROTECTED_MODE_ONLY:
          return f.outcome(Outcome.WARN).severity(Severity.MEDIUM).remediation(v.remediation()).build();
        case UNKNOWN:
          return Finding.skipped(this, "cannot tell whether the default user needs a password: "
              + in.aclProblem.orElse("aclfile unreadable") + " (redis-server refuses to start when it cannot "
              + "open its aclfile either)");
        default:
          return f.outcome(Outcome.PASS).build();
      }
    }
  }

  /** {@code conf.protected-mode}: {@code protected-mode no} while the default user has no password. */
  static final class ProtectedMode extends ConfRule {
    static final String ID = "conf.protected-mode";

    ProtectedMode() {
      super(ID, Severity.HIGH, "Protected mode is not switched off while the default user has no password",
          "protected-mode yes (the default) makes Redis refuse non-loopback clients while the default user "
              + "is nopass. Switching it off without giving the default user a password lets every client "
              + "that reaches the port in.");
    }

    @Override
    Finding check(AuditInput in) {
      ExposureVerdict v = in.exposure;
      if (v.protectedMode()) {
        return pass("protected mode is on");
      }
      if (v.authentication() != ExposureVerdict.Authentication.NONE) {
        return pass("protected mode is off, but the default user is " + v.authentication().label());
      }
      Directive pm = in.config.last("protected-mode").get();
      Finding.Builder f = finding().summary("protected-mode no with a passwordless default user")
          .evidence(pm.toString()).evidence(in.defaultUser.evidence()).location(pm.location())
          .remediation("protected-mode yes\nuser default off");
      if (v.reachableFromNetwork()) {
        return f.outcome(Outcome.FAIL).build();
      }
      return f.outcome(Outcome.WARN).severity(Severity.LOW)
          .evidence("listens on loopback only, so only local processes are let in").build();
    }
  }

  /** {@code conf.bind.unresolved-name}: host names or non-canonical literals in {@code bind}. */
  static final class BindName extends ConfRule {
    static final String ID = "conf.bind.unresolved-name";

    BindName() {
      super(ID, Severity.MEDIUM, "bind lists IP literals only",
          "A host name in bind is resolved when Redis starts, so what it listens on depends on DNS or "
              + "/etc/hosts at that moment; forms like 010.0.0.1 or 10.1 are read by the resolver in surprising "
              + "ways. The audit never resolves names and cannot tell where such an address listens.");
    }

    @Override
    Finding check(AuditInput in) {
      Optional<Directive> bind = in.config.last("bind");
      if (bind.isEmpty()) {
        return pass("no bind directive (every interface; see conf.exposure)");
      }
      List<String> names = new ArrayList<>();
      for (BindAddress b : in.exposure.bindAddresses()) {
        if (b.addressClass() == AddressClass.UNRESOLVED_NAME) {
          names.add(b.text());
        }
      }
      if (names.isEmpty()) {
        return pass("every bind address is an IP literal");
      }
      return finding().outcome(Outcome.WARN)
          .summary("bind names " + names.size() + " address(es) that are not IP literals: " + names)
          .evidence(bind.get().toString())
          .location(bind.get().location())
          .remediation("# replace names with the IP literals of the intended interfaces, e.g.\n"
              + "bind 10.0.0.5 127.0.0.1 -::1")
          .build();
    }
  }
}
