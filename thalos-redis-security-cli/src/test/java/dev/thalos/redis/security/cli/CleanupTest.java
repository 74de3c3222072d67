package dev.thalos.redis.security.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class CleanupTest {

  @Test
  void closesInReverseOrder_exactlyOnce_evenWhenOneFails() {
    List<String> closed = new ArrayList<>();
    Cleanup cleanup = new Cleanup();
    cleanup.add(() -> closed.add("first"));
    cleanup.add(() -> {
      closed.add("failing");
      throw new IllegalStateException("boom");
    });
    cleanup.add(() -> closed.add("last"));
    cleanup.close();
    cleanup.close();
    assertEquals(List.of("last", "failing", "first"), closed);
    assertEquals(1, cleanup.failures());
  }

  @Test
  void resourceAddedAfterCleanup_isClosedAtOnce() {
    List<String> closed = new ArrayList<>();
    Cleanup cleanup = new Cleanup();
    cleanup.close();
    cleanup.add(() -> closed.add("late"));
    assertEquals(List.of("late"), closed);
  }

  @Test
  void closeNow_closesOneResource_andForgetsIt() {
    List<String> closed = new ArrayList<>();
    Cleanup cleanup = new Cleanup();
    AutoCloseable a = () -> closed.add("a");
    cleanup.add(a);
    cleanup.add(() -> closed.add("b"));
    cleanup.closeNow(a);
    cleanup.close();
    assertEquals(List.of("a", "b"), closed);
  }
}
