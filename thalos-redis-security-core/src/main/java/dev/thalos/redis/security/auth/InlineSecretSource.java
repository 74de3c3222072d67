package dev.thalos.redis.security.auth;

/** A secret given directly by the caller; wiped on close. */
final class InlineSecretSource implements SecretSource {

  private final Secret secret;

  InlineSecretSource(Secret secret) {
    this.secret = secret;
  }

  @Override
  public Secret resolve() {
    if (secret.isClosed()) {
      throw new IllegalStateException("secret source was closed");
    }
    return Secret.adopt(secret.reveal());
  }

  @Override
  public String description() {
    return "inline value";
  }

  @Override
  public void close() {
    secret.close();
  }

  @Override
  public String toString() {
    return description();
  }
}
