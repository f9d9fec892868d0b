package io.ledgerlab.lab.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import io.ledgerlab.lab.manifest.NetworkFile;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docs/scenario.schema.json must describe exactly the keys the parser binds: walked together with
 * the raw classes, every {@code @JsonProperty} field is a schema property and every schema property
 * is a field. The examples must validate against it.
 */
class SchemaConsistencyTest {
  private static final Path SCHEMA = Path.of("..", "docs", "scenario.schema.json");
  private static final List<String> EXAMPLES =
      List.of("quickstart.yaml", "byzantine.yaml", "kv-load.yaml", "sim-soak.yaml");

  private static JsonNode schemaJson;
  private static Schema schema;

  @BeforeAll
  static void readSchema() throws IOException {
    schemaJson = new ObjectMapper().readTree(Files.readString(SCHEMA));
    schema =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(schemaJson);
  }

  /** A raw class and the schema object that must describe it, found by walking both. */
  private record Pair(Class<?> type, JsonNode object, String where) {}

  /** Every raw class reachable from ScenarioFile, each with its schema object. */
  private static List<Pair> pairs() {
    List<Pair> out = new ArrayList<>();
    walk(ScenarioFile.class, schemaJson, "#", out);
    return out;
  }

  /**
   * A key written either as a word or as an object (such as {@code monitoring: prometheus}) is a
   * {@code oneOf} in the schema: its object form is what describes the raw class.
   */
  private static JsonNode objectForm(JsonNode property) {
    for (JsonNode alternative : property.path("oneOf")) {
      if ("object".equals(alternative.path("type").asText())) {
        return alternative;
      }
    }
    return property;
  }

  private static void walk(Class<?> type, JsonNode object, String where, List<Pair> out) {
    out.add(new Pair(type, object, where));
    for (Map.Entry<String, Field> e : properties(type).entrySet()) {
      Class<?> raw = rawClass(e.getValue().getGenericType());
      if (raw == null) {
        continue;
      }
      JsonNode property = objectForm(object.path("properties").path(e.getKey()));
      boolean list = List.class.isAssignableFrom(e.getValue().getType());
      boolean map = Map.class.isAssignableFrom(e.getValue().getType());
      String part = list ? "items" : map ? "additionalProperties" : null;
      JsonNode child = part == null ? property : property.path(part);
      String childWhere = where + "/properties/" + e.getKey() + (part == null ? "" : "/" + part);
      walk(raw, child, childWhere, out);
    }
  }

  /**
   * The raw class a field holds directly, as list elements or as map values, or null for a plain
   * value.
   */
  private static Class<?> rawClass(Type type) {
    Type t = type;
    if (t instanceof ParameterizedType p && p.getRawType() == List.class) {
      t = p.getActualTypeArguments()[0];
    } else if (t instanceof ParameterizedType p && p.getRawType() == Map.class) {
      t = p.getActualTypeArguments()[1];
    }
    if (t instanceof Class<?> c && !properties(c).isEmpty()) {
      return c;
    }
    return null;
  }

  /** Keys by name, as Jackson binds them: {@code @JsonProperty}'s value, else the field's name. */
  private static Map<String, Field> properties(Class<?> type) {
    Map<String, Field> out = new LinkedHashMap<>();
    for (Field f : type.getDeclaredFields()) {
      JsonProperty p = f.getAnnotation(JsonProperty.class);
      if (p != null && !Modifier.isStatic(f.getModifiers())) {
        out.put(p.value().isEmpty() ? f.getName() : p.value(), f);
      }
    }
    return out;
  }

  private static Set<String> names(JsonNode node) {
    Set<String> out = new TreeSet<>();
    node.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static Set<String> strings(JsonNode array) {
    Set<String> out = new TreeSet<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void everyRawClassIsDescribedByTheSchema() {
    Set<Class<?>> reached = new HashSet<>();
    for (Pair p : pairs()) {
      reached.add(p.type());
    }
    Set<Class<?>> declared = new HashSet<>();
    declared.add(ScenarioFile.class);
    declared.addAll(List.of(ScenarioFile.class.getDeclaredClasses()));
    declared.add(NetworkFile.class);
    declared.addAll(List.of(NetworkFile.class.getDeclaredClasses()));

    // A nested entry class that no field reaches would escape the comparison below.
    assertThat(reached).containsExactlyInAnyOrderElementsOf(declared);
  }

  @Test
  void theSchemaHasExactlyTheKeysOfEachRawClass() {
    for (Pair p : pairs()) {
      assertThat(p.object().path("type").asText())
          .as("%s (%s) is an object", p.where(), p.type().getSimpleName())
          .isEqualTo("object");
      assertThat(names(p.object().path("properties")))
          .as("the keys of %s (%s)", p.where(), p.type().getSimpleName())
          .isEqualTo(new TreeSet<>(properties(p.type()).keySet()));
    }
  }

  @Test
  void theSchemaRejectsUnknownKeysWhereTheParserDoes() {
    for (Pair p : pairs()) {
      assertThat(
              p.object().path("additionalProperties").isBoolean()
                  && !p.object().path("additionalProperties").asBoolean())
          .as("%s (%s) has additionalProperties: false", p.where(), p.type().getSimpleName())
          .isTrue();
    }
  }

  @Test
  void requiredKeysAgree() {
    for (Pair p : pairs()) {
      Set<String> required = new TreeSet<>();
      properties(p.type())
          .forEach(
              (name, field) -> {
                if (field.getAnnotation(JsonProperty.class).required()) {
                  required.add(name);
                }
              });
      assertThat(strings(p.object().path("required")))
          .as("the required keys of %s (%s)", p.where(), p.type().getSimpleName())
          .isEqualTo(required);
    }
  }

  private static List<Error> validate(String yaml) throws IOException {
    return schema.validate(new YAMLMapper().readTree(yaml));
  }

  @ParameterizedTest
  @ValueSource(strings = {"quickstart.yaml", "byzantine.yaml", "kv-load.yaml", "sim-soak.yaml"})
  void everyExampleValidates(String name) throws IOException {
    assertThat(EXAMPLES).contains(name);

    List<Error> errors = validate(Files.readString(Path.of("..", "examples", name)));

    assertThat(errors).isEmpty();
  }

  @Test
  void theDocumentedExampleValidates() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "scenario.md"));
    int start = doc.indexOf("```yaml\n") + "```yaml\n".length();
    String yaml = doc.substring(start, doc.indexOf("```", start));

    assertThat(validate(yaml)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "network: {name: t, monitoring: prometheus}\n",
        "network: {name: t, monitoring: {kind: prometheus, stalledFor: 5s, missedVotes: 20%}}\n"
      })
  void theSchemaTakesBothFormsOfMonitoring(String yaml) throws IOException {
    assertThat(validate(yaml)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "network: {name: t}\nworkloads: {}\n",
        "engine: sim\n",
        "network: {name: t}\nworkload: {rate: fast}\n",
        "network: {name: t}\nfaults: {schedule: [{at: 1s, fault: meteor}]}\n",
        "network: {name: t}\nchecks: {thresholds: [p99 is small]}\n",
        "network: {name: t, links: {los: 0.1}}\n",
        "network: {name: t, monitoring: grafana}\n",
        "network: {name: t, monitoring: {scrapeInterval: 1s}}\n",
        "network: {name: t, monitoring: {kind: prometheus, stalled: 3s}}\n"
      })
  void theSchemaRejectsWhatTheParserRejects(String yaml) throws IOException {
    assertThat(validate(yaml)).isNotEmpty();
  }
}
