package dev.predump.agent.engine;

import dev.predump.agent.kernel.PageCategory;
import dev.predump.agent.kernel.PageRegion;
import dev.predump.agent.kernel.PagemapSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The live kernel's pagemap with soft-dirty bits a test chooses, for kernels without soft-dirty:
 * pages in {@link #markDirty} are reported dirty until the next clear, like the kernel would.
 */
final class FakeSoftDirtyPages implements KernelPages {
  private final PagemapSource live = KernelPages.live().pagemaps();
  private final Set<Long> dirty = new ConcurrentSkipListSet<>();
  final List<String> events = new ArrayList<>();

  void markDirty(long vaddr) {
    dirty.add(vaddr);
  }

  @Override
  public PagemapSource pagemaps() {
    return (pid, start, end) -> {
      events.add("scan " + pid);
      List<PageRegion> out = new ArrayList<>();
      TreeSet<Long> marks = new TreeSet<>(dirty);
      for (PageRegion r : live.scan(pid, start, end)) {
        long a = r.start();
        while (a < r.end()) {
          boolean d = marks.contains(a);
          long b = a + 4096;
          while (b < r.end() && marks.contains(b) == d) {
            b += 4096;
          }
          out.add(
              new PageRegion(a, b, d ? r.categories() | PageCategory.SOFT_DIRTY : r.categories()));
          a = b;
        }
      }
      return out;
    };
  }

  @Override
  public boolean softDirtySupported() {
    return true;
  }

  @Override
  public void clearSoftDirty(int pid) {
    events.add("clear " + pid);
    dirty.clear();
  }
}
