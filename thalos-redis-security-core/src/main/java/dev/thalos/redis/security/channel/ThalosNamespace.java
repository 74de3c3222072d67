package dev.thalos.redis.security.channel;

import java.util.Objects;

/**
 * Where one Thalos server publishes: a prefix ({@value #DEFAULT_PREFIX} unless configured) and a chain (the
 * 64-hex chain id, or the chain name configured as {@code ship.chain}). Every channel of the namespace is
 * {@code <prefix>::<chain>::<channel>}; this type builds them, and the ACL pattern that admits exactly this
 * namespace.
 *
 * <pre>{@code
 * ThalosNamespace wax = ThalosNamespace.of("wax");
 * wax.heartbeat().name();                                            // ship::wax::heartbeat
 * wax.actions().contract("eosio.token").action("transfer").name();  // ship::wax::actions/contract/eosio.token/name/transfer
 * wax.tableDeltas().table("contract_row").name();                   // ship::wax::tabledeltas/name/contract_row
 * wax.aclChannelRule();                                              // &ship::wax::*
 *
 * ThalosNamespace mainnet = ThalosNamespace.builder()
 *     .chain("1064487b3cd1a897ce03ae5b6a865651747e2e152090f99c1d19d44e01aea5a4")
 *     .build();
 * }</pre>
 *
 * <p>Names given to the namespace and its channels are checked by the namespace's {@link #validator()}
 * ({@link ChannelValidator#strict()} unless {@link Builder#validator(ChannelValidator) set}); see
 * {@link ChannelValidator} for the grammar. Instances are immutable. Two namespaces are equal when prefix and
 * chain are; the validator is how names are checked, not part of the identity.
 */
public final class ThalosNamespace {

  /** The prefix Thalos uses unless {@code redis.prefix} is configured. */
  public static final String DEFAULT_PREFIX = "ship";

  /** The chain Thalos uses when neither a chain id nor a chain name is configured: 64 zeros. */
  public static final String UNSET_CHAIN_ID = "0".repeat(64);

  private final String prefix;
  private final String chain;
  private final ChannelValidator validator;

  private ThalosNamespace(String prefix, String chain, ChannelValidator validator) {
    this.prefix = prefix;
    this.chain = chain;
    this.validator = validator;
  }

  /**
   * The namespace of {@code chain} (chain id or chain name) under the default prefix, checked strictly.
   *
   * @throws InvalidChannelException if {@code chain} is not a strict chain
   */
  public static ThalosNamespace of(String chain) {
    return builder().chain(chain).build();
  }

  /** The namespace {@code prefix::chain}, checked strictly. */
  public static ThalosNamespace of(String prefix, String chain) {
    return builder().prefix(prefix).chain(chain).build();
  }

  /** A namespace from parts that {@code validator} has already accepted as part of a whole channel. */
  static ThalosNamespace ofValidated(String prefix, String chain, ChannelValidator validator) {
    return new ThalosNamespace(prefix, chain, validator);
  }

  /** A builder with the default prefix, the strict validator and no chain. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder pre-filled with this namespace. */
  public Builder mutate() {
    Builder b = new Builder();
    b.prefix = prefix;
    b.chain = chain;
    b.validator = validator;
    return b;
  }

  /** The prefix, e.g. {@code ship}. */
  public String prefix() {
    return prefix;
  }

  /** The chain id or chain name, e.g. {@code wax}. */
  public String chain() {
    return chain;
  }

