package dev.thalos.redis.security.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.thalos.redis.security.ThalosSecurityException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

@Tag("unit")
class ErrorHandlerTest {

  private final ErrorHandler handler = new ErrorHandler();

  @Test
  void environmentAndUsageFailures_exitTwo_defectsExitThree() {
    assertEquals(ExitCodes.ERROR, handler.getExitCode(new ThalosSecurityException("connection.refused", "x")));
    assertEquals(ExitCodes.ERROR, handler.getExitCode(new UsageException("x")));
    assertEquals(ExitCodes.ERROR, handler.getExitCode(new IllegalArgumentException("x")));
    assertEquals(ExitCodes.ERROR, handler.getExitCode(new UncheckedIOException(new IOException("x"))));
    assertEquals(ExitCodes.INTERNAL_ERROR, handler.getExitCode(new NullPointerException()));
    assertEquals(ExitCodes.INTERNAL_ERROR, handler.getExitCode(new IllegalStateException("bug")));
  }

  @Test
  void everyPrintedLine_hasItsControlCharactersEscaped() {
    StringWriter err = new StringWriter();
    CommandLine cmd = Main.newCommandLine(new PrintWriter(new StringWriter()), new PrintWriter(err));
    for (Exception e : new Exception[] {new IllegalArgumentException(LogInjection.INJECTED),
        new UsageException(LogInjection.INJECTED), new ThalosSecurityException("x.y", LogInjection.INJECTED),
        new UncheckedIOException(LogInjection.INJECTED, new IOException(LogInjection.INJECTED))}) {
      err.getBuffer().setLength(0);
      assertEquals(ExitCodes.ERROR, handler.handleExecutionException(e, cmd, null));
      LogInjection.assertEscaped(err.toString());
    }
  }

  @Test
  void printable_redactsPasswordOptionValues_andEscapes() {
    String[] args = {"conf", "audit", "--password=Kn0wn-1", "--sentinel-password", "Kn0wn-2", "x\r.conf"};
    assertEquals("Unknown options: '--password=****', '--sentinel-password', '****', 'x\\u000d.conf'",
        ErrorHandler.printable("Unknown options: '--password=Kn0wn-1', '--sentinel-password', 'Kn0wn-2', "
            + "'x\r.conf'", args));
    assertEquals("Unknown option: '--password-file=f'", ErrorHandler.printable("Unknown option: '--password-file=f'",
        new String[] {"--password-file=f"}));
  }
}
