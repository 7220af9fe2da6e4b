package dev.predump.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.predump.agent.workload.ScratchCgroup;
import dev.predump.agent.workload.WorkloadProcess;
import dev.predump.agent.workload.WorkloadSpec;
import dev.predump.image.proto.SourceIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A container is never left frozen: not past the budget, not when the agent is killed. */
class FreezeSafetyIT {
  @TempDir Path tmp;

  @AfterEach
  void clearFault() {
    System.clearProperty("predump.fault.holdFrozenMillis");
  }

  private static ScratchCgroup newCgroup(String tag) throws IOException {
    Optional<Path> v2 = ScratchCgroup.v2Root();
    Optional<Path> v1 = ScratchCgroup.v1FreezerRoot();
    String name = "predump-it-" + tag + "-" + ProcessHandle.current().pid();
    if (v2.isPresent()) {
      return ScratchCgroup.create(v2.get().resolve(name), true);
    }
    if (v1.isEmpty()) {
      System.err.println("SKIPPED FreezeSafetyIT: no cgroup freezer (v1 or v2) on this machine");
    }
    assumeTrue(v1.isPresent(), "no cgroup freezer (v1 or v2) on this machine");
    return ScratchCgroup.create(v1.get().resolve(name), false);
  }

  static boolean frozen(ScratchCgroup c) throws IOException {
    if (c.isV2()) {
      return Files.readString(c.path().resolve("cgroup.events")).contains("frozen 1");
    }
    return Files.readString(c.path().resolve("freezer.state")).trim().equals("FROZEN");
  }

  @Test
  void overBudgetRoundIsAbandonedAndTheTargetThawed() throws Exception {
    System.setProperty("predump.fault.holdFrozenMillis", "1500");
    Path chain = tmp.resolve("chain");
    try (ScratchCgroup cgroup = newCgroup("budget");
        WorkloadProcess w = WorkloadProcess.start(new WorkloadSpec(4 << 20, 1, 0, false, 1))) {
      cgroup.add(w.pid());
      try (Target target = Targets.cgroup(cgroup.path())) {
        DumpOptions options =
            new DumpOptions(
                Tracking.HASH,
                new StopPolicy(2, 0, -1),
                Duration.ofMillis(100),
                Duration.ZERO,
                0,
                Duration.ofMinutes(1),
                DumpOptions.DEFAULT_BUFFER_BYTES);
        long t0 = System.nanoTime();
        List<Long> frozenSeenAt = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread watcher =
            new Thread(
                () -> {
                  try {
                    while (!Thread.currentThread().isInterrupted()) {
                      if (frozen(cgroup)) {
                        frozenSeenAt.add(System.nanoTime() - t0);
                      }
                      Thread.sleep(5);
                    }
                  } catch (IOException | InterruptedException e) {
                    // done
                  }
                });
        watcher.start();
        RunResult result =
            new PreCopy(target, chain, options, SourceIdentity.getDefaultInstance())
                .run(s -> {}, Cancellation.never());
        watcher.interrupt();
        watcher.join();

        assertThat(result.reason()).isEqualTo(StopReason.FREEZE_BUDGET_EXCEEDED);
        assertThat(result.failed()).isTrue();
        assertThat(result.message()).contains("freeze budget");
        assertThat(result.rounds()).isEmpty();
        assertThat(frozen(cgroup)).isFalse();
        // Thawed at the budget by the alarm, not after the 1.5 s hold.
        long lastFrozen = frozenSeenAt.isEmpty() ? 0 : frozenSeenAt.get(frozenSeenAt.size() - 1);
        assertThat(lastFrozen).isLessThan(TimeUnit.MILLISECONDS.toNanos(600));
        assertThat(Files.exists(chain.resolve("1"))).isFalse();
        assertThat(Files.exists(chain.resolve("latest"))).isFalse();
      }
    }
  }

  @Test
  void agentKilledWhileFrozenLeavesTheContainerThawed() throws Exception {
    Path chain = tmp.resolve("chain");
    try (ScratchCgroup cgroup = newCgroup("sigkill");
        WorkloadProcess w = WorkloadProcess.start(new WorkloadSpec(4 << 20, 1, 0, false, 1))) {
      cgroup.add(w.pid());
      String java = ProcessHandle.current().info().command().orElse("java");
      Process agent =
          new ProcessBuilder(
                  java,
                  "-Dpredump.fault.holdFrozenMillis=60000",
                  "-cp",
                  System.getProperty("java.class.path"),
                  "dev.predump.agent.cli.PredumpCommand",
                  "dump",
                  "--cgroup",
                  cgroup.path().toString(),
                  "--out",
                  chain.toString(),
                  "--freeze-budget",
                  "120s",
                  "--rounds",
                  "1")
              .redirectErrorStream(true)
              .redirectOutput(tmp.resolve("agent.log").toFile())
              .start();
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!frozen(cgroup)) {
          assertThat(agent.isAlive()).as("agent log: %s", log()).isTrue();
          assertThat(System.nanoTime()).as("cgroup never froze").isLessThan(deadline);
          Thread.sleep(10);
        }
        List<ProcessHandle> agentChildren = agent.descendants().toList();
        agent.destroyForcibly();
        agent.waitFor(5, TimeUnit.SECONDS);
        long killedAt = System.nanoTime();
        while (frozen(cgroup)) {
          assertThat(System.nanoTime() - killedAt)
              .as("the thaw guard must thaw within a second of the agent's death")
              .isLessThan(TimeUnit.SECONDS.toNanos(1));
          Thread.sleep(5);
        }
        assertThat(Files.exists(chain.resolve("latest"))).isFalse();
        assertThat(Files.exists(chain.resolve("1"))).isFalse();
        // The guard goes away once its agent is gone.
        for (ProcessHandle child : agentChildren) {
          child.onExit().get(5, TimeUnit.SECONDS);
        }
      } finally {
        agent.destroyForcibly();
        agent.descendants().forEach(ProcessHandle::destroyForcibly);
      }
    }
  }

  private String log() throws IOException {
    return Files.readString(tmp.resolve("agent.log"));
  }
}
