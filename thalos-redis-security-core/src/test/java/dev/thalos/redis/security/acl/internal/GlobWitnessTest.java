package dev.thalos.redis.security.acl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.channel.GlobPattern;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class GlobWitnessTest {

  private static final String ALPHABET = "ab:";
  private static final List<String> NAMES = names("ab:x^-\\[]*?", 3, "ab:x", 4);

  @Test
  void namespacePattern_admitsNothingOutsideItsNamespace() {
    assertNull(GlobWitness.outside("ship::wax::*", List.of("ship::wax::")));
    assertEquals("ship::x", GlobWitness.outside("ship::*", List.of("ship::wax::")));
  }

  @Test
  void severalPrefixes_witnessAvoidsAllOfThem() {
    String w = GlobWitness.outside("ship::*", List.of("ship::wax::", "ship::eos::"));
    assertFalse(w.startsWith("ship::wax::") || w.startsWith("ship::eos::"));
    assertNull(GlobWitness.outside("ship::[we][ao][xs]::*", List.of("ship::wax::", "ship::eos::", "ship::eax::",
        "ship::was::", "ship::eas::", "ship::wos::", "ship::eox::", "ship::wox::")));
  }

  @Test
  void emptyNameNeverCounts_andUnmatchablePatternsHaveNoWitness() {
    assertNull(GlobWitness.outside("[", List.of("x")));
    assertNull(GlobWitness.outside("[]", List.of("x")));
    assertEquals("x", GlobWitness.outside("*", List.of()));
  }

  @Test
  void longPatterns_doNotOverflowTheStack() {
    String longLiteral = "ship::wax::" + "a".repeat(200_000);
    assertNull(GlobWitness.outside(longLiteral + "*", List.of("ship::wax::")));
    assertEquals("x", GlobWitness.outside("*" + "?".repeat(50_000), List.of("ship::")).substring(0, 1));
  }

  @Provide
  Arbitrary<String> patterns() {
    return Arbitraries.strings().withChars("ab:*?[]^-\\").ofMaxLength(7);
  }

  @Provide
  Arbitrary<String> prefixes() {
    return Arbitraries.strings().withChars(ALPHABET).ofMinLength(1).ofMaxLength(3);
  }

  /** Sound and complete against brute force over short names from the pattern's own characters. */
  @Property
  void witness_existsExactlyWhenSomeShortNameOutsideMatches(@ForAll("patterns") String pattern,
      @ForAll("prefixes") String prefix) {
    String w = GlobWitness.outside(pattern, List.of(prefix));
    if (w != null) {
      assertTrue(GlobPattern.of(pattern).matches(w), pattern + " / " + w);
      assertFalse(w.startsWith(prefix));
      return;
    }
    for (String s : NAMES) {
      if (!s.startsWith(prefix)) {
        assertFalse(GlobPattern.of(pattern).matches(s), "missed witness " + s + " for " + pattern + " / " + prefix);
      }
    }
  }

  /** Every name up to {@code maxLen} over {@code chars}, plus every name of {@code longLen} over {@code few}. */
  private static List<String> names(String chars, int maxLen, String few, int longLen) {
    List<String> out = new ArrayList<>();
    List<String> level = List.of("");
    for (int len = 1; len <= maxLen; len++) {
      level = extend(level, chars);
      out.addAll(level);
    }
    List<String> longer = List.of("");
    for (int len = 1; len <= longLen; len++) {
      longer = extend(longer, few);
    }
    out.addAll(longer);
    return out;
  }

  private static List<String> extend(List<String> level, String chars) {
    List<String> next = new ArrayList<>();
    for (String s : level) {
      for (char c : chars.toCharArray()) {
        next.add(s + c);
      }
    }
    return next;
  }
}
