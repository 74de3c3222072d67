package dev.thalos.redis.security.cli;

import dev.thalos.redis.security.ThalosSecurityException;
import dev.thalos.redis.security.internal.ControlCharacters;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Maps failures to {@link ExitCodes} and prints them as one clear line on standard error: the command, the message
 * and, for the library's domain exceptions, the stable reason code. Only a defect ({@link ExitCodes#INTERNAL_ERROR})
 * prints a stack trace. Messages of the library never contain secrets, so they are printed as they are; every
 * line has its control characters escaped, so that an argument cannot forge output lines or drive the terminal.
 *
 * <p>Arguments picocli cannot parse are reported like picocli does (the message, then suggestions or the usage),
 * escaped too, with the value of any {@code --...password} or {@code --...password-env} option replaced by
 * {@code ****}: a password typed where no command takes one (or where the name of its environment variable
 * belongs) is never echoed.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IExitCodeExceptionMapper, IParameterExceptionHandler {

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
    cmd.getErr().println(ControlCharacters.escape(line.toString()));
    if (ex instanceof UsageException) {
      cmd.getErr().println("Try '" + name + " --help' for more information.");
    }
    if (code == ExitCodes.INTERNAL_ERROR) {
      ex.printStackTrace(cmd.getErr());
    }
    cmd.getErr().flush();
    return code;
  }

  @Override
  public int handleParseException(CommandLine.ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    PrintWriter err = cmd.getErr();
    err.println(cmd.getColorScheme().errorText(printable(ex.getMessage(), args)));
    if (!CommandLine.UnmatchedArgumentException.printSuggestions(ex, err)) {
      cmd.usage(err, cmd.getColorScheme());
    }
    err.flush();
    return getExitCode(ex);
  }

  /**
   * {@code message} with the value of every {@code --...password} or {@code --...password-env} option in
   * {@code args} (as {@code --x=value} or as the next argument) replaced by {@code ****}, then with its control
   * characters escaped.
   */
  static String printable(String message, String[] args) {
    String m = message;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      int eq = arg.indexOf('=');
      String option = eq < 0 ? arg : arg.substring(0, eq);
      if (!option.startsWith("--") || !(option.endsWith("password") || option.endsWith("password-env"))) {
        continue;
      }
      if (eq >= 0 && eq + 1 < arg.length()) {
        m = m.replace(arg, option + "=****");
      } else if (eq < 0 && i + 1 < args.length && !args[i + 1].isEmpty()) {
        m = m.replace("'" + args[i + 1] + "'", "'****'");
      }
    }
    return ControlCharacters.escape(m);
  }
}
