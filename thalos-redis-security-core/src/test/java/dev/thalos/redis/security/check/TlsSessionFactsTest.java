package dev.thalos.redis.security.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class TlsSessionFactsTest {

  @Test
  void facts_roundTripThroughMutate() {
    TlsSessionFacts f = TlsSessionFacts.builder().protocol("TLSv1.3").cipherSuite("TLS_AES_128_GCM_SHA256")
        .peerVerified(true).hostnameVerified(true).build();
    TlsSessionFacts g = f.mutate().clientCertificateSent(true).build();
    assertEquals("TLSv1.3", g.protocol());
    assertTrue(g.peerVerified() && g.hostnameVerified() && g.clientCertificateSent());
    assertTrue(g.peerCertificates().isEmpty());
  }

  @Test
  void missingProtocol_isRejectedAtBuild() {
    assertThrows(IllegalStateException.class, () -> TlsSessionFacts.builder().cipherSuite("x").build());
    assertThrows(IllegalArgumentException.class, () -> TlsSessionFacts.builder().protocol(" "));
  }
}
