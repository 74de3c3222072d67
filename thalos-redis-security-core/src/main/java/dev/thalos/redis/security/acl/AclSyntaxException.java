package dev.thalos.redis.security.acl;

import dev.thalos.redis.security.ThalosSecurityException;

/**
 * An ACL rule, {@code users.acl} line, {@code user} directive or {@code ACL LIST} line that Redis 7.0 would
 * refuse (or that cannot be represented faithfully). The message names the offending token and its position;
 * it never contains a clear-text password ({@code >…} and {@code <…} tokens are shown as {@code >****}).
 *
 * <p>Reason codes: {@code acl.syntax} (a rule Redis refuses), {@code acl.unsupported} (a token this library
 * cannot represent, e.g. one with a tab), {@code acl.duplicate-user} (a file defines a user twice).
 */
public final class AclSyntaxException extends ThalosSecurityException {

  private static final long serialVersionUID = 1L;

  private final String token;
  private final int line;
  private final int position;

  AclSyntaxException(String reason, String detail, String token, int line, int position) {
    super(reason, message(detail, token, line, position));
    this.token = token;
    this.line = line;
    this.position = position;
  }

  private static String message(String detail, String token, int line, int position) {
    StringBuilder sb = new StringBuilder();
    if (line > 0) {
      sb.append("line ").append(line).append(", ");
    }
    sb.append("token ").append(position);
    if (token != null) {
      sb.append(" ").append(AclTokens.quote(redact(token)));
    }
    return sb.append(": ").append(detail).toString();
  }

  static String redact(String token) {
    if (token.startsWith(">") || token.startsWith("<")) {
      return token.charAt(0) + "****";
    }
    return token;
  }

  /** The offending token (a clear-text password token is redacted to {@code >****}), or {@code null}. */
  public String token() {
    return token == null ? null : redact(token);
  }

  /** 1-based line number in the parsed text, or 0 when a single line or argument list was parsed. */
  public int line() {
    return line;
  }

  /** 1-based position of the token in its line or argument list (the {@code user} keyword is token 1). */
  public int position() {
    return position;
  }
}
