package dev.predump.agent.engine;

import dev.predump.agent.kernel.MemoryCopier;
import dev.predump.agent.kernel.NoSuchProcessException;
import dev.predump.agent.kernel.PageRun;
import dev.predump.agent.kernel.PagemapSource;
import dev.predump.agent.kernel.PagemapSources;
import dev.predump.agent.proc.ProcMaps;
import dev.predump.agent.proc.ProcStatus;
import dev.predump.agent.proc.SmapsFlags;
import dev.predump.agent.proc.Vma;
import dev.predump.image.ImageChain;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares a chain with the live memory of its target, stopped for the comparison. Pages that
 * differ, plus live pages the chain does not hold (memory that appeared after the last round), are
 * exactly what a final dump on top of this chain would still have to copy.
 */
public final class LiveComparison {

  /**
   * The outcome for every process compared.
   *
   * @param pagesCompared live pages the chain covers, compared byte for byte
   * @param pagesDiffering of those, pages whose bytes differ
   * @param livePagesMissing live pages the chain does not hold
   * @param differing addresses of differing pages per host pid, at most {@link #MAX_LISTED} each
   */
  public record Result(
      int processes,
      long pagesCompared,
      long pagesDiffering,
      long livePagesMissing,
      Map<Integer, List<Long>> differing) {

    /** Pages a final dump on top of the chain would still copy. */
    public long pagesToCopy() {
      return pagesDiffering + livePagesMissing;
    }
  }

  /** Differing addresses kept per process, for tests and messages. */
  public static final int MAX_LISTED = 1_000_000;

  private LiveComparison() {}

  /** Stops {@code target}, compares, resumes it. */
  public static Result compare(Path chainDir, Target target, Duration stopTimeout)
      throws IOException {
    PagemapSource pagemaps = PagemapSources.best();
    try (ImageChain chain = ImageChain.open(chainDir);
        MemoryCopier copier = new MemoryCopier(DumpOptions.DEFAULT_BUFFER_BYTES);
        StoppedTarget stopped = target.stop(stopTimeout)) {
      Set<Integer> chainPids = chain.pids();
      int processes = 0;
      long compared = 0;
      long differing = 0;
      long missing = 0;
      Map<Integer, List<Long>> listed = new TreeMap<>();
      for (int pid : new TreeSet<>(stopped.processes())) {
        int nsPid;
        List<PageRun> runs;
        try {
          nsPid = ProcStatus.nsPid(pid);
          runs = liveRuns(pid, pagemaps);
        } catch (NoSuchProcessException e) {
          continue;
        }
        if (!chainPids.contains(nsPid)) {
          missing += runs.stream().mapToLong(PageRun::nrPages).sum();
          continue;
        }
        processes++;
        PageComparer comparer = new PageComparer(chain, nsPid);
        copier.copy(pid, runs, comparer::compare);
        compared += comparer.compared;
        differing += comparer.differing.size();
        missing += comparer.missing;
        listed.put(pid, comparer.differing);
      }
      return new Result(processes, compared, differing, missing, listed);
    }
  }

  /** The pages a round would consider for {@code pid}, read now. */
  public static List<PageRun> liveRuns(int pid, PagemapSource pagemaps) throws IOException {
    Map<Long, Set<String>> flags = SmapsFlags.read(pid);
    List<PageRun> runs = new ArrayList<>();
    for (Vma vma : ProcMaps.read(pid)) {
      if (!MappingRules.candidate(vma)
          || MappingRules.excludedByFlags(flags.getOrDefault(vma.start(), Set.of()))) {
        continue;
      }
      if (MappingRules.isVdso(vma)) {
        runs.add(MappingRules.whole(vma));
      } else {
        MappingRules.appendRuns(vma, pagemaps.scan(pid, vma.start(), vma.end()), runs);
      }
    }
    return runs;
  }

  private static final class PageComparer {
    private final ImageChain chain;
    private final int nsPid;
    private final ByteBuffer page = ByteBuffer.allocateDirect((int) PageLedger.PAGE);
    long compared;
    long missing;
    final List<Long> differing = new ArrayList<>();

    PageComparer(ImageChain chain, int nsPid) {
      this.chain = chain;
      this.nsPid = nsPid;
    }

    void compare(long vaddr, ByteBuffer live) throws IOException {
      int pages = live.remaining() / (int) PageLedger.PAGE;
      for (int i = 0; i < pages; i++) {
        long addr = vaddr + i * PageLedger.PAGE;
        page.clear();
        if (!chain.readPage(nsPid, addr, page)) {
          missing++;
          continue;
        }
        compared++;
        page.flip();
        ByteBuffer livePage = live.duplicate();
        int from = live.position() + i * (int) PageLedger.PAGE;
        livePage.limit(from + (int) PageLedger.PAGE).position(from);
        if (!livePage.equals(page) && differing.size() < MAX_LISTED) {
          differing.add(addr);
        }
      }
    }
  }
}
