package dev.predump.agent.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The freezing thread's real-time window on the real kernel. */
class RealtimeWindowIT {

  private static final int SCHED_OTHER = 0;
  private static final int SCHED_FIFO = 1;

  @Test
  void raisesOnlyTheCallingThreadForTheWindowAndNotItsChildren() throws Exception {
    assertThat(policy()).isEqualTo(SCHED_OTHER);
    int[] otherThread = new int[1];
    Process child;
    try (RealtimeWindow window = RealtimeWindow.enter()) {
      assertThat(window.raised()).isTrue();
      assertThat(policy()).isEqualTo(SCHED_FIFO);
      Thread other = new Thread(() -> otherThread[0] = policyOrFail());
      other.start();
      other.join();
      child = new ProcessBuilder("sleep", "30").start();
    }
    try {
      assertThat(policy()).isEqualTo(SCHED_OTHER);
      assertThat(otherThread[0]).isEqualTo(SCHED_OTHER);
      // SCHED_RESET_ON_FORK: a process started inside the window runs at normal priority.
      assertThat(policyOf(Path.of("/proc", Long.toString(child.pid()), "stat")))
          .isEqualTo(SCHED_OTHER);
    } finally {
      child.destroyForcibly();
      child.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void aWindowAskedToStayNormalChangesNothing() throws IOException {
    try (RealtimeWindow window = RealtimeWindow.none()) {
      assertThat(window.raised()).isFalse();
      assertThat(policy()).isEqualTo(SCHED_OTHER);
    }
  }

  @Test
  void withoutCapSysNiceTheWindowStaysNormalAndTheLogSaysSoOnce() throws Exception {
    Path setpriv = Path.of("/usr/bin/setpriv");
    if (!Files.isExecutable(setpriv)) {
      System.err.println("SKIPPED: no " + setpriv + " (util-linux) to drop CAP_SYS_NICE with");
      Assumptions.assumeTrue(false, "no setpriv");
    }
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    String classPath =
        String.join(
            File.pathSeparator,
            codeSource(RealtimeWindow.class),
            codeSource(RealtimeWindowMain.class),
            System.getProperty("java.class.path"));
    Process p =
        new ProcessBuilder(
                List.of(
                    setpriv.toString(),
                    "--bounding-set",
                    "-sys_nice",
                    "--inh-caps",
                    "-sys_nice",
                    "--",
                    java.toString(),
                    "-XX:TieredStopAtLevel=1",
                    "-cp",
                    classPath,
                    RealtimeWindowMain.class.getName()))
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(p.exitValue()).as(err).isZero();
    assertThat(out).isEqualTo("raised=false policy=0\nraised=false policy=0\n");
    assertThat(err.split("WARNING", -1)).as(err).hasSize(2);
    assertThat(err).contains("sched_setscheduler(SCHED_FIFO) refused (EPERM");
  }

  /** The scheduling policy of the calling thread, field 41 of its stat. */
  static int policy() throws IOException {
    return policyOf(Path.of("/proc/thread-self/stat"));
  }

  private static int policyOrFail() {
    try {
      return policy();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int policyOf(Path stat) throws IOException {
    String text = Files.readString(stat);
    // Fields after the command, which ends at the last ')', start with field 3.
    String[] rest = text.substring(text.lastIndexOf(')') + 2).trim().split(" ");
    return Integer.parseInt(rest[41 - 3]);
  }

  private static String codeSource(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
  }
}
