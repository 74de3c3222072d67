package dev.thalos.redis.security.check.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;

/**
 * A small streaming JSON writer (RFC 8259) with two-space indentation. Strings are escaped completely: quote,
 * backslash, every control character, U+2028/U+2029 and unpaired surrogates become escapes, so the output is
 * valid UTF-8 JSON whatever the input. Misuse (a value where a name is expected, unbalanced ends) throws
 * {@link IllegalStateException}.
 *
 * <p>Not part of the public API.
 */
public final class JsonWriter {

  private enum Scope { OBJECT_EMPTY, OBJECT, OBJECT_AFTER_NAME, ARRAY_EMPTY, ARRAY, TOP, DONE }

  private final Appendable out;
  private final Deque<Scope> scopes = new ArrayDeque<>();

  public JsonWriter(Appendable out) {
    this.out = Objects.requireNonNull(out, "out must not be null");
    scopes.push(Scope.TOP);
  }

  public JsonWriter beginObject() {
    beforeValue();
    raw("{");
    scopes.push(Scope.OBJECT_EMPTY);
    return this;
  }

  public JsonWriter endObject() {
    Scope s = scopes.pop();
    if (s != Scope.OBJECT && s != Scope.OBJECT_EMPTY) {
      throw new IllegalStateException("endObject outside an object");
    }
    if (s == Scope.OBJECT) {
      newline();
    }
    raw("}");
    return this;
  }

  public JsonWriter beginArray() {
    beforeValue();
    raw("[");
    scopes.push(Scope.ARRAY_EMPTY);
    return this;
  }

  public JsonWriter endArray() {
    Scope s = scopes.pop();
    if (s != Scope.ARRAY && s != Scope.ARRAY_EMPTY) {
      throw new IllegalStateException("endArray outside an array");
    }
    if (s == Scope.ARRAY) {
      newline();
    }
    raw("]");
    return this;
  }

  public JsonWriter name(String name) {
    Scope s = scopes.peek();
    if (s != Scope.OBJECT && s != Scope.OBJECT_EMPTY) {
      throw new IllegalStateException("name outside an object: " + name);
    }
    if (s == Scope.OBJECT) {
      raw(",");
    }
    scopes.pop();
    scopes.push(Scope.OBJECT_AFTER_NAME);
    newline();
    string(name);
    raw(": ");
    return this;
  }

  public JsonWriter value(String value) {
    beforeValue();
    if (value == null) {
      raw("null");
    } else {
      string(value);
    }
    return this;
  }

  public JsonWriter value(long value) {
    beforeValue();
    raw(Long.toString(value));
    return this;
  }

  public JsonWriter value(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("invalid JSON number: " + value);
    }
    beforeValue();
    raw(Double.toString(value));
    return this;
  }

  public JsonWriter value(boolean value) {
    beforeValue();
    raw(value ? "true" : "false");
    return this;
  }

  public JsonWriter nullValue() {
    beforeValue();
    raw("null");
    return this;
  }

  /** Shorthand for {@code name(name).value(value)}. */
  public JsonWriter field(String name, String value) {
    return name(name).value(value);
  }

  public JsonWriter field(String name, long value) {
    return name(name).value(value);
  }

  public JsonWriter field(String name, boolean value) {
    return name(name).value(value);
  }

  /** Ends the document with a newline; throws if objects or arrays are still open. */
  public void finish() {
    if (scopes.peek() != Scope.DONE) {
      throw new IllegalStateException("unbalanced JSON document");
    }
    raw("\n");
  }

  private void beforeValue() {
    Scope s = scopes.pop();
    switch (s) {
      case TOP:
        scopes.push(Scope.DONE);
        break;
      case OBJECT_AFTER_NAME:
        scopes.push(Scope.OBJECT);
        break;
      case ARRAY_EMPTY:
        scopes.push(Scope.ARRAY);
        newline();
        break;
      case ARRAY:
        scopes.push(Scope.ARRAY);
        raw(",");
        newline();
        break;
      default:
        scopes.push(s);
        throw new IllegalStateException("a value is not allowed here (" + s + ")");
    }
  }

  private void newline() {
    StringBuilder sb = new StringBuilder("\n");
    int depth = scopes.size() - 1; // TOP/DONE at the bottom
    for (int i = 0; i < depth; i++) {
      sb.append("  ");
    }
    raw(sb);
  }

  private void string(String s) {
    raw(quote(s));
  }

  /** {@code s} as a JSON string literal, quotes included. */
  public static String quote(String s) {
    StringBuilder sb = new StringBuilder(s.length() + 2);
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          sb.append("\\r");
          break;
        case '\t':
          sb.append("\\t");
          break;
        case '\b':
          sb.append("\\b");
          break;
        case '\f':
          sb.append("\\f");
          break;
        default:
          if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
            unicodeEscape(sb, c);
          } else if (Character.isHighSurrogate(c)) {
            if (i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
              sb.append(c).append(s.charAt(++i));
            } else {
              unicodeEscape(sb, c);
            }
          } else if (Character.isLowSurrogate(c)) {
            unicodeEscape(sb, c);
          } else {
            sb.append(c);
          }
      }
    }
    return sb.append('"').toString();
  }

  private static void unicodeEscape(StringBuilder sb, char c) {
    sb.append(String.format("\\u%04x", (int) c));
  }

  private void raw(CharSequence s) {
    try {
      out.append(s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
