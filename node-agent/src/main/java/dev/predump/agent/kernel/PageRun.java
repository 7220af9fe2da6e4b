package dev.predump.agent.kernel;

/**
 * A run of {@code nrPages} pages starting at the page-aligned address {@code start} of a target
 * process, to be copied.
 *
 * @param readable false for mappings without PROT_READ: they are read through {@code
 *     /proc/PID/mem}, which process_vm_readv cannot do
 */
public record PageRun(long start, long nrPages, boolean readable) {

  public PageRun {
    if (start < 0 || nrPages < 0) {
      throw new IllegalArgumentException(
          "A page run needs a non-negative start and count: " + start + ", " + nrPages);
    }
  }

  /** The first address after the run. */
  public long end(int pageSize) {
    return start + nrPages * pageSize;
  }
}
