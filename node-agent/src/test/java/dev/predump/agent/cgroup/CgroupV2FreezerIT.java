package dev.predump.agent.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.predump.agent.kernel.ControlFile;
import dev.predump.agent.kernel.KernelException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The freezer contract on the cgroup v2 (unified) hierarchy, and what the v2 freezer relies on: the
 * kernel signals changes of {@code cgroup.events} to poll(2), and {@code cgroup.stat} counts
 * descendants.
 */
class CgroupV2FreezerIT extends FreezerContract {

  @Override
  CgroupVersion version() {
    return CgroupVersion.V2;
  }

  @Test
  void theKernelSignalsTheFrozenChangeToAWaitOnCgroupEvents() throws Exception {
    Cgroup cgroup = sandbox.create(version(), "app");
    sandbox.busy(cgroup);
    try (ControlFile events = ControlFile.openForReading(cgroup.path().resolve("cgroup.events"))) {
      assertThat(text(events)).contains("frozen 0");
      // Nothing changes: the wait ends at its timeout and says so.
      long begin = System.nanoTime();
      assertThat(events.awaitEvent(50)).isFalse();
      assertThat(System.nanoTime() - begin).isGreaterThanOrEqualTo(45_000_000L);

      CompletableFuture<Void> request =
          CompletableFuture.runAsync(
              () -> {
                try {
                  Thread.sleep(100);
                  CgroupFiles.write(cgroup.path().resolve("cgroup.freeze"), "1");
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              });
      // Far longer than a freeze takes: only the kernel's signal ends it early.
      boolean signalled = events.awaitEvent(5_000);
      request.get(5, TimeUnit.SECONDS);
      assertThat(signalled).isTrue();
      if (!text(events).contains("frozen 1")) {
        // The signal can come for the request before the last task stopped; one more wait.
        assertThat(events.awaitEvent(5_000)).isTrue();
        assertThat(text(events)).contains("frozen 1");
      }
    } finally {
      cgroup.freezer().thaw();
    }
  }

  @Test
  void cgroupStatTellsALeafFromAParent() throws IOException {
    Cgroup app = sandbox.create(version(), "app");
    assertThat(Cgroup.hasDescendants(app.path())).isFalse();

    sandbox.create(version(), "app/worker");

    assertThat(Cgroup.hasDescendants(app.path())).isTrue();
  }

  @Test
  void aValueTheKernelRefusesIsAnErrorNamingFileAndErrno() throws IOException {
    Cgroup cgroup = sandbox.create(version(), "app");

    assertThatThrownBy(() -> CgroupFiles.write(cgroup.path().resolve("cgroup.freeze"), "2"))
        .hasMessageStartingWith("Cannot write '2' to " + cgroup.path().resolve("cgroup.freeze"))
        // cgroup.freeze takes 0 or 1; the kernel answers anything else with ERANGE.
        .hasMessageContaining("ERANGE (out of range)")
        .hasCauseInstanceOf(KernelException.class);
    assertThat(cgroup.freezer().state()).isEqualTo(FreezerState.THAWED);
  }

  private static String text(ControlFile file) throws KernelException {
    return new String(file.readAll(), StandardCharsets.UTF_8);
  }
}
