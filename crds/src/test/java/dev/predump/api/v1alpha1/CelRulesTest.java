package dev.predump.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.types.SimpleType;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.predump.api.v1alpha1.PreDumpSpecValidator.Violation;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Evaluates the CRD's CEL rules (x-kubernetes-validations) with Google's CEL for Java, as the API
 * server would, and checks that {@link PreDumpSpecValidator} reports the same rules broken. The
 * mock API server used in other modules' tests evaluates no CEL, so this is where the rules run.
 *
 * <p>Like the API server, a rule runs only where its value exists, and a transition rule (one that
 * names {@code oldSelf}) only on update and only where the old value exists too.
 */
class CelRulesTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Cel CEL =
      CelFactory.standardCelBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("self", SimpleType.DYN)
          .addVar("oldSelf", SimpleType.DYN)
          .build();

  /** Rules of the spec by path below spec ("" for spec itself), compiled. */
  private static final Map<String, List<CompiledRule>> RULES = new LinkedHashMap<>();

  private static Set<String> celMessages;

  record CompiledRule(String rule, String message, CelRuntime.Program program) {
    boolean isTransition() {
      return rule.contains("oldSelf");
    }
  }

  @BeforeAll
  static void compileEveryRule() throws Exception {
    var spec = CrdFiles.schemaAt(CrdFiles.checkedIn(), "spec");
    List<Exception> errors = new ArrayList<>();
    CrdSchemaTest.walk(
        spec,
        "",
        (path, schema) -> {
          for (ValidationRule r : schema.getXKubernetesValidations()) {
            try {
              var ast = CEL.compile(r.getRule()).getAst();
              RULES
                  .computeIfAbsent(path, p -> new ArrayList<>())
                  .add(new CompiledRule(r.getRule(), r.getMessage(), CEL.createProgram(ast)));
            } catch (Exception e) {
              errors.add(new IllegalStateException("Rule at spec." + path + ": " + r.getRule(), e));
            }
          }
        });
    assertThat(errors).as("rules that do not compile").isEmpty();
    celMessages =
        RULES.values().stream()
            .flatMap(List::stream)
            .map(CompiledRule::message)
            .collect(Collectors.toSet());
  }

  @Test
  void everyRuleCompiled() {
    assertThat(RULES.values().stream().mapToInt(List::size).sum()).isEqualTo(11);
  }

  static Stream<Arguments> creates() {
    return Stream.of(
        create("defaults", s -> {}),
        create("full sample values", CelRulesTest::full),
        create("duplicate container", s -> s.setContainers(List.of("app", "side", "app"))),
        create("freeze budget too small", s -> s.setFreezeBudget("999us")),
        create("freeze budget smallest", s -> s.setFreezeBudget("1ms")),
        create("freeze budget too large", s -> s.setFreezeBudget("5s1ns")),
        create("freeze budget as sum", s -> s.setFreezeBudget("1s500ms")),
        create("timeout too short", s -> s.setTimeout("9.5s")),
        create("timeout too long", s -> s.setTimeout("24h0m1s")),
        create("timeout longest", s -> s.setTimeout("24h")),
        create("interval too long", s -> s.getRounds().setInterval("61m")),
        create(
            "interval equals timeout",
            s -> {
              s.getRounds().setInterval("30s");
              s.setTimeout("30s");
            }),
        create(
            "interval below timeout",
            s -> {
              s.getRounds().setInterval("29s");
              s.setTimeout("30s");
            }),
        create(
            "many broken at once",
            s -> {
              s.setContainers(List.of("a", "a"));
              s.setFreezeBudget("10s");
              s.setTimeout("48h");
            }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("creates")
  void createAgreesWithTheJavaValidator(String name, PreDumpSpec spec) throws Exception {
    Set<String> cel = evaluate(spec, null);
    Set<String> java = celMessagesOf(PreDumpSpecValidator.validate(spec));
    assertThat(cel).as("CEL vs Java for %s", name).isEqualTo(java);
  }

  @Test
  void createsThatMustFailDo() throws Exception {
    PreDumpSpec spec = new PreDumpSpec();
    spec.setPodName("web-0");
    spec.setContainers(List.of("app", "app"));
    spec.setFreezeBudget("6s");
    assertThat(evaluate(spec, null))
        .containsExactlyInAnyOrder(
            PreDumpRules.CONTAINERS_UNIQUE, PreDumpRules.FREEZE_BUDGET_RANGE);
  }

  static Stream<Arguments> updates() {
    return Stream.of(
        update("nothing changed", s -> {}),
        update(
            "budgets changed",
            s -> {
              s.setBandwidth(1L);
              s.setTimeout("2h");
              s.setFreezeBudget("10ms");
              s.getRounds().setMax(50);
              s.getRetention().setOnDelete(OnDelete.Retain);
            }),
        update("pod renamed", s -> s.setPodName("web-1")),
        update("pod UID changed", s -> s.setPodUID("00000000-0000-0000-0000-000000000000")),
        update("pod UID removed", s -> s.setPodUID(null)),
        update("containers changed", s -> s.setContainers(List.of("app", "side"))),
        update("containers emptied", s -> s.setContainers(List.of())),
        update("tracking changed", s -> s.setTracking(TrackingMode.Full)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("updates")
  void updateAgreesWithTheJavaValidator(String name, PreDumpSpec old, PreDumpSpec updated)
      throws Exception {
    Set<String> cel = evaluate(updated, old);
    Set<String> java = celMessagesOf(PreDumpSpecValidator.validateUpdate(old, updated));
    assertThat(cel).as("CEL vs Java for %s", name).isEqualTo(java);
  }

  @Test
  void addingAPodUidIsRejected() throws Exception {
    PreDumpSpec old = new PreDumpSpec();
    old.setPodName("web-0");
    PreDumpSpec updated = new PreDumpSpec();
    updated.setPodName("web-0");
    updated.setPodUID("3f1c2a9e-8b7d-4e6f-9a0b-1c2d3e4f5a6b");
    assertThat(evaluate(updated, old)).containsExactly(PreDumpRules.POD_UID_PRESENCE);
  }

  private static Arguments create(String name, Consumer<PreDumpSpec> change) {
    PreDumpSpec spec = new PreDumpSpec();
    spec.setPodName("web-0");
    change.accept(spec);
    return Arguments.of(name, spec);
  }

  private static Arguments update(String name, Consumer<PreDumpSpec> change) {
    PreDumpSpec old = new PreDumpSpec();
    full(old);
    PreDumpSpec updated = new PreDumpSpec();
    full(updated);
    change.accept(updated);
    return Arguments.of(name, old, updated);
  }

  private static void full(PreDumpSpec s) {
    s.setPodName("cache-7f9c");
    s.setPodUID("3f1c2a9e-8b7d-4e6f-9a0b-1c2d3e4f5a6b");
    s.setContainers(List.of("redis", "metrics-sidecar"));
    s.getRounds().setInterval("500ms");
    s.setTracking(TrackingMode.Hash);
    s.setFreezeBudget("50ms");
    s.setTimeout("1h");
  }

  /** Messages of the CEL rules that the spec breaks; transition rules only when old is given. */
  private static Set<String> evaluate(PreDumpSpec spec, PreDumpSpec old) throws Exception {
    Object self = celValue(JSON.valueToTree(spec));
    Object oldSelf = old == null ? null : celValue(JSON.valueToTree(old));
    Set<String> broken = new TreeSet<>();
    for (var entry : RULES.entrySet()) {
      Object value = at(self, entry.getKey());
      Object oldValue = oldSelf == null ? null : at(oldSelf, entry.getKey());
      if (value == null) {
        continue;
      }
      for (CompiledRule rule : entry.getValue()) {
        if (rule.isTransition() && oldValue == null) {
          continue;
        }
        Map<String, Object> vars = new HashMap<>();
        vars.put("self", value);
        if (oldValue != null) {
          vars.put("oldSelf", oldValue);
        }
        Object result = rule.program().eval(vars);
        if (!Boolean.TRUE.equals(result)) {
          broken.add(rule.message());
        }
      }
    }
    return broken;
  }

  private static Set<String> celMessagesOf(List<Violation> violations) {
    return violations.stream()
        .map(Violation::message)
        .filter(celMessages::contains)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  @SuppressWarnings("unchecked")
  private static Object at(Object root, String path) {
    Object value = root;
    if (path.isEmpty()) {
      return value;
    }
    for (String part : path.split("\\.")) {
      if (!(value instanceof Map)) {
        return null;
      }
      value = ((Map<String, Object>) value).get(part);
    }
    return value;
  }

  /** JSON as CEL values: objects as maps, arrays as lists, integers as long. */
  private static Object celValue(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.fields().forEachRemaining(e -> map.put(e.getKey(), celValue(e.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(item -> list.add(celValue(item)));
      return list;
    }
    if (node.isIntegralNumber()) {
      return node.asLong();
    }
    if (node.isNumber()) {
      return node.asDouble();
    }
    if (node.isBoolean()) {
      return node.asBoolean();
    }
    return node.isNull() ? null : node.asText();
  }
}
