package dev.thalos.redis.security.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.internal.LoneSurrogatePasswords;
import java.io.ByteArrayOutputStream;
import java.io.NotSerializableException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class SecretTest {

  private static final String KNOWN = "correct-horse-battery-staple";

  @Test
  void toString_isAFixedMask_whateverTheLength() {
    assertEquals("****", Secret.of(KNOWN.toCharArray()).toString());
    assertEquals("****", Secret.of("x".toCharArray()).toString());
    assertEquals("****", Secret.of(new char[0]).toString());
  }

  @Test
  void of_copiesTheCallersArray_soWipingItLeavesTheSecretIntact() {
    char[] input = KNOWN.toCharArray();
    Secret secret = Secret.of(input);
    java.util.Arrays.fill(input, '\0');
    assertArrayEquals(KNOWN.toCharArray(), secret.reveal());
  }

  @Test
  void reveal_returnsACopy_soChangingItDoesNotChangeTheSecret() {
    Secret secret = Secret.of(KNOWN.toCharArray());
    char[] copy = secret.reveal();
    copy[0] = 'X';
    assertArrayEquals(KNOWN.toCharArray(), secret.reveal());
  }

  @Test
  void revealUtf8_encodesNonAsciiCharacters() {
    Secret secret = Secret.of("pä$s".toCharArray());
    assertArrayEquals("pä$s".getBytes(StandardCharsets.UTF_8), secret.revealUtf8());
  }

  @Test
  void close_wipesTheValue_andLaterReadsFail() {
    Secret secret = Secret.of(KNOWN.toCharArray());
    secret.close();
    assertTrue(secret.isClosed());
    IllegalStateException e = assertThrows(IllegalStateException.class, secret::reveal);
    assertFalse(e.getMessage().contains(KNOWN));
    assertThrows(IllegalStateException.class, secret::revealUtf8);
    secret.close(); // idempotent
    assertEquals("****", secret.toString());
  }

  @Test
  void close_overwritesTheInternalArray() throws Exception {
    char[] adopted = KNOWN.toCharArray();
    Secret secret = Secret.adopt(adopted);
    secret.close();
    assertArrayEquals(new char[KNOWN.length()], adopted);
  }

  @Test
  void equalsSecret_comparesValues() {
    assertTrue(Secret.of("abc".toCharArray()).equalsSecret(Secret.of("abc".toCharArray())));
    assertFalse(Secret.of("abc".toCharArray()).equalsSecret(Secret.of("abd".toCharArray())));
    assertFalse(Secret.of("abc".toCharArray()).equalsSecret(Secret.of("abcd".toCharArray())));
    assertFalse(Secret.of("".toCharArray()).equalsSecret(Secret.of("a".toCharArray())));
    assertTrue(Secret.of("".toCharArray()).equalsSecret(Secret.of("".toCharArray())));
  }

  @Test
  void constantTimeEquals_handlesPrefixesAndEmptyArrays() {
    assertFalse(Secret.constantTimeEquals("ab".toCharArray(), "abc".toCharArray()));
    assertFalse(Secret.constantTimeEquals("abc".toCharArray(), "ab".toCharArray()));
    assertFalse(Secret.constantTimeEquals("\0".toCharArray(), new char[0]));
    assertTrue(Secret.constantTimeEquals(new char[0], new char[0]));
  }

  @Test
  void secretIsNotSerializable_soItCannotLeakThroughJavaSerialization() throws Exception {
    Secret secret = Secret.of(KNOWN.toCharArray());
    assertFalse(Serializable.class.isAssignableFrom(Secret.class));
    try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
      assertThrows(NotSerializableException.class, () -> out.writeObject(secret));
    }
  }

  @Test
  void of_rejectsNull() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Secret.of(null));
    assertEquals("secret must not be null", e.getMessage());
  }

  @Test
  void of_passwordWithALoneSurrogate_isRefused_withoutAnyPartOfIt() {
    for (String password : LoneSurrogatePasswords.ALL) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> Secret.of(password.toCharArray()));
      LoneSurrogatePasswords.assertRefusedWithoutTrace(e.getMessage(), password);
    }
  }

  @Test
  void of_passwordOutsideTheBmp_isKept_andRevealedAsItsUtf8Bytes() {
    try (Secret secret = Secret.of(LoneSurrogatePasswords.WITH_PAIR.toCharArray())) {
      assertArrayEquals(LoneSurrogatePasswords.WITH_PAIR.toCharArray(), secret.reveal());
      assertArrayEquals(LoneSurrogatePasswords.withPairUtf8(), secret.revealUtf8());
    }
  }
}
