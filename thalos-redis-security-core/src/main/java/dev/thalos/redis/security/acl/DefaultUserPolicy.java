package dev.thalos.redis.security.acl;

/** What a generated ACL does with Redis's {@code default} user, which every unauthenticated connection is. */
public enum DefaultUserPolicy {
  /**
   * {@code user default off resetchannels -@all}: nobody can be the default user; every client must
   * authenticate as a named user. The recommended setting.
   */
  OFF,
  /**
   * INSECURE: the default user is a client without a password ({@code on nopass}), allowed only to subscribe
   * to the namespaces of all generated chains, as the Thalos documentation allows for public read-only feeds.
   * Anyone who can reach the port can then subscribe, and Redis's {@code protected-mode} refuses non-loopback
   * clients while the default user has no password, so remote subscribers need {@code protected-mode no}.
   * The generated output says so loudly.
   */
  INSECURE_NOPASS_CLIENT
}
