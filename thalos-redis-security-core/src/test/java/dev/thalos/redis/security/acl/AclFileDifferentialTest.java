package dev.thalos.redis.security.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.testkit.RedisServer;
import dev.thalos.redis.security.testkit.RespClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The parser against redis-server 7's own reading of an aclfile ({@code ACL LOAD}), on the edge cases of its
 * line format: tabs, CR LF, leading blanks, comments, quotes, {@code \x} escapes, unbalanced quotes and
 * selectors spread over several arguments. Where the server loads the file, the parser must read the same users
 * (compared through the server's {@code ACL LIST}); where the server refuses it, so must the parser.
 *
 * <p>Not among the cases: a selector left open after other rules ({@code (~x)\t ~y}); redis-server 7.0.15
 * crashes on it in {@code ACL LOAD} (the parser refuses it).
 */
@Tag("integration")
class AclFileDifferentialTest {

  private static final List<String> FILES = List.of(
      "user a on\t ~k\t\r \t+get\n",
      "user a on\t~k\n",
      "user\ta on\n",
      "user a\t on\n",
      "user  a on\n",
      "user a  on   ~k\n",
      "USER a on\n",
      " \t user a on ~x\r\n\r\n\t\n  user b off\r\n",
      "\u000buser a on\n",
      "user a on\f\n",
      "user a on ~k\tj\n",
      "# users\nuser a on\n",
      "  # indented\nuser a on\n",
      "user a on # trailing\n",
      "user a on #comment\n",
      "user \"a\" on ~\"\\x41\" ~'b'\n",
      "user a on \">p\\x41ss\"\n",
      "user a on '>p w'\n",
      "user a on ~\"abc\n",
      "user a on (~x\t ~y)\n",
      "user a on \t(~x ~y)\n",
      "user a on (~x\r ~y) +get\n",
      "user a on nopass  >pw\n",
      "user a on >\n",
      "user a on\nuser a off\n");

  private static RedisServer server;
  private static String adminLine;

  @BeforeAll
  static void startServer() throws IOException {
    server = RedisServer.builder().start();
    adminLine = Files.readAllLines(server.aclFile()).stream()
        .filter(l -> l.startsWith("user " + RedisServer.ADMIN_USER + " ")).findFirst().orElseThrow();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void edgeCasesOfTheAclFileFormat_areReadAsRedisReadsThem() throws IOException {
    List<String> mismatches = new ArrayList<>();
    int loaded = 0;
    for (String text : FILES) {
      Files.write(server.aclFile(), (adminLine + "\n" + text).getBytes(StandardCharsets.ISO_8859_1));
      Object reply;
      try (RespClient admin = server.newAdminClient()) {
        reply = admin.command("ACL", "LOAD");
      }
      List<AclUser> ours;
      try {
        ours = AclParser.redis7().parseAclFile(text);
      } catch (AclSyntaxException e) {
        if (!(reply instanceof RespClient.Error)) {
          mismatches.add(show(text) + ": the server loads it, the parser refuses it: " + e.getMessage());
        }
        continue;
      }
      if (reply instanceof RespClient.Error error) {
        mismatches.add(show(text) + ": the parser reads " + ours + ", the server refuses it: " + error.message());
        continue;
      }
      loaded++;
      List<String> listed = new ArrayList<>();
      try (RespClient admin = server.newAdminClient()) {
        for (Object line : (List<?>) admin.commandOrThrow("ACL", "LIST")) {
          listed.add((String) line);
        }
      }
      List<AclUser> theirs = new ArrayList<>();
      for (AclUser u : AclParser.redis7().parseAclList(listed)) {
        if (!u.name().equals(RedisServer.ADMIN_USER) && !u.name().equals("default")) {
          theirs.add(u);
        }
      }
      if (!ours.equals(theirs)) {
        mismatches.add(show(text) + ": the parser reads " + ours + ", the server " + theirs);
      }
    }
    assertEquals(List.of(), mismatches);
    assertTrue(loaded >= 5, "too few files the server loads: " + loaded);
  }

  private static String show(String text) {
    return "'" + text.replace("\t", "\\t").replace("\r", "\\r").replace("\n", "\\n").replace("\u000b", "\\v")
        .replace("\f", "\\f") + "'";
  }
}
