package dev.predump.agent.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The soft-dirty probe against what the kernel really does to another process's pages. */
class SoftDirtyIT {

  private static final int PAGE = LibC.PAGE_SIZE;

  @Test
  void probeMatchesWhatTheKernelDoesToAChildsPages() throws IOException {
    boolean python = MemoryChild.python3Available();
    if (!python) {
      System.err.println("SoftDirtyIT skipped: python3 is not available");
    }
    Assumptions.assumeTrue(python, "python3 is not available");
    try (MemoryChild child = MemoryChild.start()) {
      long page = child.empty(1);
      child.write(page, 1, 0);
      SoftDirty.clear(child.pid());
      List<PageRegion> clean = new PagemapFile().scan(child.pid(), page, page + PAGE);
      child.write(page, 1, 1);
      List<PageRegion> written = new PagemapFile().scan(child.pid(), page, page + PAGE);

      assertThat(clean).singleElement().matches(r -> !r.is(PageCategory.SOFT_DIRTY));
      boolean tracked = written.get(0).is(PageCategory.SOFT_DIRTY);
      System.err.println("Soft-dirty tracking on this kernel: " + tracked);
      assertThat(SoftDirty.supported()).isEqualTo(tracked);
    }
  }

  @Test
  void clearingAProcessThatIsGoneSaysSo() throws Exception {
    Process p = new ProcessBuilder("/bin/true").start();
    p.waitFor();
    assertThatThrownBy(() -> SoftDirty.clear((int) p.pid()))
        .isInstanceOf(NoSuchProcessException.class)
        .hasMessageContaining(Long.toString(p.pid()));
  }
}
