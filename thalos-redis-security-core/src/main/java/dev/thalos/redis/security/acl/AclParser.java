package dev.thalos.redis.security.acl;

import dev.thalos.redis.security.acl.internal.Ascii;
import dev.thalos.redis.security.acl.internal.CommandTable;
import dev.thalos.redis.security.acl.internal.RedisCommand;
import dev.thalos.redis.security.internal.ConfigLines;
import dev.thalos.redis.security.internal.LoneSurrogates;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Parses Redis 7.0 ACL text into {@link AclUser}s: {@code users.acl} files, {@code user} directives of a
 * {@code redis.conf}, {@code ACL LIST} replies and {@code ACL SETUSER} arguments. Rules are applied in order
 * with Redis's semantics and refused where Redis refuses them ({@link AclSyntaxException}, naming the token and
 * its position). Clear-text passwords ({@code >pw}) are hashed at once and never kept.
 *
 * <pre>{@code
 * List<AclUser> users = AclParser.redis7().parseAclFile(Files.readString(path));
 * }</pre>
 *
 * <p>The parser never throws anything but {@link AclSyntaxException} for any input text, and its work is
 * linear in the input size.
 */
public final class AclParser {

  /** The server's {@code acl-pubsub-default}: the channel permissions a new user or selector starts with. */
  public enum PubsubDefault {
    /** {@code resetchannels}, the default since Redis 7.0. */
    RESETCHANNELS,
    /** {@code allchannels}, the Redis 6.2 behaviour. */
    ALLCHANNELS
  }

  private static final AclParser REDIS7 = new AclParser(PubsubDefault.RESETCHANNELS, false);

  private final PubsubDefault pubsubDefault;
  /** ACL LIST prints the pattern {@code %RW~*} as {@code ~*}; accept {@code ~*} followed by more patterns. */
  private final boolean aclListOutput;
  private final CommandTable table = CommandTable.redis7();

  private AclParser(PubsubDefault pubsubDefault, boolean aclListOutput) {
    this.pubsubDefault = pubsubDefault;
    this.aclListOutput = aclListOutput;
  }

  /** A parser for a Redis 7.0 server with the default {@code acl-pubsub-default resetchannels}. */
  public static AclParser redis7() {
    return REDIS7;
  }

  /** A parser for a server with the given {@code acl-pubsub-default}. */
  public static AclParser redis7(PubsubDefault pubsubDefault) {
    return new AclParser(Objects.requireNonNull(pubsubDefault, "pubsubDefault must not be null"), false);
  }

  /**
   * Parses one {@code user <name> <rules…>} line (a {@code users.acl} line or an {@code ACL LIST} entry), read as
   * redis-server 7 reads an aclfile line: trimmed of spaces, tabs, CR and LF, then split at every single space
   * with no quoting (quotes and backslashes are part of the rule) — so two spaces before the name leave it empty
   * and a tab separates nothing; the keyword must be exactly {@code user}; after the pieces of a {@code ( … )}
   * selector are joined, each rule is trimmed of tabs, CR and LF, and an empty rule does nothing.
   */
  public AclUser parseUserLine(String line) {
    Objects.requireNonNull(line, "line must not be null");
    return parseLine(line, 0);
  }

  /**
   * Parses a {@code users.acl} file as redis-server 7 loads it: split into lines at {@code \n}, each line
   * trimmed of spaces, tabs, CR and LF and skipped if then empty, every other line a {@code user} line as
   * {@link #parseUserLine(String)} reads it. Comments are not allowed (Redis refuses them) and a user may appear
   * once.
   */
  public List<AclUser> parseAclFile(String text) {
    Objects.requireNonNull(text, "text must not be null");
    List<AclUser> users = new ArrayList<>();
    Set<String> names = new HashSet<>();
    ConfigLines.forEachLine(text, (lineNo, line) -> {
      AclUser u = parseLine(line, lineNo);
      if (!names.add(u.name())) {
        throw new AclSyntaxException("acl.duplicate-user", "user defined twice", u.name(), lineNo, 2);
      }
      users.add(u);
    });
    return users;
  }

