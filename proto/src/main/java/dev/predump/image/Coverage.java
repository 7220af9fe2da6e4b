package dev.predump.image;

import java.util.Arrays;
import java.util.List;

/** The addresses a pagemap covers, present or parent, merged into disjoint sorted intervals. */
final class Coverage {
  private final long[] starts;
  private final long[] ends;
  private final int size;

  private Coverage(long[] starts, long[] ends, int size) {
    this.starts = starts;
    this.ends = ends;
    this.size = size;
  }

  /** Entries must be sorted and disjoint, as {@link PagemapCheck} keeps them. */
  static Coverage of(List<PagemapCheck.Entry> entries) {
    long[] starts = new long[entries.size()];
    long[] ends = new long[entries.size()];
    int size = 0;
    for (PagemapCheck.Entry entry : entries) {
      PageRange range = entry.range();
      if (size > 0 && ends[size - 1] == range.vaddr()) {
        ends[size - 1] = range.end();
      } else {
        starts[size] = range.vaddr();
        ends[size] = range.end();
        size++;
      }
    }
    return new Coverage(starts, ends, size);
  }

  /** The first address in {@code [start, end)} outside every interval, or -1 when none is. */
  long firstUncovered(long start, long end) {
    int i = Arrays.binarySearch(starts, 0, size, start);
    int index = i >= 0 ? i : -i - 2;
    if (index < 0 || ends[index] <= start) {
      return start;
    }
    return ends[index] >= end ? -1 : ends[index];
  }
}
