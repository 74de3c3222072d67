package dev.thalos.redis.security.conf;

import dev.thalos.redis.security.ThalosSecurityException;

/**
 * A configuration file could not be read or parsed, or does not fit what it is audited with. The message names the file and line but never quotes the
 * line (it may hold a password).
 *
 * <p>Reason codes:
 * <ul>
 *   <li>{@code conf.unbalanced-quotes} — a line Redis would reject: unterminated quotes, or a closing quote not
 *       followed by a space;</li>
 *   <li>{@code conf.bad-directive} — a line whose directive name is empty ({@code "" yes}), which Redis
 *       rejects;</li>
 *   <li>{@code conf.bad-include} — {@code include} without exactly one argument, or with a wildcard outside the
 *       file name;</li>
 *   <li>{@code conf.include-cycle} — a file includes itself, directly or indirectly;</li>
 *   <li>{@code conf.include-depth} — includes nested deeper than the parser allows;</li>
 *   <li>{@code conf.too-many-files} — more files than the parser allows;</li>
 *   <li>{@code conf.too-large} — a file larger than the parser allows;</li>
 *   <li>{@code conf.unreadable} — a file is missing, not a regular file, or cannot be read;</li>
 *   <li>{@code conf.aclfile-not-set} — an ACL file was given to {@link ConfigAudit.Builder#aclFile(java.nio.file.Path)}
 *       but the configuration sets no {@code aclfile}, so redis-server would never read it.</li>
 * </ul>
 */
public class ConfigParseException extends ThalosSecurityException {

  private static final long serialVersionUID = 1L;

  public static final String UNBALANCED_QUOTES = "conf.unbalanced-quotes";
  public static final String BAD_DIRECTIVE = "conf.bad-directive";
  public static final String BAD_INCLUDE = "conf.bad-include";
  public static final String INCLUDE_CYCLE = "conf.include-cycle";
  public static final String INCLUDE_DEPTH = "conf.include-depth";
  public static final String TOO_MANY_FILES = "conf.too-many-files";
  public static final String TOO_LARGE = "conf.too-large";
  public static final String UNREADABLE = "conf.unreadable";
  public static final String ACLFILE_NOT_SET = "conf.aclfile-not-set";

  public ConfigParseException(String reason, String message, Throwable cause) {
    super(reason, message, cause);
  }

  public ConfigParseException(String reason, String message) {
    super(reason, message);
  }
}
