package dev.predump.agent.engine;

import dev.predump.agent.kernel.PageCategory;
import dev.predump.agent.kernel.PageRegion;
import dev.predump.agent.kernel.PageRun;
import dev.predump.agent.proc.Vma;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which mappings and pages a round covers, per the rules a later {@code criu dump --track-mem}
 * relies on (shared/criu-image-format.md): every present or swapped page of every private mapping,
 * all of {@code [vdso]}; never kernel-special, shared, I/O, PFN-mapped or hugetlb mappings, guard
 * regions, or un-COWed pages of private file mappings.
 */
final class MappingRules {
  private static final Set<String> SPECIAL_SKIPPED =
      Set.of("[vvar]", "[vvar_vclock]", "[vsyscall]");

  /** VmFlags mnemonics of mappings whose pages are not process memory CRIU would dump. */
  private static final Set<String> SKIPPED_VM_FLAGS = Set.of("io", "pf", "ht");

  private MappingRules() {}

  /** Whether the mapping may hold pages to copy, judged from /proc/PID/maps alone. */
  static boolean candidate(Vma vma) {
    return !SPECIAL_SKIPPED.contains(vma.path()) && !vma.shared();
  }

  /** Whether the mapping's VmFlags (from smaps, read after the thaw) exclude it. */
  static boolean excludedByFlags(Set<String> vmFlags) {
    for (String f : vmFlags) {
      if (SKIPPED_VM_FLAGS.contains(f)) {
        return true;
      }
    }
    return false;
  }

  static boolean isVdso(Vma vma) {
    return "[vdso]".equals(vma.path());
  }

  /** The whole mapping as one run: for [vdso], which is covered whether present or not. */
  static PageRun whole(Vma vma) {
    return new PageRun(vma.start(), (vma.end() - vma.start()) / PageLedger.PAGE, vma.readable());
  }

  /**
   * Runs of pages to consider within {@code vma}, from the pagemap regions of its range: present or
   * swapped, not file pages (un-COWed private file pages live in the file), not guards.
   */
  static void appendRuns(Vma vma, List<PageRegion> regions, List<PageRun> out) {
    // Runs never span two mappings, so that a mapping excluded later (by its VmFlags) can be
    // dropped run by run; the copier merges adjacent runs into one iovec anyway.
    int firstOfMapping = out.size();
    for (PageRegion r : regions) {
      int c = r.categories();
      if ((c & (PageCategory.PRESENT | PageCategory.SWAPPED)) == 0) {
        continue;
      }
      if ((c & (PageCategory.FILE | PageCategory.GUARD)) != 0) {
        continue;
      }
      long start = Math.max(r.start(), vma.start());
      long end = Math.min(r.end(), vma.end());
      if (end <= start) {
        continue;
      }
      PageRun run = new PageRun(start, (end - start) / PageLedger.PAGE, vma.readable());
      int last = out.size() - 1;
      if (last >= firstOfMapping) {
        PageRun prev = out.get(last);
        if (prev.start() + prev.nrPages() * PageLedger.PAGE == start
            && prev.readable() == run.readable()) {
          out.set(last, new PageRun(prev.start(), prev.nrPages() + run.nrPages(), run.readable()));
          continue;
        }
      }
      out.add(run);
    }
  }

  /** A fresh list for {@link #appendRuns}. */
  static List<PageRun> newRunList() {
    return new ArrayList<>();
  }
}
