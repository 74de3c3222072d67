package dev.thalos.redis.security.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.internal.LogInjection;
import dev.thalos.redis.security.internal.LoneSurrogatePasswords;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("unit")
class SecretSourceTest {

  private static final String KNOWN = "s3cr3t-Known-Pa55word";

  @TempDir Path dir;

  private Path secretFile(String content, String mode) throws Exception {
    Path file = dir.resolve("secret-" + System.nanoTime());
    Files.write(file, content.getBytes(StandardCharsets.UTF_8));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
    return file;
  }

  private static String value(SecretSource source) {
    try (Secret secret = source.resolve()) {
      return new String(secret.reveal());
    }
  }

  @Test
  void inline_resolvesToACopy_andCloseWipesIt() {
    char[] chars = KNOWN.toCharArray();
    SecretSource source = SecretSource.of(chars);
    java.util.Arrays.fill(chars, '\0');
    assertEquals(KNOWN, value(source));
    assertEquals(KNOWN, value(source));
    source.close();
    assertThrows(IllegalStateException.class, source::resolve);
  }

  @Test
  void inline_rejectsEmptyAndNull() {
    assertThrows(IllegalArgumentException.class, () -> SecretSource.of(new char[0]));
    assertThrows(IllegalArgumentException.class, () -> SecretSource.of(null));
  }

  @Test
  void environment_isReadOnEveryResolve_soARotatedValueIsPickedUp() {
    Map<String, String> env = new HashMap<>();
    env.put("REDIS_PW", "first");
    SecretSource source = SecretSource.fromEnvironment("REDIS_PW", env);
    assertEquals("first", value(source));
    env.put("REDIS_PW", "second");
    assertEquals("second", value(source));
  }

  @Test
  void environment_unsetOrEmpty_failsWithReasonCode_namingTheVariable() {
    Map<String, String> env = new HashMap<>();
    SecretSource source = SecretSource.fromEnvironment("REDIS_PW", env);
    CredentialsException missing = assertThrows(CredentialsException.class, source::resolve);
    assertEquals(CredentialsException.ENV_MISSING, missing.reason());
    assertTrue(missing.getMessage().contains("REDIS_PW"));
    env.put("REDIS_PW", "");
    assertEquals(CredentialsException.SECRET_EMPTY, assertThrows(CredentialsException.class, source::resolve).reason());
  }

  @Test
  void environment_rejectsMalformedNames() {
    assertThrows(IllegalArgumentException.class, () -> SecretSource.fromEnvironment("", Map.of()));
    assertThrows(IllegalArgumentException.class, () -> SecretSource.fromEnvironment("A=B", Map.of()));
    assertThrows(IllegalArgumentException.class, () -> SecretSource.fromEnvironment(null, Map.of()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "\n", "\r\n"})
  void file_trimsOneTrailingLineBreak(String ending) throws Exception {
    assertEquals(KNOWN, value(SecretSource.fromFile(secretFile(KNOWN + ending, "rw-------"))));
  }

  @Test
  void file_keepsInnerAndSecondLineBreaks_andLeadingSpaces() throws Exception {
    assertEquals(" a\nb\n", value(SecretSource.fromFile(secretFile(" a\nb\n\n", "rw-------"))));
  }

  @Test
  void file_readOnlyByOwner_isAccepted() throws Exception {
    assertEquals(KNOWN, value(SecretSource.fromFile(secretFile(KNOWN, "r--------"))));
  }

  @ParameterizedTest
  @ValueSource(strings = {"rw-r--r--", "rw-r-----", "rw----r--", "rw--w----", "rw------x", "rw-rw-rw-"})
  void file_accessibleToGroupOrOthers_isRefused_namingFileAndMode(String mode) throws Exception {
    Path file = secretFile(KNOWN, mode);
    CredentialsException e =
        assertThrows(CredentialsException.class, () -> SecretSource.fromFile(file).resolve());
    assertEquals(CredentialsException.FILE_PERMISSIONS, e.reason());
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(mode), e.getMessage());
    assertTrue(e.getMessage().contains("chmod 600"), e.getMessage());
    assertFalse(e.getMessage().contains(KNOWN));
  }

  @Test
  void file_worldReadable_messageShowsOctalMode() throws Exception {
    Path file = secretFile(KNOWN, "rw-r--r--");
    CredentialsException e =
        assertThrows(CredentialsException.class, () -> SecretSource.fromFile(file).resolve());
    assertTrue(e.getMessage().contains("0644"), e.getMessage());
  }

  @Test
  void file_isReReadOnEveryResolve_soARotatedPasswordIsPickedUp() throws Exception {
    Path file = secretFile("old-password\n", "rw-------");
    SecretSource source = SecretSource.fromFile(file);
    assertEquals("old-password", value(source));
    Files.writeString(file, "new-password\n");
    assertEquals("new-password", value(source));
  }

