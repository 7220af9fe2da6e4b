package dev.predump.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfiles in images/ (which cannot be built here: no Docker engine) agree with the jars the
 * build makes, with the chart's defaults, and with the tags images/README.md builds.
 */
class ImageDefinitionsTest {

  private static final Pattern COPY = Pattern.compile("(?m)^COPY\\s+(\\S+)\\s+(\\S+)\\s*$");
  private static final Pattern USER = Pattern.compile("(?m)^USER\\s+(\\d+)(?::\\d+)?\\s*$");

  @Test
  void chartAppVersionIsTheMavenProjectVersion() {
    String mavenVersion = System.getProperty("predump.version");
    if (mavenVersion == null) {
      System.err.println("SKIPPED chartAppVersion: predump.version is set only when run by Maven");
    }
    assumeTrue(mavenVersion != null, "predump.version is set by surefire (run through Maven)");

    assertThat(OperatorDeploymentTest.appVersion()).isEqualTo(mavenVersion);
  }

  @Test
  void readmeBuildsTheImagesTheChartDeploysByDefault() throws IOException {
    String readme = Files.readString(HelmChart.repoRoot().resolve("images/README.md"));
    String version = OperatorDeploymentTest.appVersion();

    assertThat(readme)
        .contains(
            "docker build -f images/operator/Dockerfile -t "
                + defaultRepository("operator")
                + ":"
                + version
                + " .")
        .contains(
            "-f images/agent/Dockerfile    -t "
                + defaultRepository("agent")
                + ":"
                + version
                + " .");
    for (String component : List.of("operator", "agent")) {
      assertThat(dockerfile(component))
          .as(component + " Dockerfile's build comment")
          .contains("-t " + defaultRepository(component) + ":" + version + " .");
    }
  }

  @Test
  void agentImageHoldsTheShadedJarWhereTheChartRunsIt() throws IOException {
    String dockerfile = dockerfile("agent");
    List<String[]> copies = copies(dockerfile);

    assertThat(copies)
        .singleElement()
        .satisfies(
            copy -> {
              assertThat(copy[0]).isEqualTo("node-agent/target/predump-agent.jar");
              assertThat(copy[1]).isEqualTo("/app/predump-agent.jar");
            });
    @SuppressWarnings("unchecked")
    List<String> command = (List<String>) chartDefault("agent", "command");
    assertThat(command).contains("/app/predump-agent.jar");
    assertThat(dockerfile)
        .contains("CMD [\"java\", \"-jar\", \"/app/predump-agent.jar\", \"agent\"]");
    // node-agent/pom.xml's shade execution names the jar.
    String pom = Files.readString(HelmChart.repoRoot().resolve("node-agent/pom.xml"));
    assertThat(pom).contains("maven-shade-plugin").contains("<finalName>predump-agent</finalName>");
    Path jar = HelmChart.repoRoot().resolve("node-agent/target/predump-agent.jar");
    if (Files.exists(jar)) {
      assertThat(jar).isRegularFile();
    }
  }

  @Test
  void agentImageHasTheThawGuardToolsAndRunsAsRoot() throws IOException {
    String dockerfile = dockerfile("agent");

    assertThat(dockerfile).contains("for tool in sh timeout setsid");
    assertThat(user(dockerfile)).isEqualTo(0);
  }

  @Test
  void operatorImageHoldsTheQuarkusFastJarAndRunsAsTheChartsUser() throws IOException {
    String dockerfile = dockerfile("operator");

    assertThat(copies(dockerfile))
        .extracting(copy -> copy[0])
        .containsExactly(
            "operator/target/quarkus-app/lib/",
            "operator/target/quarkus-app/quarkus-run.jar",
            "operator/target/quarkus-app/app/",
            "operator/target/quarkus-app/quarkus/");
    assertThat(dockerfile).contains("\"-jar\", \"/deployments/quarkus-run.jar\"");
    @SuppressWarnings("unchecked")
    Map<String, Object> podSecurity =
        (Map<String, Object>) chartDefault("operator", "podSecurityContext");
    assertThat(user(dockerfile)).isEqualTo(podSecurity.get("runAsUser")).isNotEqualTo(0);
  }

  @Test
  void operatorBuildLeavesTheFastJarTheDockerfileCopies() throws IOException {
    Path app = HelmChart.repoRoot().resolve("operator/target/quarkus-app");
    if (Files.exists(app.resolve("quarkus-run.jar"))) {
      for (String[] copy : copies(dockerfile("operator"))) {
        assertThat(HelmChart.repoRoot().resolve(copy[0])).exists();
      }
      return;
    }
    String pom = Files.readString(HelmChart.repoRoot().resolve("operator/pom.xml"));
    if (!pom.contains("quarkus-maven-plugin")) {
      System.err.println(
          "SKIPPED: operator/ does not build a Quarkus application; nothing to compare");
    }
    assumeTrue(
        pom.contains("quarkus-maven-plugin"),
        "operator/ does not build a Quarkus application yet; nothing to compare");
    // A Quarkus build makes the fast-jar unless told otherwise.
    assertThat(pom).doesNotContain("uber-jar").doesNotContain("legacy-jar");
    Path properties =
        HelmChart.repoRoot().resolve("operator/src/main/resources/application.properties");
    if (Files.exists(properties)) {
      assertThat(Files.readString(properties))
          .doesNotContainPattern("quarkus\\.package\\.jar\\.type\\s*=\\s*(uber|legacy)");
    }
  }

  private static String dockerfile(String component) throws IOException {
    return Files.readString(HelmChart.repoRoot().resolve("images/" + component + "/Dockerfile"));
  }

  private static List<String[]> copies(String dockerfile) {
    List<String[]> out = new ArrayList<>();
    Matcher m = COPY.matcher(dockerfile);
    while (m.find()) {
      out.add(new String[] {m.group(1), m.group(2)});
    }
    return out;
  }

  private static int user(String dockerfile) {
    Matcher m = USER.matcher(dockerfile);
    assertThat(m.find()).as("numeric USER in Dockerfile").isTrue();
    return Integer.parseInt(m.group(1));
  }

  @SuppressWarnings("unchecked")
  private static Object chartDefault(String component, String key) {
    Map<String, Object> values = HelmChart.readYaml(HelmChart.chartDir().resolve("values.yaml"));
    return ((Map<String, Object>) values.get(component)).get(key);
  }

  @SuppressWarnings("unchecked")
  private static String defaultRepository(String component) {
    Map<String, Object> image = (Map<String, Object>) chartDefault(component, "image");
    return (String) image.get("repository");
  }
}
