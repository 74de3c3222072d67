package dev.thalos.redis.security.conf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.conf.CipherString.Concern;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Cipher strings judged without OpenSSL: never better than OpenSSL would make them. */
@Tag("unit")
class CipherStringTest {

  private static Set<Concern> concerns(String value) {
    Set<Concern> out = EnumSet.noneOf(Concern.class);
    out.addAll(CipherString.of(value).concerns().keySet());
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"ECDHE+AESGCM", "ECDHE+AESGCM:ECDHE+CHACHA20", "EECDH+CHACHA20:DHE+AESGCM",
      "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-CHACHA20-POLY1305",
      "DHE-RSA-AES256-GCM-SHA384", "ECDHE+AESGCM:@STRENGTH", "+ECDHE+AESGCM:ECDHE+AESGCM",
      "ECDHE+AESGCM,ECDHE+CHACHA20 ; ECDHE+AESGCM"})
  void forwardSecretAeadOnly_hasNoConcern(String value) {
    assertEquals(Set.of(), concerns(value), value);
  }

  @ParameterizedTest
  @ValueSource(strings = {"AES128-SHA", "AES256-GCM-SHA384", "AES128-GCM-SHA256", "RSA", "kRSA", "kRSA:!aNULL",
      "DEFAULT", "ALL", "HIGH", "HIGH:!aNULL", "AESGCM", "ECDHE+AESGCM:AES256-SHA256", "kRSA+AESGCM",
      "RSA-PSK-AES256-GCM-SHA384", "SHA384", "aRSA", "TLSv1.2"})
  void staticRsa_isNoForwardSecrecy(String value) {
    assertTrue(concerns(value).contains(Concern.NO_FORWARD_SECRECY), value + " " + concerns(value));
    assertTrue(CipherString.of(value).fails(), value);
  }

  @Test
  void brokenPrimitives_fail() {
    assertTrue(concerns("ECDHE+AESGCM:eNULL").contains(Concern.NULL_ENCRYPTION));
    assertTrue(concerns("NULL-SHA").contains(Concern.NULL_ENCRYPTION));
    assertTrue(concerns("ECDHE-RSA-NULL-SHA").contains(Concern.NULL_ENCRYPTION));
    assertTrue(concerns("aNULL").contains(Concern.ANONYMOUS));
    assertTrue(concerns("ADH-AES128-GCM-SHA256").contains(Concern.ANONYMOUS));
    assertTrue(concerns("AECDH-AES128-SHA").contains(Concern.ANONYMOUS));
    assertTrue(concerns("kECDHE+AESGCM").contains(Concern.ANONYMOUS));
    assertTrue(concerns("EXP-RC4-MD5").containsAll(Set.of(Concern.EXPORT, Concern.RC4, Concern.MD5)));
    assertTrue(concerns("EXPORT").contains(Concern.EXPORT));
    assertTrue(concerns("ECDHE-RSA-RC4-SHA").contains(Concern.RC4));
    assertTrue(concerns("RC4").contains(Concern.RC4));
    assertTrue(concerns("DES-CBC-SHA").contains(Concern.DES));
    assertTrue(concerns("ECDHE-RSA-DES-CBC3-SHA").contains(Concern.TRIPLE_DES));
    assertTrue(concerns("3DES").contains(Concern.TRIPLE_DES));
    assertTrue(concerns("MD5").contains(Concern.MD5));
    assertTrue(concerns("LOW").contains(Concern.LOW));
    assertTrue(concerns("DEFAULT:@SECLEVEL=0").contains(Concern.SECLEVEL_0));
    assertTrue(concerns("ECDHE+AESGCM:@SECLEVEL=0").contains(Concern.SECLEVEL_0));
    assertFalse(concerns("ECDHE+AESGCM:@SECLEVEL=2").contains(Concern.SECLEVEL_0));
    for (String v : new String[] {"ECDHE+AESGCM:eNULL", "aNULL", "3DES", "DEFAULT:@SECLEVEL=0", "RC4"}) {
      assertTrue(CipherString.of(v).fails(), v);
    }
  }

  @Test
  void cbcSuites_warn() {
    assertEquals(Set.of(Concern.CBC), concerns("ECDHE-RSA-AES128-SHA"));
    assertEquals(Set.of(Concern.CBC), concerns("ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-SHA384"));
    assertFalse(CipherString.of("ECDHE-RSA-AES128-SHA").fails());
    // ECDHE alone also holds ECDHE-RSA-NULL-SHA, which only OpenSSL's security level keeps out
    assertEquals(Set.of(Concern.CBC, Concern.UNKNOWN), concerns("ECDHE"));
  }

  @Test
  void ccm8_warnsForItsShortTag() {
    assertEquals(Set.of(Concern.SHORT_TAG), concerns("ECDHE-ECDSA-AES128-CCM8"));
    assertTrue(concerns("ECDHE+AESCCM").contains(Concern.SHORT_TAG));
  }

  @Test
  void removals_dropTheirConcern_andBangKeepsItOut() {
    assertFalse(concerns("HIGH:!kRSA").contains(Concern.NO_FORWARD_SECRECY));
    assertFalse(concerns("HIGH:-RSA").contains(Concern.NO_FORWARD_SECRECY));
    assertTrue(concerns("HIGH:-kRSA:AES128-SHA").contains(Concern.NO_FORWARD_SECRECY));
    assertFalse(concerns("!kRSA:HIGH:AES128-SHA").contains(Concern.NO_FORWARD_SECRECY));
    assertFalse(concerns("ECDHE+AESGCM:eNULL:!eNULL").contains(Concern.NULL_ENCRYPTION));
    assertFalse(concerns("ALL:!aNULL").contains(Concern.ANONYMOUS));
    // a removal narrowed by '+' removes only part of the concern
    assertTrue(concerns("HIGH:!kRSA+AESGCM").contains(Concern.NO_FORWARD_SECRECY));
    // OpenSSL matches names case by case: !krsa removes nothing
    assertTrue(concerns("HIGH:!krsa").contains(Concern.NO_FORWARD_SECRECY));
    assertTrue(concerns("krsa").contains(Concern.NO_FORWARD_SECRECY));
  }

  @ParameterizedTest
  @ValueSource(strings = {"HIGH:!aNULL:!kRSA", "DEFAULT:!kRSA", "ALL:!RSA:!aNULL:!eNULL", "CHACHA20",
      "TLS_AES_128_GCM_SHA256", "SOMETHINGNEW", "DHE"})
  void aliasesThatCannotBeBounded_areUnknown_neverClean(String value) {
    Set<Concern> c = concerns(value);
    assertTrue(c.contains(Concern.UNKNOWN), value + " " + c);
    assertFalse(c.isEmpty());
  }
}
