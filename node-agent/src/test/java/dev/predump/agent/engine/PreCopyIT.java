package dev.predump.agent.engine;

import static dev.predump.agent.engine.ChainAssertions.assertChainVerifies;
import static dev.predump.agent.engine.ChainAssertions.differingIn;
import static dev.predump.agent.engine.ChainAssertions.pagesIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.predump.agent.workload.WorkloadProcess;
import dev.predump.agent.workload.WorkloadSpec;
import dev.predump.image.PageLocation;
import dev.predump.image.WriteMode;
import dev.predump.image.proto.SourceIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Rounds of pre-copy of real processes, checked page by page against their live memory. */
class PreCopyIT {
  private static final long MIB = 1 << 20;

  @TempDir Path tmp;

  static DumpOptions options(Tracking tracking, int rounds) {
    return new DumpOptions(
        tracking,
        new StopPolicy(rounds, 0, -1),
        Duration.ofSeconds(2),
        Duration.ZERO,
        0,
        Duration.ofMinutes(2),
        DumpOptions.DEFAULT_BUFFER_BYTES);
  }

  static RunResult dump(Target target, Path chain, DumpOptions options, RoundListener listener)
      throws IOException {
    return new PreCopy(target, chain, options, SourceIdentity.getDefaultInstance())
        .run(listener, Cancellation.never());
  }

  @ParameterizedTest(name = "{0} tracking, {1} rounds, {2} writes")
  @CsvSource({
    "FULL, 1, DIRECT",
    "FULL, 3, DIRECT",
    "HASH, 1, DIRECT",
    "HASH, 3, DIRECT",
    "FULL, 1, BUFFERED",
    "HASH, 3, BUFFERED"
  })
  void staticWorkloadIsReconstructedExactly(Tracking tracking, int rounds, WriteMode mode)
      throws Exception {
    Path chain = tmp.resolve("chain");
    try (WorkloadProcess w = WorkloadProcess.start(new WorkloadSpec(24 * MIB, 8, 0, false, 7));
        Target target = Targets.process(w.pid())) {
      RunResult result =
          dump(target, chain, options(tracking, rounds).withWriteMode(mode), s -> {});

      assertThat(result.rounds()).hasSize(rounds);
      assertThat(result.reason()).isEqualTo(StopReason.MAX_ROUNDS);
      assertChainVerifies(chain);
      LiveComparison.Result live = LiveComparison.compare(chain, target, Duration.ofSeconds(5));
      assertThat(differingIn(live, w.pid(), w.regions())).isZero();
      assertThat(live.pagesCompared()).isGreaterThanOrEqualTo(w.pages());
      // Every pattern page is held by the top round, present or in its parent.
      long covered =
          pagesIn(chain, w.pid(), PageLocation.PRESENT, w.regions())
              + pagesIn(chain, w.pid(), PageLocation.PARENT, w.regions());
      assertThat(covered).isEqualTo(w.pages());
      if (rounds > 1 && tracking == Tracking.HASH) {
        assertThat(pagesIn(chain, w.pid(), PageLocation.PRESENT, w.regions())).isZero();
      }
      if (tracking == Tracking.FULL) {
        assertThat(pagesIn(chain, w.pid(), PageLocation.PRESENT, w.regions())).isEqualTo(w.pages());
      }
      assertThat(w.check()).isTrue();
    }
  }

  @Test
  void hashTrackerWritesExactlyTheChangedPages() throws Exception {
    Path chain = tmp.resolve("chain");
    try (WorkloadProcess w = WorkloadProcess.start(new WorkloadSpec(32 * MIB, 4, 0, false, 11));
        Target target = Targets.process(w.pid())) {
      List<Long> dirtyAfter = List.of(100L, 37L);
      RunResult result =
          dump(
              target,
              chain,
              options(Tracking.HASH, 2),
              s -> {
                try {
                  w.dirty(dirtyAfter.get(s.round() - 1));
                } catch (IOException e) {
                  throw new IllegalStateException(e);
                }
              });

      assertThat(result.rounds()).hasSize(2);
      assertChainVerifies(chain);
      assertThat(pagesIn(chain, w.pid(), PageLocation.PRESENT, w.regions())).isEqualTo(100);
      assertThat(pagesIn(chain, w.pid(), PageLocation.PARENT, w.regions()))
          .isEqualTo(w.pages() - 100);
      LiveComparison.Result live = LiveComparison.compare(chain, target, Duration.ofSeconds(5));
      assertThat(differingIn(live, w.pid(), w.regions())).isEqualTo(37);
      RoundStats second = result.rounds().get(1);
      assertThat(second.pagesWritten()).isGreaterThanOrEqualTo(100);
      assertThat(
              second.pagesWritten()
                  + second.pagesSkippedParent()
                  + second.pagesVanished()
                  + second.pagesUnreadable())
          .isEqualTo(second.pagesScanned());
    }
  }

  @Test
  void roundsPolicyEditedMidRunTakesEffectAtTheNextRound() throws Exception {
    Path chain = tmp.resolve("chain");
    try (WorkloadProcess w = WorkloadProcess.start(new WorkloadSpec(4 * MIB, 2, 0, false, 3));
        Target target = Targets.process(w.pid())) {
      DumpOptions started = options(Tracking.HASH, 10);
      java.util.concurrent.atomic.AtomicReference<DumpOptions> latest =
          new java.util.concurrent.atomic.AtomicReference<>(started);
      RunResult result =
          new PreCopy(target, chain, started, SourceIdentity.getDefaultInstance())
              .followingOptions(latest::get)
              .run(
                  s -> {
                    if (s.round() == 1) {
                      latest.set(options(Tracking.HASH, 2));
                    }
                  },
                  Cancellation.never());

      assertThat(result.rounds()).hasSize(2);
      assertThat(result.reason()).isEqualTo(StopReason.MAX_ROUNDS);
      assertThat(result.message()).contains("maximum of 2 rounds");
    }
  }

