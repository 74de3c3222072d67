package dev.thalos.redis.security.acl.internal;

/**
 * One key specification of a Redis command, as {@code COMMAND INFO} reports it: how to find the first key
 * (begin search) and how many follow (find keys), plus the key's access flags.
 */
public final class KeySpec {

  /** Flag bits, as in Redis's {@code CMD_KEY_*}. */
  public static final int RO = 1;
  public static final int RW = 1 << 1;
  public static final int OW = 1 << 2;
  public static final int RM = 1 << 3;
  public static final int ACCESS = 1 << 4;
  public static final int UPDATE = 1 << 5;
  public static final int INSERT = 1 << 6;
  public static final int DELETE = 1 << 7;
  public static final int NOT_KEY = 1 << 8;
  public static final int INCOMPLETE = 1 << 9;
  public static final int VARIABLE_FLAGS = 1 << 10;

  enum BeginSearch { INDEX, KEYWORD, UNKNOWN }

  enum FindKeys { RANGE, KEYNUM, UNKNOWN }

  final int flags;
  final BeginSearch beginSearch;
  final int index;
  final String keyword;
  final int startFrom;
  final FindKeys findKeys;
  final int lastKeyOrKeyNumIdx;
  final int keyStep;
  final int limitOrFirstKey;

  KeySpec(int flags, BeginSearch beginSearch, int index, String keyword, int startFrom, FindKeys findKeys,
      int lastKeyOrKeyNumIdx, int keyStep, int limitOrFirstKey) {
    this.flags = flags;
    this.beginSearch = beginSearch;
    this.index = index;
    this.keyword = keyword;
    this.startFrom = startFrom;
    this.findKeys = findKeys;
    this.lastKeyOrKeyNumIdx = lastKeyOrKeyNumIdx;
    this.keyStep = keyStep;
    this.limitOrFirstKey = limitOrFirstKey;
  }

  /** The flag bits ({@link #RO}, {@link #ACCESS}, ...). */
  public int flags() {
    return flags;
  }

  /** Whether keys found by this spec are written (inserted, updated or deleted). */
  public boolean writes() {
    return (flags & (INSERT | UPDATE | DELETE)) != 0;
  }

  /** Whether keys found by this spec are read (their data is accessed and returned). */
  public boolean reads() {
    return (flags & ACCESS) != 0;
  }

  static int parseFlags(String csv) {
    int f = 0;
    for (String s : csv.split(",")) {
      f |= switch (s.toLowerCase(java.util.Locale.ROOT)) {
        case "ro" -> RO;
        case "rw" -> RW;
        case "ow" -> OW;
        case "rm" -> RM;
        case "access" -> ACCESS;
        case "update" -> UPDATE;
        case "insert" -> INSERT;
        case "delete" -> DELETE;
        case "not_key" -> NOT_KEY;
        case "incomplete" -> INCOMPLETE;
        case "variable_flags" -> VARIABLE_FLAGS;
        default -> throw new IllegalArgumentException("unknown key spec flag: " + s);
      };
    }
    return f;
  }
}
