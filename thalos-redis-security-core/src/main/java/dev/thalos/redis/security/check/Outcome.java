package dev.thalos.redis.security.check;

import java.util.Locale;

/** What a rule concluded. */
public enum Outcome {
  /** The rule ran and found nothing wrong. */
  PASS,
  /** The rule ran and found the weakness it looks for. */
  FAIL,
  /** The rule ran and found something that deserves attention but is not a failure in itself. */
  WARN,
  /**
   * The rule could not run — missing privilege, no connection, an unreadable file — and the finding says why.
   * A skipped rule is never reported as a pass.
   */
  SKIPPED;

  /** Lower-case name as used in reports, e.g. {@code "skipped"}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
