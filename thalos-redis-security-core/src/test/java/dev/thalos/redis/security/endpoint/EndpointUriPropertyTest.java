package dev.thalos.redis.security.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Tag;

/** Properties of the endpoint URI parser: it only ever throws the documented exception, and never leaks. */
@Tag("unit")
class EndpointUriPropertyTest {

  private static final String PASSWORD = "SECRETPW";

  @Provide
  Arbitrary<String> uriLike() {
    Arbitrary<String> pieces = Arbitraries.oneOf(
        Arbitraries.of("rediss://", "redis://", "REDISS://", "http://", "://", "@", ":", "::", "[", "]", "/", "?",
            "#", "%", "%4", "%41", "%zz", "0", "6379", "65536", "-1", "localhost", "::1", "127.0.0.1", "alice",
            "default", " ", "\t", "\n", "\0", "é", "\uD83D\uDE00", "_", "."),
        Arbitraries.strings().ofMaxLength(6));
    return pieces.list().ofMaxSize(12).map(list -> String.join("", list));
  }

  @Property
  void parser_throwsNothingButIllegalArgumentException(@ForAll("uriLike") String uri) {
    try {
      EndpointUri parsed = EndpointUri.parse(uri);
      assertTrue(parsed.nodes.get(0).port() >= 1 && parsed.nodes.get(0).port() <= 65535);
      assertFalse(parsed.nodes.get(0).host().isEmpty());
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage().startsWith("invalid uri: '"), e.getMessage());
    }
  }

  @Property
  void arbitraryStrings_throwNothingButIllegalArgumentException(@ForAll String uri) {
    try {
      ThalosRedisEndpoint.builder().uri(uri);
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage().startsWith("invalid uri: '"), e.getMessage());
    }
  }

  @Provide
  Arbitrary<String> uriWithPassword() {
    Arbitrary<String> noise = Arbitraries.strings().withChars("abc019:/@?#[]%.-_ ").ofMaxLength(8);
    return Combinators.combine(Arbitraries.of("rediss://", "redis://", ""), noise, noise, noise)
        .as((scheme, user, middle, tail) -> scheme + user + ":" + PASSWORD + middle + "@" + tail);
  }

  @Property
  void passwordsNeverAppearInErrorMessages(@ForAll("uriWithPassword") String uri) {
    try {
      EndpointUri parsed = EndpointUri.parse(uri);
      assertFalse((parsed.nodes.get(0).host() + parsed.user).contains(PASSWORD), uri);
    } catch (IllegalArgumentException e) {
      assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
      assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
    }
  }

  @Provide
  Arbitrary<String> hostName() {
    Arbitrary<String> label = Arbitraries.strings().withCharRange('a', 'z').numeric().ofMinLength(1).ofMaxLength(10)
        .filter(s -> Character.isLetter(s.charAt(0)));
    return label.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(".", l));
  }

  @Provide
  Arbitrary<String> userName() {
    return Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(12);
  }

  @Property
  void validUris_roundTripThroughToUri(
      @ForAll("hostName") String host,
      @ForAll @IntRange(min = 1, max = 65535) int port,
      @ForAll("userName") String user,
      @ForAll @IntRange(min = 0, max = 15) int database) {
    ThalosRedisEndpoint endpoint = ThalosRedisEndpoint.builder()
        .host(host).port(port).database(database).user(user)
        .password(dev.thalos.redis.security.auth.SecretSource.of("pw".toCharArray()))
        .role(ThalosRole.ADMIN)
        .tls(TlsHolder.TLS)
        .build();
    EndpointUri parsed = EndpointUri.parse(endpoint.toUri());
    assertEquals(host, parsed.nodes.get(0).host());
    assertEquals(port, parsed.nodes.get(0).port());
    assertEquals(user, parsed.user);
    assertEquals(database, parsed.database);
    assertTrue(parsed.tls);
  }

  /** One TLS settings instance for all tries (building reads the JVM trust store). */
  private static final class TlsHolder {
    static final dev.thalos.redis.security.tls.TlsSettings TLS = dev.thalos.redis.security.tls.TlsSettings.defaults();
  }
}
