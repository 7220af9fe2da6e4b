package dev.predump.agent.engine;

import dev.predump.agent.kernel.NoSuchProcessException;
import dev.predump.agent.kernel.PageCategory;
import dev.predump.agent.kernel.PageRegion;
import dev.predump.agent.kernel.PageRun;
import dev.predump.agent.kernel.PagemapSource;
import dev.predump.agent.proc.ProcMaps;
import dev.predump.agent.proc.ProcText;
import dev.predump.agent.proc.ProcessIdentity;
import dev.predump.agent.proc.Vma;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * Reads what a round needs while the target is stopped, and nothing that grows with memory size
 * except the soft-dirty scan. In two steps:
 *
 * <ol>
 *   <li>{@link #capture} runs while the target is frozen: it copies each process's stat, status and
 *       maps text into a {@link Snapshot} whose storage is reused from round to round; with
 *       soft-dirty tracking it also parses the maps, scans the bits and then clears them (in that
 *       order, so no write between scan and clear is lost);
 *   <li>{@link #parse} runs after the thaw and turns the texts into mappings and identities.
 * </ol>
 *
 * Parsing after the thaw keeps the window to the kernel's reads: parsing a thousand mappings costs
 * about as much again, and its garbage could start a collection of the agent's heap inside it.
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

  /** The texts of one target's processes as the window read them; reused every round. */
  static final class Snapshot {
    private final List<Captured> processes = new ArrayList<>();
    private int count;

    private Captured next() {
      if (count == processes.size()) {
        processes.add(new Captured());
      }
      return processes.get(count++);
    }
  }

  /** One process: its texts, and with soft-dirty tracking what the frozen scan found. */
  private static final class Captured {
    int pid;
    boolean exited;
    final ProcText stat = new ProcText();
    final ProcText status = new ProcText();
    final ProcText maps = new ProcText();
    List<Vma> mappings;
    PageSet dirty;
    List<PageRun> runs;
  }

  /**
   * Captures every process of {@code pids} into {@code into}, in pid order. Stops early, returning
   * false, once {@code budgetSpent} says the freeze budget is gone.
   */
  boolean capture(Set<Integer> pids, Snapshot into, BooleanSupplier budgetSpent)
      throws IOException {
    into.count = 0;
    // Cgroup.processes() gives its pids sorted: no copy to sort them in the window then.
    for (int pid : pids instanceof SortedSet<Integer> sorted ? sorted : new TreeSet<>(pids)) {
      if (budgetSpent.getAsBoolean()) {
        return false;
      }
      Captured c = into.next();
      c.pid = pid;
      c.exited = false;
      c.mappings = null;
      c.dirty = null;
      c.runs = null;
      try {
        c.stat.read(pid, "stat");
        c.status.read(pid, "status");
        c.maps.read(pid, "maps");
        if (softDirty) {
          scanSoftDirty(c);
        }
      } catch (NoSuchProcessException e) {
        c.exited = true;
      }
    }
    return true;
  }

  /** Parses a snapshot after the thaw; processes that exited meanwhile are left out. */
  List<FrozenProcess> parse(Snapshot snapshot) throws IOException {
    List<FrozenProcess> result = new ArrayList<>(snapshot.count);
    for (int i = 0; i < snapshot.count; i++) {
      Captured c = snapshot.processes.get(i);
      if (c.exited) {
        continue;
      }
      ProcessIdentity identity = ProcessIdentity.parse(c.pid, c.stat.text(), c.status.text());
      List<Vma> all = c.mappings != null ? c.mappings : ProcMaps.parse(c.pid, c.maps.text());
      List<Vma> candidates = new ArrayList<>();
      for (Vma vma : all) {
        if (MappingRules.candidate(vma)) {
          candidates.add(vma);
        }
      }
      result.add(new FrozenProcess(identity, candidates, all.size(), c.dirty, c.runs));
    }
    return result;
  }

  /** Capture and parse at once, for callers that are not freezing anything. */
  List<FrozenProcess> collect(Set<Integer> pids) throws IOException {
    Snapshot snapshot = new Snapshot();
    capture(pids, snapshot, () -> false);
    return parse(snapshot);
  }

  /** Scans and then clears the soft-dirty bits of a process; runs while it is frozen. */
  private void scanSoftDirty(Captured c) throws IOException {
    c.mappings = ProcMaps.parse(c.pid, c.maps.text());
    PageSet.Builder dirtyPages = new PageSet.Builder();
    List<PageRun> runs = new ArrayList<>();
    for (Vma vma : c.mappings) {
      if (!MappingRules.candidate(vma)) {
        continue;
      }
      if (MappingRules.isVdso(vma)) {
        runs.add(MappingRules.whole(vma));
        continue;
      }
      List<PageRegion> regions = pagemaps.scan(c.pid, vma.start(), vma.end());
      MappingRules.appendRuns(vma, regions, runs);
      for (PageRegion r : regions) {
        if ((r.categories() & PageCategory.SOFT_DIRTY) != 0) {
          dirtyPages.add(Math.max(r.start(), vma.start()), Math.min(r.end(), vma.end()));
        }
      }
    }
    kernel.clearSoftDirty(c.pid);
    c.dirty = dirtyPages.build();
    c.runs = runs;
  }
}
