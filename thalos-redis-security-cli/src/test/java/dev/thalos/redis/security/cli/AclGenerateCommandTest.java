package dev.thalos.redis.security.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.thalos.redis.security.acl.AclParser;
import dev.thalos.redis.security.acl.AclUser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class AclGenerateCommandTest {

  @TempDir Path dir;

  @Test
  void generatesOwnerOnlyFile_withHashesOnly_andShowsEachPasswordOnce() throws Exception {
    Path acl = dir.resolve("users.acl");
    CliRun.Result r = CliRun.exec("acl", "generate", "--namespace", "wax", "-o", acl.toString());
    assertEquals(ExitCodes.PASSED, r.exit(), r.toString());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(acl)));
    String text = Files.readString(acl);
    List<AclUser> users = AclParser.redis7().parseAclFile(text);
    assertEquals(List.of("default", "thalos", "thalos-client", "admin"), users.stream().map(AclUser::name).toList());
    Matcher m = Pattern.compile("(?m)^  (thalos|thalos-client|admin)\\s+([0-9a-f]{64})$").matcher(r.out());
    int shown = 0;
    while (m.find()) {
      shown++;
      String password = m.group(2);
      assertFalse(text.contains(password), "the file must not hold the password");
      assertTrue(text.contains(AclUser.sha256Hex(password.toCharArray())), "the file holds its hash");
      assertEquals(1, r.out().split(password, -1).length - 1, "shown exactly once");
    }
    assertEquals(3, shown, r.out());
    assertTrue(text.startsWith("user default off"), text);
  }

  @Test
  void generatedFile_passesTheAudit() {
    Path acl = dir.resolve("users.acl");
    assertEquals(0, CliRun.exec("acl", "generate", "-n", "wax", "-n", "eos", "--client", "wax-reader=wax",
        "--client", "all-reader", "-o", acl.toString()).exit());
    CliRun.Result audit = CliRun.exec("acl", "audit", acl.toString(), "-n", "wax", "-n", "eos");
    assertEquals(ExitCodes.PASSED, audit.exit(), audit.toString());
  }

  @Test
  void passwordsDir_getsOneOwnerOnlyFilePerUser_matchingTheHashes() throws Exception {
    Path acl = dir.resolve("users.acl");
    Path pw = dir.resolve("secrets");
    CliRun.Result r = CliRun.exec("acl", "generate", "-n", "wax", "-o", acl.toString(), "--passwords-dir", pw.toString());
    assertEquals(ExitCodes.PASSED, r.exit(), r.toString());
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pw)));
    for (String user : List.of("thalos", "thalos-client", "admin")) {
      Path f = pw.resolve(user + ".password");
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
      String password = Files.readString(f);
      assertTrue(Files.readString(acl).contains(AclUser.sha256Hex(password.toCharArray())), user);
    }
  }

  @Test
  void existingFile_isNotOverwritten_withoutForce() throws Exception {
    Path acl = TestFiles.write(dir.resolve("users.acl"), "keep me\n");
    CliRun.Result r = CliRun.exec("acl", "generate", "-n", "wax", "-o", acl.toString());
    assertEquals(ExitCodes.ERROR, r.exit());
    assertTrue(r.err().contains("--force"), r.err());
    assertEquals("keep me\n", Files.readString(acl));
    assertFalse(r.out().matches("(?s).*[0-9a-f]{64}.*"), "no password shown for a file not written: " + r.out());
    assertEquals(ExitCodes.PASSED, CliRun.exec("acl", "generate", "-n", "wax", "-o", acl.toString(), "--force").exit());
    assertTrue(Files.readString(acl).startsWith("user default off"));
  }

  @Test
  void insecureDefaultUser_isAnnouncedLoudly() {
    CliRun.Result r = CliRun.exec("acl", "generate", "-n", "wax", "-o", dir.resolve("u.acl").toString(),
        "--insecure-default-user-nopass");
    assertEquals(ExitCodes.PASSED, r.exit());
    assertTrue(r.err().contains("INSECURE"), r.err());
  }

  @Test
  void clientOfAnUnknownChain_isExitTwo() {
    CliRun.Result r = CliRun.exec("acl", "generate", "-n", "wax", "--client", "x=eos", "-o",
        dir.resolve("u.acl").toString());
    assertEquals(ExitCodes.ERROR, r.exit(), r.toString());
    assertTrue(r.err().contains("eos"), r.err());
    assertFalse(Files.exists(dir.resolve("u.acl")));
  }

  @Test
  void missingNamespace_isExitTwo() {
    CliRun.Result r = CliRun.exec("acl", "generate", "-o", dir.resolve("u.acl").toString());
    assertEquals(ExitCodes.ERROR, r.exit());
    assertTrue(r.err().contains("--namespace"), r.err());
  }

  @Test
  void outputInMissingDirectory_isExitTwo() {
    CliRun.Result r = CliRun.exec("acl", "generate", "-n", "wax", "-o", dir.resolve("no/such/u.acl").toString());
    assertEquals(ExitCodes.ERROR, r.exit());
    assertTrue(r.err().contains("does not exist"), r.err());
  }

  // ---- control characters in file names ----

  @Test
  void fileNames_withControlCharacters_areReportedEscaped() throws Exception {
    Path missingDir = dir.resolve(LogInjection.FILE_NAME).resolve("u.acl");
    CliRun.Result missing = CliRun.exec("acl", "generate", "-n", "wax", "-o", missingDir.toString());
    assertEquals(ExitCodes.ERROR, missing.exit(), missing.toString());
    LogInjection.assertEscaped(missing.err(), LogInjection.FILE_NAME_ESCAPED);

    Path existing = TestFiles.write(dir.resolve(LogInjection.FILE_NAME + ".acl"), "keep me\n");
    CliRun.Result kept = CliRun.exec("acl", "generate", "-n", "wax", "-o", existing.toString());
    assertEquals(ExitCodes.ERROR, kept.exit(), kept.toString());
    LogInjection.assertEscaped(kept.err(), LogInjection.FILE_NAME_ESCAPED);

    Path blocker = TestFiles.write(dir.resolve(LogInjection.FILE_NAME + ".dir"), "a file\n");
    CliRun.Result notADir = CliRun.exec("acl", "generate", "-n", "wax", "-o", dir.resolve("v.acl").toString(),
        "--passwords-dir", blocker.toString());
    assertEquals(ExitCodes.ERROR, notADir.exit(), notADir.toString());
    LogInjection.assertEscaped(notADir.err(), LogInjection.FILE_NAME_ESCAPED);

    Path written = dir.resolve(LogInjection.FILE_NAME + ".new");
    Path passwords = dir.resolve(LogInjection.FILE_NAME + ".passwords");
    CliRun.Result ok = CliRun.exec("acl", "generate", "-n", "wax", "-o", written.toString(), "--passwords-dir",
        passwords.toString());
    assertEquals(ExitCodes.PASSED, ok.exit(), ok.toString());
    assertTrue(Files.exists(written));
    LogInjection.assertEscaped(ok.out(), LogInjection.FILE_NAME_ESCAPED);
  }

  @Test
  void userNames_withControlCharacters_areReportedEscaped() {
    for (String option : new String[] {"--client", "--server", "--admin", "--cache-prefix"}) {
      CliRun.Result r = CliRun.exec("acl", "generate", "-n", "wax", option, LogInjection.INJECTED, "-o",
          dir.resolve("u.acl").toString());
      assertEquals(ExitCodes.ERROR, r.exit(), option + ": " + r);
      LogInjection.assertEscaped(r.err());
    }
  }
}
