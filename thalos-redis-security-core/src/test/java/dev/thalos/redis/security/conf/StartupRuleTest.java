package dev.thalos.redis.security.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.check.CheckReport;
import dev.thalos.redis.security.check.Finding;
import dev.thalos.redis.security.check.Location;
import dev.thalos.redis.security.check.Outcome;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StartupRuleTest {

  private static final Path CONF = Path.of("redis.conf");

  private static CheckReport audit(String text) {
    return ConfigAudit.defaults().audit(RedisConfigParser.defaults().parse(text, CONF));
  }

  private static Finding startup(String text) {
    return audit(text).finding(StartupRule.ID).orElseThrow();
  }

  /** The finding fails, at {@code line}, with evidence naming the file and line, {@code says} and the refusal. */
  private static void refused(String text, int line, String says) {
    Finding f = startup(text);
    assertEquals(Outcome.FAIL, f.outcome(), text + ": " + f);
    assertTrue(f.locations().contains(Location.of(CONF, line)), f.toString());
    String evidence = String.join("\n", f.evidence());
    assertTrue(evidence.contains("redis.conf:" + line + ": "), evidence);
    assertTrue(evidence.contains(says), evidence);
    assertTrue(evidence.contains("redis-server refuses to start"), evidence);
  }

  @ParameterizedTest
  @ValueSource(strings = {"+80", "-1", "65536", "abc", "080", "00", "-0", "\" 6380\"", "\"6380 \"", "\"\""})
  void portsRedisCannotRead_areRefused(String value) {
    refused("bind 127.0.0.1\nport " + value + "\n", 2, "port");
    refused("port 0\ntls-port " + value + "\n", 2, "tls-port");
  }

  @Test
  void aPortWithoutExactlyOneArgument_isRefused() {
    refused("port\n", 1, "wrong number of arguments");
    refused("port 1 2\n", 1, "wrong number of arguments");
  }

  @Test
  void aRefusedPort_counts_evenWhenALaterLineReplacesIt() {
    refused("port abc\nport 0\n", 1, "argument couldn't be parsed into an integer");
  }

  @ParameterizedTest
  @ValueSource(strings = {"off", "on", "true", "false", "1", "0", "y", "\"yes \""})
  void protectedModeOtherThanYesOrNo_isRefused_andTheVerdictSaysSo(String value) {
    String text = "bind 0.0.0.0\nprotected-mode " + value + "\n";
    refused(text, 2, "argument must be 'yes' or 'no'");
    Finding exposure = audit(text).finding(NetworkRules.Exposure.ID).orElseThrow();
    assertTrue(exposure.evidence().toString().contains("redis-server refuses to start"), exposure.toString());
  }

  @Test
  void validValues_inAnyCase_pass() {
    Finding f = startup("port 0\ntls-port 65535\nprotected-mode YES\nprotected-mode No\nbind 127.0.0.1 -::1\n"
        + "client-output-buffer-limit PubSub 32mb 8mb +60 normal 0 0 \"\"\n");
    assertEquals(Outcome.PASS, f.outcome(), f.toString());
    assertEquals(Outcome.PASS, startup("").outcome(), "Redis's defaults start");
  }

  @Test
  void moreThan16BindAddresses_areRefused_evenWithoutATcpPort_andEvenWhenReplaced() {
    StringBuilder seventeen = new StringBuilder("bind");
    for (int i = 1; i <= 17; i++) {
      seventeen.append(" 127.0.0.").append(i);
    }
    refused("port 0\n" + seventeen + "\nbind 127.0.0.1\n", 2, "17 addresses");
    refused("bind \"" + seventeen.substring(5) + "\"\n", 1, "Too many bind addresses");
    assertEquals(Outcome.PASS, startup(seventeen.toString().replace(" 127.0.0.17", "")).outcome());
  }

  @ParameterizedTest
  @ValueSource(strings = {"bind - 127.0.0.1", "bind \"\" 127.0.0.1", "bind 127.0.0.1 -"})
  void anEmptyBindAddress_isRefused_whenATcpPortIsOpen(String bind) {
    refused(bind + "\n", 1, "is empty");
    assertEquals(Outcome.PASS, startup(bind + "\nport 0\n").outcome(), "no TCP socket, no lookup");
  }

  @ParameterizedTest
  @ValueSource(strings = {"bind ::ffff:127.0.0.1", "bind -::ffff:127.0.0.1", "bind ::ffff:7f00:1",
      "bind 127.0.0.1 ::ffff:10.0.0.1"})
  void anIpv4MappedBindAddress_isRefused_whenATcpPortIsOpen(String bind) {
    refused(bind + "\n", 1, "IPv4-mapped");
    assertEquals(Outcome.PASS, startup(bind + "\nport 0\n").outcome());
  }

  @ParameterizedTest
  @ValueSource(strings = {"bind 127.0.0.1 127.0.0.1", "bind 127.0.0.1 -127.0.0.1", "bind -::1 ::1",
      "bind ::1 0:0::1", "bind 0.0.0.0 127.0.0.1", "bind 127.0.0.1 0.0.0.0", "bind * 127.0.0.1",
      "bind :: ::1", "bind -::* ::1", "bind \"127.0.0.1 127.0.0.1\""})
  void twoBindAddressesOnOneSocketAddress_areRefused_whenATcpPortIsOpen(String bind) {
    refused(bind + "\n", 1, "Address already in use");
    assertEquals(Outcome.PASS, startup(bind + "\nport 0\n").outcome());
  }

  @ParameterizedTest
  @ValueSource(strings = {"bind 0.0.0.0 ::", "bind * -::*", "bind 127.0.0.1 127.0.0.2", "bind 127.0.0.1 ::1",
      "bind fe80::1%eth0 fe80::1%eth1", "bind redis.internal redis.internal"})
  void bindAddressesThatDoNotCollide_pass(String bind) {
    Finding f = startup(bind + "\n");
    assertEquals(Outcome.PASS, f.outcome(), f.toString());
  }

  @Test
  void onlyTheBindInEffect_isOpened() {
    assertEquals(Outcome.PASS, startup("bind 127.0.0.1 127.0.0.1\nbind 127.0.0.1\n").outcome());
  }

  @Test
  void portEqualToTlsPort_isRefused() {
    refused("bind 127.0.0.1\nport 7000\ntls-port 7000\n", 3, "the same port as port");
    assertEquals(Outcome.PASS, startup("bind \"\"\nport 7000\ntls-port 7000\n").outcome(), "no TCP socket");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"pubsub 1mb\"", "\"\"", "pubsub abc 1mb 60", "master 1mb 1mb 60",
      "pubsub 1mb 1mb -1", "pubsub 1mb 1mb 6x", "pubsub 1mb 1mb 60 normal", "pubsub +1mb 1mb 60",
      "pubsub 1mb 1mb 4294967295"})
  void outputBufferLimitsRedisCannotRead_areRefused(String value) {
    refused("client-output-buffer-limit " + value + "\n", 1, "buffer limit configuration");
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"'\"", "", "pubsub 1mb 1mb \" 60\"", "pubsub 1mb 1mb -0", "pubsub mb 1mb 60",
      "\"pubsub 1mb 1mb 60\""})
  void outputBufferLimitsRedisReads_pass(String value) {
    Finding f = startup("client-output-buffer-limit " + value + "\n");
    assertEquals(Outcome.PASS, f.outcome(), f.toString());
  }

  @Test
  void aSingleQuotedArgument_isSplitAsRedisSplitsIt_forThePubsubLimit() {
    Finding f = audit("client-output-buffer-limit \"pubsub 0 0 0\"\n")
        .finding(PubsubBufferRule.ID).orElseThrow();
    assertEquals(Outcome.FAIL, f.outcome(), "Redis reads pubsub 0 0 0: unlimited, " + f);
    Finding limited = audit("client-output-buffer-limit 'normal 0 0 0 pubsub 16mb 4mb 60'\n")
        .finding(PubsubBufferRule.ID).orElseThrow();
    assertEquals(Outcome.PASS, limited.outcome(), limited.toString());
    assertEquals(List.of("16mb", "4mb", "60"), PubsubBufferRule.pubsubLimits(RedisConfigParser.defaults()
        .parse("client-output-buffer-limit 'normal 0 0 0 pubsub 16mb 4mb 60'\n", CONF)).orElseThrow().getValue());
  }

  @Test
  void pubsubSizesRedisReadsAsZero_areUnlimited() {
    for (String sizes : List.of("\"\" \"\" 0", "mb 0 0", "18014398509481984mb 0 0")) {
      Finding f = audit("client-output-buffer-limit pubsub " + sizes + "\n").finding(PubsubBufferRule.ID)
          .orElseThrow();
      assertEquals(Outcome.FAIL, f.outcome(), sizes + ": " + f);
    }
    Finding huge = audit("client-output-buffer-limit pubsub 99999999999999999999 0 0\n")
        .finding(PubsubBufferRule.ID).orElseThrow();
    assertEquals(Outcome.WARN, huge.outcome(), "2^64-1 is above any cap: " + huge);
  }

  @Test
  void theMultiArgumentDirectives_areThoseOfRedis70() {
    assertEquals(List.of("127.0.0.1", "-::1"), MultiArg.args(Directive.of("bind", List.of("127.0.0.1 -::1"),
        CONF, 1)));
    assertEquals(List.of(), MultiArg.args(Directive.of("save", List.of("'"), CONF, 1)), "unbalanced: no argument");
    assertEquals(List.of(""), MultiArg.args(Directive.of("save", List.of(""), CONF, 1)), "an empty one stays");
    assertEquals(List.of("a b"), MultiArg.args(Directive.of("requirepass", List.of("a b"), CONF, 1)));
    assertEquals(List.of("10.0.0.1", "6379"), MultiArg.args(Directive.of("SLAVEOF", List.of("10.0.0.1 6379"),
        CONF, 1)));
  }
}
