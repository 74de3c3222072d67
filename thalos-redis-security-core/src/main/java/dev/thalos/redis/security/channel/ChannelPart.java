package dev.thalos.redis.security.channel;

/**
 * The part of a Thalos channel name that a rejection refers to.
 *
 * <pre>
 *   ship::wax::actions/contract/eosio.token/name/transfer
 *   ^PREFIX
 *         ^CHAIN
 *              ^PATH   ^CONTRACT          ^ACTION
 * </pre>
 */
public enum ChannelPart {
  /** The input as a whole (empty, too long). */
  WHOLE,
  /** The prefix before the first {@code ::} (Thalos default {@code ship}). */
  PREFIX,
  /** The chain id or chain name between the two {@code ::}. */
  CHAIN,
  /** The channel path after the second {@code ::} ({@code heartbeat}, {@code actions/...}, ...). */
  PATH,
  /** The contract name in {@code actions/contract/<contract>}. */
  CONTRACT,
  /** The action name in {@code actions/name/<action>}. */
  ACTION,
  /** The table name in {@code tabledeltas/name/<table>}. */
  TABLE;

  private static final ChannelPart[] VALUES = values();

  static ChannelPart ofOrdinal(int ordinal) {
    return VALUES[ordinal];
  }

  String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
