package dev.thalos.redis.security.check;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.internal.LogInjection;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class CidrTest {

  @Test
  void ipv4Networks_containTheirAddressesOnly() {
    Cidr net = Cidr.parse("10.0.0.0/8");
    assertTrue(net.contains("10.255.3.4"));
    assertFalse(net.contains("11.0.0.1"));
    assertTrue(Cidr.parse("192.168.1.0/25").contains("192.168.1.127"));
    assertFalse(Cidr.parse("192.168.1.0/25").contains("192.168.1.128"));
    assertTrue(Cidr.parse("0.0.0.0/0").contains("8.8.8.8"));
    assertTrue(Cidr.parse("127.0.0.1").contains("127.0.0.1"));
    assertFalse(Cidr.parse("127.0.0.1").contains("127.0.0.2"));
  }

  @Test
  void ipv6Networks_andMappedIpv4_areHandled() {
    assertTrue(Cidr.parse("fd00::/8").contains("fd12:3456::1"));
    assertFalse(Cidr.parse("fd00::/8").contains("fe80::1"));
    assertTrue(Cidr.parse("::1/128").contains("::1"));
    assertTrue(Cidr.parse("10.0.0.0/8").contains("::ffff:10.1.2.3"));
    assertFalse(Cidr.parse("10.0.0.0/8").contains("fd00::1"));
  }

  @Test
  void namesAndMalformedNetworks_areRejected_neverResolved() {
    assertThrows(IllegalArgumentException.class, () -> Cidr.parse("localhost/8"));
    assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/-1"));
    assertThrows(IllegalArgumentException.class, () -> Cidr.parse("256.0.0.0/8"));
    assertThrows(IllegalArgumentException.class, () -> Cidr.parse("fd00::/129"));
    assertFalse(Cidr.parse("10.0.0.0/8").contains("example.org"));
    assertFalse(Cidr.parse("10.0.0.0/8").contains("/run/redis.sock"));
  }

  @Test
  void malformedNetworks_withControlCharacters_areQuotedEscaped() {
    LogInjection.assertEscaped(
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse(LogInjection.INJECTED)).getMessage());
    LogInjection.assertEscaped(
        assertThrows(IllegalArgumentException.class, () -> Cidr.parse("10.0.0.0/" + LogInjection.INJECTED))
            .getMessage());
  }
}
