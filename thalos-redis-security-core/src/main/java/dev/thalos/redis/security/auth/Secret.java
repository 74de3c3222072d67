package dev.thalos.redis.security.auth;

import dev.thalos.redis.security.internal.LoneSurrogates;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A password held in a private {@code char[]}: copied in, copied out, compared in constant time, wiped by
 * {@link #close()}. It never shows itself: {@link #toString()} always returns {@code ****} (a fixed string, so
 * not even the length leaks), and the type is not {@link java.io.Serializable}.
 *
 * <p>The value is well-formed UTF-16: a lone surrogate (half of a surrogate pair without the other half) is
 * refused when the secret is made, because UTF-8, which Redis {@code AUTH} sends, has no form for one (Java would
 * send {@code ?} instead: another, weaker password). Characters outside the BMP, written as surrogate pairs, are
 * fine.
 *
 * <p>Reading the value is deliberately spelled out and easy to find with grep: {@link #reveal()} and
 * {@link #revealUtf8()} return fresh copies that the caller wipes after use.
 *
 * <pre>{@code
 * try (Secret password = Secret.of(chars)) {
 *   char[] copy = password.reveal();
 *   try { ... } finally { Arrays.fill(copy, '\0'); }
 * }
 * }</pre>
 *
 * <p>Thread-safe.
 */
public final class Secret implements AutoCloseable {

  /** What {@link #toString()} returns, whatever the value. */
  public static final String MASK = "****";

  private char[] chars;

  private Secret(char[] chars) {
    this.chars = chars;
  }

  /**
   * A secret holding a copy of {@code chars}; the caller may (and should) wipe its own array afterwards.
   *
   * @throws IllegalArgumentException if {@code chars} is null or holds a lone surrogate (the message says so
   *     without showing any part of the value)
   */
  public static Secret of(char[] chars) {
    if (chars == null) {
      throw new IllegalArgumentException("secret must not be null");
    }
    requireEncodable(chars);
    return new Secret(chars.clone());
  }

  /**
   * A secret that takes ownership of {@code chars} without copying (for sources that made their own copy). On a
   * lone surrogate {@code chars} is wiped before the exception is thrown.
   */
  static Secret adopt(char[] chars) {
    try {
      requireEncodable(chars);
    } catch (IllegalArgumentException e) {
      Arrays.fill(chars, '\0');
      throw e;
    }
    return new Secret(chars);
  }

  /** Refuses a lone surrogate, reading {@code chars} in place; the message holds no part of them. */
  private static void requireEncodable(char[] chars) {
    if (LoneSurrogates.indexIn(CharBuffer.wrap(chars)) >= 0) {
      throw new IllegalArgumentException("password " + LoneSurrogates.RULE);
    }
  }

  /**
   * A fresh copy of the characters; wipe it ({@code Arrays.fill(copy, '\0')}) when done.
   *
   * @throws IllegalStateException if this secret was closed
   */
  public synchronized char[] reveal() {
    return live().clone();
  }

  /**
   * A fresh UTF-8 encoding of the characters (what Redis {@code AUTH} sends); wipe it when done.
   *
   * @throws IllegalStateException if this secret was closed
   */
  public synchronized byte[] revealUtf8() {
    ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(live()));
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    if (encoded.hasArray()) {
      Arrays.fill(encoded.array(), (byte) 0);
    }
    return bytes;
  }

  /** Whether the value is empty (zero characters). */
  public synchronized boolean isEmpty() {
    return live().length == 0;
  }

  /**
   * Compares the values in time that depends only on the lengths, not on where they differ.
   *
   * @throws IllegalStateException if either secret was closed
   */
  public boolean equalsSecret(Secret other) {
    Objects.requireNonNull(other, "other must not be null");
    char[] mine = reveal();
    char[] theirs = other.reveal();
    try {
      return constantTimeEquals(mine, theirs);
    } finally {
      Arrays.fill(mine, '\0');
      Arrays.fill(theirs, '\0');
    }
  }

  static boolean constantTimeEquals(char[] a, char[] b) {
    int diff = a.length ^ b.length;
    int n = Math.max(a.length, b.length);
    for (int i = 0; i < n; i++) {
      char x = i < a.length ? a[i] : 0;
      char y = i < b.length ? b[i] : 0;
      diff |= x ^ y;
    }
    return diff == 0;
  }

  /** Whether {@link #close()} has been called. */
  public synchronized boolean isClosed() {
    return chars == null;
  }

  /** Overwrites the characters with zeros; later reads throw {@link IllegalStateException}. Idempotent. */
  @Override
  public synchronized void close() {
    if (chars != null) {
      Arrays.fill(chars, '\0');
      chars = null;
    }
  }

  /** Always {@value #MASK}. */
  @Override
  public String toString() {
    return MASK;
  }

  private char[] live() {
    if (chars == null) {
      throw new IllegalStateException("secret was closed");
    }
    return chars;
  }
}
