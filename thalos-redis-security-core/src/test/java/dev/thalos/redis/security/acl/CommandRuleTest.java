package dev.thalos.redis.security.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.thalos.redis.security.internal.LogInjection;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class CommandRuleTest {

  @Test
  void rules_printAsRedisWritesThem() {
    assertEquals("+@all", CommandRule.allowAll().toRule());
    assertEquals("-@dangerous", CommandRule.denyCategory("DANGEROUS").toRule());
    assertEquals("+client|setname", CommandRule.allow("CLIENT|SETNAME").toRule());
    assertEquals("+select|0", CommandRule.allowFirstArg("select", "0").toRule());
  }

  @Test
  void unknownNamesAndImpossibleRules_areRejected() {
    assertThrows(IllegalArgumentException.class, () -> CommandRule.allow("nosuch"));
    assertThrows(IllegalArgumentException.class, () -> CommandRule.allow("client|setinfo")); // Redis 7.2+
    assertThrows(IllegalArgumentException.class, () -> CommandRule.allowCategory("nosuch"));
    assertThrows(IllegalArgumentException.class, () -> CommandRule.allowFirstArg("client", "kill"));
    assertThrows(IllegalArgumentException.class, () -> new CommandRule(false, CommandRule.Kind.FIRST_ARG, "select",
        "0"));
  }

  @Test
  void malformedRules_withControlCharacters_areQuotedEscaped() {
    LogInjection.assertEscaped(assertThrows(IllegalArgumentException.class,
        () -> CommandRule.allowCategory(LogInjection.INJECTED)).getMessage());
    LogInjection.assertEscaped(assertThrows(IllegalArgumentException.class,
        () -> new CommandRule(true, CommandRule.Kind.ALL, LogInjection.INJECTED, null)).getMessage());
    LogInjection.assertEscaped(assertThrows(IllegalArgumentException.class,
        () -> new CommandRule(false, CommandRule.Kind.FIRST_ARG, "get", LogInjection.INJECTED)).getMessage());
  }
}
