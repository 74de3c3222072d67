package dev.thalos.redis.security.acl;

import dev.thalos.redis.security.channel.ThalosNamespace;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link ThalosAclPlan#generate()} produced: the users, the {@code users.acl} text (password hashes only),
 * the equivalent {@code ACL SETUSER} commands, notices for the operator, and — once — the generated
 * passwords.
 */
public final class GeneratedAcl {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private final List<AclUser> users;
  private final List<String> notices;
  private Map<String, char[]> passwords;

  private GeneratedAcl(List<AclUser> users, List<String> notices, Map<String, char[]> passwords) {
    this.users = List.copyOf(users);
    this.notices = List.copyOf(notices);
    this.passwords = passwords;
  }

  static GeneratedAcl generate(ThalosAclPlan plan, SecureRandom random) {
    List<AclUser> users = new ArrayList<>();
    List<String> notices = new ArrayList<>();
    Map<String, char[]> generated = new LinkedHashMap<>();

    AclUser.Builder def = AclUser.builder("default");
    if (plan.defaultUserPolicy() == DefaultUserPolicy.OFF) {
      users.add(def.enabled(false).root(AclSelector.empty()).build());
    } else {
      users.add(def.enabled(true).noPass().root(clientSelector(plan.namespaces(), plan.clientSetName(), plan.redisCluster())).build());
      notices.add("INSECURE: the default user has NO PASSWORD. Every connection that does not authenticate is "
          + "the default user, so anyone who can reach this Redis port can subscribe to "
          + patterns(plan.namespaces()) + ". Redis's protected-mode refuses non-loopback clients while the "
          + "default user has no password; remote subscribers therefore need 'protected-mode no', which admits "
          + "everyone. Use DefaultUserPolicy.OFF and named client users unless the feed is meant to be public.");
    }
    if (plan.serverUser() != null) {
      AclSelector.Builder s = channels(plan.namespaces());
      s.keyPattern(KeyPattern.readWrite(plan.cacheKeyPrefix() + "*"));
      s.commandRule(CommandRule.denyAll());
      allow(s, ThalosAclPlan.SERVER_COMMANDS);
      if (plan.redisCluster()) {
        allow(s, ThalosAclPlan.CLUSTER_COMMANDS);
      }
      users.add(withPassword(AclUser.builder(plan.serverUser()), plan, plan.serverUser(), random, generated)
          .enabled(true).root(s.build()).build());
    }
    for (Map.Entry<String, List<ThalosNamespace>> e : plan.clients().entrySet()) {
      users.add(withPassword(AclUser.builder(e.getKey()), plan, e.getKey(), random, generated)
          .enabled(true).root(clientSelector(e.getValue(), plan.clientSetName(), plan.redisCluster())).build());
    }
    if (plan.adminUser() != null) {
      AclSelector admin = AclSelector.builder().allKeys().allChannels().commandRule(CommandRule.allowAll()).build();
      users.add(withPassword(AclUser.builder(plan.adminUser()), plan, plan.adminUser(), random, generated)
          .enabled(true).root(admin).build());
    }
    if (!generated.isEmpty()) {
      notices.add("Generated passwords for " + generated.keySet() + " are shown once (revealPasswords()); the "
          + "ACL file holds only their SHA-256 hashes. Store them in your secret manager now.");
    }
    return new GeneratedAcl(users, notices, generated);
  }

  private static AclSelector clientSelector(List<ThalosNamespace> namespaces, boolean setName, boolean cluster) {
    AclSelector.Builder s = channels(namespaces);
    s.commandRule(CommandRule.denyAll());
    allow(s, ThalosAclPlan.CLIENT_COMMANDS);
    if (cluster) {
      allow(s, ThalosAclPlan.CLUSTER_COMMANDS);
    } else if (setName) {
      allow(s, List.of("client|setname"));
    }
    return s.build();
  }

  /** A selector with the channel pattern of each namespace. */
  private static AclSelector.Builder channels(List<ThalosNamespace> namespaces) {
    AclSelector.Builder s = AclSelector.builder();
    for (ThalosNamespace n : namespaces) {
      s.channel(n.channelPattern());
    }
    return s;
  }

  /** Adds {@code +command} for each of {@code commands}, in order. */
  private static void allow(AclSelector.Builder s, List<String> commands) {
    for (String c : commands) {
      s.commandRule(CommandRule.allow(c));
    }
  }

  private static String patterns(List<ThalosNamespace> namespaces) {
    List<String> p = new ArrayList<>();
    for (ThalosNamespace n : namespaces) {
      p.add(n.channelPattern());
    }
    return String.join(", ", p);
  }

  private static AclUser.Builder withPassword(AclUser.Builder b, ThalosAclPlan plan, String user,
      SecureRandom random, Map<String, char[]> generated) {
    char[] pw = plan.providedPassword(user);
    if (pw == null) {
      pw = randomPassword(random);
      generated.put(user, pw.clone());
    }
    try {
      return b.password(pw);
    } finally {
      Arrays.fill(pw, '\0');
    }
  }

  /** 256 random bits as 64 lower-case hex digits, like {@code ACL GENPASS}. */
  static char[] randomPassword(SecureRandom random) {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    char[] out = new char[64];
    for (int i = 0; i < 32; i++) {
      out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
      out[2 * i + 1] = HEX[bytes[i] & 0xf];
    }
    Arrays.fill(bytes, (byte) 0);
    return out;
  }

  /** The users: {@code default} first, then server, clients, admin. */
  public List<AclUser> users() {
    return users;
  }

  /** The user of that name, or {@code null}. */
  public AclUser user(String name) {
    for (AclUser u : users) {
      if (u.name().equals(name)) {
        return u;
      }
    }
    return null;
  }

  /** The {@code users.acl} text: one canonical line per user (Redis allows no comments in it). */
  public String aclFile() {
    StringBuilder sb = new StringBuilder();
    for (AclUser u : users) {
      sb.append(u.toAclLine()).append('\n');
    }
    return sb.toString();
  }

  /**
   * One {@code ACL SETUSER name reset …} argument vector per user, to apply to a running server, in a safe
   * order: the admin first (so there is a way in once the default user is off), the {@code default} user last.
   * Run them on a connection that is not the default user's, e.g. as the admin after the first command.
   */
  public List<List<String>> setUserCommands() {
    List<AclUser> ordered = new ArrayList<>(users);
    AclUser def = ordered.remove(0);
    Collections.reverse(ordered);
    ordered.add(def);
    List<List<String>> out = new ArrayList<>();
    for (AclUser u : ordered) {
      out.add(u.toSetUserCommand());
    }
    return Collections.unmodifiableList(out);
  }

  /** Messages for the operator; an insecure choice appears here in upper case ({@code INSECURE: …}). */
  public List<String> notices() {
    return notices;
  }

  /**
   * The generated passwords (user name to password), for showing to the operator once. Afterwards this
   * instance forgets them: a second call throws. Operator-provided passwords are not included. Wipe the arrays
   * when done.
   *
   * @throws IllegalStateException when already revealed
   */
  public synchronized Map<String, char[]> revealPasswords() {
    if (passwords == null) {
      throw new IllegalStateException("the generated passwords were already revealed");
    }
    Map<String, char[]> out = new LinkedHashMap<>(passwords);
    passwords = null;
    return out;
  }

  /** Shows the users with hashes elided; never passwords. */
  @Override
  public String toString() {
    return "GeneratedAcl" + users;
  }
}
