package dev.thalos.redis.security.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class DirectiveTest {

  private static Directive d(String name, String... args) {
    return Directive.of(name, List.of(args), Path.of("redis.conf"), 7);
  }

  @Test
  void passwordsInUserLines_areRedacted() {
    Directive u = d("user", "thalos", "on", ">s3cret", "#" + "a".repeat(64), "<old", "~thalos::*", "+publish");
    assertEquals("user thalos on >**** #**** <**** ~thalos::* +publish", u.redacted());
    assertTrue(u.holdsSecret());
    assertFalse(u.toString().contains("s3cret"));
    assertEquals("user thalos on >**** #**** <**** ~thalos::* +publish (redis.conf:7)", u.toString());
  }

  @Test
  void passwordsInAclFileArguments_areRedacted_whereRedisWouldTrimOrSplitThem() {
    // aclfile arguments keep the tabs Redis trims off each rule, and a tab does not separate them
    Directive u = Directive.asWritten("user", List.of("thalos", "on\t>s3cret", "\t>s3cret\t", "(~x\t<s3cret)",
        "~k"), Path.of("users.acl"), 3);
    assertFalse(u.toString().contains("s3cret"), u.toString());
    assertTrue(u.holdsSecret());
    Directive upper = Directive.asWritten("USER", List.of("thalos", ">s3cret"), Path.of("users.acl"), 4);
    assertEquals("USER thalos >****", upper.redacted());
  }

  @Test
  void secretDirectives_areRedacted_butEmptyOnesShowAsEmpty() {
    assertEquals("requirepass ****", d("requirepass", "hunter2").redacted());
    assertEquals("masterauth ****", d("masterauth", "x").redacted());
    assertEquals("requirepass \"\"", d("requirepass", "").redacted());
    assertFalse(d("requirepass", "").holdsSecret());
    assertEquals("tls-key-file-pass ****", d("TLS-KEY-FILE-PASS", "k").redacted());
  }

  @Test
  void argumentsThatNeedQuoting_areShownQuoted() {
    assertEquals("rename-command CONFIG \"\"", d("rename-command", "CONFIG", "").redacted());
    assertEquals("logfile \"/var/log/my redis.log\"", d("logfile", "/var/log/my redis.log").redacted());
    assertEquals("x \"\\x1b[31m\"", d("x", "\u001b[31m").redacted());
  }

  @Test
  void malformedDirective_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> Directive.of("", List.of(), Path.of("a"), 1));
    assertEquals("invalid line: 0 (must be >= 1)", assertThrows(IllegalArgumentException.class,
        () -> Directive.of("port", List.of(), Path.of("a"), 0)).getMessage());
  }

  @Test
  void missingArgument_readsAsEmpty() {
    assertEquals("", d("port").arg(0));
    assertEquals(Path.of("redis.conf"), d("port").location().file());
  }
}
