package dev.thalos.redis.security.channel;

import static dev.thalos.redis.security.channel.ChannelScanner.*;

/** The rules of the channel grammar in words, for {@link InvalidChannelException#rule()}. */
final class ChannelRules {

  static final String PREFIX_STRICT = "a prefix is 1 to 64 characters from [A-Za-z0-9._-]";
  static final String CHAIN_STRICT =
      "a chain is a chain id of 64 lowercase hex digits or a chain name of 1 to 32 characters from [a-z0-9._-]";
  static final String NAME_STRICT = "an Antelope name is 1 to 13 characters from [.12345a-z], the 13th only from "
      + "[.12345a-j], and does not end with '.'";
  static final String TABLE_STRICT = "a table is one of " + String.join(", ", KNOWN_TABLES);
  static final String SEGMENT_LENIENT = "a segment is one or more characters other than glob metacharacters "
      + "(* ? [ ] \\), '/', space, control characters (U+0000-U+001F, U+007F-U+009F) and bidi and line separator "
      + "characters (U+061C, U+200E, U+200F, U+2028-U+202E, U+2066-U+2069), with single ':' allowed only "
      + "between other characters";
  static final String PATH = "a channel is transactions, heartbeat, rollback, actions, actions/name/<action>, "
      + "actions/contract/<contract>, actions/contract/<contract>/name/<action>, tabledeltas or "
      + "tabledeltas/name/<table>";

  private ChannelRules() {}

  static String explain(int rule, int part, boolean strict, String offending) {
    String grammar = grammar(part, strict);
    switch (rule) {
      case R_EMPTY_INPUT:
        return "a channel must not be empty";
      case R_TOO_LONG:
        return "a channel is at most " + MAX_UTF8_LENGTH + " bytes long in UTF-8";
      case R_EMPTY:
        return "must not be empty; " + grammar;
      case R_CHAR:
        return (offending == null ? "character" : "character " + offending) + " is not allowed; " + grammar;
      case R_LENGTH:
        return "too long; " + grammar;
      case R_SEPARATOR:
        return "expected '::' after the " + ChannelPart.ofOrdinal(part).label()
            + "; a channel is <prefix>::<chain>::<channel>";
      case R_DOUBLE_COLON:
        return "'::' is not allowed inside a segment; " + grammar;
      case R_COLON_EDGE:
        return "a segment must not start or end with ':'; " + grammar;
      case R_ENCODING:
        return "malformed text (invalid UTF-8 or an unpaired surrogate); " + grammar;
      case R_PATH:
        return "unknown channel; " + PATH;
      case R_UNKNOWN_TABLE:
        return "unknown table; " + TABLE_STRICT;
      case R_NAME_13TH:
        return (offending == null ? "character" : "character " + offending)
            + " is not allowed as 13th character; " + NAME_STRICT;
      case R_TRAILING_DOT:
        return "must not end with '.'; " + NAME_STRICT;
      case R_SLASH:
        return "'/' is not allowed inside a segment; " + grammar;
      default:
        throw new IllegalStateException("unknown rule " + rule);
    }
  }

  private static String grammar(int part, boolean strict) {
    if (!strict) {
      return part == P_PATH ? PATH : SEGMENT_LENIENT;
    }
    switch (part) {
      case P_PREFIX:
        return PREFIX_STRICT;
      case P_CHAIN:
        return CHAIN_STRICT;
      case P_CONTRACT:
      case P_ACTION:
        return NAME_STRICT;
      case P_TABLE:
        return TABLE_STRICT;
      default:
        return PATH;
    }
  }
}
