package dev.predump.agent.bench;

import dev.predump.agent.engine.Cancellation;
import dev.predump.agent.engine.DumpOptions;
import dev.predump.agent.engine.LiveComparison;
import dev.predump.agent.engine.PreCopy;
import dev.predump.agent.engine.RoundStats;
import dev.predump.agent.engine.RunResult;
import dev.predump.agent.engine.StopPolicy;
import dev.predump.agent.engine.Target;
import dev.predump.agent.engine.Targets;
import dev.predump.agent.engine.Tracking;
import dev.predump.agent.kernel.PageRun;
import dev.predump.agent.kernel.PagemapFile;
import dev.predump.agent.kernel.PagemapScan;
import dev.predump.agent.kernel.PagemapSource;
import dev.predump.agent.kernel.PagemapSources;
import dev.predump.agent.kernel.SoftDirty;
import dev.predump.agent.proc.ProcMaps;
import dev.predump.agent.proc.Vma;
import dev.predump.agent.workload.ScratchCgroup;
import dev.predump.agent.workload.WorkloadProcess;
import dev.predump.agent.workload.WorkloadSpec;
import dev.predump.image.ImageChain;
import dev.predump.image.PageLocation;
import dev.predump.image.PageRange;
import dev.predump.image.WriteMode;
import dev.predump.image.proto.SourceIdentity;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.DoubleStream;

/**
 * Measures what a user of predump buys, on real workloads: frozen time per round against size and
 * mapping count, copy speed against a raw baseline measured in the same run (alternating, medians),
 * the hash tracker's bytes against the true changes, the agent's memory and pipes, and the cost of
 * finding present pages.
 */
final class Benchmark {
  private static final long MIB = 1L << 20;

  /**
   * What to measure.
   *
   * @param sizes target sizes for the frozen-time and memory sections
   * @param mappings mapping counts, measured at {@code mappingsSize}
   * @param pairs alternating raw/engine pairs per throughput target
   * @param rounds rounds per frozen-time run
   * @param sections which of {@link #SECTIONS} to run
   */
  record Plan(
      List<Long> sizes,
      List<Integer> mappings,
      long mappingsSize,
      int pairs,
      int rounds,
      Path workDir,
      Set<String> sections) {}

  /** Agent processes measured per target size (odd, for a median). */
  static final int MEMORY_RUNS = 3;

  /** The parts of a run, in the order they run; {@code frozen} includes the pagemap costs. */
  static final List<String> SECTIONS =
      List.of("frozen", "priority", "throughput", "hash", "memory", "coldstart");

  private final Plan plan;
  private final PrintStream progress;

  Benchmark(Plan plan, PrintStream progress) {
    this.plan = plan;
    this.progress = progress;
  }

  BenchResults run() throws IOException, InterruptedException {
    BenchResults results = new BenchResults(machine());
    List<Tracking> trackers = new ArrayList<>(List.of(Tracking.FULL, Tracking.HASH));
    if (SoftDirty.supported()) {
      trackers.add(Tracking.SOFT_DIRTY);
    }
    warmUp();
    if (plan.sections().contains("frozen")) {
      for (long size : plan.sizes()) {
        frozenAndPagemap(results, trackers, size, 10);
      }
      for (int m : plan.mappings()) {
        if (m != 10 || !plan.sizes().contains(plan.mappingsSize())) {
          frozenAndPagemap(results, trackers, plan.mappingsSize(), m);
        }
      }
    }
    if (plan.sections().contains("priority")) {
      priority(results);
    }
    if (plan.sections().contains("throughput")) {
      for (long size : plan.sizes()) {
        throughput(results, size);
      }
    }
    if (plan.sections().contains("hash")) {
      hashAccuracy(results);
    }
    if (plan.sections().contains("memory")) {
      for (long size : plan.sizes()) {
        agentMemory(results, size);
      }
    }
    if (plan.sections().contains("coldstart")) {
      coldStart(results);
    }
    return results;
  }

  private static String machine() {
    String cpu = "unknown CPU";
    try {
      cpu =
          Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
              .filter(l -> l.startsWith("model name"))
              .findFirst()
              .map(l -> l.substring(l.indexOf(':') + 1).trim())
              .orElse(cpu);
    } catch (IOException e) {
      // Keep the placeholder: the numbers still stand.
    }
    return String.format(
        "%s, %d cores, Linux %s, Java %s",
        cpu,
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("os.version"),
        System.getProperty("java.version"));
  }

