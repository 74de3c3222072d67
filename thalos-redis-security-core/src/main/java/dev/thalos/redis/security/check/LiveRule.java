package dev.thalos.redis.security.check;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** Base of the live self-check rules: identity, roles, and access to the run's {@link LiveFacts}. */
abstract class LiveRule implements Rule {

  private final String id;
  private final Severity severity;
  private final String title;
  private final String description;
  private final Set<Role> roles;

  LiveRule(String id, Severity severity, String title, String description, Role... roles) {
    this.id = RuleDescriptor.checkId(id);
    this.severity = Objects.requireNonNull(severity, "severity must not be null");
    this.title = title;
    this.description = description;
    this.roles = roles.length == 0 ? EnumSet.allOf(Role.class) : EnumSet.copyOf(List.of(roles));
  }

  @Override
  public final String id() {
    return id;
  }

  @Override
  public final String title() {
    return title;
  }

  @Override
  public final Severity severity() {
    return severity;
  }

  @Override
  public final String description() {
    return description;
  }

  @Override
  public final Set<Role> roles() {
    return EnumSet.copyOf(roles);
  }

  @Override
  public final Finding evaluate(CheckContext context) {
    try {
      return check(context, LiveFacts.of(context));
    } catch (IllegalStateException | ClassCastException | IndexOutOfBoundsException | NullPointerException e) {
      // A reply of an unexpected shape (a misbehaving server or proxy): report it, never pass. The exception
      // message is not used, because it may quote the reply.
      return Finding.skipped(this, "unexpected reply from the server (" + e.getClass().getSimpleName() + ")");
    }
  }

  abstract Finding check(CheckContext context, LiveFacts facts);

  Finding.Builder finding() {
    return Finding.builder(this);
  }

  /** The probe, or "skipped: no connection" naming why the connection failed if it did. */
  RedisProbe probe(CheckContext context, LiveFacts facts) {
    if (context.probe().isEmpty() && facts.connectFailure.isPresent()) {
      throw new ProbeException(ProbeException.UNAVAILABLE,
          "no connection to Redis (" + facts.connectFailure.get().reason + ")");
    }
    return context.requireProbe();
  }

  @Override
  public String toString() {
    return id;
  }
}
