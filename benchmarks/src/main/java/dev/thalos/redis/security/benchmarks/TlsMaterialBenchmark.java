package dev.thalos.redis.security.benchmarks;

import dev.thalos.redis.security.auth.SecretSource;
import dev.thalos.redis.security.testkit.IssuedCertificate;
import dev.thalos.redis.security.testkit.TestPki;
import dev.thalos.redis.security.tls.ClientIdentity;
import dev.thalos.redis.security.tls.TlsSettings;
import dev.thalos.redis.security.tls.TrustAnchors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Measures what fresh TLS material for one new connection costs: {@link TlsSettings#newSslContext()} with CA,
 * client certificate and key read from files, as an adapter calls it on every (re)connect so that rotated files
 * take effect.
 *
 * <ul>
 *   <li>{@code material}: {@code pem} (CA PEM, EC client certificate, PKCS#8 key), {@code pem-encrypted} (the
 *       key as encrypted PKCS#8, AES-256-CBC with PBKDF2, password from a file), {@code pkcs12} (client
 *       identity from a PKCS#12 file).
 *   <li>{@code cache}: {@code content-hash} — one settings instance; files are re-read and hashed on every call
 *       and parsed only when their content changed (the library's behaviour); {@code parse-every-time} — fresh
 *       {@link TrustAnchors} and {@link ClientIdentity} per call, so everything is parsed and decrypted again
 *       (the cost without the cache).
 * </ul>
 *
 * <p>Run (2 cores shared, so keep it short):
 * <pre>
 * mvn -B -ntp -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar TlsMaterial -f 1 -wi 2 -i 3 -w 1s -r 1s
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class TlsMaterialBenchmark {

  private static final char[] PASSWORD = "benchmark-key-password".toCharArray();

  /** How the client identity is stored. */
  @Param({"pem", "pem-encrypted", "pkcs12"})
  public String material;

  /** {@code content-hash} (the library) or {@code parse-every-time} (no cache). */
  @Param({"content-hash", "parse-every-time"})
  public String cache;

  private Path dir;
  private Path caFile;
  private Path certificateFile;
  private Path keyFile;
  private Path passwordFile;
  private TlsSettings settings;

  @Setup(Level.Trial)
  public void setup() throws IOException {
    TestPki pki = TestPki.create();
    IssuedCertificate client = pki.clientCertificate();
    dir = Files.createTempDirectory("tls-material-benchmark");
    caFile = pki.ca().writeCertificatePem(dir.resolve("ca.pem"));
    certificateFile = client.writeChainPem(dir.resolve("client.crt"));
    passwordFile = dir.resolve("key.password");
    Files.writeString(passwordFile, new String(PASSWORD) + "\n");
    Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
    switch (material) {
      case "pem":
        keyFile = Files.writeString(dir.resolve("client.key"), client.privateKeyPkcs8Pem());
        break;
      case "pem-encrypted":
        keyFile = Files.writeString(dir.resolve("client.key"), client.privateKeyEncryptedPkcs8Pem(PASSWORD));
        break;
      default:
        keyFile = Files.write(dir.resolve("client.p12"), client.pkcs12("client", PASSWORD));
        break;
    }
    settings = newSettings();
  }

  private TlsSettings newSettings() {
    ClientIdentity identity;
    switch (material) {
      case "pem":
        identity = ClientIdentity.pemFiles(certificateFile, keyFile);
        break;
      case "pem-encrypted":
        identity = ClientIdentity.pemFiles(certificateFile, keyFile, SecretSource.fromFile(passwordFile));
        break;
      default:
        identity = ClientIdentity.pkcs12File(keyFile, SecretSource.fromFile(passwordFile));
        break;
    }
    return TlsSettings.builder().trustAnchors(TrustAnchors.pemFile(caFile)).clientIdentity(identity).build();
  }

  @Benchmark
  public SSLContext newSslContext() {
    TlsSettings tls = "content-hash".equals(cache) ? settings : newSettings();
    return tls.newSslContext();
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
