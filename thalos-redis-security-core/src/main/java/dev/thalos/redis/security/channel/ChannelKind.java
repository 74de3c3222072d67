package dev.thalos.redis.security.channel;

/**
 * The kinds of channel a Thalos server publishes to, as they appear after {@code <prefix>::<chain>::}.
 */
public enum ChannelKind {
  /** {@code transactions}. */
  TRANSACTIONS,
  /** {@code heartbeat}. */
  HEARTBEAT,
  /** {@code rollback}. */
  ROLLBACK,
  /** {@code actions}: every action. */
  ACTIONS,
  /** {@code actions/name/<action>}: one action name on any contract. */
  ACTIONS_BY_NAME,
  /** {@code actions/contract/<contract>}: every action of one contract. */
  ACTIONS_BY_CONTRACT,
  /** {@code actions/contract/<contract>/name/<action>}: one action of one contract. */
  ACTIONS_BY_CONTRACT_AND_NAME,
  /** {@code tabledeltas}: every table delta. */
  TABLE_DELTAS,
  /** {@code tabledeltas/name/<table>}: the deltas of one state-history table. */
  TABLE_DELTAS_BY_TABLE;

  private static final ChannelKind[] VALUES = values();

  static ChannelKind ofOrdinal(int ordinal) {
    return VALUES[ordinal];
  }

  /** Whether channels of this kind carry a contract name. */
  public boolean hasContract() {
    return this == ACTIONS_BY_CONTRACT || this == ACTIONS_BY_CONTRACT_AND_NAME;
  }

  /** Whether channels of this kind carry an action name. */
  public boolean hasAction() {
    return this == ACTIONS_BY_NAME || this == ACTIONS_BY_CONTRACT_AND_NAME;
  }

  /** Whether channels of this kind carry a table name. */
  public boolean hasTable() {
    return this == TABLE_DELTAS_BY_TABLE;
  }

  /** Whether this is one of the four {@code actions} kinds. */
  public boolean isActions() {
    return this == ACTIONS || this == ACTIONS_BY_NAME || this == ACTIONS_BY_CONTRACT
        || this == ACTIONS_BY_CONTRACT_AND_NAME;
  }

  /** Whether this is one of the two {@code tabledeltas} kinds. */
  public boolean isTableDeltas() {
    return this == TABLE_DELTAS || this == TABLE_DELTAS_BY_TABLE;
  }
}
