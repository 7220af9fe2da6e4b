package dev.predump.image;

import dev.predump.image.proto.PagemapEntry;
import dev.predump.image.proto.PagemapHead;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The entries of one {@code pagemap-<pid>.img}, with each present range's offset in the pages file
 * precomputed so that an address is found by binary search.
 */
public final class Pagemap {
  private final Path file;
  private final int pagesId;
  private final List<PageRange> ranges;
  private final long[] starts;
  private final long[] pagesOffsets;
  private final long presentPages;
  private final long parentPages;

  private Pagemap(Path file, int pagesId, List<PageRange> ranges) {
    this.file = file;
    this.pagesId = pagesId;
    this.ranges = Collections.unmodifiableList(ranges);
    this.starts = new long[ranges.size()];
    this.pagesOffsets = new long[ranges.size()];
    long offset = 0;
    long present = 0;
    long parent = 0;
    for (int i = 0; i < ranges.size(); i++) {
      PageRange range = ranges.get(i);
      starts[i] = range.vaddr();
      // The pages file holds the present ranges back to back; parent ranges take no bytes.
      pagesOffsets[i] = offset;
      if (range.location() == PageLocation.PRESENT) {
        offset += range.bytes();
        present += range.nrPages();
      } else {
        parent += range.nrPages();
      }
    }
    this.presentPages = present;
    this.parentPages = parent;
  }

  /**
   * Reads and checks a pagemap file.
   *
   * @throws ImageFormatException on bad framing, bad flags, or entries that are unaligned, empty,
   *     unsorted or overlapping
   */
  public static Pagemap read(Path file) throws IOException {
    try (RecordReader reader = RecordReader.open(file, ImageMagic.PAGEMAP)) {
      PagemapHead head = reader.require(PagemapHead.parser(), "the pagemap head");
      List<PageRange> ranges = new ArrayList<>();
      long previousEnd = -1;
      while (true) {
        long offset = reader.offset();
        PagemapEntry entry = reader.next(PagemapEntry.parser());
        if (entry == null) {
          break;
        }
        PageRange range;
        try {
          range = PageRange.fromEntry(entry);
        } catch (IllegalArgumentException e) {
          throw new ImageFormatException(file, offset, e.getMessage());
        }
        if (entry.hasNrPages() && entry.getCompatNrPages() != (int) entry.getNrPages()) {
          throw new ImageFormatException(
              file,
              offset,
              "compat_nr_pages "
                  + Integer.toUnsignedString(entry.getCompatNrPages())
                  + " differs from nr_pages "
                  + entry.getNrPages());
        }
        if (range.vaddr() < previousEnd) {
          throw new ImageFormatException(
              file,
              offset,
              "entry "
                  + range
                  + " is unsorted or overlaps the previous one ending at 0x"
                  + Long.toHexString(previousEnd));
        }
        previousEnd = range.end();
        ranges.add(range);
      }
      return new Pagemap(file, head.getPagesId(), ranges);
    }
  }

  /** A pagemap built in memory, e.g. by tests; the ranges must be sorted and disjoint. */
  public static Pagemap of(Path file, int pagesId, List<PageRange> ranges) {
    for (int i = 1; i < ranges.size(); i++) {
      if (ranges.get(i).vaddr() < ranges.get(i - 1).end()) {
        throw new IllegalArgumentException("Ranges unsorted or overlapping at " + ranges.get(i));
      }
    }
    return new Pagemap(file, pagesId, new ArrayList<>(ranges));
  }

  public Path file() {
    return file;
  }

  public int pagesId() {
    return pagesId;
  }

  /** The entries in address order. */
  public List<PageRange> ranges() {
    return ranges;
  }

  /** Index of the range holding {@code vaddr}, or -1 when none does. */
  public int indexOf(long vaddr) {
    int i = Arrays.binarySearch(starts, vaddr);
    if (i >= 0) {
      return i;
    }
    int before = -i - 2;
    return before >= 0 && ranges.get(before).contains(vaddr) ? before : -1;
  }

  /** Byte offset of the first page of range {@code index} in the pages file (present ranges). */
  public long pagesOffset(int index) {
    return pagesOffsets[index];
  }

  /** Byte offset in the pages file of the page at {@code vaddr}, which must be present. */
  public long pagesOffsetOf(int index, long vaddr) {
    return pagesOffsets[index] + (vaddr - starts[index]);
  }

  public long presentPages() {
    return presentPages;
  }

  public long parentPages() {
    return parentPages;
  }
}
