package dev.thalos.redis.security.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.TreeSet;

/**
 * Validates JSON documents against the project's schemas (draft 2020-12): {@code check-report.schema.json} from
 * the main resources, and {@code sarif-2.1.0-required.schema.json}, a schema of SARIF 2.1.0's required structure
 * written for this project from the OASIS specification (the official schema is deliberately not copied into
 * the repository).
 */
public final class SchemaValidation {

  public static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  public static final JsonSchema REPORT = load("/dev/thalos/redis/security/check/check-report.schema.json");
  public static final JsonSchema SARIF = load("/dev/thalos/redis/security/check/sarif-2.1.0-required.schema.json");

  private SchemaValidation() {}

  private static JsonSchema load(String resource) {
    try (InputStream in = SchemaValidation.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return FACTORY.getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new AssertionError("not valid JSON: " + e.getMessage() + "\n" + json, e);
    }
  }

  /** The validation errors, sorted, empty when valid. */
  public static Set<String> errors(JsonSchema schema, String json) {
    Set<String> out = new TreeSet<>();
    for (ValidationMessage m : schema.validate(parse(json))) {
      out.add(m.getMessage());
    }
    return out;
  }
}
