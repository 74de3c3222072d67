package dev.thalos.redis.security.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.thalos.redis.security.ThalosSecurityException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

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
}
