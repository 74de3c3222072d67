package dev.thalos.redis.security.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DemoCommandTest {

  @Test
  void shellWord_leavesAPlainPathAsItIs() {
    assertEquals("/tmp/thalos-demo-123/reader.password",
        DemoCommand.shellWord(Path.of("/tmp/thalos-demo-123/reader.password")));
  }

  @Test
  void shellWord_quotesSpacesAndDollarSigns_andEscapesSingleQuotes() {
    assertEquals("'/tmp/my dir/$HOME'", DemoCommand.shellWord(Path.of("/tmp/my dir/$HOME")));
    assertEquals("'/tmp/it'\\''s/ca.pem'", DemoCommand.shellWord(Path.of("/tmp/it's/ca.pem")));
  }

  @Test
  void shellWord_neverPrintsAControlCharacterRaw() {
    String word = DemoCommand.shellWord(Path.of("/tmp/" + LogInjection.FILE_NAME));
    LogInjection.assertEscaped(word, LogInjection.FILE_NAME_ESCAPED);
  }
}