  /**
   * Parses the lines of an {@code ACL LIST} reply. Redis 7.0 prints both {@code allkeys} and the pattern
   * {@code %RW~*} as {@code ~*}; here {@code ~*} next to other key patterns is read as the pattern
   * {@code %RW~*} (the only way Redis can have produced it), and a lone {@code ~*} as {@code allkeys} (the two
   * differ only for the empty key name).
   */
  public List<AclUser> parseAclList(List<String> lines) {
    Objects.requireNonNull(lines, "lines must not be null");
    AclParser listParser = new AclParser(pubsubDefault, true);
    List<AclUser> users = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      users.add(listParser.parseLine(Objects.requireNonNull(lines.get(i), "line must not be null"), i + 1));
    }
    return users;
  }

  /**
   * Parses the {@code user} directives of a {@code redis.conf} (other directives are ignored). Arguments are
   * split as Redis splits configuration lines (double and single quotes, backslash escapes in double quotes).
   */
  public List<AclUser> parseRedisConf(String text) {
    Objects.requireNonNull(text, "text must not be null");
    List<AclUser> users = new ArrayList<>();
    ConfigLines.forEachLine(text, (lineNo, line) -> {
      if (line.charAt(0) == '#') {
        return;
      }
      List<String> args = ConfigLineSplitter.split(line, lineNo);
      if (args.isEmpty() || !Ascii.equalsIgnoreCase(args.get(0), "user")) {
        return;
      }
      if (args.size() < 2) {
        throw new AclSyntaxException("acl.syntax", "user directive without a user name", args.get(0), lineNo, 1);
      }
      String name = args.get(1);
      checkName(name, lineNo);
      AclUser.Builder b = AclUser.builder(name);
      users.add(apply(b, newRoot(), args.subList(2, args.size()), lineNo, 3, false));
    });
    return users;
  }

  /**
   * Applies {@code ACL SETUSER <name> <args…>} to a new user.
   *
   * @param args the rules after the user name, one per argument
   */
  public AclUser parseSetUser(String name, List<String> args) {
    Objects.requireNonNull(name, "name must not be null");
    Objects.requireNonNull(args, "args must not be null");
    checkName(name, 0);
    return apply(AclUser.builder(name), newRoot(), args, 0, 1, false);
  }

  /** Applies {@code ACL SETUSER} arguments to an existing user, as Redis does (all or nothing). */
  public AclUser applySetUser(AclUser user, List<String> args) {
    Objects.requireNonNull(user, "user must not be null");
    Objects.requireNonNull(args, "args must not be null");
    return apply(user.mutate(), user.root().mutate(), args, 0, 1, false);
  }

  /** One aclfile line (or ACL LIST entry), split as redis-server 7's ACLLoadFromFile splits it. */
  private AclUser parseLine(String line, int lineNo) {
    List<String> args = ConfigLines.splitAclLine(line);
    if (args.size() < 2 || !args.get(0).equals("user")) {
      throw new AclSyntaxException("acl.syntax", "a line must start with the 'user' keyword and a user name",
          args.isEmpty() ? null : args.get(0), lineNo, 1);
    }
    checkName(args.get(1), lineNo);
    return apply(AclUser.builder(args.get(1)), newRoot(), args.subList(2, args.size()), lineNo, 3, true);
  }

  private static void checkName(String name, int lineNo) {
    String problem = name.isEmpty() ? "empty user name" : AclTokens.problem(name);
    if (problem != null) {
      throw new AclSyntaxException("acl.unsupported", "invalid user name (" + problem + ")", name, lineNo, 2);
    }
  }

  /** One merged argument: a rule, or a whole {@code ( … )} selector, with the position of its first token. */
  private record Op(String text, int position) {
  }

  /**
   * @param aclFileLine whether the arguments come from an aclfile line: then each merged rule is trimmed of
   *     tabs, CR and LF before it is applied, as ACLLoadFromFile does (ACL SETUSER and redis.conf do not)
   */
  private AclUser apply(AclUser.Builder user, AclSelector.Builder root, List<String> args, int lineNo,
      int firstPosition, boolean aclFileLine) {
    List<Op> ops = merge(args, lineNo, firstPosition);
    UserState st = new UserState(user, root);
    for (Op op : ops) {
      applyUserOp(st, aclFileLine ? new Op(ConfigLines.trimRule(op.text()), op.position()) : op, lineNo);
    }
    user.root(st.root.build());
    return user.build();
  }

  /** Redis's {@code ACLMergeSelectorArguments}: joins {@code (a}, {@code b}, {@code c)} into {@code (a b c)}. */
  private static List<Op> merge(List<String> args, int lineNo, int firstPosition) {
    List<Op> out = new ArrayList<>();
    StringBuilder selector = null;
    int start = -1;
    for (int j = 0; j < args.size(); j++) {
      String op = Objects.requireNonNull(args.get(j), "argument must not be null");
      int pos = firstPosition + j;
      if (!op.isEmpty() && op.charAt(0) == '(' && op.charAt(op.length() - 1) != ')') {
        selector = new StringBuilder(op);
        start = pos;
        continue;
      }
      if (selector != null) {
        selector.append(' ').append(op);
        if (!op.isEmpty() && op.charAt(op.length() - 1) == ')') {
          out.add(new Op(selector.toString(), start));
          selector = null;
        }
        continue;
      }
      out.add(new Op(op, pos));
    }
    if (selector != null) {
      throw new AclSyntaxException("acl.syntax", "unmatched parenthesis in selector", args.get(start - firstPosition),
          lineNo, start);
    }
    return out;
  }

  private static final class UserState {
    final AclUser.Builder user;
    AclSelector.Builder root;

    UserState(AclUser.Builder user, AclSelector.Builder root) {
      this.user = user;
      this.root = root;
    }
  }

  /** The root selector a new user starts with: no keys, no commands, channels per acl-pubsub-default. */
  private AclSelector.Builder newRoot() {
    AclSelector.Builder b = AclSelector.builder();
    if (pubsubDefault == PubsubDefault.ALLCHANNELS) {
      b.allChannels();
    }
    return b;
  }

  private void applyUserOp(UserState st, Op op, int lineNo) {
    String t = op.text();
    if (t.isEmpty()) {
      return; // Redis treats an empty argument as a no-op
    }
    String problem = t.charAt(0) == '>' || t.charAt(0) == '<' || t.charAt(0) == '(' ? null : AclTokens.problem(t);
    if (problem != null) {
      throw new AclSyntaxException("acl.unsupported", problem, t, lineNo, op.position());
    }
    String lower = Ascii.toLowerCase(t);
    switch (lower) {
      case "on" -> st.user.enabled(true);
      case "off" -> st.user.enabled(false);
      case "nopass" -> st.user.noPass();
      case "resetpass" -> st.user.resetPass();
      case "skip-sanitize-payload" -> st.user.payloadSanitization(PayloadSanitization.SKIP);
      case "sanitize-payload" -> st.user.payloadSanitization(PayloadSanitization.SANITIZE);
      case "clearselectors" -> st.user.clearSelectors();
      case "reset" -> {
        st.user.reset(pubsubDefault == PubsubDefault.ALLCHANNELS);
        st.root = newRoot();
      }
      default -> {
        char c = t.charAt(0);
        if ((c == '>' || c == '<') && LoneSurrogates.indexIn(t) >= 0) {
          // checked on the token in place, before the password is copied; the exception keeps only >**** (<****)
          throw new AclSyntaxException("acl.unsupported", "password " + LoneSurrogates.RULE,
              AclSyntaxException.redact(t), lineNo, op.position());
        }
        if (c == '>') {
          char[] pw = t.substring(1).toCharArray();
          try {
            st.user.password(pw);
          } finally {
            java.util.Arrays.fill(pw, '\0');
          }
        } else if (c == '<') {
          char[] pw = t.substring(1).toCharArray();
          String hash = AclUser.sha256Hex(pw);
          java.util.Arrays.fill(pw, '\0');
          try {
            st.user.removePasswordHash(hash);
          } catch (IllegalStateException e) {
            throw new AclSyntaxException("acl.syntax",
                "the password you are trying to remove from the user does not exist", t, lineNo, op.position());
          }
        } else if (c == '#' || c == '!') {
          String hash = t.substring(1);
          if (!hash.matches("[0-9a-f]{64}")) {
            throw new AclSyntaxException("acl.syntax", "the password hash must be exactly 64 characters and "
                + "contain only lowercase hexadecimal characters", t, lineNo, op.position());
          }
          if (c == '#') {
            st.user.passwordHash(hash);
          } else {
            try {
              st.user.removePasswordHash(hash);
            } catch (IllegalStateException e) {
              throw new AclSyntaxException("acl.syntax",
                  "the password you are trying to remove from the user does not exist", t, lineNo, op.position());
            }
          }
        } else if (c == '(' && t.charAt(t.length() - 1) == ')') {
          st.user.selector(parseSelector(t, lineNo, op.position()));
        } else {
          applySelectorOp(st.root, t, lineNo, op.position());
        }
      }
    }
  }

  private AclSelector parseSelector(String text, int lineNo, int position) {
    List<String> inner = ConfigLineSplitter.splitSelector(text.substring(1, text.length() - 1), lineNo, position);
    AclSelector.Builder b = newRoot();
    for (String t : inner) {
      String problem = AclTokens.problem(t);
      if (problem != null) {
        throw new AclSyntaxException("acl.unsupported", problem, t, lineNo, position);
      }
      applySelectorOp(b, t, lineNo, position);
    }
    AclSelector s = b.build();
    for (String rule : s.rules()) {
      if (rule.indexOf('"') >= 0 || rule.indexOf('\'') >= 0 || rule.endsWith(")")) {
        throw new AclSyntaxException("acl.unsupported", "a selector rule with quotes or a closing ')' cannot "
            + "be written back faithfully", rule, lineNo, position);
      }
    }
    return s;
  }

  private void applySelectorOp(AclSelector.Builder s, String op, int lineNo, int position) {
    String lower = Ascii.toLowerCase(op);
    if (aclListOutput && lower.equals("~*") && !s.build().keyPatterns().isEmpty()) {
      // allkeys would have dropped the patterns before it: this is the pattern %RW~* as ACL LIST prints it
      s.keyPattern(KeyPattern.readWrite("*"));
      return;
    }
    switch (lower) {
      case "allkeys", "~*" -> s.allKeys();
      case "resetkeys" -> s.resetKeys();
      case "allchannels", "&*" -> s.allChannels();
      case "resetchannels" -> s.resetChannels();
      case "allcommands", "+@all" -> s.commandRule(CommandRule.allowAll());
      case "nocommands", "-@all" -> s.commandRule(CommandRule.denyAll());
      default -> {
        char c = op.charAt(0);
        if (c == '~' || c == '%') {
          keyOp(s, op, lineNo, position, aclListOutput);
        } else if (c == '&') {
          try {
            s.channel(op.substring(1));
          } catch (IllegalStateException e) {
            throw syntax("adding a pattern after the * pattern (or the 'allchannels' flag) is not valid; "
                + "use resetchannels first", op, lineNo, position);
          } catch (IllegalArgumentException e) {
            throw syntax("empty channel pattern", op, lineNo, position);
          }
        } else if ((c == '+' || c == '-') && op.length() > 1 && op.charAt(1) == '@') {
          String cat = op.substring(2);
          if (table.categoryBit(cat) < 0) {
            throw syntax("unknown command or category name in ACL", op, lineNo, position);
          }
          s.commandRule(c == '+' ? CommandRule.allowCategory(cat) : CommandRule.denyCategory(cat));
        } else if (c == '+' || c == '-') {
          s.commandRule(commandOp(c == '+', op, lineNo, position));
        } else {
          throw syntax("syntax error", op, lineNo, position);
        }
      }
    }
  }

  private static void keyOp(AclSelector.Builder s, String op, int lineNo, int position, boolean aclListOutput) {
    boolean read = false;
    boolean write = false;
    int offset;
    if (op.charAt(0) == '~') {
      read = true;
      write = true;
      offset = 1;
    } else {
      offset = 1;
      boolean tilde = false;
      for (; offset < op.length(); offset++) {
        char ch = op.charAt(offset) == 'r' ? 'R' : op.charAt(offset) == 'w' ? 'W' : op.charAt(offset);
        if (ch == 'R' && !read) {
          read = true;
        } else if (ch == 'W' && !write) {
          write = true;
        } else if (op.charAt(offset) == '~') {
          offset++;
          tilde = true;
          break;
        } else {
          throw syntax("syntax error", op, lineNo, position);
        }
      }
      if (!tilde || !(read || write)) {
        throw syntax("syntax error", op, lineNo, position);
      }
    }
    String pattern = op.substring(offset);
    KeyPermission perm = read && write ? KeyPermission.READ_WRITE : read ? KeyPermission.READ : KeyPermission.WRITE;
    if (pattern.isEmpty()) {
      // Redis accepts an empty pattern; it matches no key.
      throw new AclSyntaxException("acl.unsupported", "empty key pattern", op, lineNo, position);
    }
    try {
      if (aclListOutput && s.build().allKeys()) {
        s.resetKeys().keyPattern(KeyPattern.readWrite("*"));
      }
      s.keyPattern(new KeyPattern(perm, pattern));
    } catch (IllegalStateException e) {
      throw syntax("adding a pattern after the * pattern (or the 'allkeys' flag) is not valid; use resetkeys "
          + "first", op, lineNo, position);
    }
  }

  private CommandRule commandOp(boolean allow, String op, int lineNo, int position) {
    String body = op.substring(1);
    int bar = body.lastIndexOf('|');
    if (!allow || bar < 0) {
      RedisCommand cmd = lookupStrict(body);
      if (cmd == null) {
        throw syntax("unknown command or category name in ACL", op, lineNo, position);
      }
      return allow ? CommandRule.allow(cmd.fullName()) : CommandRule.deny(cmd.fullName());
    }
    String base = body.substring(0, bar);
    String sub = body.substring(bar + 1);
    RedisCommand cmd = lookupStrict(base);
    if (cmd == null) {
      throw syntax("unknown command or category name in ACL", op, lineNo, position);
    }
    if (cmd.parent() != null) {
      throw syntax("allowing first-arg of a subcommand is not supported", op, lineNo, position);
    }
    if (sub.isEmpty()) {
      throw syntax("syntax error", op, lineNo, position);
    }
    if (!cmd.subcommands().isEmpty()) {
      RedisCommand subCmd = lookupStrict(body);
      if (subCmd == null) {
        throw syntax("unknown command or category name in ACL", op, lineNo, position);
      }
      return CommandRule.allow(subCmd.fullName());
    }
    return CommandRule.allowFirstArg(cmd.fullName(), sub);
  }

  /** Redis's {@code ACLLookupCommand}: {@code name} or {@code container|sub}, nothing deeper. */
  private RedisCommand lookupStrict(String name) {
    String[] parts = name.split("\\|", -1);
    if (parts.length > 2) {
      return null;
    }
    RedisCommand base = table.command(parts[0]);
    if (base == null || base.parent() != null) {
      return null;
    }
    if (parts.length == 1) {
      return base;
    }
    if (base.subcommands().isEmpty()) {
      return null;
    }
    return table.command(base.fullName() + "|" + parts[1]);
  }

  private static AclSyntaxException syntax(String detail, String token, int lineNo, int position) {
    return new AclSyntaxException("acl.syntax", detail, token, lineNo, position);
  }
}
