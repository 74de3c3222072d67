package dev.thalos.redis.security.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** Fixtures: the ACL the Thalos docs recommend, a weak and a hardened redis.conf. */
final class TestFiles {

  /** redis/security/acl.md of the Thalos docs. */
  static final String THALOS_DOCS_ACL = String.join("\n",
      "user default on >client_password resetchannels &ship::* +@connection +subscribe",
      "user admin on >admin_password ~* &* +@all",
      "user thalos on >server_password resetchannels &ship::* ~thalos::* +@connection +@read +@write +publish",
      "");

  /** A least-privilege ACL for namespace ship::wax (hashes of throwaway passwords). */
  static final String LEAST_PRIVILEGE_ACL = String.join("\n",
      "user default off resetchannels -@all",
      "user thalos on #" + "a".repeat(64)
          + " ~thalos::cache::* resetchannels &ship::wax::* -@all +publish +ping +get +set",
      "user wax-reader on #" + "b".repeat(64) + " resetchannels &ship::wax::* -@all +subscribe +unsubscribe +ping",
      "user admin on #" + "c".repeat(64) + " ~* &* +@all",
      "");

  private TestFiles() {}

  static Path write(Path file, String text) {
    try {
      Files.writeString(file, text);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A redis.conf open to every interface, plaintext, with the Thalos docs' ACL. */
  static Path weakConf(Path dir) {
    write(dir.resolve("users.acl"), THALOS_DOCS_ACL);
    return write(dir.resolve("redis.conf"), "bind * -::*\nport 6379\naclfile users.acl\n");
  }

  /** A TLS-only, loopback redis.conf with a least-privilege ACL. */
  static Path hardenedConf(Path dir) {
    write(dir.resolve("users.acl"), LEAST_PRIVILEGE_ACL);
    return write(dir.resolve("redis.conf"), String.join("\n",
        "bind 127.0.0.1 -::1",
        "port 0",
        "tls-port 6380",
        "tls-cert-file /etc/redis/tls/redis.crt",
        "tls-key-file /etc/redis/tls/redis.key",
        "tls-ca-cert-file /etc/redis/tls/ca.crt",
        "tls-auth-clients yes",
        "tls-protocols \"TLSv1.2 TLSv1.3\"",
        "tls-ciphers \"ECDHE+AESGCM:ECDHE+CHACHA20\"",
        "aclfile users.acl",
        "client-output-buffer-limit pubsub 32mb 8mb 60",
        ""));
  }
}
