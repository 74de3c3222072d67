package dev.thalos.redis.security.acl.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class CommandTableTest {

  private final CommandTable table = CommandTable.redis7();

  @Test
  void shippedTable_isRedis70WithAllCommandsAndCategories() {
    assertEquals("7.0.15", table.redisVersion());
    assertEquals(366, table.commands().size());
    assertEquals(21, table.categories().size());
    assertTrue(table.commandsIn(table.categoryBit("connection")).containsAll(List.of("client|kill", "client|pause",
        "client|list", "client|no-evict")));
  }

  @Test
  void lookup_resolvesSubcommandsLikeRedis() {
    assertEquals("client|kill", table.lookup(List.of("CLIENT", "Kill", "x")).fullName());
    assertEquals("client", table.lookup(List.of("client")).fullName());
    assertNull(table.lookup(List.of("client", "nosuch")));
    assertEquals("get", table.lookup(List.of("GET", "k")).fullName());
    assertNull(table.lookup(List.of("nosuch")));
  }

  @Test
  void pubsubCommands_knowWhereTheirChannelsAre() {
    RedisCommand psub = table.command("psubscribe");
    assertEquals(RedisCommand.CHANNEL_SUBSCRIBE | RedisCommand.CHANNEL_PATTERN, psub.channelFlags());
    assertEquals(-1, psub.channelCount());
    assertEquals(1, table.command("publish").channelCount());
    assertTrue(table.command("auth").noAuth());
  }
}
