package dev.thalos.redis.security.acl;

import dev.thalos.redis.security.internal.LoneSurrogates;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A Redis ACL user, immutable: name, {@code on}/{@code off}, {@code nopass} or SHA-256 password hashes,
 * the root selector and further {@code ( … )} selectors. Clear-text passwords are hashed as soon as they are
 * given and never kept.
 *
 * <pre>{@code
 * AclUser client = AclUser.builder("wax-reader")
 *     .enabled(true)
 *     .password(passwordChars)                        // kept only as #<sha256>
 *     .root(AclSelector.builder()
 *         .channel("ship::wax::*")
 *         .commandRule(CommandRule.allow("subscribe"))
 *         .build())
 *     .build();
 * client.toAclLine();  // user wax-reader on #… resetchannels &ship::wax::* -@all +subscribe
 * }</pre>
 */
public final class AclUser {

  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  private final String name;
  private final boolean enabled;
  private final boolean noPass;
  private final List<String> passwordHashes;
  private final PayloadSanitization payloadSanitization;
  private final AclSelector root;
  private final List<AclSelector> selectors;

  private AclUser(Builder b) {
    this.name = b.name;
    this.enabled = b.enabled;
    this.noPass = b.noPass;
    this.passwordHashes = List.copyOf(b.passwordHashes);
    this.payloadSanitization = b.payloadSanitization;
    this.root = b.root;
    this.selectors = List.copyOf(b.selectors);
  }

  /** A builder for a new user: {@code off}, no passwords, no permissions, like a fresh Redis user. */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** A builder pre-filled with this user. */
  public Builder mutate() {
    Builder b = new Builder(name);
    b.enabled = enabled;
    b.noPass = noPass;
    b.passwordHashes.addAll(passwordHashes);
    b.payloadSanitization = payloadSanitization;
    b.root = root;
    b.selectors.addAll(selectors);
    return b;
  }

  public String name() {
    return name;
  }

  /** {@code on}: the user can authenticate. */
  public boolean enabled() {
    return enabled;
  }

  /** {@code nopass}: any password authenticates this user. */
  public boolean noPass() {
    return noPass;
  }

  /** SHA-256 hashes (64 lower-case hex digits) of the accepted passwords, in the order added. */
  public List<String> passwordHashes() {
    return passwordHashes;
  }

  /**
   * Whether a client can authenticate as this user without knowing a secret: the user is {@code on} and has
   * {@code nopass}. (The {@code default} user with {@code nopass} is what every new connection is logged in
   * as.)
   */
  public boolean passwordless() {
    return enabled && noPass;
  }

  public PayloadSanitization payloadSanitization() {
    return payloadSanitization;
  }

  /** The root selector (the rules outside parentheses). */
  public AclSelector root() {
    return root;
  }

  /** Additional selectors, in order. */
  public List<AclSelector> selectors() {
    return selectors;
  }

  /** Root selector first, then the additional ones. */
  public List<AclSelector> allSelectors() {
    List<AclSelector> all = new ArrayList<>(selectors.size() + 1);
    all.add(root);
    all.addAll(selectors);
    return Collections.unmodifiableList(all);
  }

  /**
   * The canonical rules after the name: {@code on}/{@code off}, {@code nopass}, the payload flag, the
   * password hashes, the root selector's rules and each selector in parentheses.
   */
  public List<String> rules() {
    List<String> out = new ArrayList<>();
    out.add(enabled ? "on" : "off");
    if (noPass) {
      out.add("nopass");
    }
    if (payloadSanitization.rule() != null) {
      out.add(payloadSanitization.rule());
    }
    for (String h : passwordHashes) {
      out.add("#" + h);
    }
    out.addAll(root.rules());
    for (AclSelector s : selectors) {
      out.add("(" + String.join(" ", s.rules()) + ")");
    }
    return Collections.unmodifiableList(out);
  }

  /** The canonical {@code users.acl} line: {@code user <name> <rules>}. */
  public String toAclLine() {
    return "user " + name + " " + String.join(" ", rules());
  }