  private WorkloadProcess workload(long size, int mappings, double dirtyRate) throws IOException {
    progress.printf("  workload %s in %d mappings...%n", BenchResults.mib(size), mappings);
    return WorkloadProcess.start(new WorkloadSpec(size, mappings, dirtyRate, false, 42));
  }

  /**
   * The agent is a long-running process: a short dump first, so that the first measured rounds do
   * not pay for the JIT compiling the engine. Round 1 of every run is still reported apart.
   */
  private void warmUp() throws IOException {
    progress.println("Warming up: two rounds of each tracker on a 64 MiB workload");
    try (Container c = Container.of(workload(64 * MIB, 10, 0.01))) {
      for (Tracking tracking : List.of(Tracking.FULL, Tracking.HASH)) {
        dump(c.target, tracking, 2, null);
      }
    }
  }

  private void frozenAndPagemap(
      BenchResults results, List<Tracking> trackers, long size, int mappings) throws IOException {
    progress.printf("Frozen time: %s, %d mappings%n", BenchResults.mib(size), mappings);
    try (Container c = Container.of(workload(size, mappings, 0.01))) {
      WorkloadProcess w = c.workload;
      for (Tracking tracking : trackers) {
        RunResult r = dump(c.target, tracking, plan.rounds(), null);
        List<RoundStats> rounds = r.rounds();
        double[] later = laterFrozenMs(r);
        results.frozen.add(
            new BenchResults.Frozen(
                tracking.cliName(),
                size,
                mappings,
                rounds.get(0).frozenTime() / 1000.0,
                BenchResults.Spread.of(later)));
      }
      results.pagemap.add(pagemapCost(w.pid(), size, mappings));
    }
  }

  /** Frozen times of the rounds after round 1, in ms. */
  private static double[] laterFrozenMs(RunResult r) {
    return r.rounds().stream().skip(1).mapToDouble(s -> s.frozenTime() / 1000.0).toArray();
  }

  /**
   * Later rounds with the freezing thread real-time in the window and without, on a 1 GiB target in
   * 1,000 mappings, {@code pairs} runs of each taking turns.
   */
  private void priority(BenchResults results) throws IOException {
    long size = plan.mappingsSize();
    int mappings = 1000;
    progress.printf(
        "Window priority: %s, %d mappings, normal and real-time taking turns%n",
        BenchResults.mib(size), mappings);
    try (Container c = Container.of(workload(size, mappings, 0.01))) {
      DoubleStream.Builder normal = DoubleStream.builder();
      DoubleStream.Builder realtime = DoubleStream.builder();
      for (int i = 0; i < plan.pairs(); i++) {
        for (boolean rt : new boolean[] {false, true}) {
          double[] later =
              laterFrozenMs(
                  dump(c.target, Tracking.HASH, plan.rounds(), null, WriteMode.DIRECT, rt));
          Arrays.stream(later).forEach(rt ? realtime : normal);
        }
      }
      results.priority.add(
          new BenchResults.Priority(
              Tracking.HASH.cliName(),
              size,
              mappings,
              plan.pairs(),
              BenchResults.Spread.of(normal.build().toArray()),
              BenchResults.Spread.of(realtime.build().toArray())));
    }
  }

  /** Milliseconds of a raw copy (finding the present pages and removing the file included). */
  private double timedRawCopy(int pid, boolean direct) throws IOException {
    long t0 = System.nanoTime();
    List<PageRun> runs = LiveComparison.liveRuns(pid, PagemapSources.best());
    RawCopy.copy(
        pid, runs, plan.workDir().resolve("raw.bin"), DumpOptions.DEFAULT_BUFFER_BYTES, direct);
    return (System.nanoTime() - t0) / 1e6;
  }

  /** Milliseconds of a one-round full dump in {@code mode}, removing the chain included. */
  private double timedDump(Target target, WriteMode mode) throws IOException {
    long t0 = System.nanoTime();
    dump(target, Tracking.FULL, 1, null, mode);
    return (System.nanoTime() - t0) / 1e6;
  }

  private RunResult dump(Target target, Tracking tracking, int rounds, Path keep)
      throws IOException {
    return dump(target, tracking, rounds, keep, WriteMode.DIRECT);
  }

  private RunResult dump(Target target, Tracking tracking, int rounds, Path keep, WriteMode mode)
      throws IOException {
    return dump(target, tracking, rounds, keep, mode, true);
  }

