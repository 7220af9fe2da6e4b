package dev.predump.agent.engine;

import dev.predump.agent.kernel.PageRun;
import dev.predump.agent.proc.ProcessIdentity;
import java.util.List;

/**
 * One process's candidate pages for a round, chosen by {@link MappingRules} after the thaw.
 *
 * @param identity who the process is (host and namespace pid, start time)
 * @param runs present or swapped pages to consider, ascending and non-overlapping
 * @param previous what the previous round covered for this same process; null for a new process or
 *     the first round, so that nothing may be referenced in the parent
 * @param softDirty pages the kernel marked dirty while the target was stopped; null unless the
 *     soft-dirty tracker runs
 */
record ProcessPages(
    ProcessIdentity identity, List<PageRun> runs, PageLedger previous, PageSet softDirty) {

  long pages() {
    long n = 0;
    for (PageRun r : runs) {
      n += r.nrPages();
    }
    return n;
  }
}
