package dev.thalos.redis.security.cli;

import dev.thalos.redis.security.ThalosSecurityException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.ParseResult;

/**
 * Maps failures to {@link ExitCodes} and prints them as one clear line on standard error: the command, the message
 * and, for the library's domain exceptions, the stable reason code. Only a defect ({@link ExitCodes#INTERNAL_ERROR})
 * prints a stack trace. Messages of the library never contain secrets, so they are printed as they are.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IExitCodeExceptionMapper {

  @Override
  public int getExitCode(Throwable t) {
    if (t instanceof CommandLine.ParameterException || t instanceof UsageException) {
      return ExitCodes.ERROR;
    }
    if (t instanceof ThalosSecurityException || t instanceof UncheckedIOException
        || t instanceof IllegalArgumentException) {
      return ExitCodes.ERROR;
    }
    return ExitCodes.INTERNAL_ERROR;
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    int code = getExitCode(ex);
    String name = cmd.getCommandSpec().qualifiedName();
    StringBuilder line = new StringBuilder(name).append(": ");
    if (ex instanceof ThalosSecurityException) {
      line.append(ex.getMessage()).append(" [").append(((ThalosSecurityException) ex).reason()).append(']');
    } else if (ex instanceof UncheckedIOException && ex.getCause() != null) {
      line.append(ex.getMessage());
    } else if (code == ExitCodes.INTERNAL_ERROR) {
      line.append("internal error: ").append(ex);
    } else {
      line.append(ex.getMessage());
    }
    cmd.getErr().println(line);
    if (ex instanceof UsageException) {
      cmd.getErr().println("Try '" + name + " --help' for more information.");
    }
    if (code == ExitCodes.INTERNAL_ERROR) {
      ex.printStackTrace(cmd.getErr());
    }
    cmd.getErr().flush();
    return code;
  }
}
