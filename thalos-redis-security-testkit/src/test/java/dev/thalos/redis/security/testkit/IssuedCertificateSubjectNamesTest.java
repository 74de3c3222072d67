package dev.thalos.redis.security.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Properties of {@link IssuedCertificate}'s subject alternative names. */
@Tag("unit")
class IssuedCertificateSubjectNamesTest {

  private static final CertificateAuthority CA = CertificateAuthority.create("Names Test CA");

  @Property(tries = 50)
  void ipv4SubjectAlternativeNames_roundTrip(
      @ForAll @Size(min = 1, max = 3) List<@IntRange(min = 0, max = 255) Integer> lastOctets) throws Exception {
    String[] names = lastOctets.stream().map(o -> "192.0.2." + o).distinct().toArray(String[]::new);
    X509Certificate certificate = CA.serverCertificate().keyPair(SharedKeys.EC).subjectAlternativeNames(names).build().certificate();
    List<String> actual = new ArrayList<>();
    for (List<?> name : certificate.getSubjectAlternativeNames()) {
      assertEquals(7, name.get(0));
      actual.add(name.get(1).toString());
    }
    assertEquals(List.of(names), actual);
  }
}
