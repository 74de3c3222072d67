package dev.thalos.redis.security.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.internal.LogInjection;
import dev.thalos.redis.security.internal.LoneSurrogatePasswords;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class AclUserTest {

  @Test
  void newUser_isOffWithoutPasswordsOrPermissions() {
    AclUser u = AclUser.builder("x").build();
    assertEquals("user x off resetchannels -@all", u.toAclLine());
    assertFalse(u.passwordless());
  }

  @Test
  void password_isKeptOnlyAsSha256_likeRedis() {
    AclUser u = AclUser.builder("x").enabled(true).password("p".toCharArray()).build();
    // sha256("p") as Redis stores it (ACL SETUSER x >p; ACL GETUSER x)
    assertEquals(List.of("148de9c5a7a44d19e56cd9ae1a554bf67847afb0c58f6e12fa29ac7ddfca9940"), u.passwordHashes());
    assertFalse(u.toString().contains("148de9"));
  }

  @Test
  void nopass_dropsPasswords_andAPasswordDropsNopass() {
    AclUser u = AclUser.builder("x").enabled(true).password("p".toCharArray()).noPass().build();
    assertTrue(u.passwordless());
    assertTrue(u.passwordHashes().isEmpty());
    assertFalse(u.mutate().password("q".toCharArray()).build().noPass());
  }

  @Test
  void malformedInput_isRejectedNamingTheField() {
    IllegalArgumentException name = assertThrows(IllegalArgumentException.class, () -> AclUser.builder("a b"));
    assertEquals("invalid user name: 'a b' (blanks are not allowed)", name.getMessage());
    assertThrows(IllegalArgumentException.class, () -> AclUser.builder("x").passwordHash("ABC"));
    assertThrows(IllegalStateException.class, () -> AclUser.builder("x").removePasswordHash("0".repeat(64)));
    AclSelector bad = AclSelector.builder().keyPattern(KeyPattern.readWrite("a)")).build();
    assertThrows(IllegalArgumentException.class, () -> AclUser.builder("x").selector(bad));
    AclUser.builder("x").root(bad).build(); // fine outside parentheses
  }

  @Test
  void setUserCommand_startsWithReset_andRecreatesTheUser() {
    AclUser u = AclParser.redis7().parseUserLine("user x on >pw ~k resetchannels &c -@all +get (+set ~j)");
    List<String> cmd = u.toSetUserCommand();
    assertEquals(List.of("ACL", "SETUSER", "x", "reset", "on"), cmd.subList(0, 5));
    AclUser back = AclParser.redis7().parseSetUser("x", cmd.subList(3, cmd.size()));
    assertEquals(u.rules(), back.rules().stream().filter(r -> !r.equals("sanitize-payload")).toList());
  }

  @Test
  void mutate_givesAnEqualCopy() {
    AclUser u = AclParser.redis7().parseUserLine("user x on nopass skip-sanitize-payload ~* &* +@all (+get)");
    assertEquals(u, u.mutate().build());
    assertEquals(u.hashCode(), u.mutate().build().hashCode());
    assertEquals(PayloadSanitization.SKIP, u.payloadSanitization());
    assertEquals(2, u.allSelectors().size());
  }

  @Test
  void c1ControlCharacters_areRefused_andEscapedInMessages() {
    // U+009B is the one-character CSI: followed by "31m" it turns a terminal red like ESC [ 31 m
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AclUser.builder("a\u009b31m b"));
    assertEquals("invalid user name: 'a\\u009b31m b' (control characters are not allowed)", e.getMessage());
    LogInjection.assertNoControlCharacters(e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> AclUser.builder("a\u009b31m"));
    assertEquals("invalid user name: 'a\\u009b31m' (control characters are not allowed)", e.getMessage());
    LogInjection.assertNoControlCharacters(e.getMessage());
  }

  @Test
  void loneSurrogate_inTheName_isRefused_quotedAsAnEscape() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AclUser.builder("a\uDE00b"));
    assertEquals("invalid user name: 'a\\ude00b' (lone surrogates are not allowed: UTF-8 cannot encode them)",
        e.getMessage());
    assertEquals("\uD83D\uDE00", AclUser.builder("\uD83D\uDE00").build().name());
  }

  @Test
  void passwordWithALoneSurrogate_isRefused_withoutAnyPartOfIt() {
    for (String password : LoneSurrogatePasswords.ALL) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> AclUser.builder("x").password(password.toCharArray()));
      LoneSurrogatePasswords.assertRefusedWithoutTrace(e.getMessage(), password);
      IllegalArgumentException hash =
          assertThrows(IllegalArgumentException.class, () -> AclUser.sha256Hex(password.toCharArray()));
      LoneSurrogatePasswords.assertRefusedWithoutTrace(hash.getMessage(), password);
    }
  }

  @Test
  void passwordOutsideTheBmp_isHashedAsItsUtf8Bytes() throws Exception {
    AclUser u = AclUser.builder("x").enabled(true)
        .password(LoneSurrogatePasswords.WITH_PAIR.toCharArray()).build();
    assertEquals(List.of(LoneSurrogatePasswords.withPairSha256Hex()), u.passwordHashes());
  }
}
