package dev.thalos.redis.security.tls;

import dev.thalos.redis.security.internal.ControlCharacters;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads certificate, key and key store files with a size limit; hashes content for re-read caching. */
final class MaterialFile {

  static final int MAX_BYTES = 8 * 1024 * 1024;

  private static final Logger LOG = LoggerFactory.getLogger(MaterialFile.class);

  private MaterialFile() {}

  /** {@code file} as messages and logs quote it: control characters escaped. */
  static String shown(Path file) {
    return ControlCharacters.escape(file.toString());
  }

  /** Logs a warning when {@code file} (a private key) can be read by users other than its owner. */
  static void warnIfReadableByOthers(Path file, String field) {
    PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (posix == null) {
      return;
    }
    try {
      Set<PosixFilePermission> permissions = posix.readAttributes().permissions();
      if (permissions.contains(PosixFilePermission.OTHERS_READ)) {
        String shown = shown(file);
        LOG.warn("{} file {} is readable by every user ({}); restrict it with 'chmod 600 {}'", field, shown,
            PosixFilePermissions.toString(permissions), shown);
      }
    } catch (IOException e) {
      // the content was just read; a failure to read attributes is not worth more than silence
    }
  }

  static byte[] read(Path file, String field) {
    if (!Files.isRegularFile(file)) {
      throw new TlsMaterialException(
          TlsMaterialException.FILE_MISSING,
          "cannot read " + field + ": file " + shown(file) + " does not exist or is not a regular file");
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new TlsMaterialException(
            TlsMaterialException.FILE_UNREADABLE,
            "cannot read " + field + ": file " + shown(file) + " is larger than " + MAX_BYTES + " bytes");
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new TlsMaterialException(
          TlsMaterialException.FILE_MISSING,
          "cannot read " + field + ": file " + shown(file) + " does not exist",
          e);
    } catch (IOException e) {
      throw new TlsMaterialException(
          TlsMaterialException.FILE_UNREADABLE,
          "cannot read " + field + " from " + shown(file) + ": " + ControlCharacters.escape(e.toString()),
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
