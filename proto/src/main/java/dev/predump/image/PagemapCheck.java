package dev.predump.image;

import dev.predump.image.VerificationReport.Problem;
import dev.predump.image.proto.PagemapEntry;
import dev.predump.image.proto.PagemapHead;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Checks one pagemap file and its pages file, keeping every well-formed entry for later checks. */
final class PagemapCheck {
  /** An entry that passed the checks, with the offset of its record for later reports. */
  record Entry(PageRange range, long offset) {}

  /**
   * What could be read of one pagemap.
   *
   * @param pagesId -1 when the head is unreadable
   */
  record Result(Path file, int nsPid, long pagesId, List<Entry> entries) {
    long presentPages() {
      return entries.stream()
          .filter(e -> e.range().location() == PageLocation.PRESENT)
          .mapToLong(e -> e.range().nrPages())
          .sum();
    }

    long parentPages() {
      return entries.stream()
          .filter(e -> e.range().location() == PageLocation.PARENT)
          .mapToLong(e -> e.range().nrPages())
          .sum();
    }
  }

  private PagemapCheck() {}

  static Result check(Path file, int nsPid, List<Problem> problems) {
    List<Entry> entries = new ArrayList<>();
    long pagesId = -1;
    boolean complete = false;
    try (RecordReader reader = RecordReader.open(file, ImageMagic.PAGEMAP)) {
      PagemapHead head = reader.require(PagemapHead.parser(), "the pagemap head");
      pagesId = Integer.toUnsignedLong(head.getPagesId());
      long previousEnd = -1;
      while (true) {
        long offset = reader.offset();
        PagemapEntry entry = reader.next(PagemapEntry.parser());
        if (entry == null) {
          break;
        }
        PageRange range = checkEntry(file, offset, entry, previousEnd, problems);
        if (range != null) {
          entries.add(new Entry(range, offset));
          previousEnd = Math.max(previousEnd, range.end());
        }
      }
      complete = true;
    } catch (ImageFormatException e) {
      problems.add(new Problem(e.file(), e.offset(), e.problem()));
    } catch (IOException e) {
      problems.add(new Problem(file, -1, "cannot read: " + e));
    }
    Result result = new Result(file, nsPid, pagesId, List.copyOf(entries));
    if (pagesId >= 0 && complete) {
      checkPagesFile(file, result, problems);
    }
    return result;
  }

  private static PageRange checkEntry(
      Path file, long offset, PagemapEntry entry, long previousEnd, List<Problem> problems) {
    String at = "entry at 0x" + Long.toHexString(entry.getVaddr());
    int before = problems.size();
    long nrPages =
        entry.hasNrPages() ? entry.getNrPages() : Integer.toUnsignedLong(entry.getCompatNrPages());
    if (!entry.hasNrPages()) {
      problems.add(new Problem(file, offset, at + ": nr_pages missing (CRIU >= 4.2 reads it)"));
    } else if (Integer.toUnsignedLong(entry.getCompatNrPages()) != nrPages) {
      problems.add(
          new Problem(
              file,
              offset,
              at
                  + ": compat_nr_pages "
                  + Integer.toUnsignedString(entry.getCompatNrPages())
                  + " differs from nr_pages "
                  + nrPages));
    }
    if (!entry.hasFlags()) {
      problems.add(new Problem(file, offset, at + ": flags missing"));
    } else if (entry.getFlags() != ImageLayout.PE_PRESENT
        && entry.getFlags() != ImageLayout.PE_PARENT) {
      problems.add(
          new Problem(
              file,
              offset,
              at
                  + ": flags "
                  + entry.getFlags()
                  + " are not exactly one of PE_PRESENT (4) or PE_PARENT (1)"));
    }
    if (nrPages <= 0) {
      problems.add(new Problem(file, offset, at + ": nr_pages is 0"));
    }
    if (entry.getVaddr() % ImageLayout.PAGE_SIZE != 0 || entry.getVaddr() < 0) {
      problems.add(new Problem(file, offset, at + ": vaddr is not page-aligned"));
    }
    if (entry.getVaddr() < previousEnd) {
      problems.add(
          new Problem(
              file,
              offset,
              at
                  + ": unsorted or overlapping, the previous entries reach 0x"
                  + Long.toHexString(previousEnd)));
    }
    if (problems.size() > before) {
      return null;
    }
    try {
      return PageRange.fromEntry(entry);
    } catch (IllegalArgumentException e) {
      problems.add(new Problem(file, offset, at + ": " + e.getMessage()));
      return null;
    }
  }

  private static void checkPagesFile(Path pagemap, Result result, List<Problem> problems) {
    Path pages = pagemap.resolveSibling(ImageLayout.pagesName((int) result.pagesId()));
    if (!Files.isRegularFile(pages)) {
      problems.add(
          new Problem(pagemap, -1, "its pages file " + pages.getFileName() + " is missing"));
      return;
    }
    long expected = result.presentPages() * ImageLayout.PAGE_SIZE;
    try {
      long size = Files.size(pages);
      if (size != expected) {
        problems.add(
            new Problem(
                pages,
                Math.min(size, expected),
                "pages file is "
                    + size
                    + " bytes, the present entries of "
                    + pagemap.getFileName()
                    + " need "
                    + expected));
      }
    } catch (IOException e) {
      problems.add(new Problem(pages, -1, "cannot read its size: " + e));
    }
  }
}
