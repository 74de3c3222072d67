package dev.thalos.redis.security.channel;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * A channel name, or one part of it given to a builder, does not follow the Thalos channel grammar of the
 * {@link ChannelValidator} in use.
 *
 * <p>Says which {@link #part() part} failed, at which {@link #index() index} of the rejected input (in chars for
 * a {@code String}, in bytes for {@code byte[]}/{@code ByteBuffer} input, relative to the start of the range),
 * and {@link #rule() why}. The message quotes the rejected input safely: at most {@value #QUOTE_LIMIT} units,
 * every character outside printable ASCII escaped as {@code \\uXXXX} (bytes: {@code \\xXX}), so a hostile
 * channel name cannot forge log lines or hide behind control or bidi characters.
 *
 * <pre>{@code
 * try {
 *   ChannelValidator.strict().validate("ship::wax::actions/contract/EOSIO");
 * } catch (InvalidChannelException e) {
 *   e.part();  // CONTRACT
 *   e.index(); // 28
 *   e.rule();  // "character 'E' is not allowed; an Antelope name is ..."
 * }
 * }</pre>
 */
public final class InvalidChannelException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** How many units of the rejected input the message quotes at most. */
  public static final int QUOTE_LIMIT = 96;

  private final ChannelPart part;
  private final int index;
  private final String rule;

  InvalidChannelException(String subject, String quotedInput, ChannelPart part, int index, String rule) {
    super("invalid " + subject + " " + quotedInput + ": " + part.label() + " at index " + index + ": " + rule);
    this.part = Objects.requireNonNull(part);
    this.index = index;
    this.rule = Objects.requireNonNull(rule);
  }

  /** The part of the channel that broke the grammar. */
  public ChannelPart part() {
    return part;
  }

  /** Index of the first offending unit, relative to the start of the rejected input. */
  public int index() {
    return index;
  }

  /** Why the input was rejected: the rule that was broken, in words. */
  public String rule() {
    return rule;
  }

  static InvalidChannelException of(String subject, Object s, int k, int off, int len, int error, boolean strict) {
    int rule = ChannelScanner.errorRule(error);
    int part = ChannelScanner.errorPart(error);
    int index = ChannelScanner.errorIndex(error);
    String offending = index < len ? describe(ChannelScanner.at(s, k, off, index), k) : null;
    return new InvalidChannelException(subject, quote(s, k, off, len), ChannelPart.ofOrdinal(part), index,
        ChannelRules.explain(rule, part, strict, offending));
  }

  private static String describe(int unit, int k) {
    StringBuilder b = new StringBuilder(12);
    b.append('\'');
    appendEscaped(b, unit, k);
    b.append('\'');
    return b.toString();
  }

  /** Quotes a (possibly hostile) input for a message: escaped, capped, in double quotes. */
  static String quote(Object s, int k, int off, int len) {
    int shown = Math.min(len, QUOTE_LIMIT);
    StringBuilder b = new StringBuilder(shown + 16);
    b.append('"');
    for (int i = 0; i < shown; i++) {
      appendEscaped(b, ChannelScanner.at(s, k, off, i), k);
    }
    b.append('"');
    if (len > shown) {
      b.append("...(").append(len - shown).append(" more)");
    }
    return b.toString();
  }

  static String quote(String s) {
    return quote(s, ChannelScanner.STRING, 0, s.length());
  }

  static String quote(ByteBuffer buffer) {
    return quote(buffer, ChannelScanner.BUFFER, buffer.position(), buffer.remaining());
  }

  private static void appendEscaped(StringBuilder b, int unit, int k) {
    if (unit == '"' || unit == '\\' || unit == '\'') {
      b.append('\\').append((char) unit);
    } else if (unit >= 0x20 && unit < 0x7F) {
      b.append((char) unit);
    } else if (k == ChannelScanner.STRING) {
      b.append(String.format("\\u%04X", unit));
    } else {
      b.append(String.format("\\x%02X", unit));
    }
  }
}
