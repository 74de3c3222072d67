package dev.thalos.redis.security.endpoint;

import static dev.thalos.redis.security.internal.LogInjection.C1;
import static dev.thalos.redis.security.internal.LogInjection.C1_ESCAPED;
import static dev.thalos.redis.security.internal.LogInjection.ESCAPED;
import static dev.thalos.redis.security.internal.LogInjection.INJECTED;
import static dev.thalos.redis.security.internal.LogInjection.assertEscaped;
import static dev.thalos.redis.security.internal.LogInjection.assertNoControlCharacters;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.auth.AclCredentials;
import dev.thalos.redis.security.auth.CredentialsException;
import dev.thalos.redis.security.auth.Secret;
import dev.thalos.redis.security.auth.SecretSource;
import dev.thalos.redis.security.channel.ThalosNamespace;
import dev.thalos.redis.security.internal.LoneSurrogatePasswords;
import dev.thalos.redis.security.testkit.IssuedCertificate;
import dev.thalos.redis.security.testkit.TestPki;
import dev.thalos.redis.security.tls.CertificatePin;
import dev.thalos.redis.security.tls.TlsMaterialException;
import dev.thalos.redis.security.tls.TlsPolicy;
import dev.thalos.redis.security.tls.TlsSettings;
import dev.thalos.redis.security.tls.TrustAnchors;
import dev.thalos.redis.security.tls.VerifyMode;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@Tag("unit")
class ThalosRedisEndpointTest {

  private static final String KNOWN = "Endpoint-Known-Pa55word";
  private static final ThalosNamespace WAX = ThalosNamespace.of("wax");

  private static TestPki pki;
  private static TlsSettings tls;

  @TempDir Path dir;

  @BeforeAll
  static void pki() {
    pki = TestPki.create();
    tls = TlsSettings.builder().trustAnchors(TrustAnchors.certificates(pki.ca().certificate())).build();
  }

  private static SecretSource password() {
    return SecretSource.of(KNOWN.toCharArray());
  }

  private static ThalosRedisEndpoint.Builder base() {
    return ThalosRedisEndpoint.builder().namespace(WAX).tls(tls);
  }

