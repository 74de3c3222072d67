package dev.thalos.redis.security.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What the runnable jar carries: no test framework. The {@code demo} command uses the test kit to start its
 * redis-servers, and the test kit's JUnit extension must not drag JUnit into the jar.
 */
@Tag("integration")
class ShadedJarIT {

  /** Packages of JUnit 5 and the libraries it brings along. */
  private static final List<String> TEST_LIBRARIES = List.of("org/junit/", "org/opentest4j/", "org/apiguardian/");

  @Test
  void shadedJar_carriesNoJUnit_andNoClassInItReferencesJUnit() throws IOException {
    List<String> found = new ArrayList<>();
    int classes = 0;
    try (JarFile jar = new JarFile(JarProcess.jar().toFile())) {
      for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
        JarEntry e = entries.nextElement();
        String name = e.getName();
        if (TEST_LIBRARIES.stream().anyMatch(p -> name.startsWith(p) || name.contains("/" + p))
            || name.startsWith("META-INF/maven/org.junit") || name.contains("junit-jupiter")) {
          found.add(name);
          continue;
        }
        if (name.endsWith(".class")) {
          classes++;
          if (references(jar, e, "org/junit/")) {
            found.add(name + " (refers to org/junit/)");
          }
        }
      }
    }
    assertEquals(List.of(), found.subList(0, Math.min(found.size(), 20)), found.size() + " JUnit entries");
    assertTrue(classes > 1000, "the jar should hold the whole application, found " + classes + " classes");
  }

  /** Whether the class file names {@code internalName}: its constant pool holds type names as plain text. */
  private static boolean references(JarFile jar, JarEntry entry, String internalName) throws IOException {
    try (InputStream in = jar.getInputStream(entry)) {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1).contains(internalName);
    }
  }
}
