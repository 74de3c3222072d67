package dev.thalos.redis.security.channel;

import static dev.thalos.redis.security.channel.ChannelScanner.BUFFER;
import static dev.thalos.redis.security.channel.ChannelScanner.BYTES;
import static dev.thalos.redis.security.channel.ChannelScanner.STRING;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Checks that a Redis channel name is a Thalos channel, in one of two strictness levels. The checks
 * ({@code isValid}, {@code validate}, {@code kindOf}) allocate nothing on success (no regex, no substring,
 * no boxing) and read {@code String}s, {@code byte[]} ranges and {@code ByteBuffer} ranges alike (bytes as
 * UTF-8, buffers by absolute reads from position to limit, the position left untouched).
 *
 * <h2>Grammar</h2>
 * Both levels share the structure (ABNF, RFC 5234; literals are case-sensitive):
 * <pre>
 * channel  = prefix "::" chain "::" path
 * path     = "transactions" / "heartbeat" / "rollback"
 *          / "actions" [ "/name/" action / "/contract/" contract [ "/name/" action ] ]
 *          / "tabledeltas" [ "/name/" table ]
 * </pre>
 * and a channel is at most {@value #MAX_CHANNEL_BYTES} bytes long in UTF-8.
 *
 * <p><b>{@link #strict() Strict}</b> (the default everywhere; what a Thalos server can actually publish with a
 * sane configuration):
 * <ul>
 *   <li>{@code prefix} = 1 to 64 characters from {@code [A-Za-z0-9._-]};
 *   <li>{@code chain} = a chain id of exactly 64 characters from {@code [0-9a-f]}, or a chain name of 1 to 32
 *       characters from {@code [a-z0-9._-]};
 *   <li>{@code contract}, {@code action} = a canonical Antelope name: 1 to 13 characters, the first 12 from
 *       {@code [.12345a-z]}, the 13th only from {@code [.12345a-j]}, the last not {@code .};
 *   <li>{@code table} = one of {@code account}, {@code account_metadata}, {@code code},
 *       {@code contract_table}, {@code contract_row}, {@code contract_index64}, {@code contract_index128},
 *       {@code contract_index256}, {@code contract_index_double}, {@code contract_index_long_double},
 *       {@code global_property}, {@code generated_transaction}, {@code protocol_state}, {@code permission},
 *       {@code permission_link}, {@code resource_limits}, {@code resource_limits_state},
 *       {@code resource_limits_config}, {@code resource_usage}.
 * </ul>
 *
 * <p><b>{@link #lenient() Lenient}</b> (for unusual prefixes, chain names and future tables): {@code prefix},
 * {@code chain}, {@code contract}, {@code action} and {@code table} are each a <em>segment</em>
 * {@code S *( ":" S )} where {@code S} is one or more Unicode code points other than
 * <ul>
 *   <li>the Redis glob metacharacters {@code * ? [ ] \}, and {@code /} and {@code :};
 *   <li>space and the control characters U+0000..U+001F, U+007F..U+009F;
 *   <li>the bidi controls U+061C, U+200E, U+200F, U+202A..U+202E, U+2066..U+2069 and the separators
 *       U+2028, U+2029.
 * </ul>
 * So a segment is never empty, never contains {@code ::}, and never starts or ends with {@code :}, which keeps
 * the split at {@code ::} unambiguous. Text must be well-formed: no unpaired surrogates in a {@code String},
 * only well-formed (shortest-form, non-surrogate, at most U+10FFFF) UTF-8 in bytes.
 *
 * <p>Spaces are excluded in both levels because Redis splits ACL rules and configuration lines at whitespace;
 * glob metacharacters because a channel containing them would, as a {@code PSUBSCRIBE} or ACL pattern, widen
 * what is received or allowed.
 *
 * <pre>{@code
 * ChannelValidator.strict().isValid("ship::wax::heartbeat");            // true
 * ChannelValidator.strict().isValid("ship::wax::actions/contract/*");  // false
 * ChannelKind kind = ChannelValidator.strict().validate(channel);      // throws InvalidChannelException
 * }</pre>
 */
public final class ChannelValidator {

  private static final ChannelValidator STRICT = new ChannelValidator(true);
  private static final ChannelValidator LENIENT = new ChannelValidator(false);

  /** Upper bound on a channel name in UTF-8 bytes, in both strictness levels. */
  public static final int MAX_CHANNEL_BYTES = ChannelScanner.MAX_UTF8_LENGTH;

  private final boolean strict;

  /** {@code <prefix>::<chain>::} of the namespace tried first (strict only), or null. */
  private final String start;
  private final byte[] startBytes;
  private final ByteBuffer startBuffer;
  private final ThalosNamespace namespace;

  private ChannelValidator(boolean strict) {
    this.strict = strict;
    this.start = null;
    this.startBytes = null;
    this.startBuffer = null;
    this.namespace = null;
  }

  /**
   * Below this length of {@code <prefix>::<chain>::} (measured: a chain name such as {@code ship::wax::}), the
   * intrinsic comparison costs more than the scan it saves, so a namespace-bound validator just scans.
   */
  private static final int MIN_COMPARED_START = 32;

  private ChannelValidator(ThalosNamespace namespace, String start) {
    this.strict = true;
    this.namespace = namespace;
    if (start.length() >= MIN_COMPARED_START) {
      this.start = start;
      this.startBytes = start.getBytes(StandardCharsets.US_ASCII);
      this.startBuffer = ByteBuffer.allocateDirect(startBytes.length).put(startBytes).flip().asReadOnlyBuffer();
    } else {
      this.start = null;
      this.startBytes = null;
      this.startBuffer = null;
    }
  }

  /** The strict validator: documented tables, canonical Antelope names, conservative prefix and chain. */
  public static ChannelValidator strict() {
    return STRICT;
  }

  /** The lenient validator: any segment free of glob metacharacters, {@code ::}, spaces and controls. */
  public static ChannelValidator lenient() {
    return LENIENT;
  }

  /** Whether this validator applies the {@link #strict()} rules. */
  public boolean isStrict() {
    return strict;
  }

  /**
   * A validator with exactly this validator's rules that recognises the channels of {@code namespace} faster:
   * it first compares a channel's start with {@code <prefix>::<chain>::} of the namespace (a vectorised
   * comparison instead of a character-by-character scan of, say, a 64-digit chain id) and then checks only the
   * rest. Channels of other namespaces are checked (and accepted when valid) exactly as by this validator, at
   * the cost of the failed comparison. Meant for a subscriber or publisher that validates the channels of one
   * namespace; keep the returned validator, creating it allocates. The comparison pays off for a chain id (about
   * a third less time per channel), not for a short chain name such as {@code wax}, for which the returned
   * validator scans as this one does.
   *
   * <p>The speed-up applies to strict validation; a lenient validator is returned unchanged, as is this
   * validator for a namespace whose prefix or chain the strict rules do not accept.
   *
   * <pre>{@code
   * ThalosNamespace wax = ThalosNamespace.of("wax");
   * ChannelValidator validator = ChannelValidator.strict().forNamespace(wax); // keep it
   * validator.isValid("ship::wax::heartbeat");                                // true, faster
   * validator.isValid("ship::eos::heartbeat");                                // true, as strict()
   * }</pre>
   *
   * @throws NullPointerException if {@code namespace} is null
   */
  public ChannelValidator forNamespace(ThalosNamespace namespace) {
    Objects.requireNonNull(namespace, "namespace must not be null");
    String prefix = namespace.channelPrefix();
    if (!strict || StrictScanner.scan(prefix + "heartbeat") < 0) {
      return this;
    }
    return new ChannelValidator(namespace, prefix);
  }

  /** Whether {@code channel} is a Thalos channel under this validator's rules. Allocation-free. */
  public boolean isValid(String channel) {
    return channel != null && scan(channel) >= 0;
  }

  /** Whether the UTF-8 bytes {@code buf[off, off+len)} are a Thalos channel. Allocation-free. */
  public boolean isValid(byte[] buf, int off, int len) {
    Objects.checkFromIndexSize(off, len, buf.length);
    return scan(buf, off, len) >= 0;
  }

  /** Whether the UTF-8 bytes {@code buf} are a Thalos channel. Allocation-free. */
  public boolean isValid(byte[] buf) {
    return isValid(buf, 0, buf.length);
  }

  /**
   * Whether the bytes from {@code buffer}'s position to its limit are a Thalos channel. Allocation-free; the
   * position is not changed. Works for heap, direct and read-only buffers.
   */
  public boolean isValid(ByteBuffer buffer) {
    return scan(buffer) >= 0;
  }

  /** The kind of {@code channel}, or {@code null} if it is not a valid channel. Allocation-free. */
  public ChannelKind kindOf(String channel) {
    int r = channel == null ? -1 : scan(channel);
    return r < 0 ? null : ChannelKind.ofOrdinal(r);
  }

  /** The kind of the channel in {@code buf[off, off+len)}, or {@code null} if invalid. Allocation-free. */
  public ChannelKind kindOf(byte[] buf, int off, int len) {
    Objects.checkFromIndexSize(off, len, buf.length);
    int r = scan(buf, off, len);
    return r < 0 ? null : ChannelKind.ofOrdinal(r);
  }

  /** The kind of the channel from position to limit of {@code buffer}, or {@code null} if invalid. */
  public ChannelKind kindOf(ByteBuffer buffer) {
    int r = scan(buffer);
    return r < 0 ? null : ChannelKind.ofOrdinal(r);
  }

  /**
   * Validates {@code channel} and returns its kind. Allocation-free when valid.
   *
   * @throws InvalidChannelException naming the part, index and rule of the first violation
   */
  public ChannelKind validate(String channel) {
    Objects.requireNonNull(channel, "channel must not be null");
    int r = scan(channel);
    return r >= 0 ? ChannelKind.ofOrdinal(r) : rejected(channel, STRING, 0, channel.length(), r);
  }

  /** Validates the UTF-8 channel {@code buf[off, off+len)}; index in the exception is relative to {@code off}. */
  public ChannelKind validate(byte[] buf, int off, int len) {
    Objects.checkFromIndexSize(off, len, buf.length);
    int r = scan(buf, off, len);
    return r >= 0 ? ChannelKind.ofOrdinal(r) : rejected(buf, BYTES, off, len, r);
  }

  /** Validates the channel from position to limit of {@code buffer}; the position is not changed. */
  public ChannelKind validate(ByteBuffer buffer) {
    int r = scan(buffer);
    return r >= 0 ? ChannelKind.ofOrdinal(r) : rejected(buffer, BUFFER, buffer.position(), buffer.remaining(), r);
  }

  // The strict level first tries StrictScanner's specialised loops; whatever they do not accept, ChannelScanner
  // decides (and explains). StrictScanner never accepts what ChannelScanner rejects.

  private int scan(String s) {
    int r = !strict ? StrictScanner.NO : start == null ? StrictScanner.scan(s) : StrictScanner.scan(s, start);
    return r >= 0 ? r : ChannelScanner.scan(s, STRING, 0, s.length(), strict);
  }

  private int scan(byte[] buf, int off, int len) {
    int r = !strict ? StrictScanner.NO
        : start == null ? StrictScanner.scan(buf, off, len) : StrictScanner.scan(buf, off, len, startBytes);
    return r >= 0 ? r : ChannelScanner.scan(buf, BYTES, off, len, strict);
  }

  private int scan(ByteBuffer buffer) {
    int r = !strict ? StrictScanner.NO
        : start == null ? StrictScanner.scan(buffer) : StrictScanner.scan(buffer, startBuffer);
    return r >= 0 ? r : ChannelScanner.scan(buffer, BUFFER, buffer.position(), buffer.remaining(), strict);
  }

  /** The exception for the error code {@code r} that {@link ChannelScanner} gave for the input (never returns). */
  private ChannelKind rejected(Object s, int k, int off, int len, int r) {
    throw InvalidChannelException.of("channel", s, k, off, len, r, strict);
  }

  /**
   * Parses {@code channel} into its namespace and typed parts. The namespace of the result carries this
   * validator.
   *
   * @throws InvalidChannelException if the channel is not valid under this validator
   */
  public ThalosChannel parse(String channel) {
    ChannelKind kind = validate(channel);
    return ThalosChannel.fromValid(channel, kind, this);
  }

  /** Parses the UTF-8 channel {@code buf[off, off+len)}. */
  public ThalosChannel parse(byte[] buf, int off, int len) {
    ChannelKind kind = validate(buf, off, len);
    return ThalosChannel.fromValid(new String(buf, off, len, StandardCharsets.UTF_8), kind, this);
  }

  /** Parses the channel from position to limit of {@code buffer}; the position is not changed. */
  public ThalosChannel parse(ByteBuffer buffer) {
    ChannelKind kind = validate(buffer);
    ByteBuffer copy = buffer.duplicate();
    byte[] bytes = new byte[copy.remaining()];
    copy.get(bytes);
    return ThalosChannel.fromValid(new String(bytes, StandardCharsets.UTF_8), kind, this);
  }

  /** Checks one builder argument of the given part (PREFIX, CHAIN, CONTRACT, ACTION or TABLE). */
  String checkSegment(String value, ChannelPart part) {
    Objects.requireNonNull(value, () -> part.label() + " must not be null");
    int r = ChannelScanner.segment(value, part.ordinal(), strict);
    if (r < 0) {
      throw InvalidChannelException.of(part.label(), value, STRING, 0, value.length(), r, strict);
    }
    return value;
  }

  @Override
  public String toString() {
    String rules = strict ? "ChannelValidator.strict()" : "ChannelValidator.lenient()";
    return namespace == null ? rules : rules + ".forNamespace(" + namespace + ")";
  }
}
