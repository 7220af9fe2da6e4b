package dev.predump.api.v1alpha1;

import static dev.predump.api.v1alpha1.CrdFiles.schemaAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the checked-in CRD promises to users and to the API server. */
class CrdSchemaTest {

  private static CustomResourceDefinition crd;
  private static CustomResourceDefinitionVersion version;

  @BeforeAll
  static void load() {
    crd = CrdFiles.checkedIn();
    version = crd.getSpec().getVersions().get(0);
  }

  @Test
  void namesScopeAndVersion() {
    assertThat(crd.getMetadata().getName())
        .isEqualTo(PreDump.CRD_NAME)
        .isEqualTo(HasMetadata.getFullResourceName(PreDump.class));
    assertThat(crd.getSpec().getGroup()).isEqualTo("predump.dev");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getNames().getKind()).isEqualTo("PreDump");
    assertThat(crd.getSpec().getNames().getPlural()).isEqualTo("predumps");
    assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("pd");
    assertThat(crd.getSpec().getVersions()).hasSize(1);
    assertThat(version.getName()).isEqualTo("v1alpha1");
    assertThat(version.getServed()).isTrue();
    assertThat(version.getStorage()).isTrue();
    assertThat(HasMetadata.getApiVersion(PreDump.class)).isEqualTo(PreDump.API_VERSION);
  }

  @Test
  void statusIsASubresource() {
    assertThat(version.getSubresources().getStatus()).isNotNull();
    assertThat(version.getSubresources().getScale()).isNull();
  }

  @Test
  void printerColumnsInOrder() {
    assertThat(version.getAdditionalPrinterColumns())
        .extracting(c -> c.getName(), c -> c.getJsonPath(), c -> c.getType())
        .containsExactly(
            tuple("Phase", ".status.phase", "string"),
            tuple("Node", ".status.nodeName", "string"),
            tuple("Rounds", ".status.latestRound", "integer"),
            tuple("Dirty", ".status.latestRoundDirtyBytes", "integer"),
            tuple("Est. Final", ".status.estimatedFinalDumpBytes", "integer"),
            tuple("Age", ".metadata.creationTimestamp", "date"));
    // Every status column points at a status field of the matching type.
    for (var column : version.getAdditionalPrinterColumns()) {
      if (column.getJsonPath().startsWith(".status.")) {
        assertThat(schemaAt(crd, column.getJsonPath().substring(1)).getType())
            .as(column.getName())
            .isEqualTo(column.getType());
      }
    }
  }

  @Test
  void everySpecAndStatusPropertyHasADescription() {
    List<String> missing = new ArrayList<>();
    List<String> checked = new ArrayList<>();
    walk(
        CrdFiles.rootSchema(crd),
        "",
        (path, schema) -> {
          if (path.startsWith("spec") || path.startsWith("status")) {
            checked.add(path);
            if (schema.getDescription() == null || schema.getDescription().isBlank()) {
              missing.add(path);
            }
          }
        });
    assertThat(checked).contains("spec", "spec.rounds.max", "status.rounds[].frozenTimeMicros");
    assertThat(missing).as("properties without a description").isEmpty();
  }

  @Test
  void celRulesWithTheirMessages() {
    Map<String, List<List<String>>> rules = new TreeMap<>();
    walk(
        CrdFiles.rootSchema(crd),
        "",
        (path, schema) -> {
          for (ValidationRule r : schema.getXKubernetesValidations()) {
            rules
                .computeIfAbsent(path, p -> new ArrayList<>())
                .add(List.of(r.getRule(), r.getMessage()));
          }
        });
    assertThat(rules)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "spec",
                List.of(
                    List.of(PreDumpRules.POD_UID_PRESENCE_RULE, PreDumpRules.POD_UID_PRESENCE),
                    List.of(
                        PreDumpRules.CONTAINERS_PRESENCE_RULE, PreDumpRules.CONTAINERS_PRESENCE),
                    List.of(
                        PreDumpRules.INTERVAL_BELOW_TIMEOUT_RULE,
                        PreDumpRules.INTERVAL_BELOW_TIMEOUT)),
                "spec.podName",
                List.of(List.of("self == oldSelf", "podName is immutable")),
                "spec.podUID",
                List.of(List.of("self == oldSelf", "podUID is immutable")),
                "spec.containers",
                List.of(
                    List.of(
                        "self.all(c, self.exists_one(d, d == c))",
                        "containers must not repeat a name"),
                    List.of("self == oldSelf", "containers is immutable")),
                "spec.tracking",
                List.of(List.of("self == oldSelf", "tracking is immutable")),
                "spec.freezeBudget",
                List.of(
                    List.of(
                        "duration(self) >= duration('1ms') && duration(self) <= duration('5s')",
                        "freezeBudget must be between 1ms and 5s")),
                "spec.timeout",
                List.of(
                    List.of(
                        "duration(self) >= duration('10s') && duration(self) <= duration('24h')",
                        "timeout must be between 10s and 24h")),
                "spec.rounds.interval",
                List.of(
                    List.of("duration(self) <= duration('1h')", "interval must be at most 1h"))));
  }

  @Test
  void enumsFollowTheJavaEnums() {
    assertEnum("spec.tracking", TrackingMode.values());
    assertEnum("spec.retention.onDelete", OnDelete.values());
    assertEnum("status.phase", PreDumpPhase.values());
    assertEnum("status.conditions[].status", ConditionStatus.values());
    assertEnum("status.rounds[].tracker", DirtyTracker.values());
    assertEnum("status.agentOutcome.result", AgentResult.values());
    assertEnum("status.agentOutcome.reason", PreDumpReason.values());
    assertThat(PreDumpReason.values())
        .extracting(Enum::name)
        .contains(
            "PodNotFound",
            "PodNotRunning",
            "PodReplaced",
            "ContainerNotFound",
            "NoAgentOnNode",
            "AgentLost",
            "FreezeBudgetExceeded",
            "StorageFull",
            "TargetExited",
            "TimedOut",
            "Unsupported",
            "InvalidSpec",
            "Cancelled",
            "Converged",
            "MaxRoundsReached",
            "NotConverging");
  }

  @Test
  void defaultsAndBounds() {
    assertThat(schemaAt(crd, "spec.rounds.max").getDefault().asInt()).isEqualTo(8);
    assertThat(schemaAt(crd, "spec.rounds.max").getMinimum()).isEqualTo(1.0);
    assertThat(schemaAt(crd, "spec.rounds.max").getMaximum()).isEqualTo(100.0);
    assertThat(schemaAt(crd, "spec.rounds.convergeBelow").getMinimum()).isEqualTo(0.0);
    assertThat(schemaAt(crd, "spec.bandwidth").getDefault().asLong()).isZero();
    assertThat(schemaAt(crd, "spec.tracking").getDefault().asText()).isEqualTo("Auto");
    assertThat(schemaAt(crd, "spec.freezeBudget").getDefault().asText()).isEqualTo("100ms");
    assertThat(schemaAt(crd, "spec.timeout").getDefault().asText()).isEqualTo("30m");
    assertThat(schemaAt(crd, "spec.retention.onDelete").getDefault().asText()).isEqualTo("Delete");
    // Objects default to {} expanded, so that their fields are defaulted when the object is left
    // out.
    assertThat(schemaAt(crd, "spec.rounds").getDefault().get("max").asInt()).isEqualTo(8);
    assertThat(schemaAt(crd, "spec.retention").getDefault().get("onDelete").asText())
        .isEqualTo("Delete");
    for (String duration : List.of("spec.freezeBudget", "spec.timeout", "spec.rounds.interval")) {
      assertThat(schemaAt(crd, duration).getPattern()).isEqualTo(PreDumpRules.DURATION);
      assertThat(schemaAt(crd, duration).getMaxLength()).isEqualTo(32L);
    }
    assertThat(schemaAt(crd, "spec.containers").getMaxItems()).isEqualTo(64L);
    assertThat(schemaAt(crd, "spec.containers").getItems().getSchema().getPattern())
        .isEqualTo(PreDumpRules.DNS1123_LABEL);
    assertThat(schemaAt(crd, "spec").getRequired()).containsExactly("podName");
    assertThat(CrdFiles.rootSchema(crd).getRequired()).containsExactly("spec");
  }

  /** A spec built by Java has the same defaults the API server fills in. */
  @Test
  void javaDefaultsMatchSchemaDefaults() {
    JsonNode java = new ObjectMapper().valueToTree(new PreDumpSpec());
    List<String> compared = new ArrayList<>();
    walk(
        schemaAt(crd, "spec"),
        "",
        (path, schema) -> {
          if (schema.getDefault() != null && !path.isEmpty()) {
            JsonNode value = java.at("/" + path.replace('.', '/'));
            assertThat(sameJson(value, schema.getDefault()))
                .as("default of spec.%s: Java %s, CRD %s", path, value, schema.getDefault())
                .isTrue();
            compared.add(path);
          }
        });
    assertThat(compared).contains("rounds", "rounds.max", "tracking", "retention.onDelete");
  }

  private static void assertEnum(String path, Enum<?>[] values) {
    assertThat(schemaAt(crd, path).getEnum())
        .extracting(JsonNode::asText)
        .as(path)
        .containsExactlyInAnyOrderElementsOf(Arrays.stream(values).map(Enum::name).toList());
  }

  /** Visits every property below {@code schema}, array items as {@code name[]}. */
  static void walk(JSONSchemaProps schema, String path, BiConsumer<String, JSONSchemaProps> visit) {
    visit.accept(path, schema);
    if (schema.getProperties() != null) {
      schema
          .getProperties()
          .forEach((name, child) -> walk(child, path.isEmpty() ? name : path + "." + name, visit));
    }
    if (schema.getItems() != null && schema.getItems().getSchema() != null) {
      JSONSchemaProps items = schema.getItems().getSchema();
      // Items are described by their array; visit their properties only.
      if (items.getProperties() != null) {
        items.getProperties().forEach((name, child) -> walk(child, path + "[]." + name, visit));
      }
    }
  }

  /** JSON equality that compares numbers by value (8 as int equals 8 as long). */
  static boolean sameJson(JsonNode a, JsonNode b) {
    if (a.isNumber() && b.isNumber()) {
      return a.decimalValue().compareTo(b.decimalValue()) == 0;
    }
    if (a.isObject() && b.isObject()) {
      if (a.size() != b.size()) {
        return false;
      }
      var names = a.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (!b.has(name) || !sameJson(a.get(name), b.get(name))) {
          return false;
        }
      }
      return true;
    }
    return a.equals(b);
  }
}
