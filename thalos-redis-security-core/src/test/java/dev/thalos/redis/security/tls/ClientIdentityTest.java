package dev.thalos.redis.security.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.auth.SecretSource;
import dev.thalos.redis.security.internal.LogInjection;
import dev.thalos.redis.security.testkit.CertificateAuthority;
import dev.thalos.redis.security.testkit.IssuedCertificate;
import dev.thalos.redis.security.testkit.KeyAlgorithm;
import dev.thalos.redis.security.testkit.TestPki;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaMiscPEMGenerator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class ClientIdentityTest {

  private static final String KEY_PASSWORD = "Key-Pa55-Known-1";
  private static final String WRONG_PASSWORD = "Wrong-Pa55-Known-2";
  private static final String EC_PARAMETERS_P256 =
      "-----BEGIN EC PARAMETERS-----\nBggqhkjOPQMBBw==\n-----END EC PARAMETERS-----\n";

  private static TestPki ec;
  private static TestPki rsa;

  @TempDir Path dir;

  @BeforeAll
  static void pki() {
    ec = TestPki.create();
    rsa = TestPki.create(KeyAlgorithm.RSA_2048);
  }

  private ClientIdentity files(IssuedCertificate certificate, Function<IssuedCertificate, String> keyPem,
      SecretSource password) {
    Path cert = TlsFiles.write(dir, "client.crt", certificate.chainPem());
    Path key = TlsFiles.write(dir, "client.key", keyPem.apply(certificate));
    return ClientIdentity.pemFiles(cert, key, password);
  }

  private static void loads(ClientIdentity identity, IssuedCertificate expected) {
    ClientIdentity.Loaded loaded = identity.load(Instant.now());
    assertEquals(expected.certificate(), loaded.chain.get(0));
    assertEquals(expected.privateKey().getAlgorithm(), loaded.key.getAlgorithm());
    assertEquals(expected.certificate(), identity.certificateChain().get(0));
  }

  private static TlsMaterialException fails(ClientIdentity identity, String reason) {
    TlsMaterialException e = assertThrows(TlsMaterialException.class, identity::certificateChain);
    assertEquals(reason, e.reason(), e.getMessage());
    String all = TlsFiles.allMessages(e);
    assertFalse(all.contains(KEY_PASSWORD) || all.contains(WRONG_PASSWORD), all);
    return e;
  }

  @Test
  void pkcs8EcKey() {
    loads(files(ec.clientCertificate(), IssuedCertificate::privateKeyPkcs8Pem, null), ec.clientCertificate());
  }

  @Test
  void sec1EcKey() {
    loads(files(ec.clientCertificate(), IssuedCertificate::privateKeySec1Pem, null), ec.clientCertificate());
  }

  @Test
  void sec1EcKey_precededByEcParameters_asOpensslEcparamWritesIt() {
    loads(files(ec.clientCertificate(), c -> EC_PARAMETERS_P256 + c.privateKeySec1Pem(), null),
        ec.clientCertificate());
  }

  @Test
  void pkcs1RsaKey() {
    loads(files(rsa.clientCertificate(), IssuedCertificate::privateKeyPkcs1Pem, null), rsa.clientCertificate());
  }

  @Test
  void pkcs8RsaKey() {
    loads(files(rsa.clientCertificate(), IssuedCertificate::privateKeyPkcs8Pem, null), rsa.clientCertificate());
  }

  @Test
  void encryptedPkcs8Key_withTheRightPassword() {
    loads(files(ec.clientCertificate(), c -> c.privateKeyEncryptedPkcs8Pem(KEY_PASSWORD.toCharArray()),
        SecretSource.of(KEY_PASSWORD.toCharArray())), ec.clientCertificate());
  }

  @Test
  void encryptedPkcs8RsaKey_withThePasswordFromAFile() {
    Path passwordFile = TlsFiles.secretFile(dir, "key-password", KEY_PASSWORD);
    loads(files(rsa.clientCertificate(), c -> c.privateKeyEncryptedPkcs8Pem(KEY_PASSWORD.toCharArray()),
        SecretSource.fromFile(passwordFile)), rsa.clientCertificate());
  }

  @Test
  void encryptedPkcs8Key_withAWrongPassword_failsWithoutShowingEitherPassword() {
    TlsMaterialException e = fails(
        files(ec.clientCertificate(), c -> c.privateKeyEncryptedPkcs8Pem(KEY_PASSWORD.toCharArray()),
            SecretSource.of(WRONG_PASSWORD.toCharArray())),
        TlsMaterialException.KEY_DECRYPTION_FAILED);
    assertTrue(e.getMessage().startsWith("failed to decode client key from "), e.getMessage());
    assertTrue(e.getMessage().contains("wrong password from inline value"), e.getMessage());
  }

  @Test
  void encryptedPkcs8Key_withoutAPassword() {
    fails(files(ec.clientCertificate(), c -> c.privateKeyEncryptedPkcs8Pem(KEY_PASSWORD.toCharArray()), null),
        TlsMaterialException.KEY_PASSWORD_MISSING);
  }

  @Test
  void legacyEncryptedPkcs1Key_withProcTypeHeaders() throws Exception {
    IssuedCertificate client = rsa.clientCertificate();
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(new JcaMiscPEMGenerator(client.privateKey(),
          new JcePEMEncryptorBuilder("AES-256-CBC").setProvider(new BouncyCastleProvider())
              .build(KEY_PASSWORD.toCharArray())));
    }
    assertTrue(out.toString().contains("Proc-Type: 4,ENCRYPTED"));
    loads(files(client, c -> out.toString(), SecretSource.of(KEY_PASSWORD.toCharArray())), client);
    fails(files(client, c -> out.toString(), SecretSource.of(WRONG_PASSWORD.toCharArray())),
        TlsMaterialException.KEY_DECRYPTION_FAILED);
  }

  @Test
  void certificateAndKeyInOneFile() {
    IssuedCertificate client = ec.clientCertificate();
    Path both = TlsFiles.write(dir, "client.pem", client.chainPem() + client.privateKeyPkcs8Pem());
    loads(ClientIdentity.pemFiles(both, both), client);
    loads(ClientIdentity.pem(client.chainPem() + client.privateKeyPkcs8Pem(),
        client.chainPem() + client.privateKeyPkcs8Pem()), client);
  }

  @Test
  void chainWithIntermediate_isPresentedLeafFirst() {
    CertificateAuthority intermediate = ec.ca().intermediate("Thalos Test Intermediate");
    IssuedCertificate client = intermediate.clientCertificate("alice").build();
    List<java.security.cert.X509Certificate> chain = files(client, IssuedCertificate::privateKeyPkcs8Pem, null)
        .certificateChain();
    assertEquals(client.certificate(), chain.get(0));
    assertTrue(chain.size() >= 2, "chain: " + chain.size());
  }

  @Test
  void keyOfAnotherCertificate_isAMismatch() {
    IssuedCertificate client = ec.clientCertificate();
    IssuedCertificate stranger = ec.ca().clientCertificate("stranger").build();
    TlsMaterialException e = fails(files(client, c -> stranger.privateKeyPkcs8Pem(), null),
        TlsMaterialException.KEY_MISMATCH);
    assertTrue(e.getMessage().contains("does not match"), e.getMessage());
  }

  @Test
  void rsaKeyForAnEcCertificate_isAMismatch() {
    fails(files(ec.clientCertificate(), c -> rsa.clientCertificate().privateKeyPkcs8Pem(), null),
        TlsMaterialException.KEY_MISMATCH);
  }

  @Test
  void rsaKeyOfAnotherRsaCertificate_isAMismatch() {
    IssuedCertificate stranger =
        rsa.ca().clientCertificate("stranger").keyAlgorithm(KeyAlgorithm.RSA_2048).build();
    fails(files(rsa.clientCertificate(), c -> stranger.privateKeyPkcs1Pem(), null),
        TlsMaterialException.KEY_MISMATCH);
  }

  @Test
  void expiredCertificate_isRejected() {
    IssuedCertificate expired = ec.ca().clientCertificate("expired").expired().build();
    TlsMaterialException e = fails(files(expired, IssuedCertificate::privateKeyPkcs8Pem, null),
        TlsMaterialException.CERTIFICATE_EXPIRED);
    assertTrue(e.getMessage().contains("expired at"), e.getMessage());
  }

  @Test
  void notYetValidCertificate_isRejected() {
    IssuedCertificate future = ec.ca().clientCertificate("future").notYetValid().build();
    fails(files(future, IssuedCertificate::privateKeyPkcs8Pem, null), TlsMaterialException.CERTIFICATE_NOT_YET_VALID);
  }

  @Test
  void twoKeys_areRejected() {
    fails(files(ec.clientCertificate(), c -> c.privateKeyPkcs8Pem() + c.privateKeySec1Pem(), null),
        TlsMaterialException.PEM_UNREADABLE);
  }

  @Test
  void certificateInTheKeyFile_isAStrayBlock() {
    TlsMaterialException e = fails(
        files(ec.clientCertificate(), c -> c.certificatePem() + c.privateKeyPkcs8Pem(), null),
        TlsMaterialException.PEM_UNREADABLE);
    assertTrue(e.getMessage().contains("expected a private key but found CERTIFICATE"), e.getMessage());
  }

  @Test
  void keyOnlyInTheCertificateFile_isAStrayBlock() {
    IssuedCertificate client = ec.clientCertificate();
    Path cert = TlsFiles.write(dir, "client.crt", client.privateKeyPkcs8Pem());
    Path key = TlsFiles.write(dir, "client.key", client.privateKeyPkcs8Pem());
    TlsMaterialException e = fails(ClientIdentity.pemFiles(cert, key), TlsMaterialException.PEM_UNREADABLE);
    assertTrue(e.getMessage().startsWith("failed to decode client certificate from " + cert), e.getMessage());
  }

  @Test
  void garbageKey_isUnreadable() {
    fails(files(ec.clientCertificate(), c -> "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", null),
        TlsMaterialException.PEM_UNREADABLE);
  }

  @Test
  void missingKeyFile_namesIt() {
    Path cert = TlsFiles.write(dir, "client.crt", ec.clientCertificate().chainPem());
    Path key = dir.resolve("nope.key");
    TlsMaterialException e = fails(ClientIdentity.pemFiles(cert, key), TlsMaterialException.FILE_MISSING);
    assertTrue(e.getMessage().contains("client key") && e.getMessage().contains(key.toString()), e.getMessage());
  }

  @Test
  void pkcs12_withTheOnlyKeyEntry() {
    IssuedCertificate client = ec.clientCertificate();
    Path p12 = TlsFiles.write(dir, "client.p12", client.pkcs12("client", KEY_PASSWORD.toCharArray()));
    loads(ClientIdentity.pkcs12File(p12, SecretSource.of(KEY_PASSWORD.toCharArray())), client);
    loads(ClientIdentity.pkcs12File(p12, SecretSource.of(KEY_PASSWORD.toCharArray()), "client"), client);
  }

  @Test
  void pkcs12_wrongPassword_wrongAlias() {
    Path p12 = TlsFiles.write(dir, "client.p12", ec.clientCertificate().pkcs12("client", KEY_PASSWORD.toCharArray()));
    fails(ClientIdentity.pkcs12File(p12, SecretSource.of(WRONG_PASSWORD.toCharArray())),
        TlsMaterialException.KEYSTORE_PASSWORD_WRONG);
    fails(ClientIdentity.pkcs12File(p12, SecretSource.of(KEY_PASSWORD.toCharArray()), "other"),
        TlsMaterialException.KEYSTORE_ENTRY_MISSING);
  }

  @Test
  void pkcs12_trustStoreWithoutKey_hasNoEntry() {
    Path p12 = TlsFiles.write(dir, "trust.p12", ec.ca().trustStore("PKCS12", KEY_PASSWORD.toCharArray()));
    fails(ClientIdentity.pkcs12File(p12, SecretSource.of(KEY_PASSWORD.toCharArray())),
        TlsMaterialException.KEYSTORE_ENTRY_MISSING);
  }

  @Test
  void rotatedFiles_arePickedUp_andUnchangedOnesAreNotParsedAgain() {
    IssuedCertificate first = ec.clientCertificate();
    ClientIdentity identity = files(first, IssuedCertificate::privateKeyPkcs8Pem, null);
    ClientIdentity.Loaded loaded = identity.load(Instant.now());
    assertSame(loaded, identity.load(Instant.now()));
    IssuedCertificate second = ec.ca().clientCertificate("rotated").build();
    TlsFiles.write(dir, "client.crt", second.chainPem());
    TlsFiles.write(dir, "client.key", second.privateKeyPkcs8Pem());
    assertEquals(second.certificate(), identity.certificateChain().get(0));
  }

  @Test
  void of_inMemory_checksTheKey() {
    IssuedCertificate client = ec.clientCertificate();
    PrivateKey other = ec.ca().clientCertificate("x").build().privateKey();
    assertEquals(client.certificate(),
        ClientIdentity.of(client.privateKey(), client.chain()).certificateChain().get(0));
    assertEquals(TlsMaterialException.KEY_MISMATCH,
        assertThrows(TlsMaterialException.class, () -> ClientIdentity.of(other, client.chain())).reason());
    assertThrows(IllegalArgumentException.class, () -> ClientIdentity.of(client.privateKey(), List.of()));
  }

  @Test
  void description_namesFilesAndPasswordSource_neverThePassword() {
    ClientIdentity identity = ClientIdentity.pemFiles(Path.of("/c.crt"), Path.of("/c.key"),
        SecretSource.of(KEY_PASSWORD.toCharArray()));
    assertEquals("ClientIdentity{PEM files /c.crt + /c.key (key password from inline value)}", identity.toString());
  }

  @Test
  void nullArguments_areRejected() {
    assertThrows(IllegalArgumentException.class, () -> ClientIdentity.pemFiles(null, Path.of("k")));
    assertThrows(IllegalArgumentException.class, () -> ClientIdentity.pem("x", null));
    assertThrows(IllegalArgumentException.class, () -> ClientIdentity.pkcs12File(Path.of("x"), null));
    assertThrows(IllegalArgumentException.class,
        () -> ClientIdentity.pkcs12File(Path.of("x"), SecretSource.of("p".toCharArray()), ""));
  }

  @Test
  void keyMismatch_withControlCharactersInTheSubject_isReportedEscaped() {
    IssuedCertificate evil = ec.ca().clientCertificate(LogInjection.INJECTED).build();
    IssuedCertificate stranger = ec.ca().clientCertificate("stranger").build();
    TlsMaterialException e =
        fails(files(evil, c -> stranger.privateKeyPkcs8Pem(), null), TlsMaterialException.KEY_MISMATCH);
    LogInjection.assertEscaped(e.getMessage());
  }

  @Test
  void pkcs12_aliasWithControlCharacters_isQuotedEscaped() {
    Path p12 = TlsFiles.write(dir, "client.p12", ec.clientCertificate().pkcs12("client", KEY_PASSWORD.toCharArray()));
    ClientIdentity identity =
        ClientIdentity.pkcs12File(p12, SecretSource.of(KEY_PASSWORD.toCharArray()), LogInjection.INJECTED);
    LogInjection.assertEscaped(identity.description());
    LogInjection.assertEscaped(fails(identity, TlsMaterialException.KEYSTORE_ENTRY_MISSING).getMessage());
  }

  @Test
  void fileNames_withControlCharacters_areQuotedEscaped() {
    String name = LogInjection.FILE_NAME;
    IssuedCertificate client = ec.clientCertificate();
    Path cert = TlsFiles.write(dir, name + ".crt", client.chainPem());
    Path key = dir.resolve(name + ".key");
    LogInjection.assertFileNameEscaped(ClientIdentity.pemFiles(cert, key).description());
    LogInjection.assertFileNameEscaped(ClientIdentity.pemFiles(cert, key).toString());
    LogInjection.assertFileNameEscaped(fails(ClientIdentity.pemFiles(cert, key), TlsMaterialException.FILE_MISSING)
        .getMessage());
    TlsFiles.write(dir, name + ".key", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
    LogInjection.assertFileNameEscaped(fails(ClientIdentity.pemFiles(cert, key), TlsMaterialException.PEM_UNREADABLE)
        .getMessage());
    TlsFiles.write(dir, name + ".key", ec.ca().clientCertificate("stranger").build().privateKeyPkcs8Pem());
    LogInjection.assertFileNameEscaped(fails(ClientIdentity.pemFiles(cert, key), TlsMaterialException.KEY_MISMATCH)
        .getMessage());
    IssuedCertificate expired = ec.ca().clientCertificate("expired").expired().build();
    TlsFiles.write(dir, name + ".crt", expired.chainPem());
    TlsFiles.write(dir, name + ".key", expired.privateKeyPkcs8Pem());
    LogInjection.assertFileNameEscaped(fails(ClientIdentity.pemFiles(cert, key),
        TlsMaterialException.CERTIFICATE_EXPIRED).getMessage());

    Path p12 = TlsFiles.write(dir, name + ".p12", client.pkcs12("client", KEY_PASSWORD.toCharArray()));
    LogInjection.assertFileNameEscaped(
        ClientIdentity.pkcs12File(p12, SecretSource.of(KEY_PASSWORD.toCharArray()), "client").description());
    LogInjection.assertFileNameEscaped(fails(ClientIdentity.pkcs12File(p12,
        SecretSource.of(WRONG_PASSWORD.toCharArray())), TlsMaterialException.KEYSTORE_PASSWORD_WRONG).getMessage());
    LogInjection.assertFileNameEscaped(fails(ClientIdentity.pkcs12File(p12,
        SecretSource.of(KEY_PASSWORD.toCharArray()), "other"), TlsMaterialException.KEYSTORE_ENTRY_MISSING)
        .getMessage());
  }

  @Test
  void worldReadableKeyFile_withControlCharactersInItsName_isWarnedAboutEscaped() throws Exception {
    IssuedCertificate client = ec.clientCertificate();
    Path cert = TlsFiles.write(dir, LogInjection.FILE_NAME + ".crt", client.chainPem());
    Path key = TlsFiles.write(dir, LogInjection.FILE_NAME + ".key", client.privateKeyPkcs8Pem());
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      loads(ClientIdentity.pemFiles(cert, key), client);
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);
    assertTrue(log.contains("is readable by every user"), log);
    LogInjection.assertFileNameEscaped(log.strip());
  }
}
