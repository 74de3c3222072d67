package dev.thalos.redis.security.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.thalos.redis.security.testkit.RedisServer;
import dev.thalos.redis.security.testkit.RespClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The evaluator against the real thing: random users (rules from {@link AclGrammar}, selectors included) are
 * created with {@code ACL SETUSER} on a real redis-server 7, random commands are dry-run with
 * {@code ACL DRYRUN} (pipelined), and the evaluator must give the same answer, message included, on every case.
 * The parser must also accept exactly the rule sets the server accepts.
 *
 * <p>Cases: {@code -Dthalos.acl.differential.cases=10000} (default 2000); seed:
 * {@code -Dthalos.acl.differential.seed=N} (default fixed, so failures reproduce).
 */
@Tag("integration")
class AclEvaluatorDifferentialTest {

  private static final int CASES = Integer.getInteger("thalos.acl.differential.cases", 2000);
  private static final long SEED = Long.getLong("thalos.acl.differential.seed", 20261127L);
  private static final int COMMANDS_PER_USER = 50;

  private static RedisServer server;

  @BeforeAll
  static void startServer() {
    server = RedisServer.builder().start();
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void randomUsersAndCommands_evaluatorAgreesWithAclDryrunOnEveryCase() {
    run("grammar", false);
  }

  @Test
  void everyCommandOfTheTable_withRandomArguments_evaluatorAgreesWithAclDryrun() {
    run("whole-table", true);
  }

  private void run(String label, boolean wholeTable) {
    AclGrammar grammar = new AclGrammar(SEED + (wholeTable ? 1 : 0));
    RespClient admin = server.admin();
    int dryRuns = 0;
    int usersAccepted = 0;
    int usersRefused = 0;
    int aclListChecked = 0;
    List<String> mismatches = new ArrayList<>();
    int u = 0;
    while (dryRuns < CASES) {
      String name = "u" + (u++);
      List<String> rules = grammar.userRules();
      List<String> setUser = new ArrayList<>(List.of("ACL", "SETUSER", name, "reset"));
      setUser.addAll(rules);
      Object reply = admin.command(setUser.toArray(new String[0]));
      List<String> parseArgs = new ArrayList<>(List.of("reset"));
      parseArgs.addAll(rules);
      AclUser user;
      if (reply instanceof RespClient.Error) {
        usersRefused++;
        try {
          AclParser.redis7().parseSetUser(name, parseArgs);
          mismatches.add("server refused but parser accepted: " + rules + " -> " + reply);
        } catch (AclSyntaxException expected) {
          // agreed
        }
        continue;
      }
      usersAccepted++;
      try {
        user = AclParser.redis7().parseSetUser(name, parseArgs);
      } catch (AclSyntaxException e) {
        mismatches.add("server accepted but parser refused: " + rules + " -> " + e.getMessage());
        continue;
      }
      // ACL LIST's line for the user must parse, into the same permissions (Redis reorders the rules)
      Object list = admin.command("ACL", "LIST");
      for (Object line : (List<?>) list) {
        if (((String) line).startsWith("user " + name + " ")) {
          AclUser listed = AclParser.redis7().parseAclList(List.of((String) line)).get(0);
          aclListChecked++;
          if (!AclEvaluator.of(user).samePermissionsAs(listed) && !lossyAllKeys(user)) {
            mismatches.add("ACL LIST differs: " + user.toAclLine() + " | listed: " + line);
          }
        }
      }
      AclEvaluator evaluator = AclEvaluator.of(user);
      List<List<String>> commands = new ArrayList<>();
      for (int i = 0; i < COMMANDS_PER_USER; i++) {
        List<String> cmd = wholeTable ? grammar.anyCommand() : grammar.command();
        commands.add(cmd);
        List<String> dry = new ArrayList<>(List.of("ACL", "DRYRUN", name));
        dry.addAll(cmd);
        admin.send(dry.toArray(new String[0]));
      }
      for (List<String> cmd : commands) {
        Object r = admin.readReply();
        String expected = r instanceof RespClient.Error e ? stripErr(e.message()) : String.valueOf(r);
        AclDecision d = evaluator.evaluate(cmd);
        dryRuns++;
        if (!expected.equals(d.message())) {
          mismatches.add(user.toAclLine() + " | " + cmd + " | redis: " + expected + " | evaluator: " + d.message());
        }
      }
      admin.command("ACL", "DELUSER", name);
    }
    String summary = String.format("ACL differential (" + label + "): %d DRYRUN cases, %d users accepted, %d rule sets refused "
        + "by both, %d ACL LIST lines re-parsed, seed %d, %d mismatches%n", dryRuns, usersAccepted, usersRefused,
        aclListChecked, SEED, mismatches.size());
    System.out.print(summary);
    try {
      java.nio.file.Files.writeString(java.nio.file.Path.of("target", "acl-differential-" + label + ".txt"), summary);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    if (!mismatches.isEmpty()) {
      fail(mismatches.size() + " mismatches, first ones:\n" + String.join("\n",
          mismatches.subList(0, Math.min(20, mismatches.size()))));
    }
    assertTrue(dryRuns >= CASES);
    assertTrue(usersRefused > 0, "the grammar should also produce rule sets Redis refuses");
    assertEquals(0, mismatches.size());
  }

  /** ACL LIST prints the pattern %RW~* as ~* (allkeys); when it is the only pattern the two cannot be told apart. */
  private static boolean lossyAllKeys(AclUser user) {
    for (AclSelector s : user.allSelectors()) {
      if (s.keyPatterns().equals(List.of(KeyPattern.readWrite("*")))) {
        return true;
      }
    }
    return false;
  }

  private static String stripErr(String message) {
    return message.startsWith("ERR ") ? message.substring(4) : message;
  }
}
