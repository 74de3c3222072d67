package dev.thalos.redis.security.cli;

import dev.thalos.redis.security.internal.ControlCharacters;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes files only their owner may read (mode 0600): created with that mode from the start (never
 * world-readable for an instant), then moved into place.
 */
final class PrivateFiles {

  private PrivateFiles() {}

  /**
   * Writes {@code content} to {@code file} with mode 0600.
   *
   * @throws UncheckedIOException if {@code file} exists and {@code overwrite} is false, or writing fails
   */
  static void write(Path file, byte[] content, boolean overwrite) {
    if (!overwrite && Files.exists(file)) {
      throw new UncheckedIOException(
          "refusing to overwrite " + ControlCharacters.escape(file.toString()) + " (use --force)",
          new FileAlreadyExistsException(file.toString()));
    }
    Path dir = file.toAbsolutePath().getParent();
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    Path tmp = null;
    try {
      tmp = posix
          ? Files.createTempFile(dir, ".thalos-", ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
          : Files.createTempFile(dir, ".thalos-", ".tmp");
      try (OutputStream os = Files.newOutputStream(tmp, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING)) {
        os.write(content);
      }
      if (overwrite) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } else {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      }
      tmp = null;
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("cannot write " + ControlCharacters.escape(file.toString())
          + ": directory " + ControlCharacters.escape(dir.toString()) + " does not exist", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + ControlCharacters.escape(file.toString()) + ": "
          + ControlCharacters.escape(String.valueOf(e.getMessage())), e);
    } finally {
      if (tmp != null) {
        try {
          Files.deleteIfExists(tmp);
        } catch (IOException ignored) {
          // best effort
        }
      }
    }
  }
}
