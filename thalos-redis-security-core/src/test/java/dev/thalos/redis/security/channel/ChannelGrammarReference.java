package dev.thalos.redis.security.channel;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** A slow, regex-based transcription of the grammar documented on {@link ChannelValidator}. */
final class ChannelGrammarReference {

  static final String[] TABLES = {
    "account", "account_metadata", "code", "contract_table", "contract_row", "contract_index64",
    "contract_index128", "contract_index256", "contract_index_double", "contract_index_long_double",
    "global_property", "generated_transaction", "protocol_state", "permission", "permission_link",
    "resource_limits", "resource_limits_state", "resource_limits_config", "resource_usage",
  };

  private static final String NAME = "(?:[.1-5a-z]{1,12}|[.1-5a-z]{12}[.1-5a-j])(?<!\\.)";
  private static final String TABLE = "(?:" + String.join("|", TABLES) + ")";
  private static final String STRICT_PATH = path(NAME, TABLE);

  static final Pattern STRICT = Pattern.compile(
      "[A-Za-z0-9._-]{1,64}::(?:[0-9a-f]{64}|[a-z0-9._-]{1,32})::" + STRICT_PATH);

  private static final String S =
      "[^\\x00-\\x20\\x7F-\\x9F*?\\[\\]\\\\/:\\u061C\\u200E\\u200F\\u2028-\\u202E\\u2066-\\u2069\\uD800-\\uDFFF]+";
  private static final String SEGMENT = S + "(?::" + S + ")*";

  static final Pattern LENIENT = Pattern.compile(SEGMENT + "::" + SEGMENT + "::" + path(SEGMENT, SEGMENT));

  private ChannelGrammarReference() {}

  private static String path(String name, String table) {
    return "(?:transactions|heartbeat|rollback"
        + "|actions(?:/name/" + name + "|/contract/" + name + "(?:/name/" + name + ")?)?"
        + "|tabledeltas(?:/name/" + table + ")?)";
  }

  static boolean isValid(String channel, boolean strict) {
    if (channel.getBytes(StandardCharsets.UTF_8).length > 1024) {
      return false;
    }
    return (strict ? STRICT : LENIENT).matcher(channel).matches();
  }

  static boolean isValid(byte[] channel, boolean strict) {
    try {
      String text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(channel))
          .toString();
      return isValid(text, strict);
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
