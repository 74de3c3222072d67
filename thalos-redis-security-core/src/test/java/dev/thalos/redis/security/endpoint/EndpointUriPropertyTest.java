package dev.thalos.redis.security.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.auth.AclCredentials;
import dev.thalos.redis.security.auth.SecretSource;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
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

  /**
   * User-name candidates: whole code points, with lone surrogates mixed in (a high one followed by a low one
   * makes a pair), so that some are valid and some are not.
   */
  @Provide
  Arbitrary<String> userCandidate() {
    Arbitrary<String> codePoint = codePoints().map(c -> new String(Character.toChars(c)));
    Arbitrary<String> surrogate = Arbitraries.chars().range('\uD800', '\uDFFF').map(String::valueOf);
    return Arbitraries.frequencyOf(Tuple.of(5, codePoint), Tuple.of(1, surrogate))
        .list().ofMinSize(1).ofMaxSize(12).map(l -> String.join("", l));
  }

  @Property
  void everyValidUserName_roundTripsThroughTheEndpointUri(@ForAll("userCandidate") String user) {
    String valid;
    try {
      valid = AclCredentials.checkUser(user);
    } catch (IllegalArgumentException e) {
      return; // not a user name: nothing to round-trip
    }
    ThalosRedisEndpoint endpoint = ThalosRedisEndpoint.builder()
        .host("redis.example").user(valid).password(SecretSource.of("pw".toCharArray()))
        .role(ThalosRole.ADMIN).tls(TlsHolder.TLS).build();
    assertEquals(valid, EndpointUri.parse(endpoint.toUri()).user);
    ThalosRedisEndpoint parsed = ThalosRedisEndpoint.builder().uri(endpoint.toUri())
        .password(SecretSource.of("pw".toCharArray())).role(ThalosRole.ADMIN).tls(TlsHolder.TLS).build();
    assertEquals(valid, parsed.credentials().orElseThrow().user());
  }

  // ---- percent-decoding ----

  /** Text of whole code points: ASCII, the rest of the BMP (no surrogates), beyond the BMP, and edge cases. */
  @Provide
  Arbitrary<String> unicodeText() {
    return codePoints().list().ofMaxSize(12).map(EndpointUriPropertyTest::fromCodePoints);
  }

  private static Arbitrary<Integer> codePoints() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.integers().between(0x20, 0x7e)),
        Tuple.of(2, Arbitraries.integers().between(0, 0xffff).filter(c -> !Character.isSurrogate((char) (int) c))),
        Tuple.of(3, Arbitraries.integers().between(0x10000, 0x10ffff)),
        Tuple.of(1, Arbitraries.of(0, 0x25, 0x7f, 0x80, 0x7ff, 0x800, 0xfffd, 0xffff, 0x10000, 0x1f600, 0x10ffff)));
  }

  /** Like {@link #unicodeText()}, but only what {@code AclCredentials.checkUser} accepts; never empty. */
  @Provide
  Arbitrary<String> userText() {
    return codePoints()
        .filter(c -> !Character.isWhitespace(c) && !Character.isISOControl(c) && !Character.isSpaceChar(c))
        .list().ofMinSize(1).ofMaxSize(12).map(EndpointUriPropertyTest::fromCodePoints);
  }

  private static String fromCodePoints(List<Integer> codePoints) {
    StringBuilder sb = new StringBuilder();
    codePoints.forEach(sb::appendCodePoint);
    return sb.toString();
  }

  /** Every UTF-8 byte of {@code s} as {@code %XX}. */
  private static String encodeAll(String s) {
    StringBuilder sb = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
      sb.append(String.format("%%%02X", b & 0xff));
    }
    return sb.toString();
  }

  /**
   * {@code s} with the code points chosen by {@code literal} (cycled) written as they are and the others
   * percent-encoded; characters that delimit URI parts are always encoded.
   */
  private static String encodeSome(String s, List<Boolean> literal) {
    StringBuilder sb = new StringBuilder();
    int[] codePoints = s.codePoints().toArray();
    for (int i = 0; i < codePoints.length; i++) {
      int c = codePoints[i];
      boolean keep = !literal.isEmpty() && literal.get(i % literal.size())
          && "%/?#[],:@".indexOf(c) < 0 && c > ' ' && !Character.isISOControl(c) && !Character.isWhitespace(c);
      sb.append(keep ? new String(Character.toChars(c)) : encodeAll(new String(Character.toChars(c))));
    }
    return sb.toString();
  }

  @Property
  void percentDecode_invertsPercentEncodingOfEveryByte(@ForAll("unicodeText") String s) {
    assertEquals(s, EndpointUri.percentDecode(encodeAll(s), "user name", "rediss://h"));
  }

  @Property
  void percentDecode_invertsUrlEncoder(@ForAll("unicodeText") String s) {
    String encoded = URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    assertEquals(s, EndpointUri.percentDecode(encoded, "user name", "rediss://h"));
  }

  @Property
  void percentDecode_keepsLiteralCharacters_includingNonBmp_andDecodesTheEscapes(
      @ForAll("unicodeText") String s, @ForAll @Size(max = 7) List<Boolean> literal) {
    assertEquals(s, EndpointUri.percentDecode(encodeSome(s, literal), "user name", "rediss://h"));
  }

  @Property
  void percentDecode_ofArbitraryBytes_returnsExactlyThoseBytes_orRejectsThem(@ForAll @Size(max = 12) byte[] bytes) {
    StringBuilder encoded = new StringBuilder();
    for (byte b : bytes) {
      encoded.append(String.format("%%%02x", b & 0xff));
    }
    try {
      String decoded = EndpointUri.percentDecode(encoded.toString(), "user name", "rediss://h");
      assertTrue(Arrays.equals(bytes, decoded.getBytes(StandardCharsets.UTF_8)), decoded);
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage().contains("the user name is not valid UTF-8 after percent-decoding"), e.getMessage());
    }
  }

  @Property
  void percentDecode_rejectsALoneSurrogate(
      @ForAll("unicodeText") String before, @ForAll @CharRange(from = '\uD800', to = '\uDFFF') char surrogate,
      @ForAll("unicodeText") String after, @ForAll List<Boolean> literal) {
    String text = encodeSome(before, literal) + surrogate + encodeSome(after, literal);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> EndpointUri.percentDecode(text, "user name", "rediss://h"));
    assertTrue(e.getMessage().contains("the user name contains a lone surrogate"), e.getMessage());
  }

  @Property
  void userNames_roundTripThroughAUri_withLiteralAndEncodedCharacters(
      @ForAll("userText") String user, @ForAll @Size(max = 7) List<Boolean> literal) {
    assertEquals(user, EndpointUri.parse("rediss://" + encodeSome(user, literal) + "@h").user);
    ThalosRedisEndpoint endpoint = ThalosRedisEndpoint.builder().host("h").user(user)
        .password(dev.thalos.redis.security.auth.SecretSource.of("pw".toCharArray()))
        .role(ThalosRole.ADMIN).plaintextInsecure().build();
    assertEquals(user, EndpointUri.parse(endpoint.toUri()).user);
  }

  /** One TLS settings instance for all tries (building reads the JVM trust store). */
  private static final class TlsHolder {
    static final dev.thalos.redis.security.tls.TlsSettings TLS = dev.thalos.redis.security.tls.TlsSettings.defaults();
  }
}
