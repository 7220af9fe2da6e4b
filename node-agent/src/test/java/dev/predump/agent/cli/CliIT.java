package dev.predump.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.predump.agent.workload.WorkloadProcess;
import dev.predump.agent.workload.WorkloadSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ./predump command line as a person meets it: one readable line and a non-zero exit. */
class CliIT {
  @TempDir Path tmp;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream savedOut;
  private PrintStream savedErr;

  @BeforeEach
  void capture() {
    savedOut = System.out;
    savedErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(savedOut);
    System.setErr(savedErr);
    savedOut.print(out.toString(StandardCharsets.UTF_8));
    savedErr.print(err.toString(StandardCharsets.UTF_8));
  }

  private int run(String... args) {
    out.reset();
    err.reset();
    return PredumpCommand.execute(args);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private String stdout() {
    return out.toString(StandardCharsets.UTF_8);
  }

  private void assertOneLineError(String expected) {
    String e = stderr().strip();
    assertThat(e).startsWith("predump: ").contains(expected);
    assertThat(e.lines().filter(l -> l.contains("\tat ")).count())
        .as("no stack trace in: %s", e)
        .isZero();
  }

  private static char state(int pid) throws IOException {
    String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
    return stat.charAt(stat.lastIndexOf(')') + 2);
  }

  @Test
  void demoClusterWithoutTheJarsSaysHowToBuildThem() {
    String saved = System.getProperty("predump.home");
    System.setProperty("predump.home", tmp.toString());
    try {
      assertThat(run("demo", "--cluster", "--size", "8M")).isEqualTo(1);
    } finally {
      if (saved == null) {
        System.clearProperty("predump.home");
      } else {
        System.setProperty("predump.home", saved);
      }
    }
    assertThat(stderr().strip())
        .isEqualTo(
            "predump: demo --cluster needs the operator and local-cluster jars: run ./mvnw -B"
                + " package -DskipTests");
  }

  @Test
  void withoutRootItSaysSoInOneLine() throws Exception {
    Path setpriv = Path.of("/usr/bin/setpriv");
    Path built = Path.of("target/predump-agent.jar").toAbsolutePath();
    if (!Files.isExecutable(setpriv) || !Files.isReadable(built)) {
      System.err.println("SKIPPED withoutRoot: needs setpriv(1) and the shaded jar " + built);
      org.junit.jupiter.api.Assumptions.assumeTrue(false, "no setpriv or no agent jar");
    }
    // A world-readable copy: the unprivileged user may not traverse the build directory.
    Path jar =
        Files.createTempFile(
            Path.of("/tmp"),
            "predump-agent-",
            ".jar",
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--")));
    Files.copy(built, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Process p;
    try {
      p =
          new ProcessBuilder(
                  setpriv.toString(),
                  "--reuid=65534",
                  "--regid=65534",
                  "--clear-groups",
                  "--inh-caps=-all",
                  "--bounding-set=-all",
                  ProcessHandle.current().info().command().orElse("java"),
                  "-jar",
                  jar.toString(),
                  "dump",
                  "--pid",
                  "1",
                  "--out",
                  "/tmp/predump-not-root")
              .redirectErrorStream(true)
              .start();
      p.waitFor();
    } finally {
      Files.deleteIfExists(jar);
    }
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    assertThat(p.waitFor()).isEqualTo(1);
    assertThat(output)
        .isEqualTo(
            "predump: dump needs root: it stops processes and reads their memory (try sudo)");
  }

  @Test
  void workloadChecksItselfOnHangup() throws Exception {
    try (WorkloadProcess w = WorkloadProcess.start(new WorkloadSpec(1 << 20, 1, 0.5, false, 1))) {
      assertThat(w.checkOnHangup()).isTrue();
      w.dirty(10);
      assertThat(w.checkOnHangup()).isTrue();
    }
  }

  @Test
  void noSuchProcess() {
    assertThat(run("dump", "--pid", "999999999", "--out", tmp.resolve("o").toString()))
        .isEqualTo(1);
    assertOneLineError("no such process: 999999999");
  }

  @Test
  void cgroupNotFound() {
    assertThat(
            run(
                "dump",
                "--cgroup",
                "/sys/fs/cgroup/no-such-thing",
                "--out",
                tmp.resolve("o").toString()))
        .isEqualTo(1);
    assertOneLineError("cgroup not found");
  }

  @Test
  void missingTargetIsAUsageError() {
    assertThat(run("dump", "--out", tmp.resolve("o").toString())).isEqualTo(2);
    assertThat(stderr()).contains("predump: ").contains("--pid");
  }

  @Test
  void unknownTracking() throws Exception {
    try (WorkloadProcess w = WorkloadProcess.start(new WorkloadSpec(1 << 20, 1, 0, false, 1))) {
      assertThat(
              run(
                  "dump",
                  "--pid",
                  "" + w.pid(),
                  "--tracking",
                  "psychic",
                  "--out",
                  tmp.resolve("o").toString()))
          .isEqualTo(1);
      assertOneLineError("unknown tracking 'psychic'");
      assertThat(state(w.pid())).isNotIn('t', 'T');
    }
  }

  @Test
  void unknownWriteModeAndBenchSection() throws Exception {
    try (WorkloadProcess w = WorkloadProcess.start(new WorkloadSpec(1 << 20, 1, 0, false, 1))) {
      assertThat(
              run(
                  "dump",
                  "--pid",
                  "" + w.pid(),
                  "--write-mode",
                  "mmap",
                  "--out",
                  tmp.resolve("o").toString()))
          .isEqualTo(1);
      assertOneLineError("Unknown write mode 'mmap': expected direct or buffered");
      assertThat(state(w.pid())).isNotIn('t', 'T');
    }
    assertThat(run("bench", "--only", "frozen,speed")).isEqualTo(2);
    assertThat(stderr()).contains("Unknown section 'speed'");
    assertThat(run("bench", "--rounds", "1")).isEqualTo(2);
    assertThat(stderr()).contains("--rounds must be at least 2");
  }

  @Test
  void outputNotWritable() throws Exception {
    try (WorkloadProcess w = WorkloadProcess.start(new WorkloadSpec(1 << 20, 1, 0, false, 1))) {
      assertThat(run("dump", "--pid", "" + w.pid(), "--out", "/proc/predump-cannot-be-here"))
          .isEqualTo(1);
      assertOneLineError("cannot create output /proc/predump-cannot-be-here");
      assertThat(state(w.pid())).isNotIn('t', 'T');
    }
  }

  @Test
  void outputThatAlreadyHoldsRoundsIsRefused() throws Exception {
    Path o = tmp.resolve("o");
    Files.createDirectories(o.resolve("1"));
    try (WorkloadProcess w = WorkloadProcess.start(new WorkloadSpec(1 << 20, 1, 0, false, 1))) {
      assertThat(run("dump", "--pid", "" + w.pid(), "--out", o.toString())).isEqualTo(1);
      assertOneLineError("already holds rounds");
    }
  }

  @Test
  void softDirtyOnAKernelWithoutItIsAClearError() throws Exception {
    if (dev.predump.agent.kernel.SoftDirty.supported()) {
      System.err.println("SKIPPED softDirtyOnAKernelWithoutIt: this kernel has soft-dirty");
      return;
    }
    try (WorkloadProcess w = WorkloadProcess.start(new WorkloadSpec(1 << 20, 1, 0, false, 1))) {
      assertThat(
              run(
                  "dump",
                  "--pid",
                  "" + w.pid(),
                  "--tracking",
                  "soft-dirty",
                  "--out",
                  tmp.resolve("o").toString()))
          .isEqualTo(1);
      assertOneLineError("does not track soft-dirty pages");
      assertThat(state(w.pid())).isNotIn('t', 'T');
    }
  }

  @Test
  void storageFullLosesNothingAndLeavesNoHalfRound() throws Exception {
    Path small = tmp.resolve("small");
    Files.createDirectories(small);
    Process mount =
        new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", small.toString())
            .inheritIO()
            .start();
    if (mount.waitFor() != 0) {
      System.err.println("SKIPPED storageFull: cannot mount a small tmpfs here");
      org.junit.jupiter.api.Assumptions.assumeTrue(false, "cannot mount a small tmpfs");
    }
    try (WorkloadProcess w = WorkloadProcess.start(new WorkloadSpec(8 << 20, 2, 0, false, 1))) {
      Path o = small.resolve("chain");
      assertThat(run("dump", "--pid", "" + w.pid(), "--out", o.toString(), "--rounds", "1"))
          .isEqualTo(1);
      assertOneLineError("storage full");
      try (var entries = Files.list(o)) {
        assertThat(entries.map(p -> p.getFileName().toString())).isEmpty();
      }
      assertThat(state(w.pid())).isNotIn('t', 'T');
    } finally {
      new ProcessBuilder("umount", small.toString()).inheritIO().start().waitFor();
    }
  }

  @Test
  void dumpWritesRoundsAndVerifyReadsThem() throws Exception {
    Path o = tmp.resolve("chain");
    try (WorkloadProcess w = WorkloadProcess.start(new WorkloadSpec(8 << 20, 4, 0.05, false, 1))) {
      assertThat(
              run(
                  "dump",
                  "--pid",
                  "" + w.pid(),
                  "--out",
                  o.toString(),
                  "--rounds",
                  "3",
                  "--json",
                  "--max-growth",
                  "-1",
                  "--converge-below",
                  "0"))
          .as(stderr())
          .isZero();
      assertThat(stdout().lines().filter(l -> l.startsWith("{\"round\":")).count()).isEqualTo(3);
      assertThat(stdout()).contains("\"stop_reason\":\"max_rounds\"");
      assertThat(Files.readSymbolicLink(o.resolve("latest")).toString()).endsWith("3");

      assertThat(run("verify", o.toString(), "--against", "" + w.pid())).as(stderr()).isZero();
      assertThat(stdout()).contains("OK").contains("pages compared");
      assertThat(state(w.pid())).isNotIn('t', 'T');
    }
  }

  @Test
  void demoRunsEndToEnd() {
    assertThat(run("demo", "--size", "32M", "--rounds", "3", "--interval", "100ms"))
        .as(stderr())
        .isZero();
    assertThat(stdout())
        .contains("Chain verified")
        .contains("intact")
        .contains("final dump would copy");
  }
}
