package dev.thalos.redis.security.check;

import java.util.Locale;

/**
 * Who runs a check, which decides the rules that apply: the Thalos server publishing to Redis, a client
 * subscribing to it, or an operator auditing the deployment (offline configuration audits run as
 * {@link #OPERATOR}).
 */
public enum Role {
  /** The Thalos server: publishes messages and keeps its cache under {@code thalos::cache::}. */
  PUBLISHER,
  /** A Thalos client: subscribes to channels. */
  SUBSCRIBER,
  /** Whoever audits the deployment: an administrator, a CI job reading {@code redis.conf}. */
  OPERATOR;

  /** Lower-case name as used in reports, e.g. {@code "publisher"}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
