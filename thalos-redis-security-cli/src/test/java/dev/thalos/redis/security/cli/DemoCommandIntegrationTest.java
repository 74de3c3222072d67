package dev.thalos.redis.security.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@code demo} in-process against the redis-servers it starts itself. */
@Tag("integration")
class DemoCommandIntegrationTest {

  @Test
  void chainEos_provesAnotherChainIsRefused_withAChainOtherThanEos() {
    CliRun.Result r = CliRun.exec("demo", "--chain", "eos");
    assertEquals(ExitCodes.PASSED, r.exit(), r.toString());
    assertFalse(r.out().contains("UNEXPECTED"), r.toString());
    for (String line : new String[] {
        "ok the subscriber received the 3 messages of its channels",
        "ok refused by Redis: SUBSCRIBE ship::wax::heartbeat (NOPERM)",
        "ok refused before sending: the validating subscriber rejects ship::wax::heartbeat",
        "ok the documented client subscribes to another chain's channel (ship::wax::heartbeat)"}) {
      assertTrue(r.out().contains(line), "missing '" + line + "' in\n" + r);
    }
    assertFalse(r.out().contains("ship::eos::heartbeat (NOPERM)"), r.toString());
    // the hardened instance refuses CBC and static-RSA suites from other clients (redis-server's default
    // tls-ciphers accepts CBC): the rule is neither FAIL nor WARN, so the demo does not print it
    assertFalse(r.out().contains("live.tls.weak-suites-accepted"), r.toString());
  }
}
