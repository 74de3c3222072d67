package dev.thalos.redis.security.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.thalos.redis.security.ThalosSecurityException;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class AclSyntaxExceptionTest {

  @Test
  void passwordTokens_areRedactedEverywhere() {
    AclSyntaxException e = assertThrows(AclSyntaxException.class,
        () -> AclParser.redis7().parseSetUser("u", List.of("on", "(>hunter2-secret)")));
    assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    assertFalse(String.valueOf(e.token()).contains("hunter2"));
  }

  @Test
  void isADomainExceptionWithAStableReason() {
    ThalosSecurityException e = assertThrows(ThalosSecurityException.class,
        () -> AclParser.redis7().parseUserLine("user u on\tx"));
    assertEquals("acl.unsupported", e.reason());
    AclSyntaxException s = assertThrows(AclSyntaxException.class,
        () -> AclParser.redis7().parseSetUser("u", List.of("on", "+@nope")));
    assertEquals("token 2 '+@nope': unknown command or category name in ACL", s.getMessage());
    assertEquals(0, s.line());
  }
}
