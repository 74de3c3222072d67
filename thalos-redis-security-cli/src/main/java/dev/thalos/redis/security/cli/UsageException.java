package dev.thalos.redis.security.cli;

/** Arguments that parse but do not fit together; exit code {@link ExitCodes#ERROR}. */
final class UsageException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  UsageException(String message) {
    super(message);
  }
}
