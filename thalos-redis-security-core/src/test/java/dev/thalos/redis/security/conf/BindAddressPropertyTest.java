package dev.thalos.redis.security.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;

/** Hostile input for {@link BindAddress#parse}: it classifies or throws IllegalArgumentException, nothing else. */
@Tag("unit")
class BindAddressPropertyTest {

  @Property
  void anyBindArgument_isClassifiedOrRejectedWithIllegalArgumentException(@ForAll("bindLike") String text) {
    try {
      BindAddress address = BindAddress.parse(text);
      assertNotNull(address.host());
      assertEquals(text.startsWith("-"), address.optional());
    } catch (IllegalArgumentException expected) {
      // the documented failure
    }
  }

  @Provide
  Arbitrary<String> bindLike() {
    Arbitrary<String> addressy = Arbitraries.strings().withChars("-0123456789abcdefABCDEF.:%*/[]x ").ofMaxLength(45);
    return Arbitraries.oneOf(addressy, Arbitraries.strings().ofMaxLength(60),
        Arbitraries.integers().between(0, 300).list().ofMinSize(1).ofMaxSize(6)
            .map(parts -> String.join(".", parts.stream().map(String::valueOf).toList())),
        Arbitraries.integers().between(0, 0x1ffff).list().ofMinSize(1).ofMaxSize(9)
            .map(parts -> String.join(":", parts.stream().map(Integer::toHexString).toList())));
  }
}
