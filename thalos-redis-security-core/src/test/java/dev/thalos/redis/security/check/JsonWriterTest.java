package dev.thalos.redis.security.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.thalos.redis.security.check.internal.JsonWriter;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The escaping JSON writer that keeps core free of a JSON library. */
@Tag("unit")
class JsonWriterTest {

  @Test
  void nestedStructures_areIndented() {
    StringBuilder sb = new StringBuilder();
    new JsonWriter(sb).beginObject().name("a").beginArray().value(1).value("x").nullValue().endArray()
        .name("b").beginObject().endObject().name("c").beginArray().endArray().field("d", true).endObject()
        .finish();
    assertEquals("{\n  \"a\": [\n    1,\n    \"x\",\n    null\n  ],\n  \"b\": {},\n  \"c\": [],\n"
        + "  \"d\": true\n}\n", sb.toString());
  }

  @Test
  void misuse_isRejected() {
    assertThrows(IllegalStateException.class, () -> new JsonWriter(new StringBuilder()).beginObject().value(1));
    assertThrows(IllegalStateException.class, () -> new JsonWriter(new StringBuilder()).beginArray().finish());
    assertThrows(IllegalStateException.class, () -> new JsonWriter(new StringBuilder()).beginArray().endObject());
    assertThrows(IllegalArgumentException.class, () -> new JsonWriter(new StringBuilder()).value(Double.NaN));
  }
}
