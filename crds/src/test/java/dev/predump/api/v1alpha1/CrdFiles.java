package dev.predump.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The CRD in its two places: as the fabric8 generator writes it during the build (into {@code
 * target/classes/META-INF/fabric8/}) and as checked in at {@code crds/}. The checked-in file is the
 * generator's output with a header and with the printer columns in the order they are declared on
 * {@link PreDump} (the generator sorts them by JSON path, which would put Age first).
 */
final class CrdFiles {

  static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  /** The checked-in CRD, relative to the module directory (the tests' working directory). */
  static final Path CHECKED_IN = Path.of(PreDump.CRD_FILE);

  /** Where the generator puts the CRD on the classpath. */
  static final String GENERATED_RESOURCE = "META-INF/fabric8/" + PreDump.CRD_FILE;

  /** How to refresh the checked-in file; the drift failure message shows it. */
  static final String REFRESH_COMMAND = "./mvnw -B -pl crds verify -Dpredump.crd.update=true";

  static final String HEADER =
      "# The PreDump CRD, generated from the Java types in\n"
          + "# crds/src/main/java/dev/predump/api/v1alpha1 by the fabric8 CRD generator.\n"
          + "# Do not edit: change the types, then refresh this file with\n"
          + "#   "
          + REFRESH_COMMAND
          + "\n"
          + "# and copy it unchanged to the Helm chart's crds/ folder.\n";

  private CrdFiles() {}

  /** The text the checked-in file must have: generator output, columns in declared order. */
  static String render() {
    CustomResourceDefinition crd = parse(readGenerated());
    List<String> order =
        Arrays.stream(PreDump.class.getAnnotationsByType(AdditionalPrinterColumn.class))
            .map(AdditionalPrinterColumn::name)
            .toList();
    for (var version : crd.getSpec().getVersions()) {
      List<CustomResourceColumnDefinition> columns =
          new ArrayList<>(version.getAdditionalPrinterColumns());
      columns.sort(Comparator.comparingInt(c -> indexIn(order, c.getName())));
      version.setAdditionalPrinterColumns(columns);
    }
    String yaml = SERIALIZATION.asYaml(crd);
    return HEADER + yaml.replaceFirst("^---\n", "");
  }

  static String readGenerated() {
    try (InputStream in = CrdFiles.class.getClassLoader().getResourceAsStream(GENERATED_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            GENERATED_RESOURCE
                + " is not on the test classpath: the crd-generator-maven-plugin did not run");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String readCheckedIn() {
    try {
      return Files.readString(CHECKED_IN);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static CustomResourceDefinition checkedIn() {
    return parse(readCheckedIn());
  }

  static CustomResourceDefinition parse(String yaml) {
    return SERIALIZATION.unmarshal(yaml, CustomResourceDefinition.class);
  }

  /** The openAPIV3Schema of the only version. */
  static JSONSchemaProps rootSchema(CustomResourceDefinition crd) {
    return crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
  }

  /** The schema at a dotted path from the root ("spec.rounds.max"); array items by "[]". */
  static JSONSchemaProps schemaAt(CustomResourceDefinition crd, String path) {
    JSONSchemaProps schema = rootSchema(crd);
    for (String part : path.split("\\.")) {
      boolean items = part.endsWith("[]");
      String name = items ? part.substring(0, part.length() - 2) : part;
      schema = schema.getProperties().get(name);
      if (schema == null) {
        throw new AssertionError("No property " + path + " in the CRD");
      }
      if (items) {
        schema = schema.getItems().getSchema();
      }
    }
    return schema;
  }

  private static int indexIn(List<String> order, String name) {
    int i = order.indexOf(name);
    if (i < 0) {
      throw new IllegalStateException("Printer column " + name + " is not declared on PreDump");
    }
    return i;
  }
}
