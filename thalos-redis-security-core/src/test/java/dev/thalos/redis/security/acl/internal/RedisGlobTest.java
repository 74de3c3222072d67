package dev.thalos.redis.security.acl.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Cases whose answers were taken from redis-server 7.0.15 (ACL DRYRUN and KEYS). */
@Tag("unit")
class RedisGlobTest {

  @Test
  void basics() {
    assertTrue(RedisGlob.matches("ship::wax::*", "ship::wax::heartbeat"));
    assertFalse(RedisGlob.matches("ship::wax::*", "ship::wax2::heartbeat"));
    assertTrue(RedisGlob.matches("h?llo", "hello"));
    assertTrue(RedisGlob.matches("h[ae]llo", "hallo"));
    assertFalse(RedisGlob.matches("h[^e]llo", "hello"));
    assertTrue(RedisGlob.matches("h[a-b]llo", "hbllo"));
    assertTrue(RedisGlob.matches("h[b-a]llo", "hbllo")); // reversed range
    assertTrue(RedisGlob.matches("a\\*", "a*"));
    assertFalse(RedisGlob.matches("a\\*", "ab"));
  }

  @Test
  void quirks() {
    assertFalse(RedisGlob.matches("*", ""));         // the empty name never matches
    assertTrue(RedisGlob.matches("ab[c", "abc"));     // unterminated class takes the rest
    assertFalse(RedisGlob.matches("[", "x"));
    assertTrue(RedisGlob.matches("a\\", "a\\"));      // trailing backslash is literal
    assertTrue(RedisGlob.matches("a**", "a"));
    assertTrue(RedisGlob.matches("[\\]]", "]"));
    assertTrue(RedisGlob.matches("é*", "été"));       // bytes, UTF-8
  }

  @Test
  void manyStars_stayFast() {
    String pattern = "*a".repeat(5000) + "*b";
    String subject = "a".repeat(20000);
    long start = System.nanoTime();
    assertFalse(RedisGlob.matches(pattern, subject));
    assertTrue(System.nanoTime() - start < 2_000_000_000L);
  }
}
