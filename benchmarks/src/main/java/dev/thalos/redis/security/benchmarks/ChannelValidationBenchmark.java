package dev.thalos.redis.security.benchmarks;

import dev.thalos.redis.security.channel.ChannelKind;
import dev.thalos.redis.security.channel.ChannelValidator;
import dev.thalos.redis.security.channel.ThalosChannel;
import dev.thalos.redis.security.channel.ThalosNamespace;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Measures strict validation of Thalos channel names on the subscriber/publisher hot path: the library's
 * allocation-free {@link ChannelValidator} against an equivalent precompiled {@link java.util.regex.Pattern}
 * (the same strict grammar, one regex), compared through the {@code implementation} parameter, on typical
 * channels of 20 to 115 characters:
 *
 * <ul>
 *   <li>{@code thalos}: {@link ChannelValidator#strict()};
 *   <li>{@code thalosNamespace}: {@code ChannelValidator.strict().forNamespace(namespace)} for the channel's
 *       namespace, the validator a subscriber or publisher of one namespace keeps (same rules and answers, the
 *       namespace's {@code <prefix>::<chain>::} compared first with vectorised intrinsics);
 *   <li>{@code regex}: {@link #STRICT_REGEX}, equivalent to both.
 * </ul>
 *
 * <p>Operations:
 *
 * <ul>
 *   <li>{@code validateString}: is this {@code String} a valid channel ({@code isValid} / {@code matches()}).
 *   <li>{@code validateBytes}: the same for UTF-8 bytes as Lettuce's {@code ByteArrayCodec} delivers them
 *       (the regex must decode them to a {@code String} first).
 *   <li>{@code validateDirectBuffer}: the same for a direct {@code ByteBuffer} (regex: decode first).
 *   <li>{@code classify}: validate and return the {@link ChannelKind} ({@code kindOf}; regex: which group
 *       matched) — the allocation-free "parse" a dispatcher needs.
 *   <li>{@code parse}: full parse into a {@link ThalosChannel} with its names (regex: {@code group()}
 *       extraction); allocates in both implementations.
 * </ul>
 *
 * <p>Run (2 cores shared, so keep it short; add {@code -p implementation=thalos,regex} for the unbound case only):
 * <pre>
 * mvn -B -ntp -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar ChannelValidation -prof gc -f 1 -wi 3 -i 5 -w 1s -r 1s
 * </pre>
 * {@code gc.alloc.rate.norm} in the output is the allocation per operation in bytes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ChannelValidationBenchmark {

  static final String WAX_ID = "1064487b3cd1a897ce03ae5b6a865651747e2e152090f99c1d19d44e01aea5a4";

  private static final String NAME = "(?:[.1-5a-z]{1,12}|[.1-5a-z]{12}[.1-5a-j])(?<!\\.)";
  private static final String TABLE = "(?:account|account_metadata|code|contract_table|contract_row"
      + "|contract_index64|contract_index128|contract_index256|contract_index_double|contract_index_long_double"
      + "|global_property|generated_transaction|protocol_state|permission|permission_link|resource_limits"
      + "|resource_limits_state|resource_limits_config|resource_usage)";

  /** The strict grammar of {@link ChannelValidator} as one regex, with groups for parsing. */
  static final Pattern STRICT_REGEX = Pattern.compile(
      "([A-Za-z0-9._-]{1,64})::([0-9a-f]{64}|[a-z0-9._-]{1,32})::"
          + "(?:(transactions)|(heartbeat)|(rollback)"
          + "|(actions)(?:/name/(" + NAME + ")|/contract/(" + NAME + ")(?:/name/(" + NAME + "))?)?"
          + "|(tabledeltas)(?:/name/(" + TABLE + "))?)");

  /** Which channel: a short label, see {@link #setup()}. */
  @Param({"heartbeat", "contractAction", "chainIdAction", "chainIdTable"})
  public String channel;

  /**
   * {@code thalos}: {@link ChannelValidator#strict()}; {@code thalosNamespace}: the strict validator
   * {@link ChannelValidator#forNamespace for the channel's namespace}; {@code regex}: {@link #STRICT_REGEX}.
   */
  @Param({"thalos", "thalosNamespace", "regex"})
  public String implementation;

  private String name;
  private byte[] bytes;
  private ByteBuffer direct;
  private Validation impl;

  @Setup
  public void setup() {
    switch (channel) {
      case "heartbeat":
        name = "ship::wax::heartbeat";
        break;
      case "contractAction":
        name = "ship::wax::actions/contract/eosio.token/name/transfer";
        break;
      case "chainIdAction":
        name = "ship::" + WAX_ID + "::actions/contract/eosio.token/name/transfer";
        break;
      case "chainIdTable":
        name = "ship::" + WAX_ID + "::tabledeltas/name/contract_row";
        break;
      default:
        throw new IllegalArgumentException("unknown channel: " + channel);
    }
    bytes = name.getBytes(StandardCharsets.UTF_8);
    direct = ByteBuffer.allocateDirect(bytes.length);
    direct.put(bytes).flip();
    switch (implementation) {
      case "thalos":
        impl = new Library(ChannelValidator.strict());
        break;
      case "thalosNamespace":
        impl = new Library(ChannelValidator.strict().forNamespace(ThalosChannel.parse(name).namespace()));
        break;
      case "regex":
        impl = new Regex();
        break;
      default:
        throw new IllegalArgumentException("unknown implementation: " + implementation);
    }
    if (!impl.isValid(name) || !impl.isValid(bytes) || !impl.isValid(direct) || impl.classify(name) == null
        || impl.parse(name) == null) {
      throw new IllegalStateException(implementation + " rejects " + name);
    }
  }

  @Benchmark
  public boolean validateString() {
    return impl.isValid(name);
  }

  @Benchmark
  public boolean validateBytes() {
    return impl.isValid(bytes);
  }

  @Benchmark
  public boolean validateDirectBuffer() {
    return impl.isValid(direct);
  }

  @Benchmark
  public ChannelKind classify() {
    return impl.classify(name);
  }

  @Benchmark
  public Object parse() {
    return impl.parse(name);
  }

  interface Validation {
    boolean isValid(String channel);

    boolean isValid(byte[] channel);

    boolean isValid(ByteBuffer channel);

    ChannelKind classify(String channel);

    Object parse(String channel);
  }

  static final class Library implements Validation {
    private final ChannelValidator validator;

    Library(ChannelValidator validator) {
      this.validator = validator;
    }

    @Override
    public boolean isValid(String channel) {
      return validator.isValid(channel);
    }

    @Override
    public boolean isValid(byte[] channel) {
      return validator.isValid(channel, 0, channel.length);
    }

    @Override
    public boolean isValid(ByteBuffer channel) {
      return validator.isValid(channel);
    }

    @Override
    public ChannelKind classify(String channel) {
      return validator.kindOf(channel);
    }

    @Override
    public Object parse(String channel) {
      return validator.parse(channel);
    }
  }

  static final class Regex implements Validation {
    @Override
    public boolean isValid(String channel) {
      return STRICT_REGEX.matcher(channel).matches();
    }

    @Override
    public boolean isValid(byte[] channel) {
      return isValid(new String(channel, StandardCharsets.UTF_8));
    }

    @Override
    public boolean isValid(ByteBuffer channel) {
      return isValid(StandardCharsets.UTF_8.decode(channel.duplicate()).toString());
    }

    @Override
    public ChannelKind classify(String channel) {
      Matcher m = STRICT_REGEX.matcher(channel);
      if (!m.matches()) {
        return null;
      }
      if (m.start(3) >= 0) {
        return ChannelKind.TRANSACTIONS;
      } else if (m.start(4) >= 0) {
        return ChannelKind.HEARTBEAT;
      } else if (m.start(5) >= 0) {
        return ChannelKind.ROLLBACK;
      } else if (m.start(6) >= 0) {
        if (m.start(8) >= 0) {
          return m.start(9) >= 0 ? ChannelKind.ACTIONS_BY_CONTRACT_AND_NAME : ChannelKind.ACTIONS_BY_CONTRACT;
        }
        return m.start(7) >= 0 ? ChannelKind.ACTIONS_BY_NAME : ChannelKind.ACTIONS;
      }
      return m.start(11) >= 0 ? ChannelKind.TABLE_DELTAS_BY_TABLE : ChannelKind.TABLE_DELTAS;
    }

    @Override
    public Object parse(String channel) {
      Matcher m = STRICT_REGEX.matcher(channel);
      if (!m.matches()) {
        throw new IllegalArgumentException("invalid channel");
      }
      String contract = m.group(8);
      return new String[] {m.group(1), m.group(2), contract, m.group(7) != null ? m.group(7) : m.group(9),
          m.group(11)};
    }
  }
}
