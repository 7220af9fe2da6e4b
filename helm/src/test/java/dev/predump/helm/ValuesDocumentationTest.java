package dev.predump.helm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * values.yaml documents every value (a comment right above it) and values.schema.json types exactly
 * the keys values.yaml has.
 */
class ValuesDocumentationTest {

  private static final Pattern KEY = Pattern.compile("^( *)([A-Za-z][A-Za-z0-9_.-]*):(.*)$");

  private static List<String> lines;
  private static JsonNode schema;

  @BeforeAll
  static void read() throws IOException {
    lines = Files.readAllLines(HelmChart.chartDir().resolve("values.yaml"));
    schema =
        new ObjectMapper().readTree(HelmChart.chartDir().resolve("values.schema.json").toFile());
  }

  @Test
  void everyValueHasACommentAboveIt() {
    List<String> undocumented = new ArrayList<>();
    Deque<Integer> indents = new ArrayDeque<>();
    Deque<String> path = new ArrayDeque<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher key = KEY.matcher(lines.get(i));
      if (!key.matches()) {
        continue;
      }
      int indent = key.group(1).length();
      while (!indents.isEmpty() && indents.peekLast() >= indent) {
        indents.removeLast();
        path.removeLast();
      }
      indents.addLast(indent);
      path.addLast(key.group(2));
      JsonNode node = schemaNode(List.copyOf(path));
      // Keys inside free-form objects (resources, probes, security contexts) are Kubernetes
      // fields, documented by Kubernetes; the object itself carries the comment.
      if (node == null || node.has("properties")) {
        continue;
      }
      if (!previousLineIsComment(i)) {
        undocumented.add(String.join(".", path) + " (line " + (i + 1) + ")");
      }
    }
    assertThat(undocumented).as("values without a comment line above them").isEmpty();
  }

  @Test
  void schemaTypesExactlyTheKeysOfValuesYaml() {
    Map<String, Object> values = HelmChart.readYaml(HelmChart.chartDir().resolve("values.yaml"));

    assertThat(new TreeSet<>(schemaPaths(schema, "")))
        .isEqualTo(new TreeSet<>(valuePaths(values, "", schema)));
  }

  @Test
  void schemaDescribesEveryProperty() {
    List<String> missing = new ArrayList<>();
    collectUndescribed(schema, "", missing);
    assertThat(missing).isEmpty();
  }

  private static boolean previousLineIsComment(int index) {
    for (int j = index - 1; j >= 0; j--) {
      String previous = lines.get(j).strip();
      if (!previous.isEmpty()) {
        return previous.startsWith("#");
      }
    }
    return false;
  }

  /** The schema of a dotted path; null inside free-form objects. */
  private static JsonNode schemaNode(List<String> path) {
    JsonNode node = schema;
    for (String key : path) {
      JsonNode properties = node.get("properties");
      if (properties == null || !properties.has(key)) {
        return null;
      }
      node = properties.get(key);
    }
    return node;
  }

  private static List<String> schemaPaths(JsonNode node, String prefix) {
    List<String> out = new ArrayList<>();
    JsonNode properties = node.get("properties");
    if (properties == null) {
      return out;
    }
    for (Iterator<String> names = properties.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      String path = prefix.isEmpty() ? name : prefix + "." + name;
      out.add(path);
      out.addAll(schemaPaths(properties.get(name), path));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static List<String> valuePaths(Map<String, Object> values, String prefix, JsonNode node) {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Object> entry : values.entrySet()) {
      String path = prefix.isEmpty() ? entry.getKey() : prefix + "." + entry.getKey();
      out.add(path);
      JsonNode child = node.path("properties").path(entry.getKey());
      if (entry.getValue() instanceof Map<?, ?> map && child.has("properties")) {
        out.addAll(valuePaths((Map<String, Object>) map, path, child));
      }
    }
    return out;
  }

  private static void collectUndescribed(JsonNode node, String prefix, List<String> missing) {
    JsonNode properties = node.get("properties");
    if (properties == null) {
      return;
    }
    for (Iterator<String> names = properties.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      String path = prefix.isEmpty() ? name : prefix + "." + name;
      JsonNode child = properties.get(name);
      if (!child.hasNonNull("description")) {
        missing.add(path);
      }
      collectUndescribed(child, path, missing);
    }
  }
}
