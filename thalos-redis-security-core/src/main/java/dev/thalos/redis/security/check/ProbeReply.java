package dev.thalos.redis.security.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One reply from Redis as a {@link RedisProbe} hands it to a rule: a status, an error, an integer, a bulk
 * string, nil, or an array of replies. RESP3 maps are flattened by the adapter into arrays of alternating keys and
 * values (as RESP2 sends them); {@link #asMap()} pairs them up again. Doubles and booleans arrive as bulk
 * strings and integers.
 *
 * <p>An error reply is a normal value, not an exception: rules decide what {@code NOPERM} means for them. Use
 * {@link #requireOk()} when any error means "cannot decide".
 */
public final class ProbeReply {

  /** The RESP type of a reply. */
  public enum Kind { STATUS, ERROR, INTEGER, BULK, NIL, ARRAY }

  private static final ProbeReply NIL = new ProbeReply(Kind.NIL, null, 0, List.of());

  private final Kind kind;
  private final String text;
  private final long integer;
  private final List<ProbeReply> elements;

  private ProbeReply(Kind kind, String text, long integer, List<ProbeReply> elements) {
    this.kind = kind;
    this.text = text;
    this.integer = integer;
    this.elements = elements;
  }

  /** A simple-string reply such as {@code OK} or {@code PONG}. */
  public static ProbeReply status(String text) {
    return new ProbeReply(Kind.STATUS, Objects.requireNonNull(text, "text must not be null"), 0, List.of());
  }

  /** An error reply, the whole line as sent, e.g. {@code NOPERM this user has no permissions ...}. */
  public static ProbeReply error(String line) {
    return new ProbeReply(Kind.ERROR, Objects.requireNonNull(line, "line must not be null"), 0, List.of());
  }

  public static ProbeReply integer(long value) {
    return new ProbeReply(Kind.INTEGER, null, value, List.of());
  }

  /** A bulk string; {@code null} gives {@link #nil()}. */
  public static ProbeReply bulk(String value) {
    return value == null ? NIL : new ProbeReply(Kind.BULK, value, 0, List.of());
  }

  public static ProbeReply nil() {
    return NIL;
  }

  public static ProbeReply array(List<ProbeReply> elements) {
    Objects.requireNonNull(elements, "elements must not be null");
    return new ProbeReply(Kind.ARRAY, null, 0, List.copyOf(elements));
  }

  public Kind kind() {
    return kind;
  }

  public boolean isError() {
    return kind == Kind.ERROR;
  }

  public boolean isNil() {
    return kind == Kind.NIL;
  }

  /** The error code: the first word of an error reply in upper case ({@code NOPERM}, {@code ERR}, ...). */
  public String errorCode() {
    requireKind(Kind.ERROR);
    int space = text.indexOf(' ');
    return (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
  }

  /** The whole error line. */
  public String errorMessage() {
    requireKind(Kind.ERROR);
    return text;
  }

  /** Whether this is a {@code NOPERM} or {@code NOAUTH} error: the user may not run the command. */
  public boolean isNoPermission() {
    return kind == Kind.ERROR && (errorCode().equals("NOPERM") || errorCode().equals("NOAUTH"));
  }

  /** Whether this is Redis's "unknown command" / "unknown subcommand" error. */
  public boolean isUnknownCommand() {
    return kind == Kind.ERROR && text.toLowerCase(Locale.ROOT).contains("unknown command")
        || kind == Kind.ERROR && text.toLowerCase(Locale.ROOT).contains("unknown subcommand");
  }

  /**
   * Returns this reply if it is not an error.
   *
   * @throws ProbeException {@code probe.no-permission}, {@code probe.unsupported} or {@code probe.error}
   */
  public ProbeReply requireOk() {
    if (kind != Kind.ERROR) {
      return this;
    }
    if (isNoPermission()) {
      throw new ProbeException(ProbeException.NO_PERMISSION, "Redis refused: " + text);
    }
    if (isUnknownCommand()) {
      throw new ProbeException(ProbeException.UNSUPPORTED, "Redis does not know the command: " + text);
    }
    throw new ProbeException(ProbeException.ERROR, "Redis replied with an error: " + text);
  }

  /** The text of a status or bulk reply. */
  public String asString() {
    if (kind != Kind.STATUS && kind != Kind.BULK) {
      throw new IllegalStateException("reply is " + kind + ", not a string");
    }
    return text;
  }

  /** The value of an integer reply, or of a bulk/status reply holding a decimal integer. */
  public long asLong() {
    if (kind == Kind.INTEGER) {
      return integer;
    }
    if (kind == Kind.STATUS || kind == Kind.BULK) {
      try {
        return Long.parseLong(text.trim());
      } catch (NumberFormatException e) {
        throw new IllegalStateException("reply is not an integer: " + text, e);
      }
    }
    throw new IllegalStateException("reply is " + kind + ", not an integer");
  }

  /** The elements of an array reply; an empty list for nil. */
  public List<ProbeReply> asList() {
    if (kind == Kind.NIL) {
      return List.of();
    }
    requireKind(Kind.ARRAY);
    return elements;
  }

  /**
   * Pairs up an array of alternating keys and values (e.g. {@code CONFIG GET}, {@code ACL GETUSER}); keys are the
   * string form of the key replies, in reply order.
   */
  public Map<String, ProbeReply> asMap() {
    List<ProbeReply> list = asList();
    if (list.size() % 2 != 0) {
      throw new IllegalStateException("reply has an odd number of elements: " + list.size());
    }
    Map<String, ProbeReply> map = new LinkedHashMap<>();
    for (int i = 0; i < list.size(); i += 2) {
      map.put(list.get(i).asString(), list.get(i + 1));
    }
    return map;
  }

  /** The strings of an array of string replies. */
  public List<String> asStrings() {
    List<String> out = new ArrayList<>();
    for (ProbeReply r : asList()) {
      out.add(r.asString());
    }
    return out;
  }

  private void requireKind(Kind expected) {
    if (kind != expected) {
      throw new IllegalStateException("reply is " + kind + ", not " + expected);
    }
  }

  /**
   * A short type description, deliberately without the content: replies can contain secrets
   * ({@code CONFIG GET requirepass}).
   */
  @Override
  public String toString() {
    switch (kind) {
      case ERROR:
        return "ProbeReply[ERROR " + errorCode() + "]";
      case INTEGER:
        return "ProbeReply[INTEGER " + integer + "]";
      case ARRAY:
        return "ProbeReply[ARRAY of " + elements.size() + "]";
      default:
        return "ProbeReply[" + kind + "]";
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof ProbeReply)) {
      return false;
    }
    ProbeReply r = (ProbeReply) o;
    return kind == r.kind && integer == r.integer && Objects.equals(text, r.text)
        && elements.equals(r.elements);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, text, integer, elements);
  }
}
