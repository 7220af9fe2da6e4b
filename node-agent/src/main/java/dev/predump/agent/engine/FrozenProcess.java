package dev.predump.agent.engine;

import dev.predump.agent.kernel.PageRun;
import dev.predump.agent.proc.ProcessIdentity;
import dev.predump.agent.proc.Vma;
import java.util.List;

/**
 * What was read of one process while the target was stopped.
 *
 * @param identity host and namespace pid, start time, command
 * @param mappings mappings that may hold pages to copy (shared and kernel-special ones removed)
 * @param mappingCount all mappings of the process
 * @param softDirty pages the kernel marked soft-dirty since the last clear; null without the
 *     soft-dirty tracker
 * @param frozenRuns present or swapped pages found by the soft-dirty scan; null without it
 */
record FrozenProcess(
    ProcessIdentity identity,
    List<Vma> mappings,
    int mappingCount,
    PageSet softDirty,
    List<PageRun> frozenRuns) {

  ProcessKey key() {
    return new ProcessKey(identity.hostPid(), identity.startTimeTicks());
  }
}
