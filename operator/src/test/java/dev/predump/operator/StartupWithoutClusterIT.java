package dev.predump.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged operator, pointed at an API server that is not there, exits 1 with one line. */
class StartupWithoutClusterIT {

  @Test
  void exitsWithOneClearLine(@TempDir Path dir) throws Exception {
    Path jar =
        Path.of(System.getProperty("operator.jar.path", "target/quarkus-app/quarkus-run.jar"));
    assertThat(jar).exists();
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        String.join(
            "\n",
            "apiVersion: v1",
            "kind: Config",
            "clusters: [{name: none, cluster: {server: 'http://127.0.0.1:9'}}]",
            "users: [{name: u, user: {token: t}}]",
            "contexts: [{name: c, context: {cluster: none, user: u, namespace: ops}}]",
            "current-context: c",
            ""));
    Path out = dir.resolve("out.log");
    ProcessBuilder pb =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.port=0",
                "-jar",
                jar.toString())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile());
    pb.environment().put("KUBECONFIG", kubeconfig.toString());
    long started = System.nanoTime();
    Process p = pb.start();
    boolean exited = p.waitFor(60, TimeUnit.SECONDS);
    if (!exited) {
      p.destroyForcibly();
    }
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertThat(exited).as("exited within 60 s: %s", lines).isTrue();
    assertThat(p.exitValue()).as("exit code; output %s", lines).isEqualTo(1);
    assertThat(lines)
        .anySatisfy(
            l ->
                assertThat(l)
                    .contains("Talking to the Kubernetes API server at http://127.0.0.1:9/"));
    assertThat(lines.stream().filter(l -> l.contains("ERROR")))
        .singleElement()
        .satisfies(
            l ->
                assertThat(l)
                    .contains("Cannot reach the Kubernetes API server at http://127.0.0.1:9/"));
    assertThat(lines).noneSatisfy(l -> assertThat(l).startsWith("\tat "));
    assertThat((System.nanoTime() - started) / 1_000_000_000).isLessThan(30);
  }
}
