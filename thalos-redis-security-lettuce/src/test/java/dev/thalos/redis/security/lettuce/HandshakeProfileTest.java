package dev.thalos.redis.security.lettuce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.auth.SecretSource;
import dev.thalos.redis.security.channel.ThalosNamespace;
import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import dev.thalos.redis.security.endpoint.ThalosRole;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisURI;
import io.lettuce.core.protocol.ProtocolVersion;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class HandshakeProfileTest {

  private static ThalosRedisEndpoint endpoint(ThalosRole role) {
    return ThalosRedisEndpoint.builder().host("redis.example").port(6380)
        .tls(dev.thalos.redis.security.tls.TlsSettings.builder()
            .trustAnchors(dev.thalos.redis.security.tls.TrustAnchors.certificates(
                dev.thalos.redis.security.testkit.TestPki.unrelatedCa().certificate()))
            .build())
        .user("sub").password(SecretSource.of("pw-Secret-1".toCharArray()))
        .namespace(ThalosNamespace.of("wax")).role(role).build();
  }

  @Test
  void clientAndServerRoles_defaultToMinimal_adminToFull() {
    assertEquals(HandshakeProfile.MINIMAL, HandshakeProfile.defaultFor(ThalosRole.CLIENT));
    assertEquals(HandshakeProfile.MINIMAL, HandshakeProfile.defaultFor(ThalosRole.SERVER));
    assertEquals(HandshakeProfile.FULL, HandshakeProfile.defaultFor(ThalosRole.ADMIN));
  }

  @Test
  void minimalProfiles_pinTheProtocol_fullNegotiates() {
    assertEquals(Optional.of(ProtocolVersion.RESP3), HandshakeProfile.MINIMAL.protocol());
    assertEquals(Optional.of(ProtocolVersion.RESP2), HandshakeProfile.MINIMAL_RESP2.protocol());
    assertEquals(Optional.empty(), HandshakeProfile.FULL.protocol());
    assertThrows(IllegalArgumentException.class, () -> HandshakeProfile.MINIMAL.withProtocol(null));
  }

  @Test
  void minimalProfile_translatesToLettuceSettingsThatSendNothingButHello() {
    ThalosRedisEndpoint endpoint = endpoint(ThalosRole.CLIENT);
    RedisURI uri = ThalosLettuce.redisUri(endpoint, HandshakeProfile.MINIMAL);
    ClientOptions options = ThalosLettuce.clientOptions(endpoint, HandshakeProfile.MINIMAL);

    assertEquals("", uri.getLibraryName());
    assertEquals("", uri.getLibraryVersion());
    assertEquals(null, uri.getClientName());
    assertEquals(ProtocolVersion.RESP3, options.getConfiguredProtocolVersion());
    assertFalse(options.isPingBeforeActivateConnection());
    assertFalse(options.getMaintNotificationsConfig().maintNotificationsEnabled());
    assertEquals(endpoint.connectTimeout(), uri.getTimeout());
    assertEquals(endpoint.connectTimeout(), options.getSocketOptions().getConnectTimeout());
  }

  @Test
  void fullProfile_keepsLettuceDefaults() {
    ThalosRedisEndpoint endpoint = endpoint(ThalosRole.ADMIN);
    RedisURI uri = ThalosLettuce.redisUri(endpoint, HandshakeProfile.FULL);
    ClientOptions options = ThalosLettuce.clientOptions(endpoint, HandshakeProfile.FULL);

    assertNotEquals("", uri.getLibraryName());
    assertEquals(null, options.getConfiguredProtocolVersion());
    assertTrue(options.isPingBeforeActivateConnection());
  }

  @Test
  void clientName_isRefusedForMinimalResp2_becauseItWouldNeedClientSetname() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> HandshakeProfile.MINIMAL_RESP2.withClientName("thalos-sub"));
    assertTrue(e.getMessage().contains("CLIENT SETNAME"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> HandshakeProfile.MINIMAL.withClientName("thalos-sub").withProtocol(ProtocolVersion.RESP2));
    assertEquals(Optional.of("thalos-sub"), HandshakeProfile.MINIMAL.withClientName("thalos-sub").clientName());
  }

  @Test
  void malformedClientNames_areRefused() {
    for (String bad : new String[] {"", "with space", "tab\t", "new\nline", "ü", "x".repeat(129)}) {
      assertThrows(IllegalArgumentException.class, () -> HandshakeProfile.MINIMAL.withClientName(bad), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> HandshakeProfile.MINIMAL.withClientName(null));
  }

  @Test
  void profiles_areValues() {
    assertEquals(HandshakeProfile.MINIMAL.withClientName("a"), HandshakeProfile.MINIMAL.withClientName("a"));
    assertEquals(HandshakeProfile.MINIMAL.withClientName("a").hashCode(),
        HandshakeProfile.MINIMAL.withClientName("a").hashCode());
    assertNotEquals(HandshakeProfile.MINIMAL, HandshakeProfile.MINIMAL_RESP2);
    assertTrue(HandshakeProfile.MINIMAL_RESP2.toString().contains("RESP2"));
  }
}