  @Test
  void file_missing_failsWithReasonCode() {
    Path file = dir.resolve("nope");
    CredentialsException e =
        assertThrows(CredentialsException.class, () -> SecretSource.fromFile(file).resolve());
    assertEquals(CredentialsException.FILE_MISSING, e.reason());
    assertTrue(e.getMessage().contains(file.toString()));
  }

  @Test
  void file_directory_isNotARegularFile() {
    assertEquals(CredentialsException.FILE_MISSING,
        assertThrows(CredentialsException.class, () -> SecretSource.fromFile(dir).resolve()).reason());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "\n", "\r\n"})
  void file_emptyAfterTrimming_isRefused(String content) throws Exception {
    Path file = secretFile(content, "rw-------");
    assertEquals(CredentialsException.SECRET_EMPTY,
        assertThrows(CredentialsException.class, () -> SecretSource.fromFile(file).resolve()).reason());
  }

  @Test
  void file_notUtf8_isRefusedWithoutShowingTheBytes() throws Exception {
    Path file = dir.resolve("latin1");
    Files.write(file, new byte[] {'p', (byte) 0xe4, 's', 's'});
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    CredentialsException e = assertThrows(CredentialsException.class, () -> SecretSource.fromFile(file).resolve());
    assertEquals(CredentialsException.FILE_UNREADABLE, e.reason());
  }

  @Test
  void file_tooLarge_isRefused() throws Exception {
    Path file = dir.resolve("large");
    Files.write(file, new byte[FileSecretSource.MAX_BYTES + 1]);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    assertEquals(CredentialsException.FILE_UNREADABLE,
        assertThrows(CredentialsException.class, () -> SecretSource.fromFile(file).resolve()).reason());
  }

  @Test
  void descriptions_sayWhereNotWhat() throws Exception {
    Path file = secretFile(KNOWN, "rw-------");
    assertEquals("file " + file, SecretSource.fromFile(file).toString());
    assertEquals("environment variable PW", SecretSource.fromEnvironment("PW", Map.of("PW", KNOWN)).toString());
    assertEquals("inline value", SecretSource.of(KNOWN.toCharArray()).toString());
  }

  @Test
  void describingASource_neverResolvesIt() {
    Map<String, String> env = new HashMap<>() {
      @Override
      public String get(Object key) {
        throw new AssertionError("resolved while describing");
      }
    };
    SecretSource source = SecretSource.fromEnvironment("PW", env);
    assertEquals("environment variable PW", source.description());
    assertEquals("environment variable PW", source.toString());
  }

  @Test
  void octal_rendersAllPermissionBits() {
    assertEquals("0755", FileSecretSource.octal(PosixFilePermissions.fromString("rwxr-xr-x")));
    assertEquals("0600", FileSecretSource.octal(PosixFilePermissions.fromString("rw-------")));
    assertEquals("0000", FileSecretSource.octal(PosixFilePermissions.fromString("---------")));
  }

  @Test
  void resolvedBytes_matchTheFile() throws Exception {
    Path file = secretFile("päss\n", "rw-------");
    try (Secret secret = SecretSource.fromFile(file).resolve()) {
      assertArrayEquals("päss".getBytes(StandardCharsets.UTF_8), secret.revealUtf8());
    }
  }

  @Test
  void environmentVariableNames_withControlCharacters_areQuotedEscaped() {
    LogInjection.assertEscaped(assertThrows(IllegalArgumentException.class,
        () -> SecretSource.fromEnvironment("A=" + LogInjection.INJECTED, Map.of())).getMessage());
    SecretSource unset = SecretSource.fromEnvironment(LogInjection.INJECTED, Map.of());
    LogInjection.assertEscaped(unset.description());
    LogInjection.assertEscaped(unset.toString());
    LogInjection.assertEscaped(assertThrows(CredentialsException.class, unset::resolve).getMessage());
    SecretSource empty = SecretSource.fromEnvironment(LogInjection.INJECTED, Map.of(LogInjection.INJECTED, ""));
    LogInjection.assertEscaped(assertThrows(CredentialsException.class, empty::resolve).getMessage());
  }

  @Test
  void fileNames_withControlCharacters_areQuotedEscaped_inEveryMessage() throws Exception {
    Path injected = Files.createDirectory(dir.resolve(LogInjection.FILE_NAME)).resolve(LogInjection.FILE_NAME);
    SecretSource source = SecretSource.fromFile(injected);
    LogInjection.assertFileNameEscaped(source.description());
    LogInjection.assertFileNameEscaped(source.toString());
    // missing, then a directory, empty, readable by others, not UTF-8, too large
    LogInjection.assertFileNameEscaped(assertThrows(CredentialsException.class, source::resolve).getMessage());
    Files.createDirectory(injected);
    LogInjection.assertFileNameEscaped(assertThrows(CredentialsException.class, source::resolve).getMessage());
    Files.delete(injected);
    Files.write(injected, new byte[0]);
    Files.setPosixFilePermissions(injected, PosixFilePermissions.fromString("rw-------"));
    LogInjection.assertFileNameEscaped(assertThrows(CredentialsException.class, source::resolve).getMessage());
    Files.writeString(injected, KNOWN);
    Files.setPosixFilePermissions(injected, PosixFilePermissions.fromString("rw-r--r--"));
    CredentialsException exposed = assertThrows(CredentialsException.class, source::resolve);
    assertEquals(CredentialsException.FILE_PERMISSIONS, exposed.reason());
    LogInjection.assertFileNameEscaped(exposed.getMessage());
    assertTrue(exposed.getMessage().endsWith("'chmod 600 " + dir + "/" + LogInjection.FILE_NAME_ESCAPED + "/"
        + LogInjection.FILE_NAME_ESCAPED + "'"), exposed.getMessage());
    assertFalse(exposed.getMessage().contains(KNOWN), exposed.getMessage());
    Files.setPosixFilePermissions(injected, PosixFilePermissions.fromString("rw-------"));
    Files.write(injected, new byte[] {'p', (byte) 0xe4, 's', 's'});
    LogInjection.assertFileNameEscaped(assertThrows(CredentialsException.class, source::resolve).getMessage());
    Files.write(injected, new byte[FileSecretSource.MAX_BYTES + 1]);
    LogInjection.assertFileNameEscaped(assertThrows(CredentialsException.class, source::resolve).getMessage());
  }

  @Test
  void inline_passwordWithALoneSurrogate_isRefusedWhenTheSourceIsMade() {
    for (String password : LoneSurrogatePasswords.ALL) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> SecretSource.of(password.toCharArray()));
      LoneSurrogatePasswords.assertRefusedWithoutTrace(e.getMessage(), password);
    }
  }

  @Test
  void environment_passwordWithALoneSurrogate_isRefusedWithReasonCode_namingTheVariable() {
    for (String password : LoneSurrogatePasswords.ALL) {
      SecretSource source = SecretSource.fromEnvironment("REDIS_PASSWORD", Map.of("REDIS_PASSWORD", password));
      CredentialsException e = assertThrows(CredentialsException.class, source::resolve);
      assertEquals(CredentialsException.SECRET_UNENCODABLE, e.reason());
      assertTrue(e.getMessage().contains("environment variable REDIS_PASSWORD"), e.getMessage());
      LoneSurrogatePasswords.assertRefusedWithoutTrace(e.getMessage(), password);
    }
  }

  @Test
  void file_loneSurrogateEncodedAsThreeBytes_isRefusedAsNotUtf8_withoutAnyPartOfIt() throws Exception {
    // U+D83D written the way UTF-8 writes other BMP characters (ED A0 BD): CESU-8/WTF-8, not UTF-8
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    content.writeBytes(LoneSurrogatePasswords.BEFORE.getBytes(StandardCharsets.US_ASCII));
    content.writeBytes(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0xBD});
    content.writeBytes(LoneSurrogatePasswords.AFTER.getBytes(StandardCharsets.US_ASCII));
    Path file = dir.resolve("wtf8");
    Files.write(file, content.toByteArray());
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    CredentialsException e = assertThrows(CredentialsException.class, () -> SecretSource.fromFile(file).resolve());
    assertEquals(CredentialsException.FILE_UNREADABLE, e.reason());
    assertFalse(e.getMessage().contains(LoneSurrogatePasswords.BEFORE)
        || e.getMessage().contains(LoneSurrogatePasswords.AFTER), e.getMessage());
  }

  @Test
  void passwordOutsideTheBmp_resolvesFromEverySource_toItsUtf8Bytes() throws Exception {
    String password = LoneSurrogatePasswords.WITH_PAIR;
    byte[] utf8 = LoneSurrogatePasswords.withPairUtf8();
    for (SecretSource source : new SecretSource[] {
        SecretSource.of(password.toCharArray()),
        SecretSource.fromEnvironment("REDIS_PASSWORD", Map.of("REDIS_PASSWORD", password)),
        SecretSource.fromFile(secretFile(password + "\n", "rw-------"))}) {
      try (Secret secret = source.resolve()) {
        assertArrayEquals(utf8, secret.revealUtf8(), source.description());
      }
    }
  }
}
