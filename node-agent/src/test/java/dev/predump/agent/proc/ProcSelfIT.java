package dev.predump.agent.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.predump.agent.kernel.NoSuchProcessException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The parsers against the live kernel, on this JVM's own /proc entry. */
class ProcSelfIT {

  private static final int SELF = (int) ProcessHandle.current().pid();

  @Test
  void mapsOfThisJvmAreSortedAndNonOverlapping() throws IOException {
    List<Vma> vmas = ProcMaps.read(SELF);

    assertThat(vmas).hasSizeGreaterThan(50);
    for (int i = 1; i < vmas.size(); i++) {
      assertThat(Long.compareUnsigned(vmas.get(i - 1).end(), vmas.get(i).start()))
          .as("%s before %s", vmas.get(i - 1), vmas.get(i))
          .isLessThanOrEqualTo(0);
    }
    assertThat(vmas).extracting(Vma::path).anyMatch(p -> p.endsWith("libjvm.so"));
    assertThat(vmas).extracting(Vma::path).contains("[stack]");
    assertThat(vmas).allMatch(v -> v.pages() > 0);
  }

  @Test
  void mapsOfALargeProcessStayConsistent() throws IOException {
    // The JVM has hundreds of mappings: the whole file must come back, not the first buffer.
    String direct = Files.readString(Path.of("/proc/self/maps"));
    List<Vma> parsed = ProcMaps.read(SELF);

    assertThat(parsed.size())
        .isBetween(direct.split("\n").length - 20, direct.split("\n").length + 20);
  }

  @Test
  void smapsFlagsCoverTheMappings() throws IOException {
    Map<Long, Set<String>> flags = SmapsFlags.read(SELF);
    List<Vma> vmas = ProcMaps.read(SELF);

    long matched = vmas.stream().filter(v -> flags.containsKey(v.start())).count();
    assertThat(matched).isGreaterThan(vmas.size() * 9L / 10);
    assertThat(flags.values()).allMatch(set -> !set.isEmpty());
  }

  @Test
  void statAndStatusOfThisJvm() throws IOException {
    ProcStat.Fields stat = ProcStat.read(SELF);
    ProcessIdentity identity = ProcessIdentity.of(SELF);

    assertThat(stat.pid()).isEqualTo(SELF);
    assertThat(stat.comm()).isEqualTo("java");
    assertThat(stat.state()).isIn('R', 'S');
    assertThat(stat.ppid()).isEqualTo((int) ProcessHandle.current().parent().orElseThrow().pid());
    long uptimeTicks = Uptime.dumpUptimeMicros() * ClockTicks.perSecond() / 1_000_000;
    assertThat(stat.startTimeTicks()).isPositive().isLessThanOrEqualTo(uptimeTicks);
    assertThat(identity.hostPid()).isEqualTo(SELF);
    assertThat(identity.startTimeTicks()).isEqualTo(stat.startTimeTicks());
    assertThat(identity.isAlive()).isTrue();
    assertThat(ProcStatus.nsPid(SELF)).isPositive();
  }

  @Test
  void threadsOfThisJvm() throws IOException {
    Set<Integer> threads = ProcTasks.threads(SELF);

    assertThat(threads).contains(SELF).hasSizeGreaterThan(5);
  }

  @Test
  void uptimeAdvancesInCentiseconds() throws IOException, InterruptedException {
    long first = Uptime.dumpUptimeMicros();
    Thread.sleep(30);
    long second = Uptime.dumpUptimeMicros();

    assertThat(first % 10_000).isZero();
    assertThat(second - first).isBetween(10_000L, 5_000_000L);
  }

  @Test
  void clockTicksAreReadFromTheKernel() {
    assertThat(ClockTicks.perSecond()).isEqualTo(100);
  }

  @Test
  void aMissingProcessIsTyped() throws IOException {
    // Not Files.readString: on a sysctl file it reads one byte, then the kernel reports EOF.
    int pidMax = Integer.parseInt(Files.readAllLines(Path.of("/proc/sys/kernel/pid_max")).get(0));
    int absent = pidMax + 1;

    System.err.println(
        "DEBUG absent=" + absent + " -> " + java.nio.file.Files.exists(Path.of("/proc/" + absent)));
    try {
      System.err.println("DEBUG " + ProcMaps.read(absent));
    } catch (Exception e) {
      System.err.println("DEBUG " + e);
    }
    assertThatThrownBy(() -> ProcMaps.read(absent))
        .isInstanceOf(NoSuchProcessException.class)
        .hasMessageContaining("/proc/" + absent + "/maps");
    assertThatThrownBy(() -> ProcStat.read(absent)).isInstanceOf(NoSuchProcessException.class);
    assertThatThrownBy(() -> ProcStatus.nsPid(absent)).isInstanceOf(NoSuchProcessException.class);
    assertThatThrownBy(() -> ProcTasks.threads(absent)).isInstanceOf(NoSuchProcessException.class);
  }

  @Test
  void anExitedProcessIsNoLongerAlive() throws Exception {
    Process child = new ProcessBuilder("sleep", "30").start();
    int pid = (int) child.pid();
    ProcessIdentity identity = ProcessIdentity.of(pid);
    assertThat(identity.comm()).isEqualTo("sleep");
    assertThat(identity.isAlive()).isTrue();

    child.destroyForcibly().waitFor();

    assertThat(identity.isAlive()).isFalse();
    assertThatThrownBy(() -> ProcMaps.read(pid)).isInstanceOf(NoSuchProcessException.class);
  }
}
