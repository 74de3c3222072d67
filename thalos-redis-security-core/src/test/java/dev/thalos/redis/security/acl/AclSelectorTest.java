package dev.thalos.redis.security.acl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class AclSelectorTest {

  @Test
  void rules_areCanonical_keysChannelsThenCommands() {
    AclSelector s = AclSelector.builder()
        .commandRule(CommandRule.allow("subscribe"))
        .channel("ship::wax::*")
        .keyPattern(KeyPattern.read("r*"))
        .build();
    assertEquals(List.of("%R~r*", "resetchannels", "&ship::wax::*", "-@all", "+subscribe"), s.rules());
    assertEquals(s, s.mutate().build());
  }

  @Test
  void allkeysAndAllchannels_dropPatterns_andRefuseNewOnes() {
    AclSelector.Builder b = AclSelector.builder().keyPattern(KeyPattern.readWrite("a")).allKeys();
    assertEquals(List.of(), b.build().keyPatterns());
    assertThrows(IllegalStateException.class, () -> b.keyPattern(KeyPattern.readWrite("b")));
    AclSelector.Builder c = AclSelector.builder().channel("x").channel("*");
    assertEquals(List.of("~*", "&*", "-@all"), b.allChannels().build().rules());
    assertThrows(IllegalStateException.class, () -> c.channel("y"));
    assertEquals(List.of("y"), c.resetChannels().channel("y").channel("y").build().channelPatterns());
  }

  @Test
  void commandRules_startAtTheLastAllRule() {
    AclSelector s = AclSelector.builder().commandRule(CommandRule.allow("get")).commandRule(CommandRule.allowAll())
        .commandRule(CommandRule.deny("debug")).build();
    assertEquals(List.of(CommandRule.allowAll(), CommandRule.deny("debug")), s.commandRules());
    assertEquals(List.of(CommandRule.denyAll()), AclSelector.empty().commandRules());
  }
}