  @Test
  void racingMappingsGiveValidChainsWithEveryPageAccountedFor() throws Exception {
    Path chain = tmp.resolve("chain");
    try (WorkloadProcess w = WorkloadProcess.start(new WorkloadSpec(16 * MIB, 16, 0.5, true, 3));
        Target target = Targets.process(w.pid())) {
      RunResult result = dump(target, chain, options(Tracking.HASH, 4), s -> {});

      assertThat(result.rounds()).hasSize(4);
      assertChainVerifies(chain);
      for (RoundStats s : result.rounds()) {
        assertThat(
                s.pagesWritten() + s.pagesSkippedParent() + s.pagesVanished() + s.pagesUnreadable())
            .as("round %d accounts for every page it considered", s.round())
            .isEqualTo(s.pagesScanned());
      }
      assertThat(w.check()).isTrue();
    }
  }

  @Test
  void protNoneMappingIsReadThroughProcMem() throws Exception {
    Path chain = tmp.resolve("chain");
    try (WorkloadProcess w = WorkloadProcess.start(new WorkloadSpec(4 * MIB, 2, 0, false, 5, 64));
        Target target = Targets.process(w.pid())) {
      RunResult result = dump(target, chain, options(Tracking.HASH, 1), s -> {});

      assertChainVerifies(chain);
      assertThat(result.rounds().get(0).pagesViaProcMem()).isGreaterThanOrEqualTo(64);
      List<WorkloadProcess.Region> sealed = List.of(w.sealed());
      assertThat(pagesIn(chain, w.pid(), PageLocation.PRESENT, sealed)).isEqualTo(64);
      LiveComparison.Result live = LiveComparison.compare(chain, target, Duration.ofSeconds(5));
      assertThat(differingIn(live, w.pid(), sealed)).isZero();
    }
  }

  @Test
  void multiProcessCgroupIsStoppedTogetherAndCopiedWhole() throws Exception {
    for (boolean v2 : new boolean[] {true, false}) {
      var root =
          v2
              ? dev.predump.agent.workload.ScratchCgroup.v2Root()
              : dev.predump.agent.workload.ScratchCgroup.v1FreezerRoot();
      if (root.isEmpty()) {
        System.err.println("SKIPPED cgroup " + (v2 ? "v2" : "v1") + " part: hierarchy not mounted");
        continue;
      }
      Path chain = tmp.resolve("chain-" + (v2 ? "v2" : "v1"));
      List<WorkloadProcess> workloads = new ArrayList<>();
      try (var cgroup =
          dev.predump.agent.workload.ScratchCgroup.create(
              root.get().resolve("predump-it-" + ProcessHandle.current().pid()), v2)) {
        try {
          for (int i = 0; i < 2; i++) {
            WorkloadProcess w = WorkloadProcess.start(new WorkloadSpec(8 * MIB, 2, 0, false, i));
            workloads.add(w);
            cgroup.add(w.pid());
          }
          try (Target target = Targets.cgroup(cgroup.path())) {
            RunResult result = dump(target, chain, options(Tracking.HASH, 2), s -> {});
            assertThat(result.rounds()).hasSize(2);
            assertThat(result.rounds().get(1).processes()).isEqualTo(2);
            assertChainVerifies(chain);
            LiveComparison.Result live =
                LiveComparison.compare(chain, target, Duration.ofSeconds(5));
            assertThat(live.processes()).isEqualTo(2);
            for (WorkloadProcess w : workloads) {
              assertThat(differingIn(live, w.pid(), w.regions())).isZero();
            }
          }
        } finally {
          workloads.forEach(WorkloadProcess::close);
        }
      }
      assertThat(Files.exists(chain.resolve("latest"))).isTrue();
    }
  }

  @Test
  void processExitingMidCopyEndsTheRunWithEarlierRoundsIntact() throws Exception {
    Path chain = tmp.resolve("chain");
    try (WorkloadProcess w = WorkloadProcess.start(new WorkloadSpec(64 * MIB, 4, 0, false, 9));
        Target target = Targets.process(w.pid())) {
      DumpOptions slow =
          new DumpOptions(
              Tracking.FULL,
              new StopPolicy(3, 0, -1),
              Duration.ofSeconds(2),
              Duration.ZERO,
              32 * MIB, // 2 s per round: time to kill the target mid-copy
              Duration.ofMinutes(2),
              DumpOptions.DEFAULT_BUFFER_BYTES);
      RunResult result =
          dump(
              target,
              chain,
              slow,
              s -> {
                if (s.round() == 1) {
                  Thread killer =
                      new Thread(
                          () -> {
                            try {
                              Thread.sleep(700);
                            } catch (InterruptedException e) {
                              return;
                            }
                            w.close();
                          });
                  killer.start();
                }
              });

      assertThat(result.reason()).isEqualTo(StopReason.TARGET_EXITED);
      assertThat(result.rounds()).hasSize(1);
      assertThat(Files.readSymbolicLink(chain.resolve("latest")).toString()).isEqualTo("1");
      try (var entries = Files.list(chain)) {
        assertThat(entries.map(p -> p.getFileName().toString()))
            .containsExactlyInAnyOrder("1", "latest");
      }
      assertChainVerifies(chain);
    }
  }
}
