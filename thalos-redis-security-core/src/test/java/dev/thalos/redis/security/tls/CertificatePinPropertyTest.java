package dev.thalos.redis.security.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Base64;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.Size;

/** Hostile input for {@link CertificatePin#parse}: only IllegalArgumentException, and exact round trips. */
@Tag("unit")
class CertificatePinPropertyTest {

  @Property
  void anyText_parsesOrThrowsOnlyIllegalArgumentException(@ForAll("pinLike") String text) {
    try {
      CertificatePin pin = CertificatePin.parse(text);
      assertEquals(32, pin.sha256().length);
    } catch (IllegalArgumentException expected) {
      // the documented failure
    }
  }

  @Property
  void any32Bytes_roundTripThroughTheirText(@ForAll @Size(32) byte[] hash) {
    CertificatePin pin = CertificatePin.parse("sha256/" + Base64.getEncoder().encodeToString(hash));

    assertArrayEquals(hash, pin.sha256());
    assertEquals(pin, CertificatePin.parse(pin.toString()));
  }

  @Provide
  Arbitrary<String> pinLike() {
    Arbitrary<String> base64ish = Arbitraries.strings().withChars("ABCxyz0129+/=-_ \n\u0000\u00e9").ofMaxLength(60);
    return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(80), base64ish.map(s -> "sha256/" + s),
        Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(40)
            .map(b -> "sha256/" + Base64.getEncoder().encodeToString(b)));
  }
}
