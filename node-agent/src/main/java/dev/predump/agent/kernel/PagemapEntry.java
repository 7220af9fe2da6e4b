package dev.predump.agent.kernel;

/** Decodes one 64-bit entry of {@code /proc/PID/pagemap} (Documentation/admin-guide/mm/pagemap). */
final class PagemapEntry {

  static final long PM_PRESENT = 1L << 63;
  static final long PM_SWAP = 1L << 62;
  static final long PM_FILE = 1L << 61;
  static final long PM_GUARD_REGION = 1L << 58;
  static final long PM_SOFT_DIRTY = 1L << 55;
  static final long PM_PFN_MASK = (1L << 55) - 1;

  private PagemapEntry() {}

  /** The page frame number of a present page (0 without CAP_SYS_ADMIN). */
  static long pfn(long entry) {
    return (entry & PM_PRESENT) != 0 ? entry & PM_PFN_MASK : 0;
  }

  /**
   * The {@link PageCategory} bits of an entry; 0 when the page is neither present nor swapped.
   *
   * @param zeroPfns tells which frames are the zero page, or null when unknown
   */
  static int categories(long entry, ZeroPage zeroPfns) {
    if ((entry & (PM_PRESENT | PM_SWAP)) == 0) {
      return 0;
    }
    int c = 0;
    if ((entry & PM_PRESENT) != 0) {
      c |= PageCategory.PRESENT;
      if (zeroPfns != null && zeroPfns.isZero(entry & PM_PFN_MASK)) {
        c |= PageCategory.PFNZERO;
      }
    }
    if ((entry & PM_SWAP) != 0) {
      c |= PageCategory.SWAPPED;
    }
    if ((entry & PM_FILE) != 0) {
      c |= PageCategory.FILE;
    }
    if ((entry & PM_SOFT_DIRTY) != 0) {
      c |= PageCategory.SOFT_DIRTY;
    }
    if ((entry & PM_GUARD_REGION) != 0) {
      c |= PageCategory.GUARD;
    }
    return c;
  }
}
