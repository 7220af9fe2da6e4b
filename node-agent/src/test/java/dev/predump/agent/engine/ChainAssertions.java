package dev.predump.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.predump.agent.workload.WorkloadProcess.Region;
import dev.predump.image.ChainVerifier;
import dev.predump.image.ImageChain;
import dev.predump.image.PageLocation;
import dev.predump.image.PageRange;
import dev.predump.image.VerificationReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Domain assertions on chains written by the engine. */
final class ChainAssertions {
  private ChainAssertions() {}

  static void assertChainVerifies(Path chain) throws IOException {
    VerificationReport report = ChainVerifier.verify(chain);
    assertThat(report.ok()).as("verifier report:%n%s", report).isTrue();
  }

  /** Pages of the top round's pagemap of {@code nsPid} in {@code location} within the regions. */
  static long pagesIn(Path chain, int nsPid, PageLocation location, List<Region> regions)
      throws IOException {
    try (ImageChain c = ImageChain.open(chain)) {
      long n = 0;
      for (PageRange r : c.pagemap(nsPid)) {
        if (r.location() != location) {
          continue;
        }
        for (Region region : regions) {
          long from = Math.max(r.vaddr(), region.start());
          long to = Math.min(r.vaddr() + r.nrPages() * 4096, region.end());
          if (to > from) {
            n += (to - from) / 4096;
          }
        }
      }
      return n;
    }
  }

  /** Differing addresses that fall inside the regions. */
  static long differingIn(LiveComparison.Result result, int pid, List<Region> regions) {
    return result.differing().getOrDefault(pid, List.of()).stream()
        .filter(a -> regions.stream().anyMatch(r -> a >= r.start() && a < r.end()))
        .count();
  }
}
