package dev.predump.agent.kernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jnr.ffi.Pointer;

/**
 * The page frame numbers of the kernel's shared zero page and huge zero page, learnt by mapping
 * memory in this process, reading it (which maps the zero page) and looking up its frame in {@code
 * /proc/self/pagemap}. The pagemap file has no zero-page bit, unlike PAGEMAP_SCAN.
 *
 * <p>The huge zero page stays put once probed: this process's mm then holds a reference on it until
 * it exits.
 */
final class ZeroPage {

  private static final long HUGE = 2L << 20;
  private static final long HUGE_PAGES = HUGE / LibC.PAGE_SIZE;

  // Keeps the probing read from being optimised away.
  @SuppressWarnings("unused")
  private static volatile byte touched;

  private final long zeroPfn;
  private final long hugeZeroPfn;

  ZeroPage(long zeroPfn, long hugeZeroPfn) {
    this.zeroPfn = zeroPfn;
    this.hugeZeroPfn = hugeZeroPfn;
  }

  /** The probed frames, or null when frames are hidden (no CAP_SYS_ADMIN) or the probe failed. */
  static ZeroPage probe() {
    try {
      long small = firstPfnAfterRead(LibC.PAGE_SIZE, 0, false);
      if (small == 0) {
        return null;
      }
      // Needs transparent huge pages with use_zero_page; 0 (unknown) otherwise.
      long huge = firstPfnAfterRead(2 * HUGE, HUGE, true);
      return new ZeroPage(small, huge == small ? 0 : huge);
    } catch (KernelException e) {
      return null;
    }
  }

  boolean isZero(long pfn) {
    return pfn == zeroPfn
        || (hugeZeroPfn != 0 && pfn - hugeZeroPfn >= 0 && pfn - hugeZeroPfn < HUGE_PAGES);
  }

  private static long firstPfnAfterRead(long length, long align, boolean huge)
      throws KernelException {
    Pointer map = LibC.mapAnonymous(length);
    try {
      long address = map.address();
      if (align > 0) {
        address = (address + align - 1) / align * align;
      }
      Pointer at = Pointer.wrap(LibC.runtime(), address);
      if (huge && LibC.madvise(at, align, LibC.MADV_HUGEPAGE) != 0) {
        return 0;
      }
      // A read fault on untouched anonymous memory maps the (huge) zero page.
      touched = at.getByte(0);
      ByteBuffer entry = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
      try (ProcFile pagemap = ProcFile.open(0, "pagemap", LibC.O_RDONLY)) {
        long r =
            pagemap.pread(Pointer.wrap(LibC.runtime(), entry), 8, address / LibC.PAGE_SIZE * 8);
        if (r != 8) {
          return 0;
        }
      }
      return PagemapEntry.pfn(entry.getLong(0));
    } finally {
      LibC.unmap(map, length);
    }
  }
}
