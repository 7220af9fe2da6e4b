package dev.predump.agent.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import jnr.ffi.Pointer;

/**
 * Reads {@code /proc/PID/pagemap} (8 bytes per page) in large chunks: works on every kernel.
 *
 * <p>Unlike PAGEMAP_SCAN it also reports the present pages of VM_PFNMAP mappings (such as {@code
 * [vvar]}), which the ioctl skips; callers skip those mappings anyway. The zero-page bit is known
 * only where page frame numbers are visible (CAP_SYS_ADMIN).
 */
public final class PagemapFile implements PagemapSource {

  private static final int PAGE = LibC.PAGE_SIZE;
  private static final int ENTRIES_PER_READ = 64 * 1024;

  private static final class Zero {
    static final ZeroPage PFNS = ZeroPage.probe();
  }

  private final ByteBuffer entries =
      ByteBuffer.allocateDirect(ENTRIES_PER_READ * 8).order(ByteOrder.nativeOrder());
  private final Pointer entriesPointer = Pointer.wrap(LibC.runtime(), entries);

  @Override
  public synchronized List<PageRegion> scan(int pid, long start, long end) throws KernelException {
    PagemapScan.checkRange(start, end);
    ZeroPage zero = Zero.PFNS;
    RegionList regions = new RegionList();
    long first = start / PAGE;
    long last = (end + PAGE - 1) / PAGE;
    try (ProcFile pagemap = ProcFile.open(pid, "pagemap", LibC.O_RDONLY)) {
      long page = first;
      while (page < last) {
        int want = (int) Math.min(ENTRIES_PER_READ, last - page);
        long r = pagemap.pread(entriesPointer, want * 8L, page * 8);
        if (r == -LibC.ESRCH || r == 0) {
          // 0 bytes: the process has no memory any more (exited or a zombie).
          throw new NoSuchProcessException(pid, "read " + pagemap.path());
        }
        if (r < 0) {
          throw new KernelException("read " + pagemap.path(), (int) -r);
        }
        int got = (int) (r / 8);
        for (int i = 0; i < got; i++) {
          int c = PagemapEntry.categories(entries.getLong(i * 8), zero);
          if (c != 0) {
            long vaddr = (page + i) * PAGE;
            regions.add(vaddr, vaddr + PAGE, c);
          }
        }
        page += got;
      }
    }
    return regions.toList();
  }
}