  /** Whether {@link #chain()} is a chain id (64 lowercase hex digits) rather than a chain name. */
  public boolean isChainId() {
    if (chain.length() != ChannelScanner.CHAIN_ID_LENGTH) {
      return false;
    }
    for (int i = 0; i < chain.length(); i++) {
      char c = chain.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /** The validator that checks names given to this namespace and its channels. */
  public ChannelValidator validator() {
    return validator;
  }

  /** {@code <prefix>::<chain>::}, the common start of every channel of this namespace. */
  public String channelPrefix() {
    return prefix + "::" + chain + "::";
  }

  /**
   * The Redis glob pattern matching every channel of this namespace, {@code <prefix>::<chain>::*}. Prefix and
   * chain never contain glob metacharacters, so the pattern admits nothing outside the namespace.
   */
  public String channelPattern() {
    return channelPrefix() + "*";
  }

  /** The ACL channel rule for this namespace, {@code &<prefix>::<chain>::*}. */
  public String aclChannelRule() {
    return "&" + channelPattern();
  }

  /** {@code <prefix>::<chain>::transactions}. */
  public ThalosChannel transactions() {
    return ThalosChannel.create(this, ChannelKind.TRANSACTIONS, null, null, null);
  }

  /** {@code <prefix>::<chain>::heartbeat}. */
  public ThalosChannel heartbeat() {
    return ThalosChannel.create(this, ChannelKind.HEARTBEAT, null, null, null);
  }

  /** {@code <prefix>::<chain>::rollback}. */
  public ThalosChannel rollback() {
    return ThalosChannel.create(this, ChannelKind.ROLLBACK, null, null, null);
  }

  /**
   * {@code <prefix>::<chain>::actions}, every action; narrow it with {@link ThalosChannel#contract(String)}
   * and {@link ThalosChannel#action(String)}.
   */
  public ThalosChannel actions() {
    return ThalosChannel.create(this, ChannelKind.ACTIONS, null, null, null);
  }

  /** {@code <prefix>::<chain>::tabledeltas}, every table; narrow it with {@link ThalosChannel#table(String)}. */
  public ThalosChannel tableDeltas() {
    return ThalosChannel.create(this, ChannelKind.TABLE_DELTAS, null, null, null);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ThalosNamespace
        && ((ThalosNamespace) o).prefix.equals(prefix)
        && ((ThalosNamespace) o).chain.equals(chain);
  }

  @Override
  public int hashCode() {
    return prefix.hashCode() * 31 + chain.hashCode();
  }

  /** {@code <prefix>::<chain>}. */
  @Override
  public String toString() {
    return prefix + "::" + chain;
  }

  /** Builds a {@link ThalosNamespace}. */
  public static final class Builder {

    private String prefix = DEFAULT_PREFIX;
    private String chain;
    private ChannelValidator validator = ChannelValidator.strict();

    private Builder() {}

    /**
     * The prefix ({@code redis.prefix} of the Thalos server). If unset, {@value ThalosNamespace#DEFAULT_PREFIX}.
     *
     * @throws InvalidChannelException if {@code prefix} is not even a lenient segment
     */
    public Builder prefix(String prefix) {
      this.prefix = ChannelValidator.lenient().checkSegment(prefix, ChannelPart.PREFIX);
      return this;
    }

    /**
     * The chain: a chain id (64 lowercase hex digits) or a chain name. Required.
     *
     * @throws InvalidChannelException if {@code chain} is not even a lenient segment
     */
    public Builder chain(String chain) {
      this.chain = ChannelValidator.lenient().checkSegment(chain, ChannelPart.CHAIN);
      return this;
    }

    /** Alias of {@link #chain(String)} for a chain id. */
    public Builder chainId(String chainId) {
      return chain(chainId);
    }

    /** Alias of {@link #chain(String)} for a chain name ({@code ship.chain}). */
    public Builder chainName(String chainName) {
      return chain(chainName);
    }

    /**
     * The validator that checks prefix, chain and every name given to the namespace's channels. If unset,
     * {@link ChannelValidator#strict()}.
     */
    public Builder validator(ChannelValidator validator) {
      this.validator = Objects.requireNonNull(validator, "validator must not be null");
      return this;
    }

    /**
     * @throws IllegalStateException if no chain was set
     * @throws InvalidChannelException if prefix or chain break the validator's rules
     */
    public ThalosNamespace build() {
      if (chain == null) {
        throw new IllegalStateException("chain must be set (a chain id or a chain name)");
      }
      validator.checkSegment(prefix, ChannelPart.PREFIX);
      validator.checkSegment(chain, ChannelPart.CHAIN);
      ThalosNamespace ns = new ThalosNamespace(prefix, chain, validator);
      // Prefix and chain must leave room for channels within the length bound.
      validator.validate(ns.channelPrefix() + "heartbeat");
      return ns;
    }
  }
}
