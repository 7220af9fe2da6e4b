package dev.predump.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.predump.agent.kernel.PageCategory;
import dev.predump.agent.kernel.PageRegion;
import dev.predump.agent.kernel.PageRun;
import dev.predump.agent.proc.Vma;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which mappings and pages a round covers: the rules a later criu dump relies on. */
class MappingRulesTest {
  private static Vma vma(long start, long end, String perms, String path) {
    return new Vma(start, end, perms, 0, "00:00", 0, path);
  }

  @Test
  void kernelSpecialAndSharedMappingsAreSkipped() {
    assertThat(MappingRules.candidate(vma(0x1000, 0x2000, "r--p", "[vvar]"))).isFalse();
    assertThat(MappingRules.candidate(vma(0x1000, 0x2000, "r--p", "[vvar_vclock]"))).isFalse();
    assertThat(MappingRules.candidate(vma(0x1000, 0x2000, "--xp", "[vsyscall]"))).isFalse();
    assertThat(MappingRules.candidate(vma(0x1000, 0x2000, "rw-s", "/dev/shm/x"))).isFalse();
    assertThat(MappingRules.candidate(vma(0x1000, 0x2000, "rw-p", ""))).isTrue();
    assertThat(MappingRules.candidate(vma(0x1000, 0x2000, "---p", ""))).isTrue();
    assertThat(MappingRules.candidate(vma(0x1000, 0x2000, "r-xp", "[vdso]"))).isTrue();
  }

  @Test
  void ioPfnmapAndHugetlbAreExcludedByTheirFlags() {
    assertThat(MappingRules.excludedByFlags(Set.of("rd", "wr", "io"))).isTrue();
    assertThat(MappingRules.excludedByFlags(Set.of("rd", "pf"))).isTrue();
    assertThat(MappingRules.excludedByFlags(Set.of("rd", "ht"))).isTrue();
    assertThat(MappingRules.excludedByFlags(Set.of("rd", "wr", "mr", "mw", "me", "ac", "sd")))
        .isFalse();
  }

  @Test
  void presentAndSwappedAnonymousPagesBecomeRunsButFilePagesAndGuardsDoNot() {
    Vma v = vma(0x10000, 0x20000, "rw-p", "/usr/lib/libc.so");
    List<PageRegion> regions =
        List.of(
            new PageRegion(0x10000, 0x12000, PageCategory.PRESENT | PageCategory.FILE),
            new PageRegion(0x12000, 0x14000, PageCategory.PRESENT),
            new PageRegion(0x14000, 0x15000, PageCategory.SWAPPED),
            new PageRegion(0x15000, 0x16000, PageCategory.GUARD),
            new PageRegion(0x16000, 0x17000, PageCategory.PRESENT | PageCategory.PFNZERO));
    List<PageRun> runs = new ArrayList<>();
    MappingRules.appendRuns(v, regions, runs);
    assertThat(runs).containsExactly(new PageRun(0x12000, 3, true), new PageRun(0x16000, 1, true));
  }

  @Test
  void runsNeverSpanTwoMappings() {
    Vma a = vma(0x10000, 0x12000, "rw-p", "");
    Vma b = vma(0x12000, 0x14000, "r--p", "");
    List<PageRun> runs = new ArrayList<>();
    MappingRules.appendRuns(
        a, List.of(new PageRegion(0x10000, 0x12000, PageCategory.PRESENT)), runs);
    MappingRules.appendRuns(
        b, List.of(new PageRegion(0x12000, 0x14000, PageCategory.PRESENT)), runs);
    assertThat(runs).hasSize(2);
  }

  @Test
  void unreadableMappingsAreMarkedForProcMem() {
    Vma v = vma(0x10000, 0x12000, "---p", "");
    List<PageRun> runs = new ArrayList<>();
    MappingRules.appendRuns(
        v, List.of(new PageRegion(0x10000, 0x12000, PageCategory.PRESENT)), runs);
    assertThat(runs).containsExactly(new PageRun(0x10000, 2, false));
  }

  @Test
  void vdsoIsCoveredWhole() {
    Vma v = vma(0x7fff0000, 0x7fff2000, "r-xp", "[vdso]");
    assertThat(MappingRules.isVdso(v)).isTrue();
    assertThat(MappingRules.whole(v)).isEqualTo(new PageRun(0x7fff0000, 2, true));
  }
}
