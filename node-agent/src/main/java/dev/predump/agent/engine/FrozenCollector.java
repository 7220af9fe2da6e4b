package dev.predump.agent.engine;

import dev.predump.agent.kernel.NoSuchProcessException;
import dev.predump.agent.kernel.PageCategory;
import dev.predump.agent.kernel.PageRegion;
import dev.predump.agent.kernel.PageRun;
import dev.predump.agent.kernel.PagemapSource;
import dev.predump.agent.proc.ProcMaps;
import dev.predump.agent.proc.ProcStat;
import dev.predump.agent.proc.ProcStatus;
import dev.predump.agent.proc.ProcessIdentity;
import dev.predump.agent.proc.Vma;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * Reads what a round needs while the target is stopped, and nothing that grows with memory size
 * except the soft-dirty scan: each process's mappings and identity; with soft-dirty tracking, scan
 * the bits, then clear them (in that order, so no write between scan and clear is lost).
 */
final class FrozenCollector {
  private final KernelPages kernel;
  private final PagemapSource pagemaps;
  private final boolean softDirty;

  FrozenCollector(KernelPages kernel, boolean softDirty) {
    this.kernel = kernel;
    this.pagemaps = kernel.pagemaps();
    this.softDirty = softDirty;
  }

  /**
   * Collects every process of {@code pids}; processes that exit meanwhile are left out. Stops
   * early, returning null, once {@code budgetSpent} says the freeze budget is gone.
   */
  List<FrozenProcess> collect(Set<Integer> pids, BooleanSupplier budgetSpent) throws IOException {
    List<FrozenProcess> result = new ArrayList<>();
    for (int pid : new TreeSet<>(pids)) {
      if (budgetSpent.getAsBoolean()) {
        return null;
      }
      FrozenProcess p = collectOne(pid);
      if (p != null) {
        result.add(p);
      }
    }
    return result;
  }

  /** One read of stat and one of status: this runs while the target is frozen. */
  private static ProcessIdentity identity(int pid) throws IOException {
    ProcStat.Fields stat = ProcStat.read(pid);
    return new ProcessIdentity(pid, ProcStatus.nsPid(pid), stat.startTimeTicks(), stat.comm());
  }

  private FrozenProcess collectOne(int pid) throws IOException {
    try {
      ProcessIdentity identity = identity(pid);
      List<Vma> all = ProcMaps.read(pid);
      List<Vma> candidates = new ArrayList<>();
      for (Vma vma : all) {
        if (MappingRules.candidate(vma)) {
          candidates.add(vma);
        }
      }
      PageSet dirty = null;
      List<PageRun> runs = null;
      if (softDirty) {
        PageSet.Builder dirtyPages = new PageSet.Builder();
        runs = new ArrayList<>();
        for (Vma vma : candidates) {
          if (MappingRules.isVdso(vma)) {
            runs.add(MappingRules.whole(vma));
            continue;
          }
          List<PageRegion> regions = pagemaps.scan(pid, vma.start(), vma.end());
          MappingRules.appendRuns(vma, regions, runs);
          for (PageRegion r : regions) {
            if ((r.categories() & PageCategory.SOFT_DIRTY) != 0) {
              dirtyPages.add(Math.max(r.start(), vma.start()), Math.min(r.end(), vma.end()));
            }
          }
        }
        kernel.clearSoftDirty(pid);
        dirty = dirtyPages.build();
      }
      return new FrozenProcess(identity, candidates, all.size(), dirty, runs);
    } catch (NoSuchProcessException e) {
      return null;
    }
  }
}
