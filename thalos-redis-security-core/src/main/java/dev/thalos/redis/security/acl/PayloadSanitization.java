package dev.thalos.redis.security.acl;

/** The user's {@code sanitize-payload} flag (RESTORE payload checks, Redis 7.0). */
public enum PayloadSanitization {
  /** Neither flag given: the server's {@code sanitize-dump-payload} setting decides. */
  SERVER_DEFAULT(null),
  /** {@code sanitize-payload} (set by {@code reset}). */
  SANITIZE("sanitize-payload"),
  /** {@code skip-sanitize-payload}: RESTORE payloads of this user are trusted. */
  SKIP("skip-sanitize-payload");

  private final String rule;

  PayloadSanitization(String rule) {
    this.rule = rule;
  }

  /** The ACL flag, or {@code null} for {@link #SERVER_DEFAULT}. */
  public String rule() {
    return rule;
  }
}
