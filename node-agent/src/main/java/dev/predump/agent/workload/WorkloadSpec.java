package dev.predump.agent.workload;

/**
 * What the workload holds and does.
 *
 * @param sizeBytes memory filled with the pattern, rounded up to whole pages per mapping
 * @param mappings separate mappings (each followed by a PROT_NONE guard page so the kernel cannot
 *     merge them)
 * @param dirtyRate fraction of all pages rewritten per second
 * @param churn whether a second thread maps, writes, mprotects and unmaps regions in a loop
 * @param seed pattern seed
 * @param sealedPages pages of one more mapping, written once and then made PROT_NONE (what a reader
 *     can only reach through /proc/PID/mem)
 */
public record WorkloadSpec(
    long sizeBytes, int mappings, double dirtyRate, boolean churn, long seed, int sealedPages) {

  /** A workload without a sealed mapping. */
  public WorkloadSpec(long sizeBytes, int mappings, double dirtyRate, boolean churn, long seed) {
    this(sizeBytes, mappings, dirtyRate, churn, seed, 0);
  }

  public WorkloadSpec {
    if (sizeBytes < 4096) {
      throw new IllegalArgumentException("workload size must be at least one page");
    }
    if (mappings < 1 || mappings > 1_000_000) {
      throw new IllegalArgumentException("mappings must be between 1 and 1000000");
    }
    if (dirtyRate < 0 || dirtyRate > 1000) {
      throw new IllegalArgumentException("dirty rate must be between 0 and 1000 per second");
    }
    if (sealedPages < 0) {
      throw new IllegalArgumentException("sealed pages must not be negative");
    }
  }
}
