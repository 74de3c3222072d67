package dev.thalos.redis.security.endpoint;

import dev.thalos.redis.security.auth.AclCredentials;
import dev.thalos.redis.security.internal.ControlCharacters;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Strict parser of {@code rediss://[user@]host[:port][/database]} and {@code redis://…}, of
 * {@code rediss-cluster://[user@]host[:port][,host[:port]...]} (seed nodes) and of
 * {@code rediss-sentinel://[user@]host[:port][,host[:port]...][/database]#master-name} (sentinels). Passwords
 * and query parameters are refused, fragments except the sentinel master name; error messages never repeat
 * what could be a password.
 */
final class EndpointUri {

  final boolean tls;
  final RedisTopology topology;
  final List<NodeAddress> nodes;
  final String user;
  final Integer database;
  final String masterName;

  private EndpointUri(boolean tls, RedisTopology topology, List<NodeAddress> nodes, String user,
      Integer database, String masterName) {
    this.tls = tls;
    this.topology = topology;
    this.nodes = nodes;
    this.user = user;
    this.database = database;
    this.masterName = masterName;
  }

  /**
   * Parses {@code uri}.
   *
   * @throws IllegalArgumentException naming what is wrong; the message quotes the URI only without anything
   *     that could be a password
   */
  static EndpointUri parse(String uri) {
    if (uri == null) {
      throw new IllegalArgumentException("uri must not be null");
    }
    for (int i = 0; i < uri.length(); i++) {
      char c = uri.charAt(i);
      if (c <= ' ' || c == 0x7f || Character.isWhitespace(c) || Character.isISOControl(c)) {
        throw invalid(uri, "contains whitespace or control characters");
      }
    }
    int schemeEnd = uri.indexOf("://");
    if (schemeEnd < 0) {
      throw invalid(uri, "must start with rediss:// (or redis:// for plaintext)");
    }
    String scheme = uri.substring(0, schemeEnd);
    RedisTopology topology = RedisTopology.ofScheme(scheme);
    if (topology == null) {
      throw invalid(uri, "unsupported scheme (must be rediss://, rediss-cluster:// or rediss-sentinel://; "
          + "redis://, redis-cluster:// or redis-sentinel:// for plaintext)");
    }
    boolean tls = topology.scheme(true).equalsIgnoreCase(scheme);
    String rest = uri.substring(schemeEnd + 3);
    String user = null;
    int hashAt = topology == RedisTopology.SENTINEL ? rest.indexOf('#') : -1;
    int at = (hashAt < 0 ? rest : rest.substring(0, hashAt)).lastIndexOf('@');
    if (at >= 0) {
      String userInfo = rest.substring(0, at);
      rest = rest.substring(at + 1);
      if (userInfo.indexOf(':') >= 0) {
        throw invalid(uri, "must not contain a password (it would leak into logs and process lists); "
            + "give the password through a SecretSource");
      }
      if (userInfo.isEmpty()) {
        throw invalid(uri, "empty user before '@'");
      }
      if (indexOfAny(userInfo, "/?#[],") >= 0) {
        throw invalid(uri, "the user name contains '/', '?', '#', '[', ']' or ','; percent-encode them");
      }
      String decoded = percentDecode(userInfo, "user name", uri);
      try {
        user = AclCredentials.checkUser(decoded);
      } catch (IllegalArgumentException e) {
        throw invalid(uri, "invalid user name (must not contain whitespace or control characters)");
      }
    }
    int authorityEnd = indexOfAny(rest, "/?#");
    String hostList = authorityEnd < 0 ? rest : rest.substring(0, authorityEnd);
    String tail = authorityEnd < 0 ? "" : rest.substring(authorityEnd);

    List<NodeAddress> nodes = new ArrayList<>();
    for (String hostPort : hostList.split(",", -1)) {
      NodeAddress node = parseNode(hostPort, uri, topology.defaultPort());
      if (nodes.contains(node)) {
        throw invalid(uri, "node " + node + " is listed twice");
      }
      nodes.add(node);
    }
    if (topology == RedisTopology.STANDALONE && nodes.size() > 1) {
      throw invalid(uri, "several hosts need rediss-cluster:// (cluster seed nodes) or rediss-sentinel:// "
          + "(sentinels)");
    }

    Integer database = null;
    String masterName = null;
    if (!tail.isEmpty()) {
      if (tail.charAt(0) == '?') {
        throw invalid(uri, "query parameters are not supported");
      }
      String path = tail;
      int hash = tail.indexOf('#');
      if (hash >= 0) {
        if (topology != RedisTopology.SENTINEL) {
          throw invalid(uri, "fragments are not supported");
        }
        masterName = tail.substring(hash + 1);
        path = tail.substring(0, hash);
      }
      if (path.startsWith("/")) {
        path = path.substring(1);
        if (indexOfAny(path, "?#") >= 0) {
          throw invalid(uri, "query parameters and fragments are not supported");
        }
        if (!path.isEmpty()) {
          database = parseDatabase(path, uri);
        }
      }
    }
    if (topology == RedisTopology.SENTINEL) {
      if (masterName == null) {
        throw invalid(uri, "the master name is missing: rediss-sentinel://host:port[,host:port...]#master-name");
      }
      masterName = percentDecode(masterName, "master name", uri);
      // the fragment is not quoted: the message shows the URI redacted
      String problem = ThalosRedisEndpoint.masterNameProblem(masterName);
      if (problem != null) {
        throw invalid(uri, "invalid masterName (" + problem + ")");
      }
    }
    return new EndpointUri(tls, topology, List.copyOf(nodes), user, database, masterName);
  }

  private static NodeAddress parseNode(String hostPort, String uri, int defaultPort) {
    return NodeAddress.parse(hostPort, defaultPort, reason -> invalid(uri, reason));
  }

  private static int parseDatabase(String text, String uri) {
    if (text.length() > 9 || !allDigits(text)) {
      throw invalid(uri, "invalid database '" + text + "' (the path must be /<database number>)");
    }
    return Integer.parseInt(text);
  }

  private static boolean allDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return !s.isEmpty();
  }

  /**
   * Decodes the percent-encoding in {@code s}, the {@code field} part of {@code uri}. Literal characters are kept
   * as they are (a surrogate pair included); each run of {@code %XX} escapes is decoded as UTF-8, strictly: a
   * truncated or non-hex escape, malformed UTF-8 (also overlong forms and encoded surrogates) and a lone
   * surrogate are rejected, naming the field and the rule but not quoting the part (the message quotes only
   * the redacted URI).
   */
  static String percentDecode(String s, String field, String uri) {
    StringBuilder out = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '%') {
        byte[] bytes = new byte[(s.length() - i) / 3];
        int n = 0;
        while (i < s.length() && s.charAt(i) == '%') {
          int hi = i + 1 < s.length() ? hexDigit(s.charAt(i + 1)) : -1;
          int lo = i + 2 < s.length() ? hexDigit(s.charAt(i + 2)) : -1;
          if (hi < 0 || lo < 0) {
            throw invalid(uri, "malformed percent-encoding in the " + field
                + " ('%' must be followed by two hex digits)");
          }
          bytes[n++] = (byte) (hi * 16 + lo);
          i += 3;
        }
        try {
          out.append(StandardCharsets.UTF_8.newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes, 0, n)));
        } catch (CharacterCodingException e) {
          throw invalid(uri, "the " + field + " is not valid UTF-8 after percent-decoding");
        }
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        out.append(c).append(s.charAt(i + 1));
        i += 2;
      } else if (Character.isSurrogate(c)) {
        throw invalid(uri, "the " + field + " contains a lone surrogate (not a Unicode character)");
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  /** The value of an ASCII hex digit, or -1 (unlike {@link Character#digit}, which also takes other scripts). */
  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  /** RFC 3986 scheme syntax: a letter, then letters, digits, '+', '-' or '.'. */
  private static boolean isScheme(String s) {
    if (s.isEmpty() || !isAsciiLetter(s.charAt(0))) {
      return false;
    }
    for (int i = 1; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  private static IllegalArgumentException invalid(String uri, String reason) {
    return new IllegalArgumentException("invalid uri: '" + redact(uri) + "' (" + reason + ")");
  }

  /**
   * {@code uri} without anything that could be a secret: the whole user-info part (Lettuce reads
   * {@code redis://secret@host} as a password), the query and the fragment are replaced by {@code ****}.
   * Control characters are escaped.
   */
  static String redact(String uri) {
    String s = uri;
    int schemeEnd = s.indexOf("://");
    int at = s.lastIndexOf('@');
    // everything before the last '@' may be secret, unless it is the scheme
    int start = schemeEnd >= 0 && (at < 0 || schemeEnd < at) && isScheme(s.substring(0, schemeEnd))
        ? schemeEnd + 3
        : 0;
    if (at >= start) {
      s = s.substring(0, start) + "****" + s.substring(at);
      start += 4;
    }
    int cut = -1;
    for (int i = start; i < s.length(); i++) {
      if (s.charAt(i) == '?' || s.charAt(i) == '#') {
        cut = i;
        break;
      }
    }
    if (cut >= 0) {
      s = s.substring(0, cut) + "****";
    }
    // a non-numeric "port" may be a password written without user and host ("rediss://alice:secret")
    int authorityEnd = s.indexOf('/', start);
    if (authorityEnd < 0) {
      authorityEnd = s.length();
    }
    int hostStart = Math.max(start, s.lastIndexOf(']', authorityEnd - 1) + 1);
    int colon = s.indexOf(':', hostStart);
    if (colon >= 0 && colon < authorityEnd) {
      String port = s.substring(colon + 1, authorityEnd);
      if (!port.isEmpty() && !allDigits(port)) {
        s = s.substring(0, colon + 1) + "****" + s.substring(authorityEnd);
      }
    }
    return ControlCharacters.escape(s);
  }
}
