package dev.thalos.redis.security.channel;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The channel permissions of one Redis ACL user (or selector), answering what Redis 7.0 answers: may this
 * user {@code PUBLISH} to / {@code SUBSCRIBE} to a channel, may it {@code PSUBSCRIBE} a pattern.
 *
 * <ul>
 *   <li>{@code PUBLISH}, {@code SUBSCRIBE} (and {@code SPUBLISH}, {@code SSUBSCRIBE}): the channel must
 *       glob-match one of the user's {@code &} patterns ({@link GlobPattern}, Redis semantics).
 *   <li>{@code PSUBSCRIBE}: the pattern must be <em>literally equal</em> to one of the user's {@code &}
 *       patterns (Redis compares with C {@code strcmp}, so the comparison ends at the first NUL byte). Holding
 *       {@code &ship::*} does not allow {@code PSUBSCRIBE ship::wax::*}.
 *   <li>{@code allchannels} (also written {@code &*}) allows everything, the empty channel included.
 * </ul>
 *
 * <p>Rules are read the way {@code ACL SETUSER} reads them, left to right: {@code &<pattern>} adds a pattern,
 * {@code allchannels} or {@code &*} allows every channel, {@code resetchannels} removes all; a user starts with
 * no channels ({@code acl-pubsub-default resetchannels}, the Redis 7 default). As in Redis, a pattern must not
 * contain whitespace or NUL, and adding a pattern after {@code allchannels} is an error.
 *
 * <pre>{@code
 * ChannelAcl client = ChannelAcl.of("resetchannels", "&ship::wax::*");
 * client.permitsPublish("ship::wax::heartbeat");         // true
 * client.permitsPublish("ship::eos::heartbeat");         // false
 * client.permitsPatternSubscribe("ship::wax::*");        // true (literally equal)
 * client.permitsPatternSubscribe("ship::wax::actions*"); // false
 * }</pre>
 *
 * <p>Immutable. The publish and subscribe checks allocate nothing for ASCII {@code String}s, {@link ThalosChannel}s
 * and byte ranges; {@link #permitsPatternSubscribe(byte[])} allocates nothing either.
 */
public final class ChannelAcl {

  private static final ChannelAcl NONE = new ChannelAcl(false, List.of());

  private final boolean allChannels;
  private final List<GlobPattern> patterns;
  private final byte[][] raw;

  private ChannelAcl(boolean allChannels, List<GlobPattern> patterns) {
    this.allChannels = allChannels;
    this.patterns = patterns;
    this.raw = new byte[patterns.size()][];
    for (int i = 0; i < raw.length; i++) {
      raw[i] = patterns.get(i).rawBytes();
    }
  }

  /** No channel at all ({@code resetchannels}). */
  public static ChannelAcl none() {
    return NONE;
  }

  /** Every channel ({@code allchannels}, {@code &*}). */
  public static ChannelAcl allChannels() {
    return new ChannelAcl(true, List.of());
  }

  /**
   * The permissions resulting from {@code rules}, applied in order to a user with no channels.
   *
   * @param rules {@code &<pattern>}, {@code allchannels} or {@code resetchannels} (case-insensitive keywords)
   * @throws IllegalArgumentException for any other rule, a pattern with whitespace or NUL, or a pattern added
   *     after {@code allchannels}
   */
  public static ChannelAcl of(String... rules) {
    Objects.requireNonNull(rules, "rules must not be null");
    return of(List.of(rules));
  }

  /** Same as {@link #of(String...)}. */
  public static ChannelAcl of(List<String> rules) {
    Objects.requireNonNull(rules, "rules must not be null");
    List<byte[]> bytes = new ArrayList<>(rules.size());
    for (String rule : rules) {
      Objects.requireNonNull(rule, "rule must not be null");
      bytes.add(rule.getBytes(StandardCharsets.UTF_8));
    }
    return ofBytes(bytes);
  }

  /** Same as {@link #of(String...)}, with rules as raw bytes (patterns may hold any byte but space and NUL). */
  public static ChannelAcl ofBytes(List<byte[]> rules) {
    boolean all = false;
    List<GlobPattern> patterns = new ArrayList<>();
    for (byte[] rule : rules) {
      Objects.requireNonNull(rule, "rule must not be null");
      String text = new String(rule, StandardCharsets.ISO_8859_1);
      String lower = text.toLowerCase(Locale.ROOT);
      if (lower.equals("allchannels") || text.equals("&*")) {
        all = true;
        patterns.clear();
      } else if (lower.equals("resetchannels")) {
        all = false;
        patterns.clear();
      } else if (rule.length > 0 && rule[0] == '&') {
        if (all) {
          throw new IllegalArgumentException("invalid channel rule: " + InvalidChannelException.quote(text)
              + " (a pattern after allchannels has no effect; start with resetchannels)");
        }
        for (int i = 1; i < rule.length; i++) {
          if (isCSpace(rule[i])) {
            throw new IllegalArgumentException("invalid channel rule: " + InvalidChannelException.quote(text)
                + " (a channel pattern must not contain whitespace or NUL)");
          }
        }
        GlobPattern pattern = GlobPattern.of(java.util.Arrays.copyOfRange(rule, 1, rule.length));
        if (!patterns.contains(pattern)) {
          patterns.add(pattern);
        }
      } else {
        throw new IllegalArgumentException("invalid channel rule: " + InvalidChannelException.quote(text)
            + " (must be &<pattern>, allchannels or resetchannels)");
      }
    }
    return new ChannelAcl(all, Collections.unmodifiableList(patterns));
  }

  /** Whitespace as C {@code isspace} sees it in the C locale, or NUL. */
  private static boolean isCSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == 0x0B || b == '\f' || b == '\r' || b == 0;
  }

  /** Whether every channel is allowed. */
  public boolean isAllChannels() {
    return allChannels;
  }

  /** The {@code &} patterns, in the order added (empty for {@code allchannels}). */
  public List<GlobPattern> patterns() {
    return patterns;
  }

  /** Whether {@code PUBLISH channel} (or {@code SUBSCRIBE channel}) is allowed. */
  public boolean permitsPublish(String channel) {
    if (allChannels) {
      return true;
    }
    if (!GlobMatcher.isAscii(channel)) {
      return permitsPublish(channel.getBytes(StandardCharsets.UTF_8));
    }
    for (byte[] p : raw) {
      if (GlobMatcher.matches(p, p.length, channel, ChannelScanner.STRING, 0, channel.length())) {
        return true;
      }
    }
    return false;
  }

  /** Whether {@code PUBLISH} to the channel {@code buf[off, off+len)} is allowed. Allocation-free. */
  public boolean permitsPublish(byte[] buf, int off, int len) {
    Objects.checkFromIndexSize(off, len, buf.length);
    return allChannels || anyMatch(buf, ChannelScanner.BYTES, off, len);
  }

  /** Whether {@code PUBLISH} to the channel {@code channel} is allowed. Allocation-free. */
  public boolean permitsPublish(byte[] channel) {
    return permitsPublish(channel, 0, channel.length);
  }

  /** Whether {@code PUBLISH} to the channel from position to limit of {@code buffer} is allowed. */
  public boolean permitsPublish(ByteBuffer buffer) {
    return allChannels || anyMatch(buffer, ChannelScanner.BUFFER, buffer.position(), buffer.remaining());
  }

  /** Whether {@code PUBLISH} to {@code channel} is allowed. Allocation-free. */
  public boolean permitsPublish(ThalosChannel channel) {
    byte[] name = channel.rawBytes();
    return permitsPublish(name, 0, name.length);
  }

  /** Whether {@code SUBSCRIBE channel} is allowed; the same check as {@link #permitsPublish(String)}. */
  public boolean permitsSubscribe(String channel) {
    return permitsPublish(channel);
  }

  /** Whether {@code SUBSCRIBE} to {@code channel} is allowed. */
  public boolean permitsSubscribe(ThalosChannel channel) {
    return permitsPublish(channel);
  }

  private boolean anyMatch(Object s, int k, int off, int len) {
    for (byte[] p : raw) {
      if (GlobMatcher.matches(p, p.length, s, k, off, len)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code PSUBSCRIBE pattern} is allowed: the pattern must equal one of the user's patterns
   * literally (up to the first NUL), not merely be covered by it.
   */
  public boolean permitsPatternSubscribe(String pattern) {
    return permitsPatternSubscribe(pattern.getBytes(StandardCharsets.UTF_8));
  }

  /** Whether {@code PSUBSCRIBE} with the raw pattern bytes is allowed. Allocation-free. */
  public boolean permitsPatternSubscribe(byte[] pattern) {
    if (allChannels) {
      return true;
    }
    for (byte[] p : raw) {
      if (GlobMatcher.cStringEquals(p, p.length, pattern, ChannelScanner.BYTES, 0, pattern.length)) {
        return true;
      }
    }
    return false;
  }

  /** The rules that recreate this ACL, e.g. {@code [resetchannels, &ship::wax::*]}. */
  @Override
  public String toString() {
    if (allChannels) {
      return "[allchannels]";
    }
    StringBuilder b = new StringBuilder("[resetchannels");
    for (GlobPattern p : patterns) {
      b.append(", &").append(p);
    }
    return b.append(']').toString();
  }
}
