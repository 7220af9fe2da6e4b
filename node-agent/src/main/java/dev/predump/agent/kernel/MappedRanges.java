package dev.predump.agent.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The address ranges mapped in a process right now, from {@code /proc/PID/maps}. */
final class MappedRanges {

  private final long[] starts;
  private final long[] ends;

  private MappedRanges(long[] starts, long[] ends) {
    this.starts = starts;
    this.ends = ends;
  }

  static MappedRanges read(int pid) throws IOException {
    List<String> lines;
    try {
      lines = Files.readAllLines(Path.of("/proc/" + pid + "/maps"));
    } catch (NoSuchFileException e) {
      throw new NoSuchProcessException(pid, "read /proc/" + pid + "/maps");
    }
    return parse(lines);
  }

  static MappedRanges parse(List<String> lines) {
    long[] starts = new long[lines.size()];
    long[] ends = new long[lines.size()];
    int n = 0;
    for (String line : lines) {
      int dash = line.indexOf('-');
      int space = line.indexOf(' ', dash);
      if (dash <= 0 || space < 0) {
        continue;
      }
      starts[n] = Long.parseUnsignedLong(line.substring(0, dash), 16);
      ends[n] = Long.parseUnsignedLong(line.substring(dash + 1, space), 16);
      n++;
    }
    return new MappedRanges(Arrays.copyOf(starts, n), Arrays.copyOf(ends, n));
  }

  /** True when {@code vaddr} lies inside a mapping. */
  boolean isMapped(long vaddr) {
    return indexOf(vaddr) >= 0;
  }

  /** For an unmapped address: the start of the next mapping above it (the end of its hole). */
  long holeEnd(long vaddr) {
    for (int i = 0; i < starts.length; i++) {
      if (Long.compareUnsigned(starts[i], vaddr) > 0) {
        return starts[i];
      }
    }
    return Long.MAX_VALUE;
  }

  private int indexOf(long vaddr) {
    // The kernel lists mappings in ascending order.
    for (int i = 0; i < starts.length; i++) {
      if (Long.compareUnsigned(vaddr, starts[i]) >= 0 && Long.compareUnsigned(vaddr, ends[i]) < 0) {
        return i;
      }
    }
    return -1;
  }
}
