package dev.thalos.redis.security.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

@Tag("unit")
class BindAddressTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      // wildcards
      "*|WILDCARD", "-*|WILDCARD", "::*|WILDCARD", "-::*|WILDCARD", "0.0.0.0|WILDCARD", "::|WILDCARD",
      "0:0:0:0:0:0:0:0|WILDCARD", "::ffff:0.0.0.0|WILDCARD",
      // loopback
      "127.0.0.1|LOOPBACK", "127.255.255.254|LOOPBACK", "-127.0.0.1|LOOPBACK", "::1|LOOPBACK",
      "-::1|LOOPBACK", "0:0:0:0:0:0:0:1|LOOPBACK", "::ffff:127.0.0.1|LOOPBACK", "::FFFF:7f00:1|LOOPBACK",
      // private ranges and their edges
      "10.0.0.0|PRIVATE", "10.255.255.255|PRIVATE", "172.16.0.1|PRIVATE", "172.31.255.255|PRIVATE",
      "172.15.255.255|PUBLIC", "172.32.0.0|PUBLIC", "192.168.1.100|PRIVATE", "192.169.0.1|PUBLIC",
      "100.64.0.1|PRIVATE", "100.127.255.255|PRIVATE", "100.63.255.255|PUBLIC", "100.128.0.0|PUBLIC",
      "169.254.1.1|PRIVATE", "169.255.0.1|PUBLIC", "fc00::1|PRIVATE", "fd12:3456:789a::1|PRIVATE",
      "fe80::1|PRIVATE", "fe80::1%eth0|PRIVATE", "-fe80::1%eth0|PRIVATE", "febf::1|PRIVATE",
      "fec0::1|PRIVATE", "::ffff:10.1.2.3|PRIVATE", "::ffff:192.168.0.1|PRIVATE",
      // public
      "8.8.8.8|PUBLIC", "1.1.1.1|PUBLIC", "2001:db8::1|PUBLIC", "2a00:1450:4001:82a::200e|PUBLIC",
      "fbff::1|PUBLIC", "ff02::1|PUBLIC", "255.255.255.255|PUBLIC", "::ffff:8.8.8.8|PUBLIC",
      "1:2:3:4:5:6:1.2.3.4|PUBLIC", "::127.0.0.1|PUBLIC", "::2|PUBLIC",
      // not canonical literals: never resolved
      "localhost|UNRESOLVED_NAME", "redis.internal|UNRESOLVED_NAME", "010.0.0.1|UNRESOLVED_NAME",
      "10.1|UNRESOLVED_NAME", "1.2.3|UNRESOLVED_NAME", "256.1.1.1|UNRESOLVED_NAME", "0x7f.0.0.1|UNRESOLVED_NAME",
      "2130706433|UNRESOLVED_NAME", "1.2.3.4.5|UNRESOLVED_NAME", "[::1]|UNRESOLVED_NAME",
      "::1::|UNRESOLVED_NAME", "1:2:3:4:5:6:7:8:9|UNRESOLVED_NAME", "1:2:3:4:5:6:7|UNRESOLVED_NAME",
      "12345::1|UNRESOLVED_NAME", "fe80::1%|UNRESOLVED_NAME", "g::1|UNRESOLVED_NAME",
      "1.2.3.4%eth0|UNRESOLVED_NAME", "::ffff:1.2.3|UNRESOLVED_NAME", "1::2:3:4:5:6:7:8|UNRESOLVED_NAME",
      "１２７.0.0.1|UNRESOLVED_NAME", "::*:1|UNRESOLVED_NAME", "--::1|UNRESOLVED_NAME"})
  void address_isClassified(String text, AddressClass expected) {
    assertEquals(expected, BindAddress.parse(text).addressClass());
  }

  @Test
  void dashPrefix_marksTheAddressOptional() {
    BindAddress b = BindAddress.parse("-::1");
    assertTrue(b.optional());
    assertEquals("::1", b.host());
    assertEquals(6, b.ipVersion());
    assertFalse(BindAddress.parse("::1").optional());
  }

  @Test
  void zoneId_isSeparatedFromTheAddress() {
    BindAddress b = BindAddress.parse("fe80::1%eth0");
    assertEquals("fe80::1", b.host());
    assertEquals("eth0", b.zone().orElseThrow());
    assertEquals(16, b.bytes().orElseThrow().length);
  }

  @Test
  void mixedNotation_givesTheSameBytesAsHex() {
    assertEquals(java.util.Arrays.toString(BindAddress.parse("::ffff:192.168.0.1").bytes().orElseThrow()),
        java.util.Arrays.toString(BindAddress.parse("::ffff:c0a8:1").bytes().orElseThrow()));
    assertEquals(4, BindAddress.parse("192.168.0.1").ipVersion());
    assertEquals(0, BindAddress.parse("*").ipVersion());
  }

  @Test
  void emptyOrDashOnly_isRejected() {
    assertThrows(IllegalArgumentException.class, () -> BindAddress.parse(""));
    assertEquals("invalid bind address: \"-\" (empty)",
        assertThrows(IllegalArgumentException.class, () -> BindAddress.parse("-")).getMessage());
  }

  @Test
  void labels_areLowerCaseWithDashes() {
    assertEquals("unresolved-name", AddressClass.UNRESOLVED_NAME.label());
  }
}
