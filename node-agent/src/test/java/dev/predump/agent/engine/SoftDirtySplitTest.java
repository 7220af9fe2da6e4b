package dev.predump.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.predump.agent.kernel.PageRun;
import dev.predump.agent.proc.ProcessIdentity;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the soft-dirty tracker divides pages between this round and its parent. */
class SoftDirtySplitTest {
  private static final long P = 4096;
  private static final ProcessIdentity ID = new ProcessIdentity(10, 1, 100, "w");

  private static List<String> split(List<PageRun> runs, PageLedger previous, PageSet dirty) {
    List<PageRun> copy = new ArrayList<>();
    Deque<long[]> parent = new ArrayDeque<>();
    SoftDirtyTracker.split(new ProcessPages(ID, runs, previous, dirty), copy, parent);
    List<String> out = new ArrayList<>();
    copy.forEach(r -> out.add("copy " + Long.toHexString(r.start()) + "+" + r.nrPages()));
    parent.forEach(c -> out.add("parent " + Long.toHexString(c[0]) + "+" + c[1]));
    return out;
  }

  @Test
  void withoutAPreviousRoundEverythingIsCopied() {
    assertThat(split(List.of(new PageRun(0x10000, 8, true)), null, PageSet.empty()))
        .containsExactly("copy 10000+8");
  }

  @Test
  void cleanCoveredPagesGoToTheParentAndDirtyOnesAreCopied() {
    PageLedger prev = new PageLedger(false);
    prev.cover(0x10000, 8);
    PageSet dirty = new PageSet.Builder().add(0x12000, 0x14000).build();
    assertThat(split(List.of(new PageRun(0x10000, 8, true)), prev, dirty))
        .containsExactly("copy 12000+2", "parent 10000+2", "parent 14000+4");
  }

  @Test
  void pagesThePreviousRoundDidNotCoverAreCopiedEvenWhenClean() {
    PageLedger prev = new PageLedger(false);
    prev.cover(0x10000, 4); // 0x14000.. is new memory
    assertThat(split(List.of(new PageRun(0x10000, 8, true)), prev, PageSet.empty()))
        .containsExactly("copy 14000+4", "parent 10000+4");
  }

  @Test
  void runsKeepTheirReadability() {
    PageLedger prev = new PageLedger(false);
    prev.cover(0x10000, 1);
    assertThat(
            split(
                List.of(new PageRun(0x10000, 2, false), new PageRun(0x12000, 1, true)),
                prev,
                PageSet.empty()))
        .containsExactly("copy 11000+1", "copy 12000+1", "parent 10000+1");
  }
}
