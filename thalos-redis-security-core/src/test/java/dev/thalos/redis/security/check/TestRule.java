package dev.thalos.redis.security.check;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.Function;

/** A rule for tests whose behaviour is a function of the context. */
final class TestRule implements Rule {

  private final String id;
  private final Severity severity;
  private final Set<Role> roles;
  private final Function<TestRule, Function<CheckContext, Finding>> body;

  private TestRule(String id, Severity severity, Set<Role> roles,
      Function<TestRule, Function<CheckContext, Finding>> body) {
    this.id = id;
    this.severity = severity;
    this.roles = roles;
    this.body = body;
  }

  static TestRule of(String id, Severity severity, Function<TestRule, Function<CheckContext, Finding>> body) {
    return new TestRule(id, severity, EnumSet.allOf(Role.class), body);
  }

  static TestRule passing(String id) {
    return of(id, Severity.HIGH, r -> c -> Finding.pass(r, "all good"));
  }

  static TestRule failing(String id, Severity severity) {
    return of(id, severity, r -> c -> Finding.builder(r).outcome(Outcome.FAIL).summary("bad thing at " + id)
        .evidence("observed bad thing").remediation("fix " + id).build());
  }

  static TestRule warning(String id, Severity severity) {
    return of(id, severity, r -> c -> Finding.builder(r).outcome(Outcome.WARN).summary("odd thing")
        .evidence("observed odd thing").remediation("look at " + id).build());
  }

  TestRule onlyFor(Role role) {
    return new TestRule(id, severity, EnumSet.of(role), body);
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String title() {
    return "Title of " + id;
  }

  @Override
  public Severity severity() {
    return severity;
  }

  @Override
  public String description() {
    return "Description of " + id + ".";
  }

  @Override
  public Set<Role> roles() {
    return roles;
  }

  @Override
  public Finding evaluate(CheckContext context) {
    return body.apply(this).apply(context);
  }
}
