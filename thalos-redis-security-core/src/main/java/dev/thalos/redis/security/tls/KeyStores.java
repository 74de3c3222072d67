package dev.thalos.redis.security.tls;

import dev.thalos.redis.security.auth.Secret;
import dev.thalos.redis.security.auth.SecretSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.UnrecoverableKeyException;
import java.util.Arrays;

/** Loads PKCS12 and JKS key stores from bytes with a password from a {@link SecretSource}. */
final class KeyStores {

  private KeyStores() {}

  /** The result of loading: the store and the password it was opened with (caller wipes it). */
  static final class Opened implements AutoCloseable {
    final KeyStore store;
    final char[] password;

    Opened(KeyStore store, char[] password) {
      this.store = store;
      this.password = password;
    }

    @Override
    public void close() {
      Arrays.fill(password, '\0');
    }
  }

  static Opened open(byte[] bytes, String type, SecretSource password, String field, String origin) {
    char[] chars;
    try (Secret secret = password.resolve()) {
      chars = secret.reveal();
    }
    try {
      KeyStore store = KeyStore.getInstance(type);
      store.load(new ByteArrayInputStream(bytes), chars);
      return new Opened(store, chars);
    } catch (IOException e) {
      Arrays.fill(chars, '\0');
      if (e.getCause() instanceof UnrecoverableKeyException) {
        throw new TlsMaterialException(
            TlsMaterialException.KEYSTORE_PASSWORD_WRONG,
            "failed to decode " + field + " from " + origin + ": wrong " + type + " password (from "
                + password.description() + ")",
            e);
      }
      throw new TlsMaterialException(
          TlsMaterialException.KEYSTORE_UNREADABLE,
          "failed to decode " + field + " from " + origin + ": not a readable " + type + " key store: "
              + e.getMessage(),
          e);
    } catch (GeneralSecurityException | RuntimeException e) {
      Arrays.fill(chars, '\0');
      throw new TlsMaterialException(
          TlsMaterialException.KEYSTORE_UNREADABLE,
          "failed to decode " + field + " from " + origin + ": not a readable " + type + " key store: "
              + e.getMessage(),
          e);
    }
  }
}
