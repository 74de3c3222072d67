package dev.thalos.redis.security.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.channel.ThalosNamespace;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

@Tag("unit")
class DemoCommandTest {

  /** Runs {@code demo} in-process with a live check that fails the test if the demo gets as far as checking. */
  private static CliRun.Result demo(String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "demo";
    System.arraycopy(args, 0, all, 1, args.length);
    return new CliRun().liveCheck((endpoint, check) -> {
      throw new AssertionError("must not get as far as checking");
    }).run(all);
  }

  /** Parses {@code demo args} without running it. */
  private static DemoCommand parsed(String... args) {
    CommandLine cmd = Main.newCommandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
    String[] all = new String[args.length + 1];
    all[0] = "demo";
    System.arraycopy(args, 0, all, 1, args.length);
    cmd.parseArgs(all);
    return (DemoCommand) cmd.getSubcommands().get("demo").getCommand();
  }

  @Test
  void chain_defaultsToWax_andTakesAChainNameOrAChainId() {
    assertEquals(ThalosNamespace.of("wax"), parsed().namespace);
    assertEquals(ThalosNamespace.of("eos"), parsed("--chain", "eos").namespace);
    String id = "1064487b3cd1a897ce03ae5b6a865651747e2e152090f99c1d19d44e01aea5a4";
    assertEquals("ship::" + id, parsed("--chain=" + id).namespace.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"wax", "eos", "telos", "1064487b3cd1a897ce03ae5b6a865651747e2e152090f99c1d19d44e01aea5a4"})
  void foreignChain_isAnotherChainOfTheSamePrefix_evenForEos(String chain) {
    ThalosNamespace own = ThalosNamespace.of(chain);
    ThalosNamespace foreign = DemoCommand.foreignChain(own);
    assertNotEquals(own.chain(), foreign.chain());
    assertEquals(own.prefix(), foreign.prefix());
    assertFalse(foreign.heartbeat().name().startsWith(own.channelPrefix()), foreign.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"WAX!", "", "waxwaxwaxwaxwaxwaxwaxwaxwaxwaxwax1", "ship::a::b", "ship::"})
  void invalidChain_isAUsageError_namingTheOptionAndTheRule_beforeAnythingStarts(String chain) {
    CliRun.Result r = demo("--chain", chain);
    assertEquals(ExitCodes.ERROR, r.exit(), r.toString());
    String first = r.err().lines().findFirst().orElse("");
    assertTrue(first.startsWith("Invalid value for option '--chain': "), r.err());
    assertTrue(first.contains("is not a chain"), r.err());
    assertFalse(r.err().contains("internal error:") || r.err().contains("Exception") || r.err().contains("\tat "),
        r.err());
    assertTrue(r.err().contains("Usage: thalos-redis-security demo"), r.err());
    assertEquals("", r.out(), "nothing may be started or created for an invalid --chain");
  }

  @Test
  void invalidChain_withControlCharacters_isReportedEscaped() {
    CliRun.Result r = demo("--chain=" + LogInjection.INJECTED);
    assertEquals(ExitCodes.ERROR, r.exit(), r.toString());
    assertTrue(r.err().contains("--chain"), r.err());
    LogInjection.assertEscaped(r.err());
    assertEquals("", r.out(), r.toString());
  }

  @Test
  void shellWord_leavesAPlainPathAsItIs() {
    assertEquals("/tmp/thalos-demo-123/reader.password",
        DemoCommand.shellWord(Path.of("/tmp/thalos-demo-123/reader.password")));
  }

  @Test
  void shellWord_quotesSpacesAndDollarSigns_andEscapesSingleQuotes() {
    assertEquals("'/tmp/my dir/$HOME'", DemoCommand.shellWord(Path.of("/tmp/my dir/$HOME")));
    assertEquals("'/tmp/it'\\''s/ca.pem'", DemoCommand.shellWord(Path.of("/tmp/it's/ca.pem")));
  }

  @Test
  void shellWord_neverPrintsAControlCharacterRaw() {
    String word = DemoCommand.shellWord(Path.of("/tmp/" + LogInjection.FILE_NAME));
    LogInjection.assertEscaped(word, LogInjection.FILE_NAME_ESCAPED);
  }
}
