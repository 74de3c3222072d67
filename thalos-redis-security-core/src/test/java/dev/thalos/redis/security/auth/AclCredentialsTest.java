package dev.thalos.redis.security.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.internal.LogInjection;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("unit")
class AclCredentialsTest {

  private static final String KNOWN = "Kn0wn-Pa55word-4-scan";

  @Test
  void of_keepsUserAndSource() {
    SecretSource source = SecretSource.of(KNOWN.toCharArray());
    AclCredentials credentials = AclCredentials.of("thalos-client", source);
    assertEquals("thalos-client", credentials.user());
    assertSame(source, credentials.password());
    assertFalse(credentials.isDefaultUser());
  }

  @Test
  void defaultUser_isAllowed() {
    AclCredentials credentials = AclCredentials.defaultUser(SecretSource.of(KNOWN.toCharArray()));
    assertEquals("default", credentials.user());
    assertTrue(credentials.isDefaultUser());
  }

  @Test
  void emptyUser_isRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AclCredentials.of("", SecretSource.of(KNOWN.toCharArray())));
    assertEquals("user must not be empty", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"a b", "tab\tuser", "new\nline", "nul\0", "\u00a0nbsp"})
  void userWithWhitespaceOrControlCharacters_isRejected_quotingItPrintably(String user) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AclCredentials.of(user, SecretSource.of(KNOWN.toCharArray())));
    assertTrue(e.getMessage().startsWith("invalid user: '"), e.getMessage());
    assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\0"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"\uD83D", "a\uDE00", "alice\uD83D", "\uDE00\uD83D", "\uD83D\uD83D\uDE00"})
  void userWithALoneSurrogate_isRejected_quotingItEscaped(String user) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AclCredentials.of(user, SecretSource.of(KNOWN.toCharArray())));
    assertTrue(e.getMessage().startsWith("invalid user: '"), e.getMessage());
    assertTrue(e.getMessage().endsWith("' (must not contain a lone surrogate, which UTF-8 cannot encode)"),
        e.getMessage());
    // no lone surrogate in the message either: it survives UTF-8 unchanged
    assertEquals(e.getMessage(), new String(e.getMessage().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    assertThrows(IllegalArgumentException.class, () -> AclCredentials.checkUser(user));
  }

  @Test
  void loneSurrogate_isQuotedAsAnEscape_andControlCharactersToo() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> AclCredentials.checkUser("a\uD83D" + LogInjection.INJECTED));
    assertEquals("invalid user: 'a\\ud83d" + LogInjection.ESCAPED
        + "' (must not contain a lone surrogate, which UTF-8 cannot encode)", e.getMessage());
  }

  @Test
  void userWithSurrogatePairs_isAccepted() {
    assertEquals("\uD83D\uDE00", AclCredentials.checkUser("\uD83D\uDE00"));
    String mixed = "r\u00e9ader-\uD83D\uDE00-\uD834\uDD1E";
    assertEquals(mixed, AclCredentials.checkUser(mixed));
  }

  @Test
  void nullArguments_areRejected() {
    assertThrows(IllegalArgumentException.class, () -> AclCredentials.of(null, SecretSource.of("x".toCharArray())));
    assertThrows(IllegalArgumentException.class, () -> AclCredentials.of("alice", null));
  }

  @Test
  void toString_showsUserAndWhereThePasswordLives_neverThePassword() {
    AclCredentials inline = AclCredentials.of("alice", SecretSource.of(KNOWN.toCharArray()));
    assertEquals("AclCredentials{user=alice, password=inline value}", inline.toString());
    AclCredentials env =
        AclCredentials.of("alice", SecretSource.fromEnvironment("PW", Map.of("PW", KNOWN)));
    assertFalse(env.toString().contains(KNOWN));
    assertTrue(env.toString().contains("environment variable PW"));
  }

  @Test
  void close_wipesAnInlinePassword() {
    AclCredentials credentials = AclCredentials.of("alice", SecretSource.of(KNOWN.toCharArray()));
    credentials.close();
    assertThrows(IllegalStateException.class, () -> credentials.password().resolve());
  }
}