  /**
   * The arguments of an equivalent {@code ACL SETUSER}, starting with {@code reset} so that applying them to
   * an existing user gives exactly this user: {@code [ACL, SETUSER, name, reset, on, #…, …]}.
   */
  public List<String> toSetUserCommand() {
    List<String> out = new ArrayList<>();
    out.add("ACL");
    out.add("SETUSER");
    out.add(name);
    out.add("reset");
    List<String> rules = new ArrayList<>(rules());
    if (payloadSanitization == PayloadSanitization.SERVER_DEFAULT) {
      // reset sets sanitize-payload; there is no rule that returns to the server default.
      rules.removeIf(r -> r.equals("sanitize-payload"));
    }
    out.addAll(rules);
    return Collections.unmodifiableList(out);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AclUser u && u.name.equals(name) && u.enabled == enabled && u.noPass == noPass
        && u.passwordHashes.equals(passwordHashes) && u.payloadSanitization == payloadSanitization
        && u.root.equals(root) && u.selectors.equals(selectors);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, enabled, noPass, passwordHashes, payloadSanitization, root, selectors);
  }

  /** The canonical line with password hashes shown as {@code #<sha256>} (hashes are not secrets, but long). */
  @Override
  public String toString() {
    List<String> rules = new ArrayList<>(rules());
    rules.replaceAll(r -> r.startsWith("#") ? "#<sha256>" : r);
    return "user " + name + " " + String.join(" ", rules);
  }

  /**
   * SHA-256 of a password's UTF-8 bytes as 64 lower-case hex digits, as Redis stores it.
   *
   * @throws IllegalArgumentException if {@code password} holds a lone surrogate, which UTF-8 cannot encode (Java
   *     would hash {@code ?} in its place, a different password); the message shows no part of the password
   */
  public static String sha256Hex(char[] password) {
    Objects.requireNonNull(password, "password must not be null");
    if (LoneSurrogates.indexIn(java.nio.CharBuffer.wrap(password)) >= 0) {
      throw new IllegalArgumentException("password " + LoneSurrogates.RULE);
    }
    java.nio.ByteBuffer encoded = StandardCharsets.UTF_8.encode(java.nio.CharBuffer.wrap(password));
    byte[] bytes = encoded.array();
    int len = encoded.limit();
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(bytes, 0, len);
      byte[] d = md.digest();
      StringBuilder sb = new StringBuilder(64);
      for (byte x : d) {
        sb.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** Builds a user the way Redis applies user rules. */
  public static final class Builder {
    private final String name;
    private boolean enabled;
    private boolean noPass;
    private final Set<String> passwordHashes = new LinkedHashSet<>();
    private PayloadSanitization payloadSanitization = PayloadSanitization.SERVER_DEFAULT;
    private AclSelector root = AclSelector.empty();
    private final List<AclSelector> selectors = new ArrayList<>();

    private Builder(String name) {
      this.name = AclTokens.requireToken("user name", name);
    }

    /** {@code on} (true) or {@code off} (false). If unset, {@code off}. */
    public Builder enabled(boolean enabled) {
      this.enabled = enabled;
      return this;
    }

    /**
     * {@code nopass}: any password authenticates. Drops all password hashes, as Redis does. Dangerous for
     * anything but a deliberately public, read-only user.
     */
    public Builder noPass() {
      this.noPass = true;
      this.passwordHashes.clear();
      return this;
    }

    /** {@code resetpass}: no passwords and no {@code nopass} (nobody can authenticate). */
    public Builder resetPass() {
      this.noPass = false;
      this.passwordHashes.clear();
      return this;
    }

    /**
     * {@code >password}: adds a password, kept only as its SHA-256 hash; clears {@code nopass}.
     *
     * @throws IllegalArgumentException if {@code password} holds a lone surrogate (see {@link AclUser#sha256Hex})
     */
    public Builder password(char[] password) {
      Objects.requireNonNull(password, "password must not be null");
      return passwordHash(sha256Hex(password));
    }

    /** {@code #hash}: adds a password by its SHA-256 hash (64 lower-case hex digits); clears {@code nopass}. */
    public Builder passwordHash(String sha256Hex) {
      Objects.requireNonNull(sha256Hex, "password hash must not be null");
      if (!SHA256_HEX.matcher(sha256Hex).matches()) {
        throw new IllegalArgumentException("invalid password hash: must be exactly 64 lower-case hex digits");
      }
      this.passwordHashes.add(sha256Hex);
      this.noPass = false;
      return this;
    }

    /**
     * {@code !hash}: removes a password hash.
     *
     * @throws IllegalStateException when the user has no such password (Redis refuses it too)
     */
    public Builder removePasswordHash(String sha256Hex) {
      if (!passwordHashes.remove(sha256Hex)) {
        throw new IllegalStateException("the password to remove does not exist");
      }
      return this;
    }

    public Builder payloadSanitization(PayloadSanitization value) {
      this.payloadSanitization = Objects.requireNonNull(value, "payloadSanitization must not be null");
      return this;
    }

    /** The root selector. If unset, {@link AclSelector#empty()}. */
    public Builder root(AclSelector root) {
      this.root = Objects.requireNonNull(root, "root must not be null");
      return this;
    }

    /**
     * Adds a {@code ( … )} selector. Its patterns must survive Redis's parsing of parenthesised selectors: no
     * quotes, no token ending in {@code )}.
     */
    public Builder selector(AclSelector selector) {
      Objects.requireNonNull(selector, "selector must not be null");
      for (String rule : selector.rules()) {
        if (rule.indexOf('"') >= 0 || rule.indexOf('\'') >= 0 || rule.endsWith(")")) {
          throw new IllegalArgumentException("invalid selector rule: " + AclTokens.quote(rule)
              + " (quotes and a closing ')' cannot appear inside ( … ) selectors)");
        }
      }
      selectors.add(selector);
      return this;
    }

    /** {@code clearselectors}. */
    public Builder clearSelectors() {
      selectors.clear();
      return this;
    }

    /**
     * {@code reset}: {@code resetpass resetkeys resetchannels off clearselectors -@all} and
     * {@code sanitize-payload}, as Redis 7.0 does (channels: {@code allchannels} when the server's
     * {@code acl-pubsub-default} is {@code allchannels}).
     */
    public Builder reset(boolean allChannelsByDefault) {
      resetPass();
      enabled = false;
      selectors.clear();
      payloadSanitization = PayloadSanitization.SANITIZE;
      AclSelector.Builder r = AclSelector.builder();
      if (allChannelsByDefault) {
        r.allChannels();
      }
      root = r.build();
      return this;
    }

    public AclUser build() {
      return new AclUser(this);
    }
  }
}
