package dev.thalos.redis.security.testkit;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that gives a test class a real {@link RedisServer}: one for the whole class
 * ({@link #perClass}) or a fresh one for every test ({@link #perTest}). The server is closed — process
 * stopped, directory removed — after the class or the test; when a test fails, the last lines of the server log
 * are published as a report entry {@code redis.log}.
 *
 * <pre>{@code
 * @Tag("integration")
 * class AclTest {
 *
 *   @RegisterExtension
 *   static RedisServerExtension redis = RedisServerExtension.perClass(b -> b
 *       .aclUsers("user alice on >alice-pw ~thalos::* &thalos::* +@read"));
 *
 *   @Test
 *   void aliceMayRead() {
 *     try (RespClient alice = redis.server().connect("alice", "alice-pw")) {
 *       assertEquals("alice", alice.command("ACL", "WHOAMI"));
 *     }
 *   }
 *
 *   @Test
 *   void serverAsParameter(RedisServer server) {   // the same server, injected
 *     assertTrue(server.isRunning());
 *   }
 * }
 * }</pre>
 *
 * <p>{@code perClass} must be registered on a {@code static} field; {@code perTest} works on static and instance
 * fields. Test methods and lifecycle methods may declare a {@link RedisServer} parameter (when a class registers
 * several of these extensions, use {@link #server()} instead). Not meant for test methods of one class running
 * in parallel.
 */
public final class RedisServerExtension
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {

  private static final int REPORTED_LOG_LINES = 30;

  private final boolean perClass;
  private final Consumer<RedisServer.Builder> customizer;
  private volatile RedisServer server;

  private RedisServerExtension(boolean perClass, Consumer<RedisServer.Builder> customizer) {
    this.perClass = perClass;
    this.customizer = Objects.requireNonNull(customizer, "customizer must not be null");
  }

  /** One server with the kit's defaults for all tests of the class. */
  public static RedisServerExtension perClass() {
    return perClass(builder -> { });
  }

  /** One server for all tests of the class, configured by {@code customizer}. */
  public static RedisServerExtension perClass(Consumer<RedisServer.Builder> customizer) {
    return new RedisServerExtension(true, customizer);
  }

  /** A fresh server with the kit's defaults for every test. */
  public static RedisServerExtension perTest() {
    return perTest(builder -> { });
  }

  /** A fresh server for every test, configured by {@code customizer}. */
  public static RedisServerExtension perTest(Consumer<RedisServer.Builder> customizer) {
    return new RedisServerExtension(false, customizer);
  }

  /**
   * The running server of the current class or test.
   *
   * @throws IllegalStateException outside of a test's lifecycle
   */
  public RedisServer server() {
    RedisServer current = server;
    if (current == null) {
      throw new IllegalStateException("no Redis server: the extension is not registered or the "
          + (perClass ? "class" : "test") + " is not running");
    }
    return current;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    if (perClass) {
      server = start();
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (perClass) {
      closeServer();
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    if (perClass) {
      if (server == null) {
        throw new IllegalStateException(
            "RedisServerExtension.perClass() must be registered on a static field (or use perTest())");
      }
      if (!server.isRunning()) {
        server.restart();
      }
    } else {
      server = start();
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    if (context.getExecutionException().isPresent() && server != null) {
      List<String> lines = server.logLines();
      List<String> tail = lines.subList(Math.max(0, lines.size() - REPORTED_LOG_LINES), lines.size());
      context.publishReportEntry("redis.log", String.join("\n", tail));
    }
    if (!perClass) {
      closeServer();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == RedisServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    RedisServer current = server;
    if (current == null) {
      throw new ParameterResolutionException("no Redis server yet: a perTest() server exists only from"
          + " @BeforeEach on; a perClass() extension must be on a static field");
    }
    return current;
  }

  @Override
  public String toString() {
    return "RedisServerExtension[" + (perClass ? "perClass" : "perTest") + ", " + server + "]";
  }

  private RedisServer start() {
    RedisServer.Builder builder = RedisServer.builder();
    customizer.accept(builder);
    return builder.start();
  }

  private void closeServer() {
    RedisServer current = server;
    server = null;
    if (current != null) {
      current.close();
    }
  }
}
