package dev.thalos.redis.security.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.thalos.redis.security.check.internal.JsonWriter;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Tag;

/** Properties of the escaping JSON writer. */
@Tag("unit")
class JsonWriterPropertyTest {

  @Property
  void anyString_readsBackIdentically_andEncodesAsValidUtf8(@ForAll String s) {
    StringBuilder sb = new StringBuilder();
    new JsonWriter(sb).beginObject().field("k", s).endObject().finish();
    String json = sb.toString();
    // lone surrogates are escaped, so the text survives a UTF-8 round trip unchanged
    assertEquals(json, new String(json.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
    assertEquals(s, SchemaValidation.parse(json).get("k").asText());
  }
}
