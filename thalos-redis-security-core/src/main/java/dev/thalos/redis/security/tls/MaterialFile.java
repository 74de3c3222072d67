package dev.thalos.redis.security.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Reads certificate, key and key store files with a size limit; hashes content for re-read caching. */
final class MaterialFile {

  static final int MAX_BYTES = 8 * 1024 * 1024;

  private MaterialFile() {}

  static byte[] read(Path file, String field) {
    if (!Files.isRegularFile(file)) {
      throw new TlsMaterialException(
          TlsMaterialException.FILE_MISSING,
          "cannot read " + field + ": file " + file + " does not exist or is not a regular file");
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new TlsMaterialException(
            TlsMaterialException.FILE_UNREADABLE,
            "cannot read " + field + ": file " + file + " is larger than " + MAX_BYTES + " bytes");
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new TlsMaterialException(
          TlsMaterialException.FILE_MISSING,
          "cannot read " + field + ": file " + file + " does not exist",
          e);
    } catch (IOException e) {
      throw new TlsMaterialException(
          TlsMaterialException.FILE_UNREADABLE,
          "cannot read " + field + " from " + file + ": " + e,
          e);
    }
  }

  /** SHA-256 over the given parts, each prefixed by its length. */
  static byte[] digest(byte[]... parts) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      for (byte[] part : parts) {
        int n = part == null ? -1 : part.length;
        sha.update(new byte[] {(byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
        if (part != null) {
          sha.update(part);
        }
      }
      return sha.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
