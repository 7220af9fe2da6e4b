package dev.predump.agent.engine;

import static dev.predump.agent.engine.ChainAssertions.assertChainVerifies;
import static dev.predump.agent.engine.ChainAssertions.differingIn;
import static dev.predump.agent.engine.ChainAssertions.pagesIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.predump.agent.kernel.SoftDirty;
import dev.predump.agent.workload.WorkloadProcess;
import dev.predump.agent.workload.WorkloadSpec;
import dev.predump.image.PageLocation;
import dev.predump.image.proto.SourceIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The soft-dirty tracker: against a fake pagemap here, and on a kernel that has soft-dirty. */
class SoftDirtyTrackerIT {
  @TempDir Path tmp;

  @Test
  void writesTheSoftDirtyPagesAndRefersTheRestToTheParent() throws Exception {
    FakeSoftDirtyPages kernel = new FakeSoftDirtyPages();
    Path chain = tmp.resolve("chain");
    try (WorkloadProcess w = WorkloadProcess.start(new WorkloadSpec(16 << 20, 4, 0, false, 1));
        Target target = Targets.process(w.pid())) {
      RunResult result =
          new PreCopy(
                  target,
                  chain,
                  PreCopyIT.options(Tracking.SOFT_DIRTY, 2),
                  SourceIdentity.getDefaultInstance(),
                  kernel)
              .run(
                  s -> {
                    if (s.round() == 1) {
                      try {
                        w.dirty(50);
                      } catch (IOException e) {
                        throw new IllegalStateException(e);
                      }
                      // The workload rewrites pages in order from the first page of its first
                      // region.
                      for (int i = 0; i < 50; i++) {
                        kernel.markDirty(w.regions().get(0).start() + i * 4096L);
                      }
                    }
                  },
                  Cancellation.never());

      assertThat(result.tracking()).isEqualTo(Tracking.SOFT_DIRTY);
      assertThat(result.rounds()).hasSize(2);
      assertChainVerifies(chain);
      assertThat(pagesIn(chain, w.pid(), PageLocation.PRESENT, w.regions())).isEqualTo(50);
      assertThat(pagesIn(chain, w.pid(), PageLocation.PARENT, w.regions()))
          .isEqualTo(w.pages() - 50);
      LiveComparison.Result live = LiveComparison.compare(chain, target, Duration.ofSeconds(5));
      assertThat(differingIn(live, w.pid(), w.regions())).isZero();
      // Scan before clear in every round: a write between them would otherwise be lost.
      String clear = "clear " + w.pid();
      assertThat(kernel.events).contains(clear);
      assertThat(kernel.events.indexOf("scan " + w.pid())).isLessThan(kernel.events.indexOf(clear));
    }
  }

  @Test
  void onAKernelWithSoftDirtyTheRealBitsDriveTheRounds() throws Exception {
    boolean supported = SoftDirty.supported();
    if (!supported) {
      System.err.println(
          "SKIPPED SoftDirtyTrackerIT real-kernel test: this kernel does not track soft-dirty"
              + " pages (CONFIG_MEM_SOFT_DIRTY unset; the probe wrote a page after clear_refs and"
              + " pagemap bit 55 stayed clear)");
    }
    assumeTrue(supported, "kernel without soft-dirty tracking (CONFIG_MEM_SOFT_DIRTY)");
    Path chain = tmp.resolve("chain");
    try (WorkloadProcess w = WorkloadProcess.start(new WorkloadSpec(16 << 20, 4, 0, false, 2));
        Target target = Targets.process(w.pid())) {
      RunResult result =
          new PreCopy(
                  target,
                  chain,
                  PreCopyIT.options(Tracking.SOFT_DIRTY, 2),
                  SourceIdentity.getDefaultInstance())
              .run(
                  s -> {
                    try {
                      w.dirty(50);
                    } catch (IOException e) {
                      throw new IllegalStateException(e);
                    }
                  },
                  Cancellation.never());
      assertThat(result.rounds()).hasSize(2);
      assertChainVerifies(chain);
      assertThat(pagesIn(chain, w.pid(), PageLocation.PRESENT, w.regions())).isEqualTo(50);
      LiveComparison.Result live = LiveComparison.compare(chain, target, Duration.ofSeconds(5));
      assertThat(differingIn(live, w.pid(), w.regions())).isEqualTo(50);
    }
  }
}
