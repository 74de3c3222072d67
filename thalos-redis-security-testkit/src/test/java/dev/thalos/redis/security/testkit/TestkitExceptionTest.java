package dev.thalos.redis.security.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class TestkitExceptionTest {

  @Test
  void reasonMessageAndCause_areKept() {
    IOException cause = new IOException("boom");
    TestkitException e = new TestkitException("redis.io", "cannot write x", cause);
    assertEquals("redis.io", e.reason());
    assertEquals("cannot write x", e.getMessage());
    assertSame(cause, e.getCause());
    assertNull(new TestkitException("resp.io", "m").getCause());
  }

  @Test
  void missingReason_isAProgrammingError() {
    assertThrows(NullPointerException.class, () -> new TestkitException(null, "m"));
  }
}
