package dev.predump.agent.kernel;

import java.io.IOException;
import java.util.List;

/** Tells which pages of a process are present or swapped, and what kind they are. */
public interface PagemapSource {

  /**
   * Scans {@code [start, end)} of process {@code pid}.
   *
   * <p>Pass the ranges of mappings (from /proc/PID/maps), not the whole address space: the file
   * source costs 8 bytes per page of the range, mapped or not.
   *
   * @param start a page-aligned address
   * @param end the first address after the range (rounded up to a page)
   * @return the regions holding present or swapped pages, ascending; adjacent regions always have
   *     different categories
   * @throws NoSuchProcessException when the process has gone
   */
  List<PageRegion> scan(int pid, long start, long end) throws IOException;
}
