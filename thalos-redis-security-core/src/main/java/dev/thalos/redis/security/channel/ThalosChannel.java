package dev.thalos.redis.security.channel;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One Thalos channel: its {@link ThalosNamespace namespace}, {@link ChannelKind kind} and the contract, action
 * or table it is about; {@link #name()} is the exact Redis channel the Thalos server publishes to. Immutable,
 * with the UTF-8 bytes of the name computed once for the hot path ({@link #nameEquals(byte[], int, int)}).
 *
 * <pre>{@code
 * ThalosNamespace wax = ThalosNamespace.of("wax");
 * ThalosChannel transfers = wax.actions().contract("eosio.token").action("transfer");
 * transfers.name();   // ship::wax::actions/contract/eosio.token/name/transfer
 * transfers.kind();   // ACTIONS_BY_CONTRACT_AND_NAME
 * ThalosChannel.parse("ship::wax::tabledeltas/name/contract_row").table(); // Optional[contract_row]
 * }</pre>
 *
 * <p>Equal when namespace, kind and names are equal (equivalently: when the {@link #name() names} are equal).
 */
public final class ThalosChannel {

  private final ThalosNamespace namespace;
  private final ChannelKind kind;
  private final String contract;
  private final String action;
  private final String table;
  private final String name;
  private final byte[] bytes;

  private ThalosChannel(ThalosNamespace namespace, ChannelKind kind, String contract, String action, String table,
      String name) {
    this.namespace = namespace;
    this.kind = kind;
    this.contract = contract;
    this.action = action;
    this.table = table;
    this.name = name;
    this.bytes = name.getBytes(StandardCharsets.UTF_8);
  }

  static ThalosChannel create(ThalosNamespace ns, ChannelKind kind, String contract, String action, String table) {
    StringBuilder b = new StringBuilder(96).append(ns.channelPrefix());
    switch (kind) {
      case TRANSACTIONS:
        b.append("transactions");
        break;
      case HEARTBEAT:
        b.append("heartbeat");
        break;
      case ROLLBACK:
        b.append("rollback");
        break;
      case ACTIONS:
        b.append("actions");
        break;
      case ACTIONS_BY_NAME:
        b.append("actions/name/").append(action);
        break;
      case ACTIONS_BY_CONTRACT:
        b.append("actions/contract/").append(contract);
        break;
      case ACTIONS_BY_CONTRACT_AND_NAME:
        b.append("actions/contract/").append(contract).append("/name/").append(action);
        break;
      case TABLE_DELTAS:
        b.append("tabledeltas");
        break;
      case TABLE_DELTAS_BY_TABLE:
        b.append("tabledeltas/name/").append(table);
        break;
      default:
        throw new IllegalStateException("unknown kind " + kind);
    }
    String name = b.toString();
    ns.validator().validate(name);
    return new ThalosChannel(ns, kind, contract, action, table, name);
  }

  /** Builds the typed channel from a channel already validated by {@code validator}. */
  static ThalosChannel fromValid(String name, ChannelKind kind, ChannelValidator validator) {
    int prefixEnd = name.indexOf("::");
    int chainEnd = name.indexOf("::", prefixEnd + 2);
    ThalosNamespace ns = ThalosNamespace.ofValidated(name.substring(0, prefixEnd),
        name.substring(prefixEnd + 2, chainEnd), validator);
    String path = name.substring(chainEnd + 2);
    String contract = null;
    String action = null;
    String table = null;
    switch (kind) {
      case ACTIONS_BY_NAME:
        action = path.substring("actions/name/".length());
        break;
      case ACTIONS_BY_CONTRACT:
        contract = path.substring("actions/contract/".length());
        break;
      case ACTIONS_BY_CONTRACT_AND_NAME: {
        int nameSep = path.indexOf("/name/", "actions/contract/".length());
        contract = path.substring("actions/contract/".length(), nameSep);
        action = path.substring(nameSep + "/name/".length());
        break;
      }
      case TABLE_DELTAS_BY_TABLE:
        table = path.substring("tabledeltas/name/".length());
        break;
      default:
        break;
    }
    return new ThalosChannel(ns, kind, contract, action, table, name);
  }

  /**
   * Parses a channel name with the {@link ChannelValidator#strict() strict} rules.
   *
   * @throws InvalidChannelException if {@code channel} is not a strict Thalos channel
   */
  public static ThalosChannel parse(String channel) {
    return ChannelValidator.strict().parse(channel);
  }

  /** The namespace ({@code <prefix>::<chain>}). */
  public ThalosNamespace namespace() {
    return namespace;
  }

  /** The kind of channel. */
  public ChannelKind kind() {
    return kind;
  }

  /** The contract of an {@code actions/contract/...} channel. */
  public Optional<String> contract() {
    return Optional.ofNullable(contract);
  }

  /** The action name of an {@code actions/.../name/...} channel. */
  public Optional<String> action() {
    return Optional.ofNullable(action);
  }

  /** The table of a {@code tabledeltas/name/...} channel. */
  public Optional<String> table() {
    return Optional.ofNullable(table);
  }

  /**
   * This actions channel narrowed to one contract: {@code actions} becomes {@code actions/contract/<contract>},
   * {@code actions/name/<a>} becomes {@code actions/contract/<contract>/name/<a>}.
   *
   * @throws IllegalStateException if this is not an actions channel or already names a contract
   * @throws InvalidChannelException if {@code contract} breaks the namespace validator's rules
   */
  public ThalosChannel contract(String contract) {
    if (!kind.isActions() || kind.hasContract()) {
      throw new IllegalStateException("contract(...) narrows actions or actions/name/<action>, not " + kind);
    }
    String c = namespace.validator().checkSegment(contract, ChannelPart.CONTRACT);
    return create(namespace, kind == ChannelKind.ACTIONS ? ChannelKind.ACTIONS_BY_CONTRACT
        : ChannelKind.ACTIONS_BY_CONTRACT_AND_NAME, c, action, null);
  }

  /**
   * This actions channel narrowed to one action name: {@code actions} becomes {@code actions/name/<action>},
   * {@code actions/contract/<c>} becomes {@code actions/contract/<c>/name/<action>}.
   *
   * @throws IllegalStateException if this is not an actions channel or already names an action
   * @throws InvalidChannelException if {@code action} breaks the namespace validator's rules
   */
  public ThalosChannel action(String action) {
    if (!kind.isActions() || kind.hasAction()) {
      throw new IllegalStateException("action(...) narrows actions or actions/contract/<contract>, not " + kind);
    }
    String a = namespace.validator().checkSegment(action, ChannelPart.ACTION);
    return create(namespace, kind == ChannelKind.ACTIONS ? ChannelKind.ACTIONS_BY_NAME
        : ChannelKind.ACTIONS_BY_CONTRACT_AND_NAME, contract, a, null);
  }

  /**
   * This {@code tabledeltas} channel narrowed to one table: {@code tabledeltas/name/<table>}.
   *
   * @throws IllegalStateException if this is not the {@code tabledeltas} channel
   * @throws InvalidChannelException if {@code table} breaks the namespace validator's rules
   */
  public ThalosChannel table(String table) {
    if (kind != ChannelKind.TABLE_DELTAS) {
      throw new IllegalStateException("table(...) narrows tabledeltas, not " + kind);
    }
    String t = namespace.validator().checkSegment(table, ChannelPart.TABLE);
    return create(namespace, ChannelKind.TABLE_DELTAS_BY_TABLE, null, null, t);
  }

  /** The exact Redis channel name, e.g. {@code ship::wax::heartbeat}. */
  public String name() {
    return name;
  }

  /** A copy of the UTF-8 bytes of {@link #name()}. */
  public byte[] nameBytes() {
    return bytes.clone();
  }

  byte[] rawBytes() {
    return bytes;
  }

  /** A read-only buffer over the UTF-8 bytes of {@link #name()} (a new view each call; no copy of the bytes). */
  public ByteBuffer nameBuffer() {
    return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
  }

  /** Whether {@code buf[off, off+len)} is exactly this channel's name in UTF-8. Allocation-free. */
  public boolean nameEquals(byte[] buf, int off, int len) {
    Objects.checkFromIndexSize(off, len, buf.length);
    return Arrays.equals(bytes, 0, bytes.length, buf, off, off + len);
  }

  /** Whether the bytes from position to limit of {@code buffer} are this channel's name. Allocation-free. */
  public boolean nameEquals(ByteBuffer buffer) {
    int len = buffer.remaining();
    if (len != bytes.length) {
      return false;
    }
    int p = buffer.position();
    for (int i = 0; i < len; i++) {
      if (buffer.get(p + i) != bytes[i]) {
        return false;
      }
    }
    return true;
  }

  /** The ACL rule that allows exactly this channel: {@code &<name>} (names contain no glob metacharacters). */
  public String aclChannelRule() {
    return "&" + name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ThalosChannel && ((ThalosChannel) o).name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  /** The channel name. */
  @Override
  public String toString() {
    return name;
  }
}
