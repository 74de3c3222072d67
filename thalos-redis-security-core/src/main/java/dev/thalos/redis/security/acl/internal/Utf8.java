package dev.thalos.redis.security.acl.internal;

import java.nio.charset.StandardCharsets;

/** UTF-8 bytes of a string. */
final class Utf8 {

  private Utf8() {
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
