package dev.predump.agent.engine;

import dev.predump.agent.kernel.CopyOutcome;
import dev.predump.agent.kernel.MemoryCopier;
import dev.predump.agent.kernel.NoSuchProcessException;
import dev.predump.agent.kernel.PageRun;
import dev.predump.agent.kernel.PagemapSource;
import dev.predump.agent.proc.SmapsFlags;
import dev.predump.agent.proc.Uptime;
import dev.predump.agent.proc.Vma;
import dev.predump.image.ProcessInfo;
import dev.predump.image.ProcessWriter;
import dev.predump.image.RoundInfo;
import dev.predump.image.RoundWriter;
import dev.predump.image.proto.SourceIdentity;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One round: stop the target, read its maps (and soft-dirty bits), resume it; then copy the pages
 * into a new round directory that becomes visible only when complete.
 */
final class RoundRunner {
  private static final Logger LOG = Logger.getLogger(RoundRunner.class.getName());

  /**
   * Fault injection for the safety tests only: keeps the target stopped this long after the maps
   * are read, so a test can kill the agent while the target is frozen. Never set in production.
   */
  private final long holdFrozenMillis = Long.getLong("predump.fault.holdFrozenMillis", 0);

  private final Target target;
  private final DirtyTracker tracker;
  private final KernelPages kernel;
  private final PagemapSource pagemaps;
  private final MemoryCopier copier;
  private final Path chainDir;
  private final DumpOptions options;
  private final SourceIdentity source;
  private final Throttle throttle;
  private final ScheduledExecutorService timer;
  private final FrozenCollector collector;

  RoundRunner(
      Target target,
      DirtyTracker tracker,
      KernelPages kernel,
      MemoryCopier copier,
      Path chainDir,
      DumpOptions options,
      SourceIdentity source,
      ScheduledExecutorService timer) {
    this.target = target;
    this.tracker = tracker;
    this.kernel = kernel;
    this.pagemaps = kernel.pagemaps();
    this.copier = copier;
    this.chainDir = chainDir;
    this.options = options;
    this.source = source;
    this.throttle = new Throttle(options.bandwidthBytesPerSecond());
    this.timer = timer;
    this.collector = new FrozenCollector(kernel, tracker.kind() == Tracking.SOFT_DIRTY);
  }

  /** What a completed round leaves for the next one. */
  record Outcome(RoundStats stats, Map<ProcessKey, PageLedger> ledgers, long stopNanos) {}

  /**
   * Runs round {@code round}; {@code previous} holds what the round before covered (empty for the
   * first). Throws, leaving earlier rounds intact, when the round cannot complete.
   */
  Outcome run(int round, Map<ProcessKey, PageLedger> previous, Cancellation cancellation)
      throws IOException {
    cancellation.check();
    Instant startTime = Instant.now();
    long budgetNanos = options.freezeBudget().toNanos();
    long t0 = System.nanoTime();
    AtomicBoolean budgetSpent = new AtomicBoolean();
    List<FrozenProcess> frozen;
    long dumpUptime;
    long freezing;
    StoppedTarget stopped = target.stop(options.freezeBudget());
    // Thaw from another thread at the budget, even if reading /proc hangs on this one.
    ScheduledFuture<?> alarm =
        timer.schedule(
            () -> {
              budgetSpent.set(true);
              resumeQuietly(stopped);
            },
            Math.max(0, budgetNanos - (System.nanoTime() - t0)),
            TimeUnit.NANOSECONDS);
    try {
      freezing = stopped.freezingNanos();
      Set<Integer> pids = stopped.processes();
      dumpUptime = Uptime.dumpUptimeMicros();
      frozen = collector.collect(pids, budgetSpent::get);
      holdFrozenForFaultInjection();
    } finally {
      alarm.cancel(false);
      stopped.resume();
    }
    long frozenNanos = System.nanoTime() - t0;
    if (frozen == null || budgetSpent.get() || frozenNanos > budgetNanos) {
      throw new FreezeBudgetExceededException(round, options.freezeBudget(), frozenNanos / 1000);
    }
    if (frozen.isEmpty()) {
      throw new RunStoppedException(
          StopReason.TARGET_EXITED,
          "the target has no processes left (" + target.description() + ")");
    }
    return copy(
        round, previous, cancellation, startTime, t0, freezing, frozenNanos, dumpUptime, frozen);
  }

