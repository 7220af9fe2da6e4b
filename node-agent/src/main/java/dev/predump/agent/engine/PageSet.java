package dev.predump.agent.engine;

import java.util.Arrays;

/** An immutable set of page addresses stored as sorted, merged runs. */
final class PageSet {
  private final long[] starts;
  private final long[] ends;

  private PageSet(long[] starts, long[] ends) {
    this.starts = starts;
    this.ends = ends;
  }

  /** Collects runs given in ascending order; adjacent or overlapping ones merge. */
  static final class Builder {
    private long[] starts = new long[16];
    private long[] ends = new long[16];
    private int n;

    Builder add(long start, long end) {
      if (end <= start) {
        return this;
      }
      if (n > 0 && start <= ends[n - 1]) {
        ends[n - 1] = Math.max(ends[n - 1], end);
        return this;
      }
      if (n > 0 && start < starts[n - 1]) {
        throw new IllegalArgumentException("page runs must ascend");
      }
      if (n == starts.length) {
        starts = Arrays.copyOf(starts, n * 2);
        ends = Arrays.copyOf(ends, n * 2);
      }
      starts[n] = start;
      ends[n] = end;
      n++;
      return this;
    }

    PageSet build() {
      return new PageSet(Arrays.copyOf(starts, n), Arrays.copyOf(ends, n));
    }
  }

  static PageSet empty() {
    return new PageSet(new long[0], new long[0]);
  }

  /** Whether the page at {@code vaddr} is in the set. */
  boolean contains(long vaddr) {
    int i = Arrays.binarySearch(starts, vaddr);
    if (i >= 0) {
      return true;
    }
    int run = -i - 2;
    return run >= 0 && vaddr < ends[run];
  }

  /**
   * From {@code vaddr}, how many bytes up to {@code limit} share its membership (all in the set, or
   * all outside it).
   */
  long sameMembershipUntil(long vaddr, long limit) {
    int i = Arrays.binarySearch(starts, vaddr);
    int run = i >= 0 ? i : -i - 2;
    if (run >= 0 && vaddr < ends[run]) {
      return Math.min(ends[run], limit);
    }
    int next = run + 1;
    return next < starts.length ? Math.min(starts[next], limit) : limit;
  }
}
