package dev.thalos.redis.security.check;

import java.util.Locale;

/** What a probe's reply says about the user's right to run the command. */
enum ProbeAccess {
  /** The command ran or failed after the ACL let it through. */
  PERMITTED("permitted"),
  /** {@code NOPERM ... run the '<command>' command}, or {@code NOAUTH}. */
  DENIED_COMMAND("denied"),
  /** The command is permitted but not on this key or channel ({@code NOPERM ... keys|channels}). */
  DENIED_ARGUMENT("permitted, but not on this key or channel"),
  /** Refused before the ACL by {@code enable-debug-command}/{@code enable-module-command}. */
  BLOCKED_BY_CONFIG("blocked by the server configuration"),
  /** The server does not know the command (older Redis). */
  UNSUPPORTED("unknown to this server"),
  /** The reply cannot be classified (wrong arity, an unexpected reply type). */
  UNKNOWN("unclear");

  private final String label;

  ProbeAccess(String label) {
    this.label = label;
  }

  String label() {
    return label;
  }

  /** Whether the user may run the command (on some argument). */
  boolean commandAllowed() {
    return this == PERMITTED || this == DENIED_ARGUMENT;
  }

  static ProbeAccess classify(ProbeReply reply) {
    if (reply == null) {
      return UNKNOWN;
    }
    if (!reply.isError()) {
      return PERMITTED;
    }
    String code = reply.errorCode();
    String text = reply.errorMessage().toLowerCase(Locale.ROOT);
    if (code.equals("NOAUTH")) {
      return DENIED_COMMAND;
    }
    if (code.equals("NOPERM")) {
      if (text.contains("keys") || text.contains("channels")) {
        return DENIED_ARGUMENT;
      }
      return DENIED_COMMAND;
    }
    if (text.contains("command not allowed")) {
      return BLOCKED_BY_CONFIG;
    }
    if (reply.isUnknownCommand()) {
      return UNSUPPORTED;
    }
    if (text.contains("wrong number of arguments")) {
      return UNKNOWN;
    }
    return PERMITTED;
  }
}
