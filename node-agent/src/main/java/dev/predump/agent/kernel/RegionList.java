package dev.predump.agent.kernel;

import java.util.ArrayList;
import java.util.List;

/** Collects page regions in ascending order, joining adjacent ones with identical categories. */
final class RegionList {

  private final List<PageRegion> regions = new ArrayList<>();
  private long start;
  private long end;
  private int categories;
  private boolean pending;

  void add(long start, long end, int categories) {
    if (pending && this.end == start && this.categories == categories) {
      this.end = end;
      return;
    }
    flush();
    this.start = start;
    this.end = end;
    this.categories = categories;
    pending = true;
  }

  List<PageRegion> toList() {
    flush();
    return List.copyOf(regions);
  }

  private void flush() {
    if (pending) {
      regions.add(new PageRegion(start, end, categories));
      pending = false;
    }
  }
}
