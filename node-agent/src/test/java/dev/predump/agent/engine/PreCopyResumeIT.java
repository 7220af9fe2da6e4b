package dev.predump.agent.engine;

import static dev.predump.agent.engine.ChainAssertions.assertChainVerifies;
import static dev.predump.agent.engine.ChainAssertions.differingIn;
import static org.assertj.core.api.Assertions.assertThat;

import dev.predump.agent.workload.WorkloadProcess;
import dev.predump.agent.workload.WorkloadSpec;
import dev.predump.image.proto.SourceIdentity;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A new run continues an existing chain: the restarted agent's case. */
class PreCopyResumeIT {
  private static final long MIB = 1 << 20;

  @TempDir Path tmp;

  @Test
  void hashLedgerRebuiltFromTheChainWritesOnlyPagesChangedSince() throws Exception {
    Path chain = tmp.resolve("chain");
    try (WorkloadProcess w = WorkloadProcess.start(new WorkloadSpec(16 * MIB, 4, 0, false, 9));
        Target target = Targets.process(w.pid())) {
      RunResult before =
          PreCopyIT.dump(target, chain, PreCopyIT.options(Tracking.HASH, 2), s -> {});
      assertThat(before.latestRound()).isEqualTo(2);

      w.dirty(42);
      RunResult after =
          new PreCopy(
                  target,
                  chain,
                  PreCopyIT.options(Tracking.HASH, 3),
                  SourceIdentity.getDefaultInstance())
              .resume(s -> {}, Cancellation.never(), before.rounds().get(1).dirtyBytes());

      assertThat(after.rounds()).extracting(RoundStats::round).containsExactly(3);
      assertThat(after.reason()).isEqualTo(StopReason.MAX_ROUNDS);
      RoundStats third = after.rounds().get(0);
      // Only what changed since round 2 is written: the ledger's hashes came from the chain.
      // Exactly the 42 pages in the workload's regions; its JVM's own pages vary with load.
      assertThat(third.pagesWritten()).isGreaterThanOrEqualTo(42);
      assertThat(
              ChainAssertions.pagesIn(
                  chain, w.pid(), dev.predump.image.PageLocation.PRESENT, w.regions()))
          .isEqualTo(42);
      assertChainVerifies(chain);
      LiveComparison.Result live = LiveComparison.compare(chain, target, Duration.ofSeconds(5));
      assertThat(differingIn(live, w.pid(), w.regions())).isZero();
      assertThat(w.check()).isTrue();
    }
  }
}
