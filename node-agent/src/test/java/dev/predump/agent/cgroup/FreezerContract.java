package dev.predump.agent.cgroup;

import static dev.predump.agent.cgroup.CgroupSandbox.cpuTicks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What every {@link Freezer} must do on the real kernel; one subclass per cgroup version. */
abstract class FreezerContract {

  static final Duration FREEZE_TIMEOUT = Duration.ofSeconds(2);

  @RegisterExtension final CgroupSandbox sandbox = new CgroupSandbox();

  abstract CgroupVersion version();

  @BeforeEach
  void requireHierarchy() {
    CgroupSandbox.hierarchyOrSkip(version());
  }

  @Test
  void detectsItsVersion() throws IOException {
    Cgroup cgroup = sandbox.create(version(), "app");
    Process process = sandbox.sleeper(cgroup);

    assertThat(cgroup.version()).isEqualTo(version());
    assertThat(cgroup.isRoot()).isFalse();
    assertThat(Cgroup.ofProcess((int) process.pid(), version())).isEqualTo(cgroup);
    assertThat(cgroup.freezer().state()).isEqualTo(FreezerState.THAWED);
  }

  @Test
  void freezeStopsProgressAndThawResumesIt() throws Exception {
    Cgroup cgroup = sandbox.create(version(), "app");
    Process busy = sandbox.busy(cgroup);
    Freezer freezer = cgroup.freezer();
    assertProgresses(busy);

    freezer.freeze(FREEZE_TIMEOUT);

    assertThat(freezer.isFrozen()).isTrue();
    assertThat(freezer.state()).isEqualTo(FreezerState.FROZEN);
    assertStandsStill(busy);

    freezer.thaw();

    assertThat(freezer.state()).isEqualTo(FreezerState.THAWED);
    assertProgresses(busy);
  }

  @Test
  void thawIsIdempotent() throws IOException {
    Cgroup cgroup = sandbox.create(version(), "app");
    sandbox.sleeper(cgroup);
    Freezer freezer = cgroup.freezer();

    freezer.thaw();
    freezer.freeze(FREEZE_TIMEOUT);
    freezer.thaw();
    freezer.thaw();

    assertThat(freezer.isFrozen()).isFalse();
  }

  @Test
  void processesIncludeDescendants() throws IOException {
    Cgroup app = sandbox.create(version(), "app");
    Cgroup worker = sandbox.create(version(), "app/worker");
    Process outer = sandbox.sleeper(app);
    Process inner = sandbox.sleeper(worker);

    assertThat(app.processes()).containsExactlyInAnyOrder((int) outer.pid(), (int) inner.pid());
    assertThat(worker.processes()).containsExactly((int) inner.pid());
  }

  @Test
  void freezingAParentFreezesItsChildren() throws Exception {
    Cgroup app = sandbox.create(version(), "app");
    Cgroup worker = sandbox.create(version(), "app/worker");
    Process busy = sandbox.busy(worker);
    sandbox.sleeper(app);

    app.freezer().freeze(FREEZE_TIMEOUT);

    assertThat(worker.freezer().isFrozen()).isTrue();
    assertStandsStill(busy);

    app.freezer().thaw();

    assertThat(worker.freezer().isFrozen()).isFalse();
    assertProgresses(busy);
  }

  @Test
  void freezeTakesMillisecondsAndItsTimingIsReported() throws IOException {
    Cgroup cgroup = sandbox.create(version(), "app");
    sandbox.busy(cgroup);
    for (int i = 0; i < 4; i++) {
      sandbox.sleeper(cgroup);
    }
    Freezer freezer = cgroup.freezer();
    long[] micros = new long[30];

    for (int i = 0; i < micros.length; i++) {
      long begin = System.nanoTime();
      freezer.freeze(FREEZE_TIMEOUT);
      micros[i] = (System.nanoTime() - begin) / 1000;
      freezer.thaw();
    }

    Arrays.sort(micros);
    System.err.printf(
        "Freeze latency, cgroup %s, 1 busy + 4 sleeping processes, %d rounds: median %d µs,"
            + " p90 %d µs, max %d µs%n",
        version(),
        micros.length,
        micros[micros.length / 2],
        micros[micros.length * 9 / 10],
        micros[micros.length - 1]);
    assertThat(micros[micros.length - 1]).isLessThan(FREEZE_TIMEOUT.toNanos() / 1000);
  }

  static void assertProgresses(Process process) throws IOException {
    long before = cpuTicks(process);
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(() -> cpuTicks(process) > before);
  }

  static void assertStandsStill(Process process) throws Exception {
    long before = cpuTicks(process);
    Thread.sleep(300);
    assertThat(cpuTicks(process)).as("CPU ticks of a frozen process").isEqualTo(before);
    assertThat(process.isAlive()).isTrue();
  }
}
