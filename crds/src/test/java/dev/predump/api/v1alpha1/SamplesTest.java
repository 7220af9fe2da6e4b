package dev.predump.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The samples in crds/samples/ are PreDumps that the API accepts. */
class SamplesTest {

  static final Path SAMPLES = Path.of("samples");

  static Stream<Path> samples() throws IOException {
    try (Stream<Path> files = Files.list(SAMPLES)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @Test
  void thereIsAMinimalAndAFullSample() throws IOException {
    assertThat(samples().map(p -> p.getFileName().toString()))
        .contains("predump-minimal.yaml", "predump-full.yaml");
  }

  @ParameterizedTest
  @MethodSource("samples")
  void deserializesAndSatisfiesTheRules(Path sample) throws IOException {
    PreDump predump = read(sample);

    assertThat(predump.getApiVersion()).isEqualTo(PreDump.API_VERSION);
    assertThat(predump.getKind()).isEqualTo(PreDump.KIND);
    assertThat(predump.getMetadata().getName()).isNotBlank();
    assertThat(PreDumpSpecValidator.validate(predump.getSpec())).isEmpty();
    assertThat(predump.getStatus()).isNull();
  }

  @Test
  void minimalSampleGetsEveryDefault() throws IOException {
    PreDumpSpec spec = read(SAMPLES.resolve("predump-minimal.yaml")).getSpec();

    PreDumpSpec expected = new PreDumpSpec();
    expected.setPodName("web-0");
    assertThat(spec).isEqualTo(expected);
    assertThat(spec.getRounds().getMax()).isEqualTo(8);
    assertThat(spec.getTracking()).isEqualTo(TrackingMode.Auto);
    assertThat(spec.getRetention().getOnDelete()).isEqualTo(OnDelete.Delete);
  }

  /** The full sample sets every spec field, and none to its default. */
  @Test
  void fullSampleSetsEveryField() throws IOException {
    JsonNode sample =
        CrdFiles.SERIALIZATION.unmarshal(
            Files.readString(SAMPLES.resolve("predump-full.yaml")), JsonNode.class);
    List<String> missing = new ArrayList<>();
    List<String> defaulted = new ArrayList<>();
    CrdSchemaTest.walk(
        CrdFiles.schemaAt(CrdFiles.checkedIn(), "spec"),
        "",
        (path, schema) -> {
          if (path.isEmpty()) {
            return;
          }
          JsonNode value = sample.at("/spec/" + path.replace('.', '/'));
          if (value.isMissingNode()) {
            missing.add(path);
          } else if (isLeaf(schema)
              && schema.getDefault() != null
              && CrdSchemaTest.sameJson(value, schema.getDefault())) {
            defaulted.add(path);
          }
        });
    assertThat(missing).as("spec fields missing from the full sample").isEmpty();
    assertThat(defaulted).as("spec fields the full sample sets to their default").isEmpty();
  }

  private static boolean isLeaf(JSONSchemaProps schema) {
    return schema.getProperties() == null || schema.getProperties().isEmpty();
  }

  private static PreDump read(Path sample) throws IOException {
    return CrdFiles.SERIALIZATION.unmarshal(Files.readString(sample), PreDump.class);
  }
}
