package dev.thalos.redis.security.acl.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class KeyFinderTest {

  private static int[] keys(String... argv) {
    List<String> a = List.of(argv);
    return KeyFinder.find(CommandTable.redis7().lookup(a), a);
  }

  @Test
  void setWithGet_readsAndWrites_setWithoutGetOnlyWrites() {
    assertArrayEquals(new int[] {1, KeySpec.OW | KeySpec.UPDATE}, keys("SET", "k", "v", "EX", "1"));
    assertArrayEquals(new int[] {1, KeySpec.RW | KeySpec.ACCESS | KeySpec.UPDATE}, keys("SET", "k", "v", "get"));
  }

  @Test
  void specialKeyFinders() {
    assertArrayEquals(new int[] {1, KeySpec.RO | KeySpec.ACCESS, 5, KeySpec.OW | KeySpec.UPDATE},
        keys("SORT", "k", "BY", "x", "STORE", "d"));
    assertArrayEquals(new int[] {7, KeySpec.RW | KeySpec.ACCESS | KeySpec.DELETE, 8,
        KeySpec.RW | KeySpec.ACCESS | KeySpec.DELETE}, keys("MIGRATE", "h", "1", "", "0", "5", "KEYS", "a", "b"));
    assertArrayEquals(new int[0], keys("MIGRATE", "h", "1", "k", "0", "5", "KEYS", "a")); // DRYRUN: OK for anyone
    assertArrayEquals(new int[] {3, KeySpec.RW | KeySpec.ACCESS | KeySpec.UPDATE}, keys("EVAL", "s", "1", "a", "x"));
    assertArrayEquals(new int[0], keys("EVAL", "s", "5", "a"));
    assertArrayEquals(new int[] {3, 0, 4, 0, 1, 0}, keys("ZUNIONSTORE", "d", "2abc", "a", "b"));
    assertArrayEquals(new int[] {2, KeySpec.RO | KeySpec.ACCESS, 3, KeySpec.RO | KeySpec.ACCESS},
        keys("XREAD", "STREAMS", "a", "b", "0", "0"));
  }

  @Test
  void channelsAreNotKeys() {
    assertFalse(KeyFinder.hasKeys(CommandTable.redis7().command("spublish")));
    assertFalse(KeyFinder.hasKeys(CommandTable.redis7().command("publish")));
    assertTrue(KeyFinder.hasKeys(CommandTable.redis7().command("get")));
  }

  @Test
  void cNumberParsing() {
    assertEquals(2, KeyFinder.atoi("2abc"));
    assertEquals(-3, KeyFinder.atoi(" -3"));
    assertEquals(0, KeyFinder.atoi("x"));
    assertEquals(null, KeyFinder.parseLong("01"));
    assertEquals(10L, KeyFinder.parseLong("10"));
    assertEquals(null, KeyFinder.parseLong("+1"));
    assertEquals(null, KeyFinder.parseLong("1\u0663")); // an Arabic-Indic 3: Long.parseLong reads 13, Redis nothing
  }

  @Test
  void numkeysWithANonAsciiDigit_isNotReadAsThatDigit() {
    // EVAL s "1٣" k3..k15: Long.parseLong would read "1٣" as 13 and name 13 keys; redis-server 7.0.15 names only
    // k3 (COMMAND GETKEYS, checked by hand): its key spec refuses the number, evalGetKeys' atoi stops at the
    // non-ASCII digit
    String[] argv = new String[16];
    argv[0] = "EVAL";
    argv[1] = "s";
    argv[2] = "1\u0663";
    for (int i = 3; i < argv.length; i++) {
      argv[i] = "k" + i;
    }
    // found by evalGetKeys' atoi, whose keys carry no flags
    assertArrayEquals(new int[] {3, 0}, keys(argv));
  }
}
