package dev.thalos.redis.security.acl;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The ACLs Thalos itself recommends, as test fixtures: {@code thalos-docs-users.acl} is the example of the
 * Thalos documentation (redis/security/acl.md), {@code thalos-tools-users.acl} what {@code thalos-tools
 * redis-acl} prints (with hashes of dummy passwords).
 */
final class ThalosFixtures {

  private ThalosFixtures() {
  }

  static String text(String resource) {
    try (InputStream in = ThalosFixtures.class.getResourceAsStream(resource)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<AclUser> docs() {
    return AclParser.redis7().parseAclFile(text("thalos-docs-users.acl"));
  }

  static List<AclUser> tools() {
    return AclParser.redis7().parseAclFile(text("thalos-tools-users.acl"));
  }

  static AclUser user(List<AclUser> users, String name) {
    return users.stream().filter(u -> u.name().equals(name)).findFirst().orElseThrow();
  }
}
