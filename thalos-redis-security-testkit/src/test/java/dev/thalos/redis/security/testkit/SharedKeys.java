package dev.thalos.redis.security.testkit;

import java.security.KeyPair;

/** Key pairs shared by tests that do not care about key freshness: RSA generation is slow on a busy machine. */
final class SharedKeys {

  static final KeyPair RSA = KeyAlgorithm.RSA_2048.generate();
  static final KeyPair EC = KeyAlgorithm.EC_P256.generate();

  private SharedKeys() {}
}