  private static IllegalArgumentException rejected(String uri) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ThalosRedisEndpoint.builder().uri(uri));
    assertTrue(e.getMessage().startsWith("invalid uri: '"), e.getMessage());
    return e;
  }

  // ---- URI ----

  @Test
  void uri_withUserPortAndDatabase() {
    ThalosRedisEndpoint e = base().uri("rediss://alice@redis.example:6380/2").password(password()).build();
    assertEquals("redis.example", e.host());
    assertEquals(6380, e.port());
    assertEquals(2, e.database());
    assertEquals("alice", e.credentials().orElseThrow().user());
    assertTrue(e.isTls());
    assertFalse(e.isInsecure());
    assertEquals("rediss://alice@redis.example:6380/2", e.toUri());
  }

  @Test
  void uri_defaults_port6379_database0_andNoUser() {
    ThalosRedisEndpoint e = base().uri("rediss://redis.example").password(password()).build();
    assertEquals(ThalosRedisEndpoint.DEFAULT_PORT, e.port());
    assertEquals(0, e.database());
    assertEquals(AclCredentials.DEFAULT_USER, e.credentials().orElseThrow().user());
  }

  @ParameterizedTest
  @CsvSource({
      "rediss://[::1]:6380, ::1, 6380",
      "rediss://[2001:db8::7]/, 2001:db8::7, 6379",
      "REDISS://Redis.Example:1, Redis.Example, 1",
      "rediss://127.0.0.1:65535/15, 127.0.0.1, 65535",
      "rediss://redis_1, redis_1, 6379"})
  void uri_hostsAndPorts(String uri, String host, int port) {
    ThalosRedisEndpoint e = base().uri(uri).build();
    assertEquals(host, e.host());
    assertEquals(port, e.port());
    assertEquals(e.host(), ThalosRedisEndpoint.builder().uri(e.toUri()).namespace(WAX).tls(tls).build().host());
  }

  @Test
  void uri_percentEncodedUser_isDecoded() {
    ThalosRedisEndpoint e = base().uri("rediss://thalos%2Dclient%40eu@h").password(password()).build();
    assertEquals("thalos-client@eu", e.credentials().orElseThrow().user());
    assertEquals("rediss://thalos-client%40eu@h:6379/0", e.toUri());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "rediss://alice:" + KNOWN + "@redis.example:6380",
      "rediss://:" + KNOWN + "@redis.example",
      "redis://default:" + KNOWN + "@h/0",
      "rediss://alice:" + KNOWN + "/x@h",
      "rediss://alice:p@ss" + KNOWN + "@h"})
  void uri_withAPassword_isRefused_andTheMessageDoesNotRepeatIt(String uri) {
    IllegalArgumentException e = rejected(uri);
    assertTrue(e.getMessage().contains("must not contain a password"), e.getMessage());
    assertFalse(e.getMessage().contains(KNOWN), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"rediss://h?password=" + KNOWN, "rediss://h/0?" + KNOWN, "rediss://h#" + KNOWN,
      "rediss://h:63" + KNOWN, "http://" + KNOWN + "@h"})
  void uri_malformed_messagesNeverRepeatQueriesFragmentsOrUserInfo(String uri) {
    assertFalse(rejected(uri).getMessage().contains(KNOWN));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "http://h|unsupported scheme",
      "redis-sentinel://h|the master name is missing",
      "rediss-cluster://h#x|fragments are not supported",
      "rediss-cluster://h,|host must not be empty",
      "rediss://a,b|several hosts need rediss-cluster://",
      "rediss-cluster://a:1,a:1|node a:1 is listed twice",
      "rediss-sentinel://s#a%20b|invalid masterName",
      "rediss-sentinel://s#|invalid masterName",
      "rediss-sentinel://a,[::1|unterminated IPv6 address",
      "h:6379|must start with rediss://",
      "rediss://|host must not be empty",
      "rediss://h:0|invalid port 0 (must be 1..65535)",
      "rediss://h:65536|invalid port 65536 (must be 1..65535)",
      "rediss://h:|empty port",
      "rediss://h:6a|the port is not a number",
      "rediss://h:-1|the port is not a number",
      "rediss://h:000065536|invalid port 000065536",
      "rediss://alice:secret|the port is not a number (must be 1..65535)",
      "rediss://h/x|invalid database 'x'",
      "rediss://h/-1|invalid database '-1'",
      "rediss://h/1/2|invalid database '1/2'",
      "rediss://h?timeout=5|query parameters are not supported",
      "rediss://h#x|fragments are not supported",
      "rediss://::1|IPv6 addresses must be written in brackets",
      "rediss://[::1|unterminated IPv6 address",
      "rediss://[::1]x|unexpected characters after the IPv6 address",
      "rediss://[nothex]|invalid IPv6 address",
      "rediss://@h|empty user",
      "rediss://al%20ice@h|invalid user name",
      "rediss://al%zzice@h|malformed percent-encoding",
      "rediss://h%41|unexpected character",
      "rediss://h o|whitespace or control characters"})
  void uri_edgeCases_areRejectedWithAReason(String uri, String reason) {
    IllegalArgumentException e = rejected(uri);
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  @Test
  void uri_null_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> ThalosRedisEndpoint.builder().uri(null));
  }

  @Test
  void lettuceStyleUriWithOnlyAPassword_isReadAsAUser_andTheBuildErrorDoesNotRepeatIt() {
    ThalosRedisEndpoint.Builder b = base().uri("rediss://" + KNOWN + "@h");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
    assertFalse(e.getMessage().contains(KNOWN), e.getMessage());
    assertTrue(e.getMessage().contains("has no password"), e.getMessage());
  }

  // ---- transport ----

  @Test
  void noTlsSettings_meansDefaultTls_neverPlaintext() {
    ThalosRedisEndpoint e = ThalosRedisEndpoint.builder().host("h").namespace(WAX).password(password()).build();
    assertTrue(e.isTls());
    assertEquals(VerifyMode.FULL, e.tls().orElseThrow().verifyMode());
    assertTrue(e.tls().orElseThrow().trustAnchors().isSystemDefault());
  }

  @Test
  void plaintextUri_withoutTheInsecureMethod_isRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ThalosRedisEndpoint.builder().uri("redis://h").namespace(WAX).build());
    assertTrue(e.getMessage().contains("plaintextInsecure()"), e.getMessage());
  }

  @Test
  void plaintextUri_withTlsSettings_isRefused() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ThalosRedisEndpoint.builder().uri("redis://h").tls(tls).plaintextInsecure().namespace(WAX).build());
    assertTrue(e.getMessage().contains("redis:// together with TLS settings"), e.getMessage());
  }

  @Test
  void tlsUri_withPlaintextInsecure_isRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> ThalosRedisEndpoint.builder().uri("rediss://h").plaintextInsecure().namespace(WAX).build());
    assertThrows(IllegalArgumentException.class,
        () -> ThalosRedisEndpoint.builder().host("h").tls(tls).plaintextInsecure().namespace(WAX).build());
  }

  @Test
  void plaintext_isOnlyPossibleThroughTheInsecureMethod_andIsReported() {
    ThalosRedisEndpoint e =
        ThalosRedisEndpoint.builder().uri("redis://h").plaintextInsecure().password(password()).namespace(WAX).build();
    assertFalse(e.isTls());
    assertTrue(e.tls().isEmpty());
    assertTrue(e.isInsecure());
    assertTrue(e.insecurityReasons().get(0).startsWith("plaintext connection"), e.insecurityReasons().toString());
    assertEquals("redis://default@h:6379/0", e.toUri());
  }

  @Test
  void insecureTls_andMissingCredentials_areReported() {
    ThalosRedisEndpoint e = base().host("h").tls(tls.mutate().insecureSkipHostnameVerification().build()).build();
    assertEquals(2, e.insecurityReasons().size(), e.insecurityReasons().toString());
    assertTrue(e.insecurityReasons().get(1).startsWith("no credentials"));
  }

  @Test
  void tlsNull_isRejectedWithAHint() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ThalosRedisEndpoint.builder().tls(null));
    assertTrue(e.getMessage().contains("plaintextInsecure()"));
  }

  // ---- fields ----

  @ParameterizedTest
  @ValueSource(ints = {0, -1, 65536, 70000})
  void portOutOfRange_isRejected_quotingIt(int port) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ThalosRedisEndpoint.builder().port(port));
    assertEquals("invalid port: " + port + " (must be 1..65535)", e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "a b", "h/x", "[::1]", "h@x", "h:1"})
  void malformedHost_isRejected(String host) {
    assertThrows(IllegalArgumentException.class, () -> ThalosRedisEndpoint.builder().host(host));
  }

  @Test
  void ipv6Host_withoutBrackets_isAccepted_andWrittenWithBracketsInTheUri() {
    assertEquals("rediss://[::1]:6379/0", base().host("::1").build().toUri());
  }

  @Test
  void missingHost_isReported() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> base().build());
    assertEquals("host must be set (or give a uri, cluster seeds or sentinels)", e.getMessage());
  }

  @Test
  void emptyUser_isRejected() {
    assertEquals("user must not be empty",
        assertThrows(IllegalArgumentException.class, () -> ThalosRedisEndpoint.builder().user("")).getMessage());
  }

  @Test
  void userAndPassword_makeAclCredentials_andTheUriUserMustAgree() {
    ThalosRedisEndpoint e = base().host("h").user("thalos").password(password()).build();
    assertEquals("thalos", e.credentials().orElseThrow().user());
    assertThrows(IllegalArgumentException.class,
        () -> base().uri("rediss://alice@h").user("bob").password(password()).build());
    assertEquals("alice", base().uri("rediss://alice@h").user("alice").password(password()).build()
        .credentials().orElseThrow().user());
  }

  @Test
  void credentials_areUsedAsGiven_andMustNotContradictOtherSettings() {
    AclCredentials credentials = AclCredentials.of("thalos", password());
    assertSame(credentials, base().host("h").credentials(credentials).build().credentials().orElseThrow());
    assertThrows(IllegalArgumentException.class,
        () -> base().uri("rediss://alice@h").credentials(credentials).build());
    assertThrows(IllegalArgumentException.class,
        () -> base().host("h").credentials(credentials).password(password()).build());
  }

  @Test
  void clientAndServerRoles_needANamespace_adminDoesNot() {
    ThalosRedisEndpoint.Builder noNamespace = ThalosRedisEndpoint.builder().host("h").tls(tls);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, noNamespace::build);
    assertTrue(e.getMessage().startsWith("namespace must be set for role client"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> noNamespace.role(ThalosRole.SERVER).build());
    assertTrue(noNamespace.role(ThalosRole.ADMIN).build().namespace().isEmpty());
  }

  @Test
  void defaults_areDocumentedConstants() {
    ThalosRedisEndpoint e = base().host("h").build();
    assertEquals(ThalosRedisEndpoint.DEFAULT_CONNECT_TIMEOUT, e.connectTimeout());
    assertEquals(ThalosRedisEndpoint.DEFAULT_COMMAND_TIMEOUT, e.commandTimeout());
    assertEquals(ThalosRole.CLIENT, e.role());
    assertEquals(ThalosRedisEndpoint.DEFAULT_ROLE, e.role());
    assertEquals(WAX, e.namespace().orElseThrow());
  }

  @Test
  void timeouts_mustBePositive() {
    assertEquals("invalid connectTimeout: PT0S (must be positive)", assertThrows(IllegalArgumentException.class,
        () -> ThalosRedisEndpoint.builder().connectTimeout(Duration.ZERO)).getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> ThalosRedisEndpoint.builder().commandTimeout(Duration.ofSeconds(-1)));
    assertThrows(IllegalArgumentException.class, () -> ThalosRedisEndpoint.builder().commandTimeout(null));
  }

  @Test
  void mutate_copiesEverything_andLeavesTheOriginalAlone() {
    ThalosRedisEndpoint original = base().uri("rediss://alice@h:7000/3").password(password())
        .role(ThalosRole.SERVER).connectTimeout(Duration.ofSeconds(3)).build();
    ThalosRedisEndpoint copy = original.mutate().port(7001).build();
    assertEquals(7001, copy.port());
    assertEquals(7000, original.port());
    assertEquals("alice", copy.credentials().orElseThrow().user());
    assertEquals(3, copy.database());
    assertEquals(ThalosRole.SERVER, copy.role());
    assertEquals(Duration.ofSeconds(3), copy.connectTimeout());
    assertSame(original.tls().orElseThrow(), copy.tls().orElseThrow());
  }

  @Test
  void fromUri_isTheShortForm() {
    ThalosRedisEndpoint e = ThalosRedisEndpoint.fromUri("rediss://alice@localhost:6380", password(), WAX);
    assertEquals("localhost", e.host());
    assertEquals("alice", e.credentials().orElseThrow().user());
  }

  // ---- secrets ----

  @Test
  void toString_neverContainsThePassword_butSaysWhereItComesFrom() {
    ThalosRedisEndpoint e = base().uri("rediss://alice@h").password(password()).build();
    String text = e.toString();
    assertFalse(text.contains(KNOWN), text);
    assertTrue(text.contains("password=inline value"), text);
    assertTrue(text.startsWith("ThalosRedisEndpoint{uri=rediss://alice@h:6379/0, role=client, namespace=ship::wax"),
        text);
    try (Secret secret = e.credentials().orElseThrow().password().resolve()) {
      assertEquals(KNOWN, new String(secret.reveal()));
    }
  }

  @Test
  void endpointIsNotSerializable() {
    assertFalse(Serializable.class.isAssignableFrom(ThalosRedisEndpoint.class));
    assertFalse(Serializable.class.isAssignableFrom(AclCredentials.class));
    assertFalse(Serializable.class.isAssignableFrom(TlsSettings.class));
  }

  // ---- environment ----

  private Path secretFile(String content) throws Exception {
    Path file = dir.resolve("password-" + System.nanoTime());
    Files.writeString(file, content + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  @Test
  void fromEnvironment_readsEveryDocumentedVariable() throws Exception {
    IssuedCertificate client = pki.clientCertificate();
    Map<String, String> env = new HashMap<>();
    env.put("THALOS_REDIS_URI", "rediss://thalos-client@localhost:6380/1");
    env.put("THALOS_REDIS_PASSWORD_FILE", secretFile(KNOWN).toString());
    env.put("THALOS_REDIS_CA", pki.ca().writeCertificatePem(dir.resolve("ca.pem")).toString());
    env.put("THALOS_REDIS_CERT", client.writeChainPem(dir.resolve("client.crt")).toString());
    Path key = dir.resolve("client.key");
    Files.writeString(key, client.privateKeyEncryptedPkcs8Pem("key-pw".toCharArray()));
    env.put("THALOS_REDIS_KEY", key.toString());
    env.put("THALOS_REDIS_KEY_PASSWORD_FILE", secretFile("key-pw").toString());
    env.put("THALOS_REDIS_TLS_PROTOCOLS", "TLSv1.3");
    env.put("THALOS_REDIS_TLS_CIPHERS", "TLS_AES_256_GCM_SHA384, TLS_AES_128_GCM_SHA256");
    env.put("THALOS_REDIS_TLS_SERVER_NAME", "redis.internal");
    env.put("THALOS_REDIS_TLS_PINS", CertificatePin.of(pki.ca().certificate()).toString());
    env.put("THALOS_REDIS_NAMESPACE", "thalos::wax");
    env.put("THALOS_REDIS_ROLE", "server");
    env.put("THALOS_REDIS_CONNECT_TIMEOUT", "500ms");
    env.put("THALOS_REDIS_COMMAND_TIMEOUT", "PT30S");
    ThalosRedisEndpoint e = ThalosRedisEndpoint.fromEnvironment(env);
    assertEquals("localhost", e.host());
    assertEquals(6380, e.port());
    assertEquals(1, e.database());
    assertEquals("thalos-client", e.credentials().orElseThrow().user());
    try (Secret secret = e.credentials().orElseThrow().password().resolve()) {
      assertEquals(KNOWN, new String(secret.reveal()));
    }
    TlsSettings t = e.tls().orElseThrow();
    assertEquals(List.of(pki.ca().certificate()), t.trustAnchors().certificates());
    assertEquals(client.certificate(), t.clientIdentity().orElseThrow().certificateChain().get(0));
    assertEquals(List.of("TLSv1.3"), t.protocols());
    assertEquals(List.of("TLS_AES_256_GCM_SHA384", "TLS_AES_128_GCM_SHA256"), t.cipherSuites());
    assertEquals("redis.internal", t.serverName().orElseThrow());
    assertEquals(1, t.pins().size());
    assertEquals(ThalosNamespace.of("thalos", "wax"), e.namespace().orElseThrow());
    assertEquals(ThalosRole.SERVER, e.role());
    assertEquals(Duration.ofMillis(500), e.connectTimeout());
    assertEquals(Duration.ofSeconds(30), e.commandTimeout());
    assertFalse(e.isInsecure(), e.insecurityReasons().toString());
  }

  @Test
  void fromEnvironment_minimal_usesDefaultTls() {
    ThalosRedisEndpoint e = ThalosRedisEndpoint.fromEnvironment(Map.of(
        "THALOS_REDIS_URI", "rediss://h", "THALOS_REDIS_PASSWORD", KNOWN, "THALOS_REDIS_NAMESPACE", "wax"));
    assertTrue(e.tls().orElseThrow().trustAnchors().isSystemDefault());
    assertEquals(TlsPolicy.MODERN, e.tls().orElseThrow().policy());
    assertEquals("environment variable THALOS_REDIS_PASSWORD", e.credentials().orElseThrow().password().description());
    assertFalse(e.toString().contains(KNOWN));
  }

  @Test
  void fromEnvironment_passwordFileThatOthersCanRead_isRefusedAtBuildTime() throws Exception {
    Path file = secretFile(KNOWN);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    CredentialsException ce = assertThrows(CredentialsException.class, () -> ThalosRedisEndpoint.fromEnvironment(
        Map.of("THALOS_REDIS_URI", "rediss://u@h", "THALOS_REDIS_PASSWORD_FILE", file.toString(),
            "THALOS_REDIS_NAMESPACE", "wax")));
    assertEquals(CredentialsException.FILE_PERMISSIONS, ce.reason());
    assertTrue(ce.getMessage().contains(file.toString()) && ce.getMessage().contains("0644"), ce.getMessage());
    assertFalse(ce.getMessage().contains(KNOWN));
  }

  @Test
  void passwordFile_thatBecomesReadableToOthersLater_isRefusedOnTheNextResolve() throws Exception {
    Path file = secretFile(KNOWN);
    ThalosRedisEndpoint e = base().uri("rediss://u@h").password(SecretSource.fromFile(file)).build();
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw----"));
    CredentialsException ce =
        assertThrows(CredentialsException.class, () -> e.credentials().orElseThrow().password().resolve());
    assertEquals(CredentialsException.FILE_PERMISSIONS, ce.reason());
  }

  @Test
  void passwordFile_rotated_isUsedOnTheNextResolve() throws Exception {
    Path file = secretFile("first");
    ThalosRedisEndpoint e = base().uri("rediss://u@h").password(SecretSource.fromFile(file)).build();
    Files.writeString(file, "second\n");
    try (Secret secret = e.credentials().orElseThrow().password().resolve()) {
      assertEquals("second", new String(secret.reveal()));
    }
  }

  @Test
  void missingPasswordFile_orEmptyPasswordVariable_failAtBuildTime() {
    Path missing = dir.resolve("no-password");
    assertEquals(CredentialsException.FILE_MISSING, assertThrows(CredentialsException.class,
        () -> base().uri("rediss://u@h").password(SecretSource.fromFile(missing)).build()).reason());
    assertEquals(CredentialsException.SECRET_EMPTY, assertThrows(CredentialsException.class,
        () -> ThalosRedisEndpoint.fromEnvironment(Map.of("THALOS_REDIS_URI", "rediss://h",
            "THALOS_REDIS_PASSWORD", "", "THALOS_REDIS_NAMESPACE", "wax"))).reason());
  }

  @Test
  void fromEnvironment_passwordWithALoneSurrogate_isRefusedAtBuildTime_withoutAnyPartOfIt() {
    for (String password : LoneSurrogatePasswords.ALL) {
      CredentialsException ce = assertThrows(CredentialsException.class,
          () -> ThalosRedisEndpoint.fromEnvironment(Map.of("THALOS_REDIS_URI", "rediss://u@h",
              "THALOS_REDIS_PASSWORD", password, "THALOS_REDIS_NAMESPACE", "wax")));
      assertEquals(CredentialsException.SECRET_UNENCODABLE, ce.reason());
      LoneSurrogatePasswords.assertRefusedWithoutTrace(ce.getMessage(), password);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "THALOS_REDIS_ROLE|root|environment variable THALOS_REDIS_ROLE: invalid role: 'root'",
      "THALOS_REDIS_CONNECT_TIMEOUT|soon|environment variable THALOS_REDIS_CONNECT_TIMEOUT: invalid duration",
      "THALOS_REDIS_COMMAND_TIMEOUT|0s|environment variable THALOS_REDIS_COMMAND_TIMEOUT: invalid commandTimeout",
      "THALOS_REDIS_TLS_PROTOCOLS|TLSv1.1|environment variable THALOS_REDIS_TLS_PROTOCOLS: invalid protocol",
      "THALOS_REDIS_TLS_PINS|sha1/x|environment variable THALOS_REDIS_TLS_PINS: invalid pin",
      "THALOS_REDIS_INSECURE_TLS_VERIFY|off|invalid environment variable THALOS_REDIS_INSECURE_TLS_VERIFY",
      "THALOS_REDIS_INSECURE_PLAINTEXT|yes|invalid environment variable THALOS_REDIS_INSECURE_PLAINTEXT",
      "THALOS_REDIS_NAMESPACE|a::b::c|environment variable THALOS_REDIS_NAMESPACE",
      "THALOS_REDIS_USER|a b|environment variable THALOS_REDIS_USER: invalid user",
      "THALOS_REDIS_CERT|/tmp/c.crt|THALOS_REDIS_CERT and THALOS_REDIS_KEY must be set together"})
  void fromEnvironment_badValues_nameTheVariable(String variable, String value, String message) {
    Map<String, String> env = new HashMap<>(Map.of("THALOS_REDIS_URI", "rediss://h",
        "THALOS_REDIS_NAMESPACE", "wax"));
    env.put(variable, value);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ThalosRedisEndpoint.fromEnvironment(env));
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }

  @Test
  void fromEnvironment_uriIsRequired() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ThalosRedisEndpoint.fromEnvironment(Map.of()));
    assertTrue(e.getMessage().startsWith("environment variable THALOS_REDIS_URI must be set"), e.getMessage());
  }

  @Test
  void fromEnvironment_uriWithPassword_isRefusedWithoutRepeatingIt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ThalosRedisEndpoint.fromEnvironment(Map.of("THALOS_REDIS_URI", "rediss://u:" + KNOWN + "@h")));
    assertTrue(e.getMessage().startsWith("environment variable THALOS_REDIS_URI: invalid uri"), e.getMessage());
    assertFalse(e.getMessage().contains(KNOWN));
  }

  @Test
  void fromEnvironment_bothPasswordVariables_areAmbiguous() throws Exception {
    assertThrows(IllegalArgumentException.class, () -> ThalosRedisEndpoint.fromEnvironment(Map.of(
        "THALOS_REDIS_URI", "rediss://h", "THALOS_REDIS_PASSWORD", KNOWN,
        "THALOS_REDIS_PASSWORD_FILE", secretFile(KNOWN).toString(), "THALOS_REDIS_NAMESPACE", "wax")));
  }

  @Test
  void fromEnvironment_plaintext_needsTheInsecureVariable_andCannotBeMixedWithTls() {
    Map<String, String> env = new HashMap<>(Map.of("THALOS_REDIS_URI", "redis://h", "THALOS_REDIS_NAMESPACE", "wax"));
    assertThrows(IllegalArgumentException.class, () -> ThalosRedisEndpoint.fromEnvironment(env));
    env.put("THALOS_REDIS_INSECURE_PLAINTEXT", "true");
    ThalosRedisEndpoint e = ThalosRedisEndpoint.fromEnvironment(env);
    assertFalse(e.isTls());
    assertTrue(e.isInsecure());
    env.put("THALOS_REDIS_TLS_PROTOCOLS", "TLSv1.3");
    assertThrows(IllegalArgumentException.class, () -> ThalosRedisEndpoint.fromEnvironment(env));
  }

  @Test
  void fromEnvironment_insecureVerify_isReported() {
    ThalosRedisEndpoint e = ThalosRedisEndpoint.fromEnvironment(Map.of("THALOS_REDIS_URI", "rediss://h",
        "THALOS_REDIS_NAMESPACE", "wax", "THALOS_REDIS_INSECURE_TLS_VERIFY", "none"));
    assertEquals(VerifyMode.NONE, e.tls().orElseThrow().verifyMode());
    assertTrue(e.insecurityReasons().get(0).contains("VerifyMode.NONE"));
  }

  @Test
  void fromEnvironment_missingCaFile_failsAtBuildTime_namingTheFile() {
    Path missing = dir.resolve("no-ca.pem");
    TlsMaterialException e = assertThrows(TlsMaterialException.class, () -> ThalosRedisEndpoint.fromEnvironment(
        Map.of("THALOS_REDIS_URI", "rediss://h", "THALOS_REDIS_NAMESPACE", "wax", "THALOS_REDIS_CA",
            missing.toString())));
    assertEquals(TlsMaterialException.FILE_MISSING, e.reason());
    assertTrue(e.getMessage().contains(missing.toString()));
  }

  @ParameterizedTest
  @CsvSource({"250ms, PT0.25S", "10s, PT10S", "2m, PT2M", "1h, PT1H", "PT1.5S, PT1.5S"})
  void durations(String text, String iso) {
    assertEquals(Duration.parse(iso), EndpointEnvironment.duration(text));
  }

  // ---- control characters in messages (log injection) ----

  private static String rejection(Runnable action) {
    return assertThrows(IllegalArgumentException.class, action::run).getMessage();
  }

  @Test
  void host_withControlCharacters_isRejected_escapingThem() {
    String message = rejection(() -> ThalosRedisEndpoint.builder().host(INJECTED));
    assertEscaped(message);
    assertTrue(message.contains("(unexpected character '\\u000d'"), message);
    assertEscaped(rejection(() -> NodeAddress.of(INJECTED, 6379)));
    assertEscaped(rejection(() -> NodeAddress.parse(INJECTED, 6379)));
    assertEscaped(rejection(() -> ThalosRedisEndpoint.builder().cluster(INJECTED + ":7000")));
    assertEscaped(rejection(() -> ThalosRedisEndpoint.builder().host("a".repeat(250) + INJECTED)));
  }

  @Test
  void ipv6Address_withControlCharacters_isRejected_escapingThem() {
    assertEscaped(rejection(() -> NodeAddress.parse("[::1" + INJECTED + "]:6379")));
    assertEscaped(rejection(() -> NodeAddress.parse("[" + INJECTED + "]:6379")));
  }

  @Test
  void masterName_withControlCharacters_isRejected_escapingThem() {
    String message = rejection(() -> ThalosRedisEndpoint.builder().sentinel(INJECTED, "s1"));
    assertEquals("invalid masterName: '" + ESCAPED + "' (must be visible ASCII without spaces, as Redis Sentinel's "
        + "configuration needs it)", message);
    assertEscaped(rejection(() -> ThalosRedisEndpoint.builder().sentinel("m".repeat(300) + INJECTED, "s1")));
  }

  @Test
  void masterNameInAUri_isNeverQuoted_soPercentEncodedControlCharactersCannotReachTheMessage() {
    for (String fragment : new String[] {"%0D%0Aforged%1B%5B31m" + "m".repeat(300), "m%0D%0Aforged%1B%5B31m"}) {
      String message = rejected("rediss-sentinel://s#" + fragment).getMessage();
      assertNoControlCharacters(message);
      assertFalse(message.contains("forged"), message);
      assertTrue(message.contains("invalid masterName ("), message);
    }
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "THALOS_REDIS_URI|rediss://h/",
      "THALOS_REDIS_USER|",
      "THALOS_REDIS_ROLE|",
      "THALOS_REDIS_NAMESPACE|a::b::",
      "THALOS_REDIS_CONNECT_TIMEOUT|",
      "THALOS_REDIS_COMMAND_TIMEOUT|",
      "THALOS_REDIS_INSECURE_PLAINTEXT|",
      "THALOS_REDIS_INSECURE_TLS_VERIFY|",
      "THALOS_REDIS_TLS_SERVER_NAME|",
      "THALOS_REDIS_TLS_PINS|sha256/",
      "THALOS_REDIS_TLS_PINS|md5/",
      "THALOS_REDIS_TLS_PROTOCOLS|",
      "THALOS_REDIS_TLS_CIPHERS|",
      "THALOS_REDIS_TLS_CIPHERS|TLS_RSA_"})
  void fromEnvironment_valuesWithControlCharacters_areRejected_escapingThem(String variable, String prefix) {
    Map<String, String> env = new HashMap<>(Map.of("THALOS_REDIS_URI", "rediss://h",
        "THALOS_REDIS_NAMESPACE", "wax"));
    env.put(variable, (prefix == null ? "" : prefix) + INJECTED);
    String message = rejection(() -> ThalosRedisEndpoint.fromEnvironment(env));
    assertTrue(message.contains(variable), message);
    assertEscaped(message);
  }

  @ParameterizedTest
  @ValueSource(strings = {"THALOS_REDIS_PASSWORD_FILE", "THALOS_REDIS_SENTINEL_PASSWORD_FILE", "THALOS_REDIS_CA",
      "THALOS_REDIS_CERT", "THALOS_REDIS_KEY", "THALOS_REDIS_KEY_PASSWORD_FILE"})
  void fromEnvironment_filePathWithNul_isRejected_namingTheVariable_escapingTheValue(String variable) {
    Map<String, String> env = new HashMap<>(Map.of("THALOS_REDIS_URI", "rediss://u@h",
        "THALOS_REDIS_NAMESPACE", "wax", "THALOS_REDIS_CERT", "/etc/c.crt", "THALOS_REDIS_KEY", "/etc/c.key"));
    env.put(variable, "/run/" + INJECTED + "\0" + C1 + "x");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ThalosRedisEndpoint.fromEnvironment(env));
    assertEquals("invalid environment variable " + variable + ": '/run/" + ESCAPED + "\\u0000" + C1_ESCAPED
        + "x' (must be a valid file path: Nul character not allowed)", e.getMessage());
    assertInstanceOf(InvalidPathException.class, e.getCause());
  }

  @Test
  void fromEnvironment_filePathsWithControlCharacters_areQuotedEscaped_whenTheFilesFail() {
    String path = dir.resolve(INJECTED).toString();
    CredentialsException password = assertThrows(CredentialsException.class,
        () -> ThalosRedisEndpoint.fromEnvironment(Map.of("THALOS_REDIS_URI", "rediss://u@h",
            "THALOS_REDIS_NAMESPACE", "wax", "THALOS_REDIS_PASSWORD_FILE", path)));
    assertEscaped(password.getMessage());
    TlsMaterialException ca = assertThrows(TlsMaterialException.class,
        () -> ThalosRedisEndpoint.fromEnvironment(Map.of("THALOS_REDIS_URI", "rediss://h",
            "THALOS_REDIS_NAMESPACE", "wax", "THALOS_REDIS_CA", path)));
    assertEscaped(ca.getMessage());
  }
}
