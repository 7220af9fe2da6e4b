package dev.predump.agent.engine;

import dev.predump.agent.kernel.CopyOutcome;
import dev.predump.agent.kernel.MemoryCopier;
import dev.predump.agent.kernel.PageRun;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Uses the kernel's soft-dirty bits, scanned and cleared while the target was stopped: copies the
 * pages marked dirty and the pages the previous round did not cover, and refers every other page to
 * the parent round.
 *
 * <p>A page written after the clear is soft-dirty again at the next round (and at CRIU's final
 * dump), so reading a newer version of it during this copy is harmless.
 */
final class SoftDirtyTracker implements DirtyTracker {

  @Override
  public Tracking kind() {
    return Tracking.SOFT_DIRTY;
  }

  @Override
  public CopyOutcome copy(ProcessPages pages, MemoryCopier copier, PageEmitter emitter)
      throws IOException {
    List<PageRun> dirty = new ArrayList<>();
    Deque<long[]> clean = new ArrayDeque<>();
    split(pages, dirty, clean);
    CopyOutcome outcome =
        copier.copy(
            pages.identity().hostPid(),
            dirty,
            (vaddr, chunk) -> {
              flushCleanBefore(vaddr, clean, emitter);
              emitter.present(vaddr, chunk);
            });
    flushCleanBefore(Long.MAX_VALUE, clean, emitter);
    return outcome;
  }

  /** Splits the candidate runs into runs to copy and runs ({start, pages}) the parent holds. */
  static void split(ProcessPages pages, List<PageRun> dirty, Deque<long[]> clean) {
    PageLedger previous = pages.previous();
    PageSet softDirty = pages.softDirty() == null ? PageSet.empty() : pages.softDirty();
    for (PageRun run : pages.runs()) {
      long addr = run.start();
      long end = run.start() + run.nrPages() * PageLedger.PAGE;
      while (addr < end) {
        boolean isDirty = isDirty(addr, softDirty, previous);
        long next = addr;
        do {
          next = sameClassUntil(next, end, softDirty, previous);
        } while (next < end && isDirty(next, softDirty, previous) == isDirty);
        long n = (next - addr) / PageLedger.PAGE;
        if (isDirty) {
          appendRun(dirty, new PageRun(addr, n, run.readable()));
        } else {
          clean.add(new long[] {addr, n});
        }
        addr = next;
      }
    }
  }

  private static boolean isDirty(long addr, PageSet softDirty, PageLedger previous) {
    return softDirty.contains(addr) || previous == null || !previous.covers(addr);
  }

  /** The end of a span from {@code addr} whose pages all share the class of {@code addr}. */
  private static long sameClassUntil(long addr, long end, PageSet softDirty, PageLedger previous) {
    if (softDirty.contains(addr)) {
      return softDirty.sameMembershipUntil(addr, end);
    }
    long covered = previous == null ? 0 : previous.coveredRunFrom(addr, Long.MAX_VALUE);
    if (covered == 0) {
      // Not covered and not soft-dirty: dirty, one page at a time (rare: new memory).
      return Math.min(addr + PageLedger.PAGE, end);
    }
    return Math.min(softDirty.sameMembershipUntil(addr, end), addr + covered * PageLedger.PAGE);
  }

  private static void appendRun(List<PageRun> runs, PageRun run) {
    if (!runs.isEmpty()) {
      PageRun last = runs.get(runs.size() - 1);
      if (last.start() + last.nrPages() * PageLedger.PAGE == run.start()
          && last.readable() == run.readable()) {
        runs.set(
            runs.size() - 1,
            new PageRun(last.start(), last.nrPages() + run.nrPages(), run.readable()));
        return;
      }
    }
    runs.add(run);
  }

  private static void flushCleanBefore(long vaddr, Deque<long[]> clean, PageEmitter emitter)
      throws IOException {
    while (!clean.isEmpty() && clean.peekFirst()[0] < vaddr) {
      long[] c = clean.pollFirst();
      emitter.parent(c[0], c[1]);
    }
  }
}
