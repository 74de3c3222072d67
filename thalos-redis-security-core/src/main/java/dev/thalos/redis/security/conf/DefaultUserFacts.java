package dev.thalos.redis.security.conf;

import dev.thalos.redis.security.acl.AclUser;
import dev.thalos.redis.security.internal.ConfigLines;
import dev.thalos.redis.security.internal.ControlCharacters;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * How an anonymous connection is treated, from the {@code default} user as the configuration leaves it: whether
 * it is {@code on}, has {@code nopass} or has passwords, as the ACL toolkit read its line ({@link AclRules#users}).
 *
 * <p>Order of application, as in redis-server 7 ({@code initServer}, then {@code ACLLoadUsersAtStartup}): the
 * built-in default user is {@code on nopass ~* &* +@all}; {@code requirepass} replaces its passwords; a
 * {@code user default ...} line in redis.conf starts again from {@code reset} and wins over {@code requirepass}.
 * When an {@code aclfile} is set, loading it replaces every user, the default user included: the file's
 * {@code user default ...} line decides, and a file without one makes Redis create the default user again as
 * {@code on nopass ~* &* +@all} ({@code ACLLoadFromFile}, at startup and on every {@code ACL LOAD}) — so
 * {@code requirepass} never applies, and {@code user} lines in redis.conf make redis-server refuse to start.
 * Redis also refuses to start when it cannot open the aclfile, or when a user is defined twice.
 *
 * <p>A line the toolkit refuses (redis-server refuses it too, or it is beyond what the toolkit models; the
 * {@code conf.acl.syntax} rule reports it) is still read leniently, one password-related rule after the other:
 * {@code on}, {@code off}, {@code nopass}, {@code resetpass}, {@code reset}, {@code >pw}, {@code #hash},
 * {@code <pw}, {@code !hash} (passwords tracked by their SHA-256, as Redis stores them), and the evidence says so.
 */
final class DefaultUserFacts {

  private final ExposureVerdict.Authentication authentication;
  private final List<String> evidence;
  private final Directive source;

  private DefaultUserFacts(ExposureVerdict.Authentication authentication, List<String> evidence,
      Directive source) {
    this.authentication = authentication;
    this.evidence = List.copyOf(evidence);
    this.source = source;
  }

  ExposureVerdict.Authentication authentication() {
    return authentication;
  }

  List<String> evidence() {
    return evidence;
  }

  /** The directive that decided, if any. */
  Optional<Directive> source() {
    return Optional.ofNullable(source);
  }

  /** The facts of {@code in}, whose users ({@link AuditInput#aclUsers}) are already read. */
  static DefaultUserFacts of(AuditInput in) {
    RedisConfig config = in.config;
    Optional<RedisConfig> aclFile = in.aclFile;
    Optional<Directive> aclFileLine = in.aclFileLine;
    List<String> evidence = new ArrayList<>();
    if (aclFileLine.isPresent() && aclFile.isEmpty()) {
      evidence.add(aclFileLine.get() + ": " + in.aclProblem.orElse("the aclfile could not be read"));
      evidence.add("redis-server refuses to start when it cannot open its aclfile; when it can, the default user is "
          + "what that file says");
      return new DefaultUserFacts(ExposureVerdict.Authentication.UNKNOWN, evidence, aclFileLine.get());
    }
    List<Directive> lines = aclFileLine.isPresent() ? aclFile.get().all("user") : config.all("user");
    List<Directive> defaults = new ArrayList<>();
    for (Directive d : lines) {
      if (d.arg(0).equals("default")) {
        defaults.add(d);
      }
    }
    DefaultUserFacts facts;
    if (!defaults.isEmpty()) {
      facts = fromLine(defaults.get(defaults.size() - 1), aclFileLine.isPresent(), in.aclUsers, evidence);
      if (defaults.size() > 1) {
        evidence.add("the default user is defined " + defaults.size() + " times: redis-server refuses to start "
            + "(see conf.acl.syntax); judged from the last definition");
      }
    } else if (aclFileLine.isPresent()) {
      evidence.add(aclFileLine.get() + ": the aclfile does not define the default user: redis-server creates it as "
          + "'user default on nopass ~* &* +@all' whenever it loads the file (at startup and on ACL LOAD)");
      if (in.aclFileIsDirectory) {
        evidence.add(ControlCharacters.escape(aclFile.get().mainFile().toString()) + " is a directory: "
            + "redis-server opens it and reads no line, as from an empty aclfile");
      }
      evidence.add("every connection is logged in as the default user without a password and may run every "
          + "command on every key and channel");
      facts = new DefaultUserFacts(ExposureVerdict.Authentication.NONE, evidence, aclFileLine.get());
    } else {
      facts = fromRequirepass(in, evidence);
    }
    if (aclFileLine.isPresent()) {
      in.requirepass.ifPresent(d -> evidence.add(d + ": does not apply: redis-server gives it to the default user "
          + "before it loads the aclfile, which replaces every user"));
      List<Directive> confUsers = config.all("user");
      if (!confUsers.isEmpty()) {
        evidence.add(confUsers.get(0) + ": user directives in redis.conf do not count when an aclfile is set "
            + "(redis-server refuses to start with both; see conf.acl.syntax)");
      }
    }
    return new DefaultUserFacts(facts.authentication, evidence, facts.source);
  }

  /** The default user as its {@code user default ...} line leaves it. */
  private static DefaultUserFacts fromLine(Directive line, boolean inAclFile, AclRules.Users users,
      List<String> evidence) {
    evidence.add(line.toString());
    Optional<AclUser> read = AclRules.userOf(users, line);
    PasswordState user;
    if (read.isPresent()) {
      user = PasswordState.of(read.get());
    } else {
      user = PasswordState.lenient(line, inAclFile);
      evidence.add("the ACL toolkit refuses this line (see conf.acl.syntax): its password rules are read one "
          + "by one");
    }
    if (!user.on) {
      evidence.add("the default user is off: anonymous connections can run nothing but AUTH and HELLO");
      return new DefaultUserFacts(ExposureVerdict.Authentication.DISABLED, evidence, line);
    }
    if (user.nopass) {
      evidence.add("the default user is on with nopass: every connection is logged in without a password");
      return new DefaultUserFacts(ExposureVerdict.Authentication.NONE, evidence, line);
    }
    if (user.passwords.isEmpty()) {
      evidence.add("the default user is on but has no password: nobody can log in as default");
      return new DefaultUserFacts(ExposureVerdict.Authentication.DISABLED, evidence, line);
    }
    evidence.add("the default user needs a password");
    return new DefaultUserFacts(ExposureVerdict.Authentication.PASSWORD, evidence, line);
  }

  /** The built-in default user, with the password {@code requirepass} gives it (no aclfile, no user line). */
  private static DefaultUserFacts fromRequirepass(AuditInput in, List<String> evidence) {
    if (in.requirepass.isPresent()) {
      evidence.add(in.requirepass.get() + ": the default user needs a password");
      return new DefaultUserFacts(ExposureVerdict.Authentication.PASSWORD, evidence, in.requirepass.get());
    }
    Optional<Directive> requirepass = in.config.last("requirepass");
    if (requirepass.isPresent()) {
      evidence.add(requirepass.get() + ": an empty requirepass leaves the default user without a password");
    } else {
      evidence.add("no requirepass and no 'user default' line: the default user is on with nopass");
    }
    return new DefaultUserFacts(ExposureVerdict.Authentication.NONE, evidence, requirepass.orElse(null));
  }

  /** The password-related state of a user. */
  private static final class PasswordState {
    boolean on;
    boolean nopass;
    final Set<String> passwords = new HashSet<>();

    static PasswordState of(AclUser user) {
      PasswordState state = new PasswordState();
      state.on = user.enabled();
      state.nopass = user.noPass();
      state.passwords.addAll(user.passwordHashes());
      return state;
    }

    /**
     * The password-related rules of a line the toolkit refused, one by one, anything else ignored; an aclfile
     * rule is first trimmed of tabs, CR and LF, as Redis trims it.
     */
    static PasswordState lenient(Directive line, boolean aclFile) {
      PasswordState state = new PasswordState();
      for (String arg : line.args().subList(1, line.args().size())) {
        String token = aclFile ? ConfigLines.trimRule(arg) : arg;
        String t = token.toLowerCase(Locale.ROOT);
        if (t.equals("on")) {
          state.on = true;
        } else if (t.equals("off")) {
          state.on = false;
        } else if (t.equals("nopass")) {
          state.nopass = true;
          state.passwords.clear();
        } else if (t.equals("resetpass")) {
          state.nopass = false;
          state.passwords.clear();
        } else if (t.equals("reset")) {
          state.on = false;
          state.nopass = false;
          state.passwords.clear();
        } else if (token.startsWith(">")) {
          state.nopass = false;
          state.passwords.add(sha256Hex(token.substring(1)));
        } else if (token.startsWith("#")) {
          state.nopass = false;
          state.passwords.add(t.substring(1));
        } else if (token.startsWith("<")) {
          state.passwords.remove(sha256Hex(token.substring(1)));
        } else if (token.startsWith("!")) {
          state.passwords.remove(t.substring(1));
        }
      }
      return state;
    }
  }

  /** Redis stores {@code >pw} as the hex SHA-256 of the password's bytes (here: one character per byte). */
  static String sha256Hex(String password) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(password.getBytes(StandardCharsets.ISO_8859_1));
      StringBuilder sb = new StringBuilder(64);
      for (byte b : digest) {
        sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
