package dev.thalos.redis.security.check;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class HarmlessProbesTest {

  @Test
  void exactHarmlessShapes_passTheEngineGuard() {
    for (String[] ok : List.of(new String[] {"CLIENT", "PAUSE", "-1"},
        new String[] {"CLIENT", "LIST", "TYPE", "thalos-selfcheck"}, new String[] {"CLIENT", "NO-EVICT", "thalos-selfcheck"},
        new String[] {"CONFIG", "SET", "thalos-selfcheck-ab12", "x"}, new String[] {"FLUSHALL", "thalos-selfcheck"},
        new String[] {"FLUSHDB", "thalos-selfcheck"}, new String[] {"DEBUG", "HELP"}, new String[] {"MODULE", "HELP"},
        new String[] {"EVAL", "return type(package)", "0"}, new String[] {"EXPIRE", "thalos-selfcheck-ab12", "1"},
        new String[] {"SET", "thalos::cache::thalos-selfcheck-ab12", "", "XX"}, new String[] {"CLIENT", "LIST"})) {
      assertDoesNotThrow(() -> GuardedProbe.checkAllowed(ok), String.join(" ", ok));
    }
  }

  @Test
  void nearMisses_areStillRefused() {
    for (String[] bad : List.of(new String[] {"FLUSHALL"}, new String[] {"FLUSHALL", "ASYNC"},
        new String[] {"FLUSHDB", "SYNC"}, new String[] {"CLIENT", "PAUSE", "100"},
        new String[] {"CLIENT", "PAUSE", "-1", "WRITE"}, new String[] {"CONFIG", "SET", "maxmemory", "1"},
        new String[] {"CONFIG", "SET", "thalos-selfcheck-x.y", "1"}, new String[] {"DEBUG", "SLEEP", "0"},
        new String[] {"EVAL", "redis.call('flushall')", "0"}, new String[] {"EVAL", "return type(package)", "1", "k"},
        new String[] {"EXPIRE", "session:1", "1"}, new String[] {"EXPIRE", "thalos-selfcheck-a", "100"},
        new String[] {"SET", "thalos-selfcheck-a", "v"}, new String[] {"SET", "thalos-selfcheck-a", "", "NX"},
        new String[] {"MODULE", "LOAD", "/tmp/x.so"}, new String[] {"CLIENT", "NO-EVICT", "on"},
        new String[] {"SHUTDOWN", "thalos-selfcheck"})) {
      ProbeException e = assertThrows(ProbeException.class, () -> GuardedProbe.checkAllowed(bad), String.join(" ", bad));
      assertEquals(ProbeException.REFUSED, e.reason());
    }
  }

  @Test
  void batchOfAPipeliningProbe_countsOneRoundTrip_otherwiseOnePerCommand() {
    java.util.concurrent.atomic.AtomicLong trips = new java.util.concurrent.atomic.AtomicLong();
    FakeRedis fake = FakeRedis.hardened("redis", "7.2.11");
    GuardedProbe guarded = new GuardedProbe(fake, trips, new java.util.concurrent.atomic.AtomicLong());
    guarded.commands(List.of(new String[] {"PING"}, new String[] {"HELLO"}, new String[] {"ACL", "WHOAMI"}));
    assertEquals(1, trips.get());
    RedisProbe looping = new RedisProbe() {
      @Override
      public ProbeReply command(String... args) {
        return ProbeReply.status("PONG");
      }

      @Override
      public Optional<TlsSessionFacts> tls() {
        return Optional.empty();
      }

      @Override
      public RedisProbe openUnauthenticated() {
        throw new ProbeException(ProbeException.IO, "no");
      }

      @Override
      public String describe() {
        return "loop";
      }

      @Override
      public void close() {}
    };
    trips.set(0);
    new GuardedProbe(looping, trips, new java.util.concurrent.atomic.AtomicLong())
        .commands(List.of(new String[] {"PING"}, new String[] {"PING"}, new String[] {"PING"}));
    assertEquals(3, trips.get());
  }

  @Test
  void batchWithOneRefusedCommand_sendsNothing() {
    FakeRedis fake = FakeRedis.hardened("redis", "7.2.11");
    GuardedProbe guarded = new GuardedProbe(fake, new java.util.concurrent.atomic.AtomicLong(),
        new java.util.concurrent.atomic.AtomicLong());
    assertThrows(ProbeException.class, () -> guarded.commands(List.of(new String[] {"PING"},
        new String[] {"FLUSHALL"})));
    assertEquals(0, fake.batches);
  }
}
