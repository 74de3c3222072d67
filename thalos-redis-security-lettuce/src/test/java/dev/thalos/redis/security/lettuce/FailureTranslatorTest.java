package dev.thalos.redis.security.lettuce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.ThalosSecurityException;
import dev.thalos.redis.security.auth.SecretSource;
import dev.thalos.redis.security.endpoint.ThalosRedisEndpoint;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.api.StatefulConnection;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What a server's error text may and may not reach; the guard of {@link ThalosLettuce#forceReconnect}. */
@Tag("unit")
class FailureTranslatorTest {

  private static final String PASSWORD = "echoed-Secret-31f0";

  private static final ThalosRedisEndpoint ENDPOINT = ThalosRedisEndpoint.builder().host("127.0.0.1").port(6390)
      .plaintextInsecure().user("sub").password(SecretSource.of(PASSWORD.toCharArray())).namespace(TestRedis.WAX)
      .build();

  private static String everything(Throwable t) {
    StringWriter out = new StringWriter();
    t.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  @Test
  void anErrorReplyEchoingThePassword_reachesNeitherOurMessageNorOurCauseChain() {
    RedisCommandExecutionException reply = new RedisCommandExecutionException("WRONGPASS you sent AUTH sub "
        + PASSWORD);
    Throwable lettuce = new CompletionException(new RedisConnectionException("Unable to connect", reply));

    ThalosSecurityException e = ThalosLettuce.translate(lettuce, ENDPOINT);

    assertEquals(ConnectionSecurityException.AUTH_WRONG_CREDENTIALS, e.reason());
    assertFalse(everything(e).contains(PASSWORD), everything(e));
    String chain = everything(e);
    assertTrue(chain.contains(RedisCommandExecutionException.class.getName() + ": WRONGPASS"), chain);
    assertTrue(chain.contains(RedisConnectionException.class.getName() + ": Unable to connect"), chain);
  }

  @Test
  void noPermWithEchoedText_keepsOnlyTheKindOfRefusal() {
    ThalosSecurityException e = ThalosLettuce.translate(new RedisCommandExecutionException(
        "NOPERM this user has no permissions to access one of the channels used as arguments " + PASSWORD),
        ENDPOINT);

    assertEquals(ConnectionSecurityException.ACL_NOPERM, e.reason());
    assertTrue(e.getMessage().contains("no permission to access a channel"), e.getMessage());
    assertFalse(everything(e).contains(PASSWORD));
  }

  @Test
  void failuresWithoutAServerReply_keepTheirOriginalCause() {
    RedisConnectionException refused = new RedisConnectionException("Unable to connect to 127.0.0.1:6390");

    assertSame(refused, FailureTranslator.withoutServerText(refused));
  }

  @Test
  void errorCode_isTheLeadingCapitalWordOnly() {
    assertEquals("WRONGPASS", FailureTranslator.errorCode("WRONGPASS invalid username-password pair"));
    assertEquals("NOAUTH", FailureTranslator.errorCode("NOAUTH"));
    assertEquals("ERR?", FailureTranslator.errorCode("wrongpass lower case"));
    assertEquals("ERR?", FailureTranslator.errorCode(PASSWORD));
    assertEquals("ERR?", FailureTranslator.errorCode("A".repeat(40) + " long"));
    assertEquals("ERR?", FailureTranslator.errorCode(null));
  }

  @Test
  void forceReconnect_refusesWhatIsNotALettuceConnection() {
    StatefulConnection<?, ?> foreign = (StatefulConnection<?, ?>) Proxy.newProxyInstance(
        getClass().getClassLoader(), new Class<?>[] {StatefulConnection.class}, (proxy, method, args) -> null);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ThalosLettuce.forceReconnect(foreign));
    assertTrue(e.getMessage().startsWith("invalid connection: "), e.getMessage());
    assertThrows(NullPointerException.class, () -> ThalosLettuce.forceReconnect(null));
  }
}
