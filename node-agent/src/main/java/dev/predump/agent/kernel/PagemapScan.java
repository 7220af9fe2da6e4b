package dev.predump.agent.kernel;

import java.util.List;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * The PAGEMAP_SCAN ioctl on {@code /proc/PID/pagemap} (Linux 6.7+): the kernel walks the page
 * tables and returns whole regions, skipping unmapped and untouched ranges without a word per page.
 */
public final class PagemapScan implements PagemapSource {

  private static final int PAGE = LibC.PAGE_SIZE;

  /** {@code _IOWR('f', 16, struct pm_scan_arg)}. */
  static final long PAGEMAP_SCAN = (3L << 30) | (96L << 16) | ('f' << 8) | 16;

  // struct pm_scan_arg: twelve __u64 fields.
  static final int SIZE = 0;
  static final int FLAGS = 8;
  static final int START = 16;
  static final int END = 24;
  static final int WALK_END = 32;
  static final int VEC = 40;
  static final int VEC_LEN = 48;
  static final int MAX_PAGES = 56;
  static final int CATEGORY_INVERTED = 64;
  static final int CATEGORY_MASK = 72;
  static final int CATEGORY_ANYOF_MASK = 80;
  static final int RETURN_MASK = 88;
  static final int SIZEOF_PM_SCAN_ARG = 96;

  // struct page_region { __u64 start; __u64 end; __u64 categories; }
  static final int PR_START = 0;
  static final int PR_END = 8;
  static final int PR_CATEGORIES = 16;
  static final int SIZEOF_PAGE_REGION = 24;

  private static final int VEC_CAPACITY = 4096;

  private static final class Probe {
    static final int RETURN_MASK = probeReturnMask();
  }

  private final Pointer arg;
  private final Pointer vec;
  private final int vecCapacity;

  /**
   * @throws UnsupportedOperationException when the kernel lacks PAGEMAP_SCAN (see {@link
   *     #supported()})
   */
  public PagemapScan() {
    this(VEC_CAPACITY);
    if (!supported()) {
      throw new UnsupportedOperationException("This kernel has no PAGEMAP_SCAN ioctl");
    }
  }

  /** A scanner with a smaller output vector (tests use it to force the walk_end continuation). */
  PagemapScan(int vecCapacity) {
    this.vecCapacity = vecCapacity;
    this.arg = Memory.allocateDirect(LibC.runtime(), SIZEOF_PM_SCAN_ARG, true);
    this.vec = Memory.allocateDirect(LibC.runtime(), (long) vecCapacity * SIZEOF_PAGE_REGION, true);
  }

  /** True when this kernel answers PAGEMAP_SCAN (probed once on this process). */
  public static boolean supported() {
    return Probe.RETURN_MASK != 0;
  }

  @Override
  public synchronized List<PageRegion> scan(int pid, long start, long end) throws KernelException {
    checkRange(start, end);
    RegionList regions = new RegionList();
    try (ProcFile pagemap = ProcFile.open(pid, "pagemap", LibC.O_RDONLY)) {
      long cursor = start;
      while (cursor < end) {
        int n = scanOnce(pagemap, cursor, end, Probe.RETURN_MASK);
        if (n == -LibC.ESRCH) {
          throw new NoSuchProcessException(pid, "ioctl PAGEMAP_SCAN " + pagemap.path());
        }
        if (n < 0) {
          throw new KernelException("ioctl PAGEMAP_SCAN " + pagemap.path(), -n);
        }
        long lastEnd = cursor;
        for (int i = 0; i < n; i++) {
          long at = (long) i * SIZEOF_PAGE_REGION;
          lastEnd = vec.getLong(at + PR_END);
          regions.add(vec.getLong(at + PR_START), lastEnd, (int) vec.getLong(at + PR_CATEGORIES));
        }
        if (n < vecCapacity) {
          // Room was left, so the walk reached the end. walk_end cannot tell: when the kernel's
          // internal buffer filled on the way, it keeps that stale restart point (seen on 6.18).
          break;
        }
        // The output vector filled: go on where the walk stopped.
        long next = Math.max(arg.getLong(WALK_END), lastEnd);
        if (next <= cursor) {
          throw new KernelException("ioctl PAGEMAP_SCAN made no progress at " + cursor, LibC.EIO);
        }
        cursor = next;
      }
    }
    return regions.toList();
  }

  private int scanOnce(ProcFile pagemap, long start, long end, int returnMask) {
    arg.putLong(SIZE, SIZEOF_PM_SCAN_ARG);
    arg.putLong(FLAGS, 0);
    arg.putLong(START, start);
    arg.putLong(END, end);
    arg.putLong(WALK_END, 0);
    arg.putLong(VEC, vec.address());
    arg.putLong(VEC_LEN, vecCapacity);
    arg.putLong(MAX_PAGES, 0);
    arg.putLong(CATEGORY_INVERTED, 0);
    arg.putLong(CATEGORY_MASK, 0);
    arg.putLong(CATEGORY_ANYOF_MASK, PageCategory.PRESENT | PageCategory.SWAPPED);
    arg.putLong(RETURN_MASK, returnMask);
    return pagemap.ioctl(PAGEMAP_SCAN, arg);
  }

  static void checkRange(long start, long end) {
    if (start < 0 || start % PAGE != 0 || end < start) {
      throw new IllegalArgumentException(
          "Bad pagemap range 0x" + Long.toHexString(start) + "-0x" + Long.toHexString(end));
    }
  }

  /**
   * The widest return mask this kernel accepts: it rejects unknown category bits with EINVAL (GUARD
   * needs 6.15, SOFT_DIRTY 6.8); 0 when it has no PAGEMAP_SCAN at all (ENOTTY).
   */
  private static int probeReturnMask() {
    int all = PageCategory.ALL;
    int[] candidates = {
      all, all & ~PageCategory.GUARD, all & ~(PageCategory.GUARD | PageCategory.SOFT_DIRTY)
    };
    try (ProcFile self = ProcFile.open(0, "pagemap", LibC.O_RDONLY)) {
      Pointer anchor = LibC.mapAnonymous(PAGE);
      try {
        PagemapScan probe = new PagemapScan(1);
        for (int mask : candidates) {
          int r = probe.scanOnce(self, anchor.address(), anchor.address() + PAGE, mask);
          if (r >= 0) {
            return mask;
          }
          if (r != -LibC.EINVAL) {
            return 0;
          }
        }
        return 0;
      } finally {
        LibC.unmap(anchor, PAGE);
      }
    } catch (KernelException e) {
      return 0;
    }
  }
}
