package dev.predump.agent.proc;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parser of {@code /proc/PID/maps}. Reading maps costs O(number of mappings) in the kernel, so the
 * engine may read it while the target is frozen: about 0.1 ms to read and 0.06 ms to parse 200
 * mappings here. The whole file is read into one buffer before parsing, in as few read(2) calls as
 * the kernel allows (it hands out one page per call).
 */
public final class ProcMaps {

  // show_map_vma() pads the fixed fields to 25 + 6 * sizeof(void *) - 1 = 72 columns on 64-bit
  // kernels, then writes one space: the name starts at column 73. Knowing the column keeps a name
  // that starts with spaces intact; other layouts fall back to skipping the padding.
  private static final int NAME_COLUMN = 73;

  private ProcMaps() {}

  /** The mappings of a process, in address order. */
  public static List<Vma> read(int pid) throws IOException {
    return parse(pid, ProcFiles.read(pid, "maps"));
  }

  /** Parses the maps text of process {@code pid}; a malformed line is an IOException. */
  public static List<Vma> parse(int pid, String text) throws IOException {
    try {
      return parse(text);
    } catch (IllegalArgumentException e) {
      throw new IOException("Cannot parse /proc/" + pid + "/maps: " + e.getMessage(), e);
    }
  }

  /** Parses the text of a maps file; throws IllegalArgumentException naming a malformed line. */
  public static List<Vma> parse(String text) {
    List<Vma> vmas = new ArrayList<>(Math.max(16, text.length() / 80));
    int lineStart = 0;
    while (lineStart < text.length()) {
      int lineEnd = text.indexOf('\n', lineStart);
      if (lineEnd < 0) {
        lineEnd = text.length();
      }
      if (lineEnd > lineStart) {
        vmas.add(parseLine(text.substring(lineStart, lineEnd)));
      }
      lineStart = lineEnd + 1;
    }
    return vmas;
  }

  /** Parses one line: {@code start-end perms offset dev inode [name]}. */
  public static Vma parseLine(String line) {
    try {
      int dash = line.indexOf('-');
      int permsAt = line.indexOf(' ', dash) + 1;
      int offsetAt = line.indexOf(' ', permsAt) + 1;
      int devAt = line.indexOf(' ', offsetAt) + 1;
      int inodeAt = line.indexOf(' ', devAt) + 1;
      if (dash <= 0 || permsAt == 0 || offsetAt == 0 || devAt == 0 || inodeAt == 0) {
        throw new IllegalArgumentException("too few fields");
      }
      int inodeEnd = line.indexOf(' ', inodeAt);
      if (inodeEnd < 0) {
        inodeEnd = line.length();
      }
      return new Vma(
          Long.parseUnsignedLong(line, 0, dash, 16),
          Long.parseUnsignedLong(line, dash + 1, permsAt - 1, 16),
          line.substring(permsAt, offsetAt - 1),
          Long.parseUnsignedLong(line, offsetAt, devAt - 1, 16),
          line.substring(devAt, inodeAt - 1),
          Long.parseUnsignedLong(line, inodeAt, inodeEnd, 10),
          name(line, inodeEnd));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "malformed maps line '" + line + "': " + e.getMessage(), e);
    }
  }

  private static String name(String line, int inodeEnd) {
    if (inodeEnd >= line.length()) {
      return "";
    }
    if (inodeEnd < NAME_COLUMN && line.length() > NAME_COLUMN && blank(line, inodeEnd)) {
      return line.substring(NAME_COLUMN);
    }
    return line.substring(inodeEnd).stripLeading();
  }

  private static boolean blank(String line, int from) {
    for (int i = from; i < NAME_COLUMN; i++) {
      if (line.charAt(i) != ' ') {
        return false;
      }
    }
    return true;
  }
}
