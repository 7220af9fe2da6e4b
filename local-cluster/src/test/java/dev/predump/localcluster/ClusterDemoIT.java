package dev.predump.localcluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code predump demo --cluster} as a person runs it: the built jar as its own process, with the
 * operator's and the agent's jars of this build. Needs root, like the e2e suite.
 */
class ClusterDemoIT {
  /** The project root, seen from this module's directory (where failsafe runs). */
  private static final Path HOME = Path.of("..").toAbsolutePath().normalize();

  private static final Path JAR =
      HOME.resolve(Path.of("local-cluster", "target", "predump-local-cluster.jar"));

  private static final Path AGENT_JAR =
      HOME.resolve(Path.of("node-agent", "target", "predump-agent.jar"));

  @TempDir Path tmp;

  record Run(int exitCode, String out, String err) {}

  @Test
  void aSmallWorkloadSucceedsRoundByRoundAndVerifies() throws Exception {
    // Through the agent jar's `demo --cluster`, as ./predump runs it: the options are passed on.
    Run run =
        java(
            AGENT_JAR,
            "demo",
            "--cluster",
            "--size",
            "16M",
            "--dirty-rate",
            "0.05",
            "--rounds",
            "3",
            "--interval",
            "300ms");

    assertThat(run.exitCode()).as(run.toString()).isZero();
    assertThat(run.out())
        .as(run.out())
        .containsPattern("(?m)^\\s+1\\s+Full\\s")
        .containsPattern("(?m)^\\s+2\\s+Hash\\s")
        .containsPattern("(?m)^\\s+3\\s+Hash\\s")
        .contains("Phase Running")
        .contains("phase:      Succeeded")
        .contains("Chain verified: 3 rounds, no problems.")
        .contains("Against the live workload:")
        .contains("its self-check: intact");
    assertThat(run.err()).isEmpty();
    assertCleanedUp(run);
  }

  @Test
  void aPreDumpThatFailsEndsTheDemoWithOneLineAndTheLogs() throws Exception {
    // The API allows an interval of at most 1h: the operator fails the PreDump as InvalidSpec.
    Run run = demo("--size", "4M", "--interval", "2h");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(1);
    assertThat(run.err().lines().toList())
        .as(run.err())
        .singleElement()
        .satisfies(
            line ->
                assertThat(line)
                    .startsWith("predump: demo --cluster failed: the PreDump ended Failed")
                    .contains("InvalidSpec"));
    assertThat(run.out()).contains("===== operator").contains("===== agent-node-1");
    assertCleanedUp(run);
  }

  @Test
  void anUnknownTrackingIsOneLineAndExitCode2() throws Exception {
    Run run = demo("--tracking", "fast");

    assertThat(run.exitCode()).as(run.toString()).isEqualTo(2);
    assertThat(run.err().lines().toList())
        .singleElement()
        .isEqualTo(
            "predump: demo --cluster: unknown tracking 'fast' (expected auto, soft-dirty, hash or"
                + " full)");
    assertThat(run.out()).isEmpty();
  }

  /** The work directory and the workload's scratch cgroup are gone. */
  private static void assertCleanedUp(Run run) {
    Matcher dir = Pattern.compile("agent for node-1 in (\\S+)").matcher(run.out());
    assertThat(dir.find()).as(run.out()).isTrue();
    assertThat(Path.of(dir.group(1))).doesNotExist();
    Matcher cgroup = Pattern.compile("\\(cgroup (\\S+)\\)").matcher(run.out());
    assertThat(cgroup.find()).as(run.out()).isTrue();
    Path scratch = Path.of(cgroup.group(1));
    while (!scratch.getFileName().toString().startsWith("predump-demo-")) {
      scratch = scratch.getParent();
    }
    assertThat(scratch).doesNotExist();
  }

  private Run demo(String... args) throws IOException, InterruptedException {
    return java(JAR, args);
  }

  private Run java(Path jar, String... args) throws IOException, InterruptedException {
    assertThat(jar).as("built by the package phase").isRegularFile();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-Dpredump.home=" + HOME);
    cmd.add("-jar");
    cmd.add(jar.toString());
    cmd.addAll(List.of(args));
    Path out = tmp.resolve("out.txt");
    Path err = tmp.resolve("err.txt");
    ProcessBuilder pb =
        new ProcessBuilder(cmd)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().remove("JAVA_TOOL_OPTIONS");
    Process p = pb.start();
    try {
      if (!p.waitFor(3, TimeUnit.MINUTES)) {
        p.destroy();
        p.waitFor(30, TimeUnit.SECONDS);
        throw new AssertionError(
            "the demo did not end within 3 minutes:\n" + Files.readString(out));
      }
    } finally {
      p.destroyForcibly();
    }
    return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
  }
}
