package dev.thalos.redis.security.lettuce;

import dev.thalos.redis.security.auth.AclCredentials;
import dev.thalos.redis.security.auth.Secret;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import reactor.core.publisher.Mono;

/**
 * Lettuce credentials resolved from an {@link AclCredentials}' {@link dev.thalos.redis.security.auth.SecretSource}
 * on every connect, so a rotated password applies to the next (re)connection. Each resolution yields a new
 * {@link RedisCredentials} whose {@link RedisCredentials#getPassword()} returns a fresh copy on every call.
 *
 * <p>Lettuce also resolves the provider when it renders {@code RedisURI.toString()} (on the first connect of
 * every connection), which is why resolution must be cheap and is not a login. A failure to resolve (missing
 * file, unset variable) fails the connection attempt with the source's
 * {@link dev.thalos.redis.security.auth.CredentialsException}.
 */
final class SecretCredentialsProvider implements RedisCredentialsProvider {

  private final AclCredentials credentials;

  SecretCredentialsProvider(AclCredentials credentials) {
    this.credentials = credentials;
  }

  @Override
  public Mono<RedisCredentials> resolveCredentials() {
    return Mono.fromCallable(this::resolveNow);
  }

  RedisCredentials resolveNow() {
    // resolve() hands over a new secret owned by the caller: the credentials keep it
    return new Resolved(credentials.user(), credentials.password().resolve());
  }

  @Override
  public String toString() {
    return "SecretCredentialsProvider{user=" + credentials.user() + ", password=" + credentials.password().description()
        + "}";
  }

  /** One resolution: the user and the secret {@code resolve()} returned for it. */
  private static final class Resolved implements RedisCredentials {

    private final String user;
    private final Secret password;

    Resolved(String user, Secret password) {
      this.user = user;
      this.password = password;
    }

    @Override
    public String getUsername() {
      return user;
    }

    @Override
    public boolean hasUsername() {
      return true;
    }

    @Override
    public char[] getPassword() {
      return password.reveal();
    }

    @Override
    public boolean hasPassword() {
      return true;
    }

    @Override
    public String toString() {
      return "RedisCredentials{user=" + user + ", password=" + Secret.MASK + "}";
    }
  }
}
