package dev.thalos.redis.security.acl;

/** What {@code ACL DRYRUN} would answer for one command. */
public enum AclOutcome {
  /** {@code OK}. */
  ALLOWED,
  /** "This user has no permissions to run the '…' command". */
  DENIED_COMMAND,
  /** "This user has no permissions to access the '…' key". */
  DENIED_KEY,
  /** "This user has no permissions to access the '…' channel". */
  DENIED_CHANNEL,
  /** The command (or subcommand) does not exist in the command table: DRYRUN answers with an error. */
  UNKNOWN_COMMAND,
  /** The argument count does not fit the command's arity: DRYRUN answers with an error. */
  WRONG_ARITY
}