  private RunResult dump(
      Target target, Tracking tracking, int rounds, Path keep, WriteMode mode, boolean realtime)
      throws IOException {
    Path chain = keep != null ? keep : Files.createTempDirectory(plan.workDir(), "bench-");
    try {
      DumpOptions options =
          new DumpOptions(
              tracking,
              new StopPolicy(rounds, 0, -1),
              Duration.ofSeconds(5),
              Duration.ZERO,
              0,
              Duration.ofMinutes(10),
              DumpOptions.DEFAULT_BUFFER_BYTES,
              mode,
              realtime);
      RunResult r =
          new PreCopy(target, chain, options, SourceIdentity.getDefaultInstance())
              .run(s -> {}, Cancellation.never());
      if (r.rounds().isEmpty()) {
        throw new IOException("benchmark dump failed: " + r.message());
      }
      return r;
    } finally {
      if (keep == null) {
        ImageChain.delete(chain);
      }
    }
  }

  private BenchResults.PagemapCost pagemapCost(int pid, long size, int mappings)
      throws IOException {
    List<Vma> vmas = ProcMaps.read(pid);
    PagemapSource file = new PagemapFile();
    PagemapSource ioctl = PagemapScan.supported() ? new PagemapScan() : null;
    int n = 7;
    double[] fileMs = new double[n];
    double[] ioctlMs = new double[n];
    for (int i = 0; i < n; i++) {
      fileMs[i] = scanAll(file, pid, vmas);
      ioctlMs[i] = ioctl == null ? Double.NaN : scanAll(ioctl, pid, vmas);
    }
    return new BenchResults.PagemapCost(size, mappings, median(ioctlMs), median(fileMs));
  }

  private static double scanAll(PagemapSource source, int pid, List<Vma> vmas) throws IOException {
    long t0 = System.nanoTime();
    for (Vma v : vmas) {
      if (!"[vsyscall]".equals(v.path())) {
        source.scan(pid, v.start(), v.end());
      }
    }
    return (System.nanoTime() - t0) / 1e6;
  }

  private void throughput(BenchResults results, long size) throws IOException {
    progress.printf("Throughput: %s%n", BenchResults.mib(size));
    try (Container c = Container.of(workload(size, 10, 0))) {
      WorkloadProcess w = c.workload;
      double[] raw = new double[plan.pairs()];
      double[] rawDirect = new double[plan.pairs()];
      double[] buffered = new double[plan.pairs()];
      double[] direct = new double[plan.pairs()];
      for (int i = 0; i < plan.pairs(); i++) {
        // Take turns on the same target: the VM's memory behaviour drifts between runs.
        raw[i] = timedRawCopy(w.pid(), false);
        buffered[i] = timedDump(c.target, WriteMode.BUFFERED);
        rawDirect[i] = timedRawCopy(w.pid(), true);
        direct[i] = timedDump(c.target, WriteMode.DIRECT);
      }
      results.throughput.add(
          new BenchResults.Throughput(
              size,
              plan.pairs(),
              median(raw),
              median(rawDirect),
              median(buffered),
              median(direct)));
    }
  }

  private void hashAccuracy(BenchResults results) throws IOException {
    progress.println("Hash tracker accuracy: 256 MiB, 1000 pages changed between rounds");
    long changed = 1000;
    Path chain = Files.createTempDirectory(plan.workDir(), "bench-hash-");
    try (Container c = Container.of(workload(256 * MIB, 10, 0))) {
      WorkloadProcess w = c.workload;
      DumpOptions options =
          new DumpOptions(
              Tracking.HASH,
              new StopPolicy(3, 0, -1),
              Duration.ofSeconds(5),
              Duration.ZERO,
              0,
              Duration.ofMinutes(10),
              DumpOptions.DEFAULT_BUFFER_BYTES);
      new PreCopy(c.target, chain, options, SourceIdentity.getDefaultInstance())
          .run(
              s -> {
                if (s.round() < 3) {
                  try {
                    w.dirty(changed);
                  } catch (IOException e) {
                    throw new IllegalStateException(e);
                  }
                }
              },
              Cancellation.never());
      for (int round = 2; round <= 3; round++) {
        results.hash.add(
            new BenchResults.HashAccuracy(
                round, changed, writtenInRegions(chain.resolve(Integer.toString(round)), w)));
      }
    } finally {
      ImageChain.delete(chain);
    }
  }

  private static long writtenInRegions(Path round, WorkloadProcess w) throws IOException {
    try (ImageChain chain = ImageChain.open(round)) {
      long n = 0;
      for (PageRange r : chain.pagemap(w.pid())) {
        if (r.location() != PageLocation.PRESENT) {
          continue;
        }
        for (WorkloadProcess.Region region : w.regions()) {
          long from = Math.max(r.vaddr(), region.start());
          long to = Math.min(r.end(), region.end());
          n += Math.max(0, to - from) / 4096;
        }
      }
      return n;
    }
  }

