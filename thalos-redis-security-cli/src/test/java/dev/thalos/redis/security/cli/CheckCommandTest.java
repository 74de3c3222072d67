package dev.thalos.redis.security.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.auth.Secret;
import dev.thalos.redis.security.check.CheckReport;
import dev.thalos.redis.security.check.Outcome;
import dev.thalos.redis.security.check.Role;
import dev.thalos.redis.security.check.SelfCheck;
import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import dev.thalos.redis.security.endpoint.ThalosRole;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Option handling of {@code check}, without connecting anywhere. */
@Tag("unit")
class CheckCommandTest {

  @TempDir Path dir;

  /** Parses {@code args} and resolves the endpoint, without running the command. */
  private static ThalosRedisEndpoint endpointOf(CliEnvironment env, String... args) {
    CommandLine cmd = Main.newCommandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
        env, (e, r) -> {
          throw new AssertionError("must not connect");
        });
    String[] all = new String[args.length + 1];
    all[0] = "check";
    System.arraycopy(args, 0, all, 1, args.length);
    cmd.parseArgs(all);
    CommandLine check = cmd.getSubcommands().get("check");
    return ((CheckCommand) check.getCommand()).endpoint();
  }

  private static CliEnvironment noTerminal() {
    return new CliEnvironment(Map.of(), p -> Optional.empty());
  }

  @Test
  void help_offersEncryptedKeys_withKeyPasswordFile() {
    CliRun.Result r = CliRun.exec("check", "--help");
    assertEquals(ExitCodes.PASSED, r.exit(), r.toString());
    String help = r.out().replaceAll("\\s+", " ");
    assertTrue(help.contains("an encrypted PKCS#8 key with --key-password-file"), r.out());
    assertFalse(help.contains("unencrypted"), r.out());
  }

  @Test
  void withoutUri_theTargetIsPlaintextLoopback6379_asAClient() {
    ThalosRedisEndpoint e = endpointOf(noTerminal());
    assertEquals("redis://127.0.0.1:6379/0", e.toUri());
    assertFalse(e.isTls());
    assertEquals(ThalosRole.CLIENT, e.role());
    assertTrue(e.credentials().isEmpty());
    assertEquals("ship::" + "0".repeat(64), e.namespace().orElseThrow().toString());
    assertTrue(e.isInsecure());
  }

  @Test
  void env_readsTheEndpointFromTheLibrarysVariables_andExcludesTheConnectionOptions() {
    CliEnvironment env = new CliEnvironment(Map.of(
        "THALOS_REDIS_URI", "rediss-sentinel://wax-reader@s1:26379,s2:26379#thalos",
        "THALOS_REDIS_PASSWORD", "env-secret-2",
        "THALOS_REDIS_SENTINEL_USER", "sentinel-reader", "THALOS_REDIS_SENTINEL_PASSWORD", "env-secret-3",
        "THALOS_REDIS_NAMESPACE", "ship::wax", "THALOS_REDIS_ROLE", "client"), p -> Optional.empty());
    ThalosRedisEndpoint e = endpointOf(env, "--env");
    assertEquals("rediss-sentinel://wax-reader@s1:26379,s2:26379/0#thalos", e.toUri());
    assertEquals("sentinel-reader", e.sentinelCredentials().orElseThrow().user());
    assertEquals("ship::wax", e.namespace().orElseThrow().toString());
    assertFalse(e.toString().contains("env-secret"));

    CliRun.Result mixed = new CliRun().run("check", "--env", "--uri", "rediss://h");
    assertEquals(ExitCodes.ERROR, mixed.exit(), mixed.toString());
    assertTrue(mixed.err().contains("--uri cannot be combined with it"), mixed.err());
    CliRun.Result unset = new CliRun().run("check", "--env");
    assertEquals(ExitCodes.ERROR, unset.exit(), unset.toString());
    assertTrue(unset.err().contains("THALOS_REDIS_URI must be set"), unset.err());
  }

  @Test
  void passwordFromEnvironment_isUsed_andNeverPrinted() {
    CliEnvironment env = new CliEnvironment(Map.of("PW", "env-secret-1"), p -> Optional.empty());
    ThalosRedisEndpoint e = endpointOf(env, "--uri", "rediss://thalos@redis.example:6380", "--password-env", "PW",
        "--role", "server", "-n", "wax", "--connect-timeout", "750ms");
    assertEquals("thalos", e.credentials().orElseThrow().user());
    try (Secret s = e.credentials().orElseThrow().password().resolve()) {
      assertEquals("env-secret-1", new String(s.reveal()));
    }
    assertFalse(e.toString().contains("env-secret-1"));
    assertEquals(750, e.connectTimeout().toMillis());
    assertEquals(ThalosRole.SERVER, e.role());
  }

  @Test
  void userWithoutPasswordSource_isAskedAtThePrompt() {
    AtomicReference<String> asked = new AtomicReference<>();
    CliEnvironment env = new CliEnvironment(Map.of(), p -> {
      asked.set(p);
      return Optional.of("typed-secret".toCharArray());
    });
    ThalosRedisEndpoint e = endpointOf(env, "--uri", "rediss://wax-reader@redis.example:6380", "-n", "wax");
    assertEquals("Password for wax-reader at redis.example:6380: ", asked.get());
    try (Secret s = e.credentials().orElseThrow().password().resolve()) {
      assertEquals("typed-secret", new String(s.reveal()));
    }
  }

  @Test
  void userWithoutPasswordSource_andNoTerminal_isExitTwo() {
    CliRun run = new CliRun();
    CliRun.Result r = run.run("check", "--uri", "rediss://wax-reader@redis.example:6380");
    assertEquals(ExitCodes.ERROR, r.exit(), r.toString());
    assertTrue(r.err().contains("needs a password") && r.err().contains("--password-env"), r.err());
    assertEquals(1, run.prompts);
  }

  @Test
  void passwordArgument_isRefused_withoutEchoingIt() {
    for (String[] args : new String[][] {
        {"check", "--password", "hunter2-secret"}, {"check", "--password=hunter2-secret"}, {"check", "--password"}}) {
      CliRun.Result r = CliRun.exec(args);
      assertEquals(ExitCodes.ERROR, r.exit(), r.toString());
      assertTrue(r.err().contains("--password is not accepted"), r.err());
      assertTrue(r.err().contains("process list"), r.err());
      assertFalse(r.err().contains("hunter2") || r.out().contains("hunter2"), r.toString());
    }
  }

  @Test
  void passwordInTheUri_isRefused_withoutEchoingIt() {
    CliRun.Result r = CliRun.exec("check", "--uri", "rediss://thalos:hunter2-secret@redis.example:6380");
    assertEquals(ExitCodes.ERROR, r.exit(), r.toString());
    assertTrue(r.err().contains("must not contain a password"), r.err());
    assertFalse(r.err().contains("hunter2"), r.err());
  }

  @Test
  void unsetPasswordVariable_isExitTwo() {
    CliRun.Result r = CliRun.exec("check", "--uri", "rediss://thalos@redis.example:6380", "--password-env",
        "THALOS_TEST_SURELY_UNSET");
    assertEquals(ExitCodes.ERROR, r.exit());
    assertTrue(r.err().contains("THALOS_TEST_SURELY_UNSET") && r.err().contains("not set"), r.err());
  }

  @Test
  void unsetSentinelPasswordVariable_isExitTwo_namingIt() {
    CliRun.Result r = new CliRun().env("PW", "Kn0wn-Pa55word").run("check", "--uri",
        "rediss-sentinel://u@s1:26379#m", "--password-env", "PW", "--sentinel-user", "s", "--sentinel-password-env",
        "THALOS_TEST_SURELY_UNSET");
    assertEquals(ExitCodes.ERROR, r.exit(), r.toString());
    assertTrue(r.err().contains("THALOS_TEST_SURELY_UNSET") && r.err().contains("not set"), r.err());
  }

  @ParameterizedTest
  @ValueSource(strings = {"THALOS_REDIS_PASSWORD", "_pw", "redis_pw_2"})
  void aValidVariableName_isReadFor_passwordEnv(String name) {
    CliEnvironment env = new CliEnvironment(Map.of(name, "env-secret-4"), p -> Optional.empty());
    ThalosRedisEndpoint e = endpointOf(env, "--uri", "rediss://thalos@redis.example:6380", "--password-env", name);
    try (Secret s = e.credentials().orElseThrow().password().resolve()) {
      assertEquals("env-secret-4", new String(s.reveal()));
    }
  }

  /**
   * A password given by mistake where the NAME of the environment variable holding it is expected
   * ({@code --password-env "$PASSWORD"}): refused as not a variable name, and never repeated, not even escaped.
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--password-env|symbols", "--password-env|controls", "--password-env|dash", "--password-env|spaces",
      "--sentinel-password-env|symbols", "--sentinel-password-env|controls", "--sentinel-password-env|dash",
      "--sentinel-password-env|spaces"})
  void aPasswordGivenInsteadOfAVariableName_isRefused_withoutEchoingIt(String option, String kind) {
    String password = switch (kind) {
      case "symbols" -> "Kn0wn-Pa55w0rd!#$%&*=+";
      case "controls" -> "Kn0wn-Pa55w0rd" + LogInjection.INJECTED;
      case "dash" -> "-Kn0wn-Pa55w0rd!";
      default -> "Kn0wn Pa55w0rd horse";
    };
    for (boolean joined : new boolean[] {false, true}) {
      String[] value = joined ? new String[] {option + "=" + password} : new String[] {option, password};
      String[] args = option.startsWith("--sentinel")
          ? new String[] {"check", "--uri", "rediss-sentinel://u@s1:26379#m", "--password-env", "PW",
              "--sentinel-user", "s"}
          : new String[] {"check", "--uri", "rediss://u@h.example:6380"};
      String[] all = Stream.concat(Arrays.stream(args), Arrays.stream(value)).toArray(String[]::new);
      CliRun.Result r = new CliRun().env("PW", "env-secret-1").liveCheck((e, c) -> {
        throw new AssertionError("must not connect");
      }).run(all);
      assertEquals(ExitCodes.ERROR, r.exit(), r.toString());
      assertTrue(r.err().contains(option), r.err());
      assertTrue(r.err().contains("NAME of an environment variable"), r.err());
      assertTrue(r.err().contains("not a valid"), r.err());
      for (String shown : new String[] {"Kn0wn", "Pa55w0rd", "evil", "forged", "horse"}) {
        assertFalse(r.err().contains(shown) || r.out().contains(shown), shown + " echoed: " + r);
      }
      String message = r.err().lines().filter(l -> l.contains(option)).findFirst().orElseThrow();
      assertFalse(message.contains(String.valueOf(password.length())), "length echoed: " + message);
      LogInjection.assertNoControlCharacters(r.err());
    }
  }

  @Test
  void contradictoryOptions_areExitTwo() {
    assertUsage("give either --password-env or --password-file", "check", "--password-env", "A", "--password-file",
        "f");
    assertUsage("--cert and --key go together", "check", "--uri", "rediss://h:1", "--cert", "c.pem");
    assertUsage("need a TLS URI", "check", "--ca", "ca.pem");
    assertUsage("is not a role", "check", "--role", "root");
    assertUsage("is not a duration", "check", "--connect-timeout", "soon");
    assertUsage("is not a Thalos namespace", "check", "--namespace", "ship::a::b");
    assertUsage("unsupported scheme", "check", "--uri", "http://h:1");
    assertUsage("10.0.0.0/33", "check", "--trusted-network", "10.0.0.0/33");
  }

  @Test
  void missingCaFile_isExitTwo_withTheReasonCode() {
    CliRun.Result r = CliRun.exec("check", "--uri", "rediss://h.example:6380", "--ca",
        dir.resolve("missing-ca.pem").toString());
    assertEquals(ExitCodes.ERROR, r.exit(), r.toString());
    assertTrue(r.err().contains("missing-ca.pem") && r.err().contains("[tls.file-missing]"), r.err());
  }

  @Test
  void reportWithHighFailure_exitsOne_andPassingReport_exitsZero_inEveryFormat() {
    CheckReport failing = ReportOptionsTest.report(Outcome.FAIL, Outcome.PASS);
    CheckReport passing = ReportOptionsTest.report(Outcome.PASS, Outcome.PASS);
    for (String format : new String[] {"text", "json", "sarif"}) {
      CliRun.Result f = new CliRun().liveReport(failing).run("check", "--format", format);
      assertEquals(ExitCodes.FINDINGS, f.exit(), format + f);
      assertTrue(f.out().contains("live.a"), f.out());
      CliRun.Result p = new CliRun().liveReport(passing).run("check", "--format", format);
      assertEquals(ExitCodes.PASSED, p.exit(), format + p);
    }
  }

  @Test
  void theRoleAndEndpoint_reachTheLiveCheck() {
    AtomicReference<ThalosRedisEndpoint> seen = new AtomicReference<>();
    AtomicReference<Role> role = new AtomicReference<>();
    CheckReport passing = ReportOptionsTest.report(Outcome.PASS, Outcome.PASS);
    AtomicReference<SelfCheck> check = new AtomicReference<>();
    CliRun.Result r = new CliRun().liveCheck((e, c) -> {
      seen.set(e);
      role.set(c.role());
      check.set(c);
      return passing;
    }).run("check", "--role", "publisher", "-n", "wax", "--uri", "redis://127.0.0.2:7000", "--trusted-network",
        "10.0.0.0/8", "--cache-prefix", "cache::");
    assertEquals(ExitCodes.PASSED, r.exit(), r.toString());
    assertSame(Role.PUBLISHER, role.get());
    assertEquals("redis://127.0.0.2:7000/0", seen.get().toUri());
    assertEquals("ship::wax", seen.get().namespace().orElseThrow().toString());
    assertEquals("cache::", check.get().cacheKeyPrefix());
    assertEquals(1, check.get().trustedNetworks().size());
    assertEquals("ship::wax", check.get().namespace().orElseThrow().toString());
  }

  private static void assertUsage(String expected, String... args) {
    CliRun.Result r = CliRun.exec(args);
    assertEquals(ExitCodes.ERROR, r.exit(), r.toString());
    assertTrue(r.err().contains(expected), "expected '" + expected + "' in " + r.err());
  }

  // ---- control characters in option values (log injection) ----

  /**
   * Option, prefix of the injected value, and how the message shows the value: quoted escaped, redacted (a URI
   * part that may hold a secret), replaced by '?' where not printable (rule ids), or withheld (not a variable name
   * where one is expected: it may be the password itself).
   */
  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "NONE", value = {
      "--format|NONE|quoted", "--fail-on|NONE|quoted", "--role|NONE|quoted", "--namespace|NONE|quoted",
      "--namespace|ship::a::|quoted", "--connect-timeout|NONE|quoted", "--command-timeout|NONE|quoted",
      "--uri|NONE|quoted", "--uri|rediss://|quoted", "--uri|rediss://h#|redacted", "--password-env|NONE|withheld",
      "--sentinel-password-env|NONE|withheld", "--sentinel-user|NONE|quoted", "--trusted-network|NONE|quoted",
      "--cache-prefix|NONE|quoted", "--cache-prefix|thalos::|quoted", "--accept-risk|NONE|replaced"})
  void optionValues_withControlCharacters_areReportedEscaped(String option, String prefix, String shown) {
    String value = (prefix == null ? "" : prefix) + LogInjection.INJECTED;
    String[] args = option.startsWith("--sentinel")
        ? new String[] {"check", "--uri", "rediss-sentinel://u@s1:26379#m", "--password-env", "PW", option, value}
        : new String[] {"check", "--uri", "rediss://u@h.example:6380", "--password-env", "PW", option, value};
    if (option.equals("--uri") || option.equals("--password-env")) {
      args = new String[] {"check", option, value};
    }
    CliRun.Result r = new CliRun().env("PW", "Kn0wn-Pa55word")
        .liveReport(ReportOptionsTest.report(Outcome.PASS, Outcome.PASS)).run(args);
    assertEquals(ExitCodes.ERROR, r.exit(), r.toString());
    if (shown.equals("quoted")) {
      LogInjection.assertEscaped(r.err());
    } else if (shown.equals("withheld")) {
      LogInjection.assertNoControlCharacters(r.err());
      assertFalse(r.err().contains("evil") || r.err().contains("forged"), r.err());
    } else {
      LogInjection.assertNoControlCharacters(r.err());
      assertEquals(shown.equals("redacted"), !r.err().contains("forged"), r.err());
    }
    assertFalse(r.err().contains("Kn0wn-Pa55word"), r.err());
  }

  @ParameterizedTest
  @ValueSource(strings = {"--ca", "--cert", "--key", "--key-password-file", "--password-file",
      "--sentinel-password-file", "--output"})
  void fileOptions_withNulOrControlCharacters_areReportedEscaped_namingTheOption(String option) {
    CliRun.Result r = CliRun.exec("check", "--uri", "rediss://h.example:6380", option,
        "/tmp/" + LogInjection.INJECTED + "\0x");
    assertEquals(ExitCodes.ERROR, r.exit(), r.toString());
    LogInjection.assertEscaped(r.err(), LogInjection.ESCAPED + "\\u0000x");
    assertTrue(r.err().contains(option), r.err());
    assertTrue(r.err().contains("is not a valid file path (Nul character not allowed)"), r.err());
  }

  @Test
  void fileNames_withControlCharacters_areReportedEscaped() {
    Path missing = dir.resolve(LogInjection.FILE_NAME);
    for (String option : new String[] {"--ca", "--password-file"}) {
      CliRun.Result r = CliRun.exec("check", "--uri", "rediss://u@h.example:6380", option, missing.toString());
      assertEquals(ExitCodes.ERROR, r.exit(), r.toString());
      LogInjection.assertEscaped(r.err(), LogInjection.FILE_NAME_ESCAPED);
    }
    CliRun.Result output = new CliRun().liveReport(ReportOptionsTest.report(Outcome.PASS, Outcome.PASS))
        .run("check", "-o", missing.resolve("report.txt").toString());
    assertEquals(ExitCodes.ERROR, output.exit(), output.toString());
    LogInjection.assertEscaped(output.err(), LogInjection.FILE_NAME_ESCAPED);
  }
}
