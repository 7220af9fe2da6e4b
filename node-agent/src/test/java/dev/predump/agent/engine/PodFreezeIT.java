package dev.predump.agent.engine;

import static dev.predump.agent.engine.ChainAssertions.assertChainVerifies;
import static dev.predump.agent.engine.ChainAssertions.differingIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.predump.agent.workload.ScratchCgroup;
import dev.predump.agent.workload.WorkloadProcess;
import dev.predump.agent.workload.WorkloadSpec;
import dev.predump.image.proto.SourceIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The containers of one pod are stopped together, once per round, each into its own chain. */
class PodFreezeIT {
  @TempDir Path tmp;

  @AfterEach
  void clearFault() {
    System.clearProperty("predump.fault.holdFrozenMillis");
  }

  @Test
  void twoContainersAreFrozenInOneWindowAndWriteTwoChains() throws Exception {
    Optional<Path> v2 = ScratchCgroup.v2Root();
    Optional<Path> v1 = ScratchCgroup.v1FreezerRoot();
    if (v2.isEmpty() && v1.isEmpty()) {
      System.err.println("SKIPPED PodFreezeIT: no cgroup freezer (v1 or v2) on this machine");
    }
    assumeTrue(v2.isPresent() || v1.isPresent(), "no cgroup freezer");
    Path root = v2.orElseGet(v1::get);
    boolean isV2 = v2.isPresent();
    String tag = "predump-it-pod-" + ProcessHandle.current().pid();
    List<AutoCloseable> cleanup = new ArrayList<>();
    try (ScratchCgroup pod = ScratchCgroup.create(root.resolve(tag), isV2)) {
      List<ScratchCgroup> containers = new ArrayList<>();
      List<WorkloadProcess> workloads = new ArrayList<>();
      List<ChainMember> members = new ArrayList<>();
      try {
        for (int i = 0; i < 2; i++) {
          ScratchCgroup c = pod.child("c" + i);
          containers.add(c);
          WorkloadProcess w = WorkloadProcess.start(new WorkloadSpec(8 << 20, 2, 0, false, i));
          workloads.add(w);
          c.add(w.pid());
          members.add(
              new ChainMember(
                  Targets.cgroup(c.path()),
                  tmp.resolve("c" + i),
                  SourceIdentity.newBuilder().setContainerName("c" + i).build()));
        }
        // Hold each round's frozen window open long enough to see both containers in it.
        System.setProperty("predump.fault.holdFrozenMillis", "300");
        AtomicBoolean bothFrozen = new AtomicBoolean();
        Thread watcher =
            new Thread(
                () -> {
                  while (!Thread.currentThread().isInterrupted()) {
                    try {
                      if (FreezeSafetyIT.frozen(containers.get(0))
                          && FreezeSafetyIT.frozen(containers.get(1))) {
                        bothFrozen.set(true);
                      }
                      Thread.sleep(5);
                    } catch (IOException | InterruptedException e) {
                      return;
                    }
                  }
                });
        watcher.start();
        DumpOptions options =
            new DumpOptions(
                Tracking.HASH,
                new StopPolicy(2, 0, -1),
                Duration.ofSeconds(3),
                Duration.ZERO,
                0,
                Duration.ofMinutes(2),
                DumpOptions.DEFAULT_BUFFER_BYTES);
        RunResult result =
            new PreCopy(members, options, KernelPages.live()).run(s -> {}, Cancellation.never());
        watcher.interrupt();
        watcher.join();
        System.clearProperty("predump.fault.holdFrozenMillis");

        assertThat(result.rounds()).hasSize(2);
        assertThat(result.rounds().get(1).processes()).isEqualTo(2);
        assertThat(bothFrozen).as("both containers frozen in one window").isTrue();
        for (int i = 0; i < 2; i++) {
          Path chain = tmp.resolve("c" + i);
          assertChainVerifies(chain);
          assertThat(FreezeSafetyIT.frozen(containers.get(i))).isFalse();
          try (Target alone = Targets.cgroup(containers.get(i).path())) {
            LiveComparison.Result live =
                LiveComparison.compare(chain, alone, Duration.ofSeconds(5));
            assertThat(live.processes()).isEqualTo(1);
            assertThat(differingIn(live, workloads.get(i).pid(), workloads.get(i).regions()))
                .isZero();
          }
        }
      } finally {
        for (ChainMember m : members) {
          m.target().close();
        }
        workloads.forEach(WorkloadProcess::close);
        for (ScratchCgroup c : containers) {
          c.close();
        }
      }
    }
  }
}
