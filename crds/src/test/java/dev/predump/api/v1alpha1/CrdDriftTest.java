package dev.predump.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/**
 * Fails when the checked-in CRD differs from what the generator makes of the Java types. With
 * {@code -Dpredump.crd.update=true} it rewrites the checked-in file instead.
 */
class CrdDriftTest {

  @Test
  void checkedInCrdMatchesTheTypes() throws IOException {
    String expected = CrdFiles.render();
    if (Boolean.getBoolean("predump.crd.update")) {
      Files.writeString(CrdFiles.CHECKED_IN, expected);
      System.out.println("Updated " + CrdFiles.CHECKED_IN.toAbsolutePath());
    }
    assertThat(CrdFiles.CHECKED_IN).exists();
    assertThat(CrdFiles.readCheckedIn())
        .as(
            "crds/%s is out of date with the types in dev.predump.api.v1alpha1. Refresh it with"
                + " `%s` and copy it to the Helm chart's crds/ folder.",
            CrdFiles.CHECKED_IN, CrdFiles.REFRESH_COMMAND)
        .isEqualTo(expected);
  }

  @Test
  void jarCarriesTheCheckedInCrd() throws IOException {
    // The build copied the file before this run refreshed it; the next build has the new copy.
    if (Boolean.getBoolean("predump.crd.update")) {
      System.err.println("SKIPPED jarCarriesTheCheckedInCrd: refreshing the CRD in this run");
    }
    assumeFalse(Boolean.getBoolean("predump.crd.update"), "refreshing the CRD");
    try (var in = PreDump.class.getResourceAsStream(PreDump.CRD_RESOURCE)) {
      assertThat(in).as(PreDump.CRD_RESOURCE).isNotNull();
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
          .isEqualTo(CrdFiles.readCheckedIn());
    }
  }

  @Test
  void renderingOnlyReordersPrinterColumns() {
    var generated = CrdFiles.parse(CrdFiles.readGenerated());
    var rendered = CrdFiles.parse(CrdFiles.render());
    var generatedVersion = generated.getSpec().getVersions().get(0);
    var renderedVersion = rendered.getSpec().getVersions().get(0);
    assertThat(renderedVersion.getAdditionalPrinterColumns())
        .containsExactlyInAnyOrderElementsOf(generatedVersion.getAdditionalPrinterColumns());
    renderedVersion.setAdditionalPrinterColumns(generatedVersion.getAdditionalPrinterColumns());
    assertThat(rendered).isEqualTo(generated);
  }
}
