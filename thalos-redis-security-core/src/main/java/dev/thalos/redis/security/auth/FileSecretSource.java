package dev.thalos.redis.security.auth;

import dev.thalos.redis.security.internal.ControlCharacters;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/** A secret read from a file on each use: owner-only permissions, one trailing line break trimmed. */
final class FileSecretSource implements SecretSource {

  static final int MAX_BYTES = 64 * 1024;

  private static final Set<PosixFilePermission> GROUP_OR_OTHERS =
      EnumSet.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  private final Path file;
  /** The path as messages quote it: control characters escaped. */
  private final String shown;

  FileSecretSource(Path file) {
    this.file = file;
    this.shown = ControlCharacters.escape(file.toString());
  }

  @Override
  public Secret resolve() {
    if (!Files.isRegularFile(file)) {
      throw new CredentialsException(
          CredentialsException.FILE_MISSING,
          "secret file " + shown + " does not exist or is not a regular file");
    }
    checkPermissions();
    byte[] bytes = read();
    try {
      int length = bytes.length;
      if (length > 0 && bytes[length - 1] == '\n') {
        length--;
        if (length > 0 && bytes[length - 1] == '\r') {
          length--;
        }
      }
      if (length == 0) {
        throw new CredentialsException(
            CredentialsException.SECRET_EMPTY, "secret file " + shown + " is empty");
      }
      return Secret.adopt(decode(bytes, length));
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private void checkPermissions() {
    PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (posix == null) {
      return; // no POSIX permissions on this file system (e.g. Windows ACLs): nothing to check here
    }
    Set<PosixFilePermission> permissions;
    try {
      permissions = posix.readAttributes().permissions();
    } catch (IOException e) {
      throw new CredentialsException(
          CredentialsException.FILE_UNREADABLE,
          "cannot read the permissions of secret file " + shown + ": "
              + ControlCharacters.escape(String.valueOf(e.getMessage())),
          e);
    }
    Set<PosixFilePermission> excess = EnumSet.noneOf(PosixFilePermission.class);
    excess.addAll(permissions);
    excess.retainAll(GROUP_OR_OTHERS);
    if (!excess.isEmpty()) {
      throw new CredentialsException(
          CredentialsException.FILE_PERMISSIONS,
          "refusing secret file "
              + shown
              + ": mode "
              + octal(permissions)
              + " ("
              + PosixFilePermissions.toString(permissions)
              + ") lets its group or others access it; restrict it with 'chmod 600 "
              + shown
              + "'");
    }
  }

  static String octal(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (PosixFilePermission p : permissions) {
      mode |= 1 << (8 - p.ordinal());
    }
    return String.format("%04o", mode);
  }

  private byte[] read() {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        Arrays.fill(bytes, (byte) 0);
        throw new CredentialsException(
            CredentialsException.FILE_UNREADABLE,
            "secret file " + shown + " is larger than " + MAX_BYTES + " bytes");
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw new CredentialsException(
          CredentialsException.FILE_MISSING, "secret file " + shown + " does not exist", e);
    } catch (IOException e) {
      throw new CredentialsException(
          CredentialsException.FILE_UNREADABLE,
          "cannot read secret file " + shown + ": " + e.getClass().getSimpleName(),
          e);
    }
  }

  private char[] decode(byte[] bytes, int length) {
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    CharBuffer decoded;
    try {
      decoded = decoder.decode(ByteBuffer.wrap(bytes, 0, length));
    } catch (CharacterCodingException e) {
      // the exception carries only a position, no content
      throw new CredentialsException(
          CredentialsException.FILE_UNREADABLE, "secret file " + shown + " is not valid UTF-8");
    }
    char[] chars = new char[decoded.remaining()];
    decoded.get(chars);
    if (decoded.hasArray()) {
      Arrays.fill(decoded.array(), '\0');
    }
    return chars;
  }

  @Override
  public String description() {
    return "file " + shown;
  }

  @Override
  public String toString() {
    return description();
  }
}