  private Outcome copy(
      int round,
      Map<ProcessKey, PageLedger> previous,
      Cancellation cancellation,
      Instant startTime,
      long stopNanos,
      long freezingNanos,
      long frozenNanos,
      long dumpUptime,
      List<FrozenProcess> frozen)
      throws IOException {
    long c0 = System.nanoTime();
    RoundCounters counters = new RoundCounters();
    Map<ProcessKey, PageLedger> ledgers = new HashMap<>();
    String trackerName = tracker.kind().cliName();
    RoundInfo info =
        round > 1
            ? RoundInfo.withParent(round, round - 1, trackerName, dumpUptime, source)
            : RoundInfo.standalone(round, trackerName, dumpUptime, source);
    try (RoundWriter writer = RoundWriter.begin(chainDir, info)) {
      for (FrozenProcess p : frozen) {
        counters.processes++;
        counters.mappings += p.mappingCount();
        List<PageRun> runs;
        try {
          runs = selectRuns(p);
        } catch (NoSuchProcessException e) {
          counters.processesExited++;
          continue;
        }
        ProcessPages pages =
            new ProcessPages(p.identity(), runs, previous.get(p.key()), p.softDirty());
        counters.pagesScanned += pages.pages();
        PageLedger ledger = new PageLedger(tracker.recordsHashes());
        CopyOutcome outcome;
        try (ProcessWriter out = writer.beginProcess(processInfo(p))) {
          outcome =
              tracker.copy(
                  pages, copier, new PageEmitter(out, ledger, counters, throttle, cancellation));
        }
        counters.pagesVanished += outcome.pagesVanished();
        counters.pagesUnreadable += outcome.pagesUnreadable();
        counters.pagesViaProcMem += outcome.pagesViaProcMem();
        if (outcome.processExited()) {
          counters.processesExited++;
        }
        ledger.seal();
        ledgers.put(p.key(), ledger);
      }
      if (counters.processesExited == counters.processes) {
        throw new RunStoppedException(
            StopReason.TARGET_EXITED,
            "every process of " + target.description() + " exited during round " + round);
      }
      long memdump = (System.nanoTime() - c0) / 1000;
      RoundStats stats =
          new RoundStats(
              round,
              tracker.kind(),
              startTime,
              freezingNanos / 1000,
              frozenNanos / 1000,
              memdump,
              writer.writeNanos() / 1000,
              counters.pagesScanned,
              counters.pagesParent,
              counters.pagesWritten,
              counters.pagesVanished,
              counters.pagesUnreadable,
              counters.pagesViaProcMem,
              counters.bytesWritten,
              counters.mappings,
              counters.processes,
              counters.processesExited,
              0);
      writer.commit(stats.toRecord());
      return new Outcome(stats, ledgers, stopNanos);
    }
  }

  private static ProcessInfo processInfo(FrozenProcess p) {
    return new ProcessInfo(
        p.identity().hostPid(),
        p.identity().nsPid(),
        p.identity().startTimeTicks(),
        p.identity().comm());
  }

  /**
   * The pages to consider, read after the thaw: mappings excluded by their VmFlags are dropped
   * (smaps costs O(memory) in the kernel, so it is never read while stopped).
   */
  private List<PageRun> selectRuns(FrozenProcess p) throws IOException {
    int pid = p.identity().hostPid();
    Map<Long, Set<String>> flags = SmapsFlags.read(pid);
    PageSet.Builder excludedRanges = new PageSet.Builder();
    List<PageRun> runs = MappingRules.newRunList();
    for (Vma vma : p.mappings()) {
      if (MappingRules.excludedByFlags(flags.getOrDefault(vma.start(), Set.of()))) {
        excludedRanges.add(vma.start(), vma.end());
        continue;
      }
      if (p.frozenRuns() != null) {
        continue;
      }
      if (MappingRules.isVdso(vma)) {
        runs.add(MappingRules.whole(vma));
      } else {
        MappingRules.appendRuns(vma, pagemaps.scan(pid, vma.start(), vma.end()), runs);
      }
    }
    if (p.frozenRuns() == null) {
      return runs;
    }
    PageSet excluded = excludedRanges.build();
    for (PageRun r : p.frozenRuns()) {
      if (!excluded.contains(r.start())) {
        runs.add(r);
      }
    }
    return runs;
  }

  private void holdFrozenForFaultInjection() throws IOException {
    if (holdFrozenMillis > 0) {
      try {
        Thread.sleep(holdFrozenMillis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while frozen");
      }
    }
  }

  private static void resumeQuietly(StoppedTarget stopped) {
    try {
      stopped.resume();
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "Thaw at the freeze budget failed; the thaw guard will retry", e);
    }
  }
}
