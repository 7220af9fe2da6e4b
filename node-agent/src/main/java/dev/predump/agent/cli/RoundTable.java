package dev.predump.agent.cli;

import dev.predump.agent.engine.RoundStats;
import java.io.PrintStream;
import java.util.Locale;

/** Prints rounds as they complete: an aligned table for people, or one JSON object per line. */
final class RoundTable {
  private final PrintStream out;
  private final boolean json;
  private boolean headerPrinted;

  RoundTable(PrintStream out, boolean json) {
    this.out = out;
    this.json = json;
  }

  void print(RoundStats s) {
    if (json) {
      out.println(toJson(s));
      out.flush();
      return;
    }
    if (!headerPrinted) {
      out.printf(
          "%5s  %-10s  %10s  %9s  %9s  %10s  %10s  %10s  %9s  %8s  %6s  %5s%n",
          "round",
          "tracker",
          "frozen ms",
          "copy ms",
          "MiB/s",
          "scanned",
          "written",
          "parent",
          "written",
          "vanished",
          "procs",
          "maps");
      headerPrinted = true;
    }
    out.printf(
        Locale.ROOT,
        "%5d  %-10s  %10.2f  %9.1f  %9.0f  %10d  %10d  %10d  %9s  %8d  %6d  %5d%n",
        s.round(),
        s.tracking().cliName(),
        s.frozenTime() / 1000.0,
        s.memdumpTime() / 1000.0,
        s.throughputBytesPerSecond() / 1048576.0,
        s.pagesScanned(),
        s.pagesWritten(),
        s.pagesSkippedParent(),
        Sizes.human(s.bytesWritten()),
        s.pagesVanished() + s.pagesUnreadable(),
        s.processes(),
        s.mappings());
    out.flush();
  }

  static String toJson(RoundStats s) {
    return String.format(
        Locale.ROOT,
        "{\"round\":%d,\"tracker\":\"%s\",\"start_time\":\"%s\",\"freezing_time\":%d,"
            + "\"frozen_time\":%d,\"memdump_time\":%d,\"memwrite_time\":%d,"
            + "\"pages_scanned\":%d,\"pages_skipped_parent\":%d,\"pages_written\":%d,"
            + "\"pages_dirty\":%d,\"pages_vanished\":%d,\"pages_unreadable\":%d,"
            + "\"pages_via_proc_mem\":%d,\"bytes_written\":%d,\"throughput_bytes_per_second\":%d,"
            + "\"dirty_bytes_per_second\":%s,\"mappings\":%d,\"processes\":%d,"
            + "\"processes_exited\":%d}",
        s.round(),
        s.tracking().cliName(),
        s.startTime(),
        s.freezingTime(),
        s.frozenTime(),
        s.memdumpTime(),
        s.memwriteTime(),
        s.pagesScanned(),
        s.pagesSkippedParent(),
        s.pagesWritten(),
        s.pagesWritten(),
        s.pagesVanished(),
        s.pagesUnreadable(),
        s.pagesViaProcMem(),
        s.bytesWritten(),
        s.throughputBytesPerSecond(),
        // null when unknown (round 1): 0 would read as "the workload dirties nothing".
        s.dirtyBytesPerSecond() < 0 ? "null" : Long.toString(s.dirtyBytesPerSecond()),
        s.mappings(),
        s.processes(),
        s.processesExited());
  }
}
