package dev.predump.agent.proc;

import java.io.IOException;
import java.nio.file.Path;

/** The time since boot, from {@code /proc/uptime}. */
public final class Uptime {

  private static final Path UPTIME = Path.of("/proc/uptime");

  private Uptime() {}

  /**
   * Microseconds since boot as CRIU's {@code dump_uptime} wants it: {@code sec * 1e6 + centisec *
   * 1e4}. Taken while the target is frozen.
   */
  public static long dumpUptimeMicros() throws IOException {
    String text = ProcFiles.read(UPTIME, -1);
    try {
      return parseMicros(text);
    } catch (IllegalArgumentException e) {
      throw new IOException("Cannot parse " + UPTIME + ": '" + text.strip() + "'", e);
    }
  }

  /** The first field of an uptime text, {@code "12345.67 ..."}, in microseconds. */
  public static long parseMicros(String text) {
    String first = text.strip().split("\\s+")[0];
    int dot = first.indexOf('.');
    if (dot < 0) {
      return Math.multiplyExact(Long.parseLong(first), 1_000_000L);
    }
    long seconds = Long.parseLong(first.substring(0, dot));
    // The kernel prints two decimals (centiseconds); take up to six digits in case that changes.
    String fraction = (first.substring(dot + 1) + "000000").substring(0, 6);
    return Math.addExact(Math.multiplyExact(seconds, 1_000_000L), Long.parseLong(fraction));
  }
}
