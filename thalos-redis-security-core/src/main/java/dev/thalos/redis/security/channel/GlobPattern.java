package dev.thalos.redis.security.channel;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A Redis glob pattern, matched exactly as Redis 7.0 matches channel names against ACL {@code &} patterns and
 * {@code PSUBSCRIBE} patterns ({@code stringmatchlen}, case-sensitive), but in bounded time: at most
 * O(pattern length × channel length) steps however many {@code *} the pattern has.
 *
 * <p>Syntax: {@code *} matches any run of bytes (including none), {@code ?} one byte, {@code [abc]},
 * {@code [a-z]}, {@code [^...]} one byte of (not of) a class, {@code \x} the byte {@code x}. Redis' edge cases
 * are kept: a class without {@code ]} extends to the end of the pattern, reversed ranges {@code [z-a]} are
 * swapped, range bounds compare as signed bytes, {@code []} matches nothing and {@code [^]} any byte, a
 * trailing {@code \} is a literal backslash, and the empty channel matches only the empty pattern.
 *
 * <p>Matching works on bytes. {@code String} patterns and channels are taken as UTF-8; matching a
 * {@code String} channel allocates nothing when it is ASCII (Thalos channels are), otherwise it is encoded
 * first. {@code byte[]} and {@code ByteBuffer} ranges never allocate.
 *
 * <pre>{@code
 * GlobPattern wax = GlobPattern.of("ship::wax::*");
 * wax.matches("ship::wax::heartbeat");     // true
 * wax.matches("ship::waxtest::heartbeat"); // false
 * }</pre>
 */
public final class GlobPattern {

  private final byte[] pattern;

  private GlobPattern(byte[] pattern) {
    this.pattern = pattern;
  }

  /** The pattern given as text (UTF-8). */
  public static GlobPattern of(String pattern) {
    Objects.requireNonNull(pattern, "pattern must not be null");
    return new GlobPattern(pattern.getBytes(StandardCharsets.UTF_8));
  }

  /** The pattern given as raw bytes (copied). */
  public static GlobPattern of(byte[] pattern) {
    Objects.requireNonNull(pattern, "pattern must not be null");
    return new GlobPattern(pattern.clone());
  }

  /**
   * A pattern that matches exactly {@code literal}: every {@code * ? [ ] \} escaped with {@code \}.
   */
  public static GlobPattern literal(String literal) {
    Objects.requireNonNull(literal, "literal must not be null");
    return of(escape(literal));
  }

  /** {@code text} with every glob metacharacter {@code * ? [ ] \} escaped with {@code \}. */
  public static String escape(String text) {
    StringBuilder b = new StringBuilder(text.length() + 8);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
        b.append('\\');
      }
      b.append(c);
    }
    return b.toString();
  }

  /** Whether {@code channel} (as UTF-8) matches. Allocation-free for ASCII channels. */
  public boolean matches(String channel) {
    if (GlobMatcher.isAscii(channel)) {
      return GlobMatcher.matches(pattern, pattern.length, channel, ChannelScanner.STRING, 0, channel.length());
    }
    return matches(channel.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether {@code channel} matches. Allocation-free. */
  public boolean matches(byte[] channel) {
    return matches(channel, 0, channel.length);
  }

  /** Whether {@code buf[off, off+len)} matches. Allocation-free. */
  public boolean matches(byte[] buf, int off, int len) {
    Objects.checkFromIndexSize(off, len, buf.length);
    return GlobMatcher.matches(pattern, pattern.length, buf, ChannelScanner.BYTES, off, len);
  }

  /** Whether the bytes from position to limit of {@code buffer} match; the position is not changed. */
  public boolean matches(ByteBuffer buffer) {
    return GlobMatcher.matches(pattern, buffer);
  }

  /** Whether {@code channel}'s name matches. Allocation-free. */
  public boolean matches(ThalosChannel channel) {
    byte[] name = channel.rawBytes();
    return GlobMatcher.matches(pattern, pattern.length, name, ChannelScanner.BYTES, 0, name.length);
  }

  /** Whether the pattern contains no glob metacharacter, i.e. matches exactly one channel (itself). */
  public boolean isLiteral() {
    for (byte b : pattern) {
      if (b == '*' || b == '?' || b == '[' || b == '\\') {
        return false;
      }
    }
    return true;
  }

  /** A copy of the pattern bytes. */
  public byte[] bytes() {
    return pattern.clone();
  }

  byte[] rawBytes() {
    return pattern;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof GlobPattern && Arrays.equals(((GlobPattern) o).pattern, pattern);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(pattern);
  }

  /** The pattern, decoded as UTF-8. */
  @Override
  public String toString() {
    return new String(pattern, StandardCharsets.UTF_8);
  }
}
