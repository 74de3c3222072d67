package dev.thalos.redis.security.acl;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The permissions of one ACL selector: command rules in order, key patterns with their permissions and
 * channel patterns. A user has a root selector and any number of additional {@code ( … )} selectors; a command
 * is allowed when the root or any selector allows it.
 *
 * <p>Command rules are kept from the last {@code +@all}/{@code -@all} on (earlier rules cannot matter), and
 * always start with one of them ({@code -@all} when none was given: a new selector has no commands).
 *
 * <pre>{@code
 * AclSelector s = AclSelector.builder()
 *     .channel("ship::wax::*")
 *     .commandRule(CommandRule.allow("subscribe"))
 *     .build();
 * s.rules();   // [resetchannels, &ship::wax::*, -@all, +subscribe]
 * }</pre>
 */
public final class AclSelector {

  private static final AclSelector EMPTY = builder().build();

  private final List<CommandRule> commandRules;
  private final boolean allKeys;
  private final List<KeyPattern> keyPatterns;
  private final boolean allChannels;
  private final List<String> channelPatterns;

  private AclSelector(Builder b) {
    List<CommandRule> rules = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < b.commandRules.size(); i++) {
      if (b.commandRules.get(i).kind() == CommandRule.Kind.ALL) {
        start = i;
      }
    }
    List<CommandRule> tail = b.commandRules.subList(start, b.commandRules.size());
    if (tail.isEmpty() || tail.get(0).kind() != CommandRule.Kind.ALL) {
      rules.add(CommandRule.denyAll());
    }
    rules.addAll(tail);
    this.commandRules = List.copyOf(rules);
    this.allKeys = b.allKeys;
    List<KeyPattern> keys = new ArrayList<>();
    b.keyPatterns.forEach((p, perm) -> keys.add(new KeyPattern(perm, p)));
    this.keyPatterns = List.copyOf(keys);
    this.allChannels = b.allChannels;
    this.channelPatterns = List.copyOf(b.channelPatterns);
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A selector that allows nothing ({@code resetkeys resetchannels -@all}). */
  public static AclSelector empty() {
    return EMPTY;
  }

  /** A builder pre-filled with this selector. */
  public Builder mutate() {
    Builder b = new Builder();
    b.commandRules.addAll(commandRules);
    b.allKeys = allKeys;
    for (KeyPattern k : keyPatterns) {
      b.keyPatterns.put(k.pattern(), k.permission());
    }
    b.allChannels = allChannels;
    b.channelPatterns.addAll(channelPatterns);
    return b;
  }

  /** Command rules in order; the first is always {@code +@all} or {@code -@all}. */
  public List<CommandRule> commandRules() {
    return commandRules;
  }

  /** {@code allkeys} / {@code ~*}: every key, read and write. */
  public boolean allKeys() {
    return allKeys;
  }

  /** Key patterns in the order first given (each pattern once, permissions merged); empty when {@link #allKeys()}. */
  public List<KeyPattern> keyPatterns() {
    return keyPatterns;
  }

  /** {@code allchannels} / {@code &*}. */
  public boolean allChannels() {
    return allChannels;
  }

  /** Channel patterns (without {@code &}); empty when {@link #allChannels()}. */
  public List<String> channelPatterns() {
    return channelPatterns;
  }

  /**
   * The canonical rules: keys ({@code ~*} or the patterns), channels ({@code &*} or {@code resetchannels} and
   * the patterns), then the command rules. Loading them into a fresh selector gives this selector, whatever
   * the server's {@code acl-pubsub-default}.
   */
  public List<String> rules() {
    List<String> out = new ArrayList<>();
    if (allKeys) {
      out.add("~*");
    } else {
      for (KeyPattern k : keyPatterns) {
        out.add(k.toRule());
      }
    }
    if (allChannels) {
      out.add("&*");
    } else {
      out.add("resetchannels");
      for (String c : channelPatterns) {
        out.add("&" + c);
      }
    }
    for (CommandRule r : commandRules) {
      out.add(r.toRule());
    }
    return Collections.unmodifiableList(out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AclSelector s && s.commandRules.equals(commandRules) && s.allKeys == allKeys
        && s.keyPatterns.equals(keyPatterns) && s.allChannels == allChannels
        && s.channelPatterns.equals(channelPatterns);
  }

  @Override
  public int hashCode() {
    return Objects.hash(commandRules, allKeys, keyPatterns, allChannels, channelPatterns);
  }

  @Override
  public String toString() {
    return String.join(" ", rules());
  }

  /** Builds a selector the way Redis applies rules to one: in order, with Redis's merging and its errors. */
  public static final class Builder {
    private final List<CommandRule> commandRules = new ArrayList<>();
    private boolean allKeys;
    private final Map<String, KeyPermission> keyPatterns = new LinkedHashMap<>();
    private boolean allChannels;
    private final Set<String> channelPatterns = new LinkedHashSet<>();

    private Builder() {
    }

    /** Appends a command rule. */
    public Builder commandRule(CommandRule rule) {
      commandRules.add(Objects.requireNonNull(rule, "rule must not be null"));
      return this;
    }

    /** Appends command rules in order. */
    public Builder commandRules(List<CommandRule> rules) {
      rules.forEach(this::commandRule);
      return this;
    }

    /** {@code allkeys} ({@code ~*}): drops the key patterns. */
    public Builder allKeys() {
      allKeys = true;
      keyPatterns.clear();
      return this;
    }

    /** {@code resetkeys}: no keys. */
    public Builder resetKeys() {
      allKeys = false;
      keyPatterns.clear();
      return this;
    }

    /**
     * Adds a key pattern; a pattern given again gets the union of the permissions. Note that only
     * {@link #allKeys()} (the rule {@code ~*}) admits the empty key name: a pattern {@code *} (the rule
     * {@code %RW~*}) does not, as in Redis.
     *
     * @throws IllegalStateException after {@link #allKeys()}, as Redis refuses it
     */
    public Builder keyPattern(KeyPattern pattern) {
      Objects.requireNonNull(pattern, "pattern must not be null");
      if (allKeys) {
        throw new IllegalStateException("cannot add key pattern " + AclTokens.quote(pattern.toRule())
            + " after allkeys (use resetKeys() first)");
      }
      keyPatterns.merge(pattern.pattern(), pattern.permission(), KeyPermission::union);
      return this;
    }

    /** {@code allchannels} ({@code &*}): drops the channel patterns. */
    public Builder allChannels() {
      allChannels = true;
      channelPatterns.clear();
      return this;
    }

    /** {@code resetchannels}: no channels. */
    public Builder resetChannels() {
      allChannels = false;
      channelPatterns.clear();
      return this;
    }

    /**
     * Adds a channel pattern ({@code &pattern}, without the {@code &}); {@code *} means {@link #allChannels()}.
     *
     * @throws IllegalStateException after {@link #allChannels()}, as Redis refuses it
     */
    public Builder channel(String pattern) {
      AclTokens.requireToken("channel pattern", pattern);
      if (pattern.equals("*")) {
        return allChannels();
      }
      if (allChannels) {
        throw new IllegalStateException("cannot add channel pattern " + AclTokens.quote(pattern)
            + " after allchannels (use resetChannels() first)");
      }
      channelPatterns.add(pattern);
      return this;
    }

    public AclSelector build() {
      return new AclSelector(this);
    }
  }
}
