package dev.predump.image;

import dev.predump.image.proto.PagemapEntry;

/**
 * A run of whole pages of one process, as one pagemap entry describes it.
 *
 * @param vaddr page-aligned start address
 * @param nrPages number of pages, at least 1
 * @param location where the page data lives
 */
public record PageRange(long vaddr, long nrPages, PageLocation location) {
  /** Largest page count one entry can carry: compat_nr_pages is a uint32. */
  public static final long MAX_PAGES_PER_ENTRY = 0xffff_ffffL;

  public PageRange {
    if (location == null) {
      throw new IllegalArgumentException("Page range without a location");
    }
    if (nrPages <= 0) {
      throw new IllegalArgumentException(
          "Page range at 0x" + Long.toHexString(vaddr) + " has " + nrPages + " pages");
    }
    if (vaddr < 0 || vaddr % ImageLayout.PAGE_SIZE != 0) {
      throw new IllegalArgumentException(
          "Page range start 0x" + Long.toHexString(vaddr) + " is not a page-aligned user address");
    }
    if (nrPages > (Long.MAX_VALUE - vaddr) / ImageLayout.PAGE_SIZE) {
      throw new IllegalArgumentException(
          "Page range at 0x" + Long.toHexString(vaddr) + " of " + nrPages + " pages overflows");
    }
  }

  /** First address after the range. */
  public long end() {
    return vaddr + nrPages * ImageLayout.PAGE_SIZE;
  }

  /** Length in bytes. */
  public long bytes() {
    return nrPages * ImageLayout.PAGE_SIZE;
  }

  /** True when {@code address} lies inside the range. */
  public boolean contains(long address) {
    return address >= vaddr && address < end();
  }

  /**
   * The pagemap entry for this range, readable by every CRIU from 2.x to 4.2: the count in both
   * {@code compat_nr_pages} and {@code nr_pages}, {@code flags} always set, {@code in_parent}
   * never.
   */
  public PagemapEntry toEntry() {
    if (nrPages > MAX_PAGES_PER_ENTRY) {
      throw new IllegalStateException(
          "Page range at 0x" + Long.toHexString(vaddr) + " is too long for one entry: " + nrPages);
    }
    return PagemapEntry.newBuilder()
        .setVaddr(vaddr)
        .setCompatNrPages((int) nrPages)
        .setFlags(location.flags())
        .setNrPages(nrPages)
        .build();
  }

  /**
   * Reads an entry as CRIU does: {@code nr_pages} when present, else {@code compat_nr_pages};
   * {@code flags} when present, else the legacy {@code in_parent}.
   *
   * @throws IllegalArgumentException when the flags are not exactly one of PE_PRESENT, PE_PARENT,
   *     or the range itself is invalid
   */
  public static PageRange fromEntry(PagemapEntry entry) {
    long count =
        entry.hasNrPages() ? entry.getNrPages() : Integer.toUnsignedLong(entry.getCompatNrPages());
    PageLocation location;
    if (entry.hasFlags()) {
      location =
          switch (entry.getFlags()) {
            case ImageLayout.PE_PRESENT -> PageLocation.PRESENT;
            case ImageLayout.PE_PARENT -> PageLocation.PARENT;
            default ->
                throw new IllegalArgumentException(
                    "Entry at 0x"
                        + Long.toHexString(entry.getVaddr())
                        + " has flags "
                        + entry.getFlags()
                        + ", expected exactly one of PE_PRESENT (4) or PE_PARENT (1)");
          };
    } else {
      location = entry.getInParent() ? PageLocation.PARENT : PageLocation.PRESENT;
    }
    return new PageRange(entry.getVaddr(), count, location);
  }

  @Override
  public String toString() {
    return location
        + " [0x"
        + Long.toHexString(vaddr)
        + "-0x"
        + Long.toHexString(end())
        + ") "
        + nrPages
        + " pages";
  }
}
