package dev.predump.agent.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** What one benchmark run measured, printed as tables and written as JSON. */
final class BenchResults {
  /** How a set of frozen times spreads: count, median, nearest-rank p90 and maximum, in ms. */
  record Spread(int count, double medianMs, double p90Ms, double maxMs) {
    static Spread of(double[] values) {
      double[] sorted = Arrays.stream(values).sorted().toArray();
      return new Spread(
          sorted.length,
          Benchmark.median(sorted),
          Benchmark.percentile(sorted, 90),
          sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1]);
    }

    String json(String prefix) {
      return String.format(
          Locale.ROOT,
          "\"%1$s_rounds\": %2$d, \"%1$s_median_ms\": %3$.3f, \"%1$s_p90_ms\": %4$.3f,"
              + " \"%1$s_max_ms\": %5$.3f",
          prefix,
          count,
          medianMs,
          p90Ms,
          maxMs);
    }

    String columns() {
      return String.format(Locale.ROOT, "%7d %8.2f %8.2f %8.2f", count, medianMs, p90Ms, maxMs);
    }
  }

  /** Frozen time of rounds of one tracker on one target: round 1, and the later ones. */
  record Frozen(String tracker, long sizeBytes, int mappings, double round1Ms, Spread later) {}

  /**
   * Later rounds' frozen time on one target with the freezing thread at normal and at real-time
   * priority during the window, runs taking turns.
   */
  record Priority(
      String tracker, long sizeBytes, int mappings, int runs, Spread normal, Spread realtime) {}

  /**
   * Engine copy time, in both write modes, against the raw baselines (buffered, the issue's, and
   * O_DIRECT) on the same target, the four taking turns; ratios are raw time over engine time
   * (above 1: faster than raw).
   */
  record Throughput(
      long sizeBytes,
      int runs,
      double rawMedianMs,
      double rawDirectMedianMs,
      double bufferedMedianMs,
      double directMedianMs) {
    double bufferedRatio() {
      return rawMedianMs / bufferedMedianMs;
    }

    double directRatio() {
      return rawMedianMs / directMedianMs;
    }

    /** The engine's direct writes against raw direct writes: the cost of the engine itself. */
    double directToRawDirectRatio() {
      return rawDirectMedianMs / directMedianMs;
    }
  }

  /** Pages the hash tracker wrote in the workload's regions against the pages it changed. */
  record HashAccuracy(int round, long pagesChanged, long pagesWrittenInRegions) {}

  /** Peak resident memory and pipes of an agent process dumping a target. */
  record AgentMemory(
      long sizeBytes,
      int runs,
      long peakRssBytes,
      long lowestPeakBytes,
      long highestPeakBytes,
      int maxPipes) {}

  /** Round 1's frozen time in a fresh process, without and with the frozen-path warm-up. */
  record ColdStart(long sizeBytes, int runs, double noWarmUpMedianMs, double warmUpMedianMs) {}

  /** Time to find the present pages of a target, by ioctl and by reading pagemap. */
  record PagemapCost(long sizeBytes, int mappings, double ioctlMedianMs, double fileMedianMs) {}

  final String machine;
  final List<Frozen> frozen = new ArrayList<>();
  final List<Throughput> throughput = new ArrayList<>();
  final List<HashAccuracy> hash = new ArrayList<>();
  final List<AgentMemory> memory = new ArrayList<>();
  final List<PagemapCost> pagemap = new ArrayList<>();
  final List<ColdStart> coldStart = new ArrayList<>();
  final List<Priority> priority = new ArrayList<>();

  BenchResults(String machine) {
    this.machine = machine;
  }

  static String mib(long bytes) {
    return bytes >= (1L << 30) ? (bytes >> 30) + " GiB" : (bytes >> 20) + " MiB";
  }

  String table() {
    StringBuilder b = new StringBuilder();
    b.append("Machine: ").append(machine).append('\n');
    if (!frozen.isEmpty()) {
      frozenTable(b);
    }
    if (!throughput.isEmpty()) {
      throughputTable(b);
    }
    if (!hash.isEmpty()) {
      hashTable(b);
    }
    if (!memory.isEmpty()) {
      memoryTable(b);
    }
    if (!pagemap.isEmpty()) {
      pagemapTable(b);
    }
    if (!coldStart.isEmpty()) {
      coldStartTable(b);
    }
    if (!priority.isEmpty()) {
      priorityTable(b);
    }
    return b.toString();
  }

  private void frozenTable(StringBuilder b) {
    b.append(
        "\nFrozen time per round (ms): round 1, then the later rounds' count, median, p90 (nearest"
            + " rank) and max\n");
    b.append(
        String.format(
            "%-10s %8s %9s %9s %7s %8s %8s %8s%n",
            "tracker", "size", "mappings", "round 1", "later", "median", "p90", "max"));
    for (Frozen f : frozen) {
      b.append(
          String.format(
              Locale.ROOT,
              "%-10s %8s %9d %9.2f %s%n",
              f.tracker(),
              mib(f.sizeBytes()),
              f.mappings(),
              f.round1Ms(),
              f.later().columns()));
    }
  }

  private void throughputTable(StringBuilder b) {
    b.append(
        "\nCopy into image files against raw process_vm_readv-into-one-file loops (raw: buffered"
            + " writes, the\nbaseline; raw-D: O_DIRECT writes). Medians of runs taking turns;"
            + " ratio = raw time / engine time,\nabove 1 is faster than the baseline\n");
    b.append(
        String.format(
            "%8s %4s %8s %8s %12s %6s %10s %6s %9s %6s%n",
            "size",
            "runs",
            "raw ms",
            "raw-D ms",
            "buffered ms",
            "ratio",
            "direct ms",
            "ratio",
            "vs raw-D",
            "GiB/s"));
    for (Throughput t : throughput) {
      double gibs = t.sizeBytes() / (t.directMedianMs() / 1000.0) / (1L << 30);
      b.append(
          String.format(
              Locale.ROOT,
              "%8s %4d %8.1f %8.1f %12.1f %6.2f %10.1f %6.2f %9.2f %6.2f%n",
              mib(t.sizeBytes()),
              t.runs(),
              t.rawMedianMs(),
              t.rawDirectMedianMs(),
              t.bufferedMedianMs(),
              t.bufferedRatio(),
              t.directMedianMs(),
              t.directRatio(),
              t.directToRawDirectRatio(),
              gibs));
    }
  }

  private void hashTable(StringBuilder b) {
    b.append("\nHash tracker: pages written in the workload's regions against pages it changed\n");
    for (HashAccuracy h : hash) {
      b.append(
          String.format(
              "round %d: changed %d, written %d%n",
              h.round(), h.pagesChanged(), h.pagesWrittenInRegions()));
    }
  }

  private void memoryTable(StringBuilder b) {
    b.append(
        "\nAgent process (predump dump, hash tracking, 2 rounds): peak RSS (median of runs, and"
            + " their range) and pipes\n");
    for (AgentMemory m : memory) {
      b.append(
          String.format(
              Locale.ROOT,
              "target %8s: peak RSS %6.1f MiB (%.1f-%.1f, %d runs), pipes beyond stdio %d%n",
              mib(m.sizeBytes()),
              m.peakRssBytes() / 1048576.0,
              m.lowestPeakBytes() / 1048576.0,
              m.highestPeakBytes() / 1048576.0,
              m.runs(),
              m.maxPipes()));
    }
    if (memory.size() >= 2) {
      AgentMemory a = memory.get(0);
      AgentMemory z = memory.get(memory.size() - 1);
      double perGib =
          (z.peakRssBytes() - a.peakRssBytes())
              / 1048576.0
              / ((z.sizeBytes() - a.sizeBytes()) / (double) (1L << 30));
      b.append(
          String.format(
              Locale.ROOT, "growth: %.1f MiB of agent RSS per GiB of target (medians)%n", perGib));
    }
  }

  private void coldStartTable(StringBuilder b) {
    b.append(
        "\nRound 1 of a fresh process (predump dump --cgroup, as the first PreDump after an agent"
            + " starts):\nfrozen ms, median\n");
    for (ColdStart c : coldStart) {
      b.append(
          String.format(
              Locale.ROOT,
              "%8s %d runs: without warm-up %6.2f, with warm-up %6.2f%n",
              mib(c.sizeBytes()),
              c.runs(),
              c.noWarmUpMedianMs(),
              c.warmUpMedianMs()));
    }
  }

  private void priorityTable(StringBuilder b) {
    b.append(
        "\nFreezing thread's priority in the window, runs taking turns (later rounds, frozen ms)\n");
    b.append(
        String.format(
            "%-10s %8s %9s %-9s %7s %8s %8s %8s%n",
            "tracker", "size", "mappings", "priority", "rounds", "median", "p90", "max"));
    for (Priority p : priority) {
      for (boolean realtime : new boolean[] {false, true}) {
        b.append(
            String.format(
                Locale.ROOT,
                "%-10s %8s %9d %-9s %s%n",
                p.tracker(),
                mib(p.sizeBytes()),
                p.mappings(),
                realtime ? "realtime" : "normal",
                (realtime ? p.realtime() : p.normal()).columns()));
      }
    }
  }

  private void pagemapTable(StringBuilder b) {
    b.append(
        "\nFinding present pages: PAGEMAP_SCAN ioctl against reading /proc/PID/pagemap (ms, median)\n");
    for (PagemapCost p : pagemap) {
      b.append(
          String.format(
              Locale.ROOT,
              "%8s %6d mappings: ioctl %8.2f, file %8.2f (%.1fx)%n",
              mib(p.sizeBytes()),
              p.mappings(),
              p.ioctlMedianMs(),
              p.fileMedianMs(),
              p.fileMedianMs() / Math.max(0.001, p.ioctlMedianMs())));
    }
  }

  String json() {
    StringBuilder b =
        new StringBuilder("{\n  \"machine\": \"")
            .append(machine.replace("\"", "'"))
            .append("\",\n");
    array(
        b,
        "frozen",
        frozen,
        f ->
            String.format(
                Locale.ROOT,
                "{\"tracker\": \"%s\", \"size_bytes\": %d, \"mappings\": %d, \"round1_ms\": %.3f,"
                    + " %s}",
                f.tracker(),
                f.sizeBytes(),
                f.mappings(),
                f.round1Ms(),
                f.later().json("later")));
    b.append(",\n");
    array(
        b,
        "throughput",
        throughput,
        t ->
            String.format(
                Locale.ROOT,
                "{\"size_bytes\": %d, \"runs\": %d, \"raw_median_ms\": %.3f,"
                    + " \"raw_direct_median_ms\": %.3f,"
                    + " \"engine_buffered_median_ms\": %.3f, \"ratio_buffered\": %.4f,"
                    + " \"engine_direct_median_ms\": %.3f, \"ratio_direct\": %.4f,"
                    + " \"ratio_direct_to_raw_direct\": %.4f}",
                t.sizeBytes(),
                t.runs(),
                t.rawMedianMs(),
                t.rawDirectMedianMs(),
                t.bufferedMedianMs(),
                t.bufferedRatio(),
                t.directMedianMs(),
                t.directRatio(),
                t.directToRawDirectRatio()));
    b.append(",\n");
    array(
        b,
        "hash_accuracy",
        hash,
        h ->
            String.format(
                "{\"round\": %d, \"pages_changed\": %d, \"pages_written\": %d}",
                h.round(), h.pagesChanged(), h.pagesWrittenInRegions()));
    b.append(",\n");
    array(
        b,
        "agent_memory",
        memory,
        m ->
            String.format(
                "{\"size_bytes\": %d, \"runs\": %d, \"peak_rss_bytes\": %d,"
                    + " \"lowest_peak_rss_bytes\": %d, \"highest_peak_rss_bytes\": %d,"
                    + " \"max_pipes\": %d}",
                m.sizeBytes(),
                m.runs(),
                m.peakRssBytes(),
                m.lowestPeakBytes(),
                m.highestPeakBytes(),
                m.maxPipes()));
    b.append(",\n");
    array(
        b,
        "pagemap",
        pagemap,
        p ->
            String.format(
                Locale.ROOT,
                "{\"size_bytes\": %d, \"mappings\": %d, \"ioctl_median_ms\": %.3f,"
                    + " \"file_median_ms\": %.3f}",
                p.sizeBytes(),
                p.mappings(),
                p.ioctlMedianMs(),
                p.fileMedianMs()));
    b.append(",\n");
    array(
        b,
        "cold_start",
        coldStart,
        c ->
            String.format(
                Locale.ROOT,
                "{\"size_bytes\": %d, \"runs\": %d, \"round1_frozen_no_warm_up_median_ms\":"
                    + " %.3f, \"round1_frozen_warm_up_median_ms\": %.3f}",
                c.sizeBytes(),
                c.runs(),
                c.noWarmUpMedianMs(),
                c.warmUpMedianMs()));
    b.append(",\n");
    array(
        b,
        "priority",
        priority,
        p ->
            String.format(
                Locale.ROOT,
                "{\"tracker\": \"%s\", \"size_bytes\": %d, \"mappings\": %d, \"runs\": %d, %s,"
                    + " %s}",
                p.tracker(),
                p.sizeBytes(),
                p.mappings(),
                p.runs(),
                p.normal().json("normal"),
                p.realtime().json("realtime")));
    b.append("\n}\n");
    return b.toString();
  }

  /** Appends {@code "name": [...]}, one object a line. */
  private static <T> void array(
      StringBuilder b, String name, List<T> items, Function<T, String> object) {
    b.append("  \"").append(name).append("\": [");
    for (int i = 0; i < items.size(); i++) {
      b.append(i == 0 ? "\n    " : ",\n    ").append(object.apply(items.get(i)));
    }
    b.append("\n  ]");
  }
}
