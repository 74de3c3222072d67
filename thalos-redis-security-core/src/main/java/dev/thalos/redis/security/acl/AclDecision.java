package dev.thalos.redis.security.acl;

import java.util.Objects;

/**
 * The answer to "may this user run this command?", as {@code ACL DRYRUN} gives it: the outcome, what was
 * refused (the command, the first key or channel that no selector admits) and the message Redis would reply.
 *
 * <p>When several reasons apply, Redis 7.0 reports one: a channel over a key over the command, and among the
 * same kind the argument furthest to the right, across the root and every selector.
 */
public final class AclDecision {

  private static final AclDecision ALLOWED = new AclDecision(AclOutcome.ALLOWED, null, -1, "OK");

  private final AclOutcome outcome;
  private final String subject;
  private final int argumentIndex;
  private final String message;

  private AclDecision(AclOutcome outcome, String subject, int argumentIndex, String message) {
    this.outcome = outcome;
    this.subject = subject;
    this.argumentIndex = argumentIndex;
    this.message = message;
  }

  static AclDecision ok() {
    return ALLOWED;
  }

  static AclDecision denied(AclOutcome outcome, String subject, int argumentIndex) {
    String message = switch (outcome) {
      case DENIED_COMMAND -> "This user has no permissions to run the '" + subject + "' command";
      case DENIED_KEY -> "This user has no permissions to access the '" + subject + "' key";
      case DENIED_CHANNEL -> "This user has no permissions to access the '" + subject + "' channel";
      default -> throw new IllegalArgumentException("not a denial: " + outcome);
    };
    return new AclDecision(outcome, subject, argumentIndex, message);
  }

  static AclDecision error(AclOutcome outcome, String subject, String message) {
    return new AclDecision(outcome, subject, -1, message);
  }

  /** Whether the command would be allowed. */
  public boolean allowed() {
    return outcome == AclOutcome.ALLOWED;
  }

  public AclOutcome outcome() {
    return outcome;
  }

  /**
   * The refused command's full name ({@code client|kill}), key or channel; for {@link AclOutcome#UNKNOWN_COMMAND}
   * and {@link AclOutcome#WRONG_ARITY} the command as given; {@code null} when allowed.
   */
  public String subject() {
    return subject;
  }

  /** Index of the refused key or channel in the argument vector (the command name is 0); -1 otherwise. */
  public int argumentIndex() {
    return argumentIndex;
  }

  /**
   * What {@code ACL DRYRUN} replies: {@code OK}, the denial text, or the error text (without the {@code ERR}
   * prefix) for an unknown command or a wrong number of arguments.
   */
  public String message() {
    return message;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AclDecision d && d.outcome == outcome && Objects.equals(d.subject, subject)
        && d.argumentIndex == argumentIndex && d.message.equals(message);
  }

  @Override
  public int hashCode() {
    return Objects.hash(outcome, subject, argumentIndex, message);
  }

  @Override
  public String toString() {
    return outcome + ": " + message;
  }
}