  /** Round 1 in fresh processes, with and without the frozen-path warm-up, taking turns. */
  private void coldStart(BenchResults results) throws IOException, InterruptedException {
    long size = 256 * MIB;
    progress.printf("Cold start: round 1 of a new process, %s%n", BenchResults.mib(size));
    try (Container c = Container.of(workload(size, 10, 0.01))) {
      if (c.cgroup == null) {
        progress.println("  skipped: no cgroup could be created for the workload");
        return;
      }
      double[] cold = new double[plan.pairs()];
      double[] warm = new double[plan.pairs()];
      for (int i = 0; i < plan.pairs(); i++) {
        cold[i] = coldRound(c, false);
        warm[i] = coldRound(c, true);
      }
      results.coldStart.add(
          new BenchResults.ColdStart(size, plan.pairs(), median(cold), median(warm)));
    }
  }

  private double coldRound(Container c, boolean warmUp) throws IOException, InterruptedException {
    Path chain = Files.createTempDirectory(plan.workDir(), "bench-cold-");
    try {
      ImageChain.delete(chain);
      return ColdStart.firstRoundFrozenMs(c.cgroup.path(), chain, warmUp);
    } finally {
      ImageChain.delete(chain);
    }
  }

  /**
   * Peak RSS of fresh agent processes dumping a target of {@code size}. A JVM's peak depends on
   * when its collector happens to run, which varies from run to run: the median of {@value
   * #MEMORY_RUNS} runs, with their range.
   */
  private void agentMemory(BenchResults results, long size)
      throws IOException, InterruptedException {
    progress.printf("Agent memory: %s, %d runs%n", BenchResults.mib(size), MEMORY_RUNS);
    Path chain = plan.workDir().resolve("bench-agent-" + size);
    try (WorkloadProcess w = workload(size, 10, 0.01)) {
      long[] peaks = new long[MEMORY_RUNS];
      int pipes = 0;
      for (int i = 0; i < MEMORY_RUNS; i++) {
        ImageChain.delete(chain);
        AgentProbe probe =
            AgentProbe.run(
                List.of(
                    "dump",
                    "--pid",
                    Integer.toString(w.pid()),
                    "--out",
                    chain.toString(),
                    "--rounds",
                    "2",
                    "--tracking",
                    "hash",
                    "--converge-below",
                    "0"));
        peaks[i] = probe.peakRssBytes();
        pipes = Math.max(pipes, probe.maxPipes());
      }
      Arrays.sort(peaks);
      results.memory.add(
          new BenchResults.AgentMemory(
              size, MEMORY_RUNS, peaks[MEMORY_RUNS / 2], peaks[0], peaks[MEMORY_RUNS - 1], pipes));
    } finally {
      ImageChain.delete(chain);
    }
  }

  /** The nearest-rank percentile {@code p} of sorted values; NaN for none. */
  static double percentile(double[] sorted, int p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }

  static double median(double[] values) {
    double[] v = Arrays.stream(values).filter(d -> !Double.isNaN(d)).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /**
   * A workload in a cgroup of its own, like a container (ptrace where no cgroup can be made). Owns
   * the workload: closing kills it, then removes the cgroup.
   */
  private static final class Container implements AutoCloseable {
    final WorkloadProcess workload;
    final Target target;
    final ScratchCgroup cgroup;

    private Container(WorkloadProcess workload, Target target, ScratchCgroup cgroup) {
      this.workload = workload;
      this.target = target;
      this.cgroup = cgroup;
    }

    static Container of(WorkloadProcess w) throws IOException {
      ScratchCgroup cgroup = null;
      try {
        cgroup = ScratchCgroup.create("predump-bench-" + w.pid());
        cgroup.add(w.pid());
        return new Container(w, Targets.cgroup(cgroup.path()), cgroup);
      } catch (IOException e) {
        try {
          return new Container(w, Targets.process(w.pid()), cgroup);
        } catch (IOException | RuntimeException fatal) {
          w.close();
          if (cgroup != null) {
            cgroup.close();
          }
          throw fatal;
        }
      }
    }

    @Override
    public void close() throws IOException {
      try {
        target.close();
      } finally {
        workload.close();
        if (cgroup != null) {
          cgroup.close();
        }
      }
    }
  }
}
