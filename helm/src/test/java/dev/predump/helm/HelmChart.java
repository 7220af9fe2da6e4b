package dev.predump.helm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** The chart in {@code helm/predump}, rendered by real Helm (helm-java) with given values. */
final class HelmChart {

  /** Release name and namespace every test renders with. */
  static final String RELEASE = "pd";

  static final String NAMESPACE = "predump-system";

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private HelmChart() {}

  /** The module directory ({@code helm/}); surefire runs with it as the working directory. */
  static Path moduleDir() {
    Path here = Path.of("").toAbsolutePath();
    return Files.isDirectory(here.resolve("predump")) ? here : here.resolve("helm");
  }

  static Path chartDir() {
    return moduleDir().resolve("predump");
  }

  static Path repoRoot() {
    return moduleDir().getParent();
  }

  static Helm helm() {
    return new Helm(chartDir());
  }

  /** {@code helm template} with the chart's defaults. */
  static RenderedChart render() {
    return render(Values.defaults());
  }

  /**
   * {@code helm template} with {@code overrides} (nested maps, as in a values file) merged over the
   * defaults.
   */
  static RenderedChart render(Values overrides) {
    return RenderedChart.parse(renderText(overrides));
  }

  /** The rendered manifest text; Helm's error (schema, {@code required}) as an exception. */
  static String renderText(Values overrides) {
    Path values = null;
    try {
      values = Files.createTempFile("predump-values", ".yaml");
      YAML.writeValue(values.toFile(), overrides.tree());
      return helm()
          .template()
          .withName(RELEASE)
          .withNamespace(NAMESPACE)
          .withValuesFile(values)
          .call();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      if (values != null) {
        try {
          Files.deleteIfExists(values);
        } catch (IOException ignored) {
          // A leftover temporary file is harmless.
        }
      }
    }
  }

  /** A file of the chart parsed as YAML (Chart.yaml, values.yaml). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> readYaml(Path file) {
    try {
      return YAML.readValue(file.toFile(), Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
