package dev.predump.helm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The chart's crds/ holds exactly the generated, checked-in CRDs of crds/, byte for byte. */
class CrdDriftTest {

  @Test
  void chartCrdsAreIdenticalToTheCheckedInCrds() throws IOException {
    Path source = HelmChart.repoRoot().resolve("crds");
    Path chart = HelmChart.chartDir().resolve("crds");

    List<String> sourceCrds = crdFiles(source);
    assertThat(sourceCrds).as("CRDs in " + source).isNotEmpty();
    assertThat(crdFiles(chart))
        .as("CRDs in the chart; refresh with: cp crds/*-v1.yml helm/predump/crds/")
        .containsExactlyElementsOf(sourceCrds);
    for (String name : sourceCrds) {
      assertThat(Files.readString(chart.resolve(name)))
          .as(
              "helm/predump/crds/"
                  + name
                  + " differs from crds/"
                  + name
                  + "; refresh with: cp crds/"
                  + name
                  + " helm/predump/crds/")
          .isEqualTo(Files.readString(source.resolve(name)));
    }
  }

  @Test
  void helmInstallsTheChartCrds() {
    String crds = HelmChart.helm().show().crds().call();

    assertThat(crds)
        .contains("kind: \"CustomResourceDefinition\"")
        .contains("name: \"predumps.predump.dev\"");
  }

  /** The generated CRD files of a folder: {@code <plural>.<group>-v1.yml}. */
  private static List<String> crdFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith("-v1.yml") || n.endsWith("-v1.yaml"))
          .sorted()
          .toList();
    }
  }
}
