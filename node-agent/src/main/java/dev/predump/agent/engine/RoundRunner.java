package dev.predump.agent.engine;

import dev.predump.agent.kernel.CopyOutcome;
import dev.predump.agent.kernel.MemoryCopier;
import dev.predump.agent.kernel.NoSuchProcessException;
import dev.predump.agent.kernel.PageRun;
import dev.predump.agent.kernel.PagemapSource;
import dev.predump.agent.kernel.RealtimeWindow;
import dev.predump.agent.proc.SmapsFlags;
import dev.predump.agent.proc.Uptime;
import dev.predump.agent.proc.Vma;
import dev.predump.image.ProcessInfo;
import dev.predump.image.ProcessWriter;
import dev.predump.image.RoundInfo;
import dev.predump.image.RoundWriter;
import dev.predump.image.proto.SourceIdentity;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One round: stop every member's target, read their maps (and soft-dirty bits), resume them; then
 * copy each member's pages into a new round directory of its own chain, each visible only when all
 * are complete.
 */
final class RoundRunner {
  private static final Logger LOG = Logger.getLogger(RoundRunner.class.getName());

  /**
   * Fault injection for the safety tests only: keeps the target stopped this long after the maps
   * are read, so a test can kill the agent while the target is frozen. Never set in production.
   */
  private final long holdFrozenMillis = Long.getLong("predump.fault.holdFrozenMillis", 0);

  private final List<ChainMember> members;
  private final DirtyTracker tracker;
  private final KernelPages kernel;
  private final PagemapSource pagemaps;
  private final MemoryCopier copier;
  private final DumpOptions options;
  private final Throttle throttle;
  private final ScheduledExecutorService timer;
  private final FrozenCollector collector;
  // One per member, reused every round so that the frozen window allocates next to nothing.
  private final List<FrozenCollector.Snapshot> snapshots = new ArrayList<>();

  RoundRunner(
      List<ChainMember> members,
      DirtyTracker tracker,
      KernelPages kernel,
      MemoryCopier copier,
      DumpOptions options,
      ScheduledExecutorService timer) {
    this.members = List.copyOf(members);
    this.tracker = tracker;
    this.kernel = kernel;
    this.pagemaps = kernel.pagemaps();
    this.copier = copier;
    this.options = options;
    this.throttle = new Throttle(options.bandwidthBytesPerSecond());
    this.timer = timer;
    this.collector = new FrozenCollector(kernel, tracker.kind() == Tracking.SOFT_DIRTY);
    for (int i = 0; i < this.members.size(); i++) {
      snapshots.add(new FrozenCollector.Snapshot());
    }
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
    AtomicBoolean budgetSpent = new AtomicBoolean();
    List<StoppedTarget> stopped = new ArrayList<>();
    // Made before the freeze: linking a lambda the first time costs milliseconds in a cold JVM.
    BooleanSupplier spent = budgetSpent::get;
    Runnable thawAtBudget =
        () -> {
          budgetSpent.set(true);
          stopped.forEach(RoundRunner::resumeQuietly);
        };
    long t0;
    long opened;
    long freezing;
    boolean captured = true;
    long dumpUptime;
    try (RealtimeWindow realtime =
        options.realtimeWindow() ? RealtimeWindow.enter() : RealtimeWindow.none()) {
      t0 = System.nanoTime();
      stopped.addAll(stopAll());
      // The window opens at the first stop request, after each target's own preparation.
      opened = windowOpened(stopped, t0);
      freezing = System.nanoTime() - opened;
      // Thaw from another thread at the budget, even if reading /proc hangs on this one.
      ScheduledFuture<?> alarm =
          timer.schedule(
              thawAtBudget,
              Math.max(0, budgetNanos - (System.nanoTime() - t0)),
              TimeUnit.NANOSECONDS);
      try {
        dumpUptime = Uptime.dumpUptimeMicros();
        for (int i = 0; i < stopped.size() && captured; i++) {
          captured = collector.capture(stopped.get(i).processes(), snapshots.get(i), spent);
        }
        holdFrozenForFaultInjection();
      } finally {
        alarm.cancel(false);
        resumeAll(stopped);
      }
    }
    long frozenNanos = windowClosed(stopped) - opened;
    if (!captured || budgetSpent.get() || frozenNanos > budgetNanos) {
      throw new FreezeBudgetExceededException(round, options.freezeBudget(), frozenNanos / 1000);
    }
    List<List<FrozenProcess>> frozen = new ArrayList<>();
    for (int i = 0; i < stopped.size(); i++) {
      frozen.add(collector.parse(snapshots.get(i)));
    }
    if (frozen.stream().allMatch(List::isEmpty)) {
      throw new RunStoppedException(
          StopReason.TARGET_EXITED, "the target has no processes left (" + describeTargets() + ")");
    }
    return copy(
        round, previous, cancellation, startTime, t0, freezing, frozenNanos, dumpUptime, frozen);
  }

  /** The earliest stop request; plain loops, as this runs while the targets are stopped. */
  static long windowOpened(List<StoppedTarget> stopped, long fallback) {
    long opened = Long.MAX_VALUE;
    for (StoppedTarget s : stopped) {
      opened = Math.min(opened, s.stopRequestedNanos());
    }
    return opened == Long.MAX_VALUE ? fallback : opened;
  }

  /** When the last target ran again (now for any that did not say). */
  static long windowClosed(List<StoppedTarget> stopped) {
    long now = System.nanoTime();
    long closed = 0;
    for (StoppedTarget s : stopped) {
      long resumed = s.resumedNanos();
      closed = Math.max(closed, resumed == 0 ? now : resumed);
    }
    return closed == 0 ? now : closed;
  }

  /** Stops every member, in order; resumes those already stopped when one cannot be. */
  private List<StoppedTarget> stopAll() throws IOException {
    List<StoppedTarget> stopped = new ArrayList<>();
    try {
      for (ChainMember m : members) {
        stopped.add(m.target().stop(options.freezeBudget()));
      }
      return stopped;
    } catch (IOException | RuntimeException e) {
      for (StoppedTarget s : stopped) {
        try {
          s.resume();
        } catch (IOException | RuntimeException r) {
          e.addSuppressed(r);
        }
      }
      throw e;
    }
  }

  /** Resumes every member, even when one of them fails; throws the first failure after. */
  private static void resumeAll(List<StoppedTarget> stopped) throws IOException {
    IOException first = null;
    for (StoppedTarget s : stopped) {
      try {
        s.resume();
      } catch (IOException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private String describeTargets() {
    return members.stream()
        .map(m -> m.target().description())
        .collect(java.util.stream.Collectors.joining(", "));
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
      List<List<FrozenProcess>> frozen)
      throws IOException {
    long c0 = System.nanoTime();
    RoundCounters total = new RoundCounters();
    Map<ProcessKey, PageLedger> ledgers = new HashMap<>();
    List<RoundWriter> writers = new ArrayList<>();
    List<RoundCounters> perMember = new ArrayList<>();
    try {
      for (int i = 0; i < members.size(); i++) {
        RoundWriter writer =
            RoundWriter.begin(
                members.get(i).chainDir(), info(round, i, dumpUptime), options.writeMode());
        writers.add(writer);
        RoundCounters counters = new RoundCounters();
        perMember.add(counters);
        copyMember(frozen.get(i), writer, counters, previous, ledgers, cancellation);
        total.add(counters);
      }
      if (total.processesExited == total.processes) {
        throw new RunStoppedException(
            StopReason.TARGET_EXITED,
            "every process of " + describeTargets() + " exited during round " + round);
      }
      long memdump = (System.nanoTime() - c0) / 1000;
      long writeNanos = writers.stream().mapToLong(RoundWriter::writeNanos).sum();
      // Each chain's stats-dump and manifest describe that chain; the run reports the sum.
      for (int i = 0; i < writers.size(); i++) {
        writers
            .get(i)
            .commit(
                stats(
                        round,
                        startTime,
                        freezingNanos,
                        frozenNanos,
                        memdump,
                        writeNanos,
                        perMember.get(i))
                    .toRecord());
      }
      RoundStats stats =
          stats(round, startTime, freezingNanos, frozenNanos, memdump, writeNanos, total);
      return new Outcome(stats, ledgers, stopNanos);
    } finally {
      // Uncommitted writers remove their temporary directories; committed ones do nothing.
      for (RoundWriter w : writers) {
        w.close();
      }
    }
  }

  private RoundInfo info(int round, int member, long dumpUptime) {
    String trackerName = tracker.kind().cliName();
    SourceIdentity source = members.get(member).source();
    return round > 1
        ? RoundInfo.withParent(round, round - 1, trackerName, dumpUptime, source)
        : RoundInfo.standalone(round, trackerName, dumpUptime, source);
  }

  private void copyMember(
      List<FrozenProcess> frozen,
      RoundWriter writer,
      RoundCounters counters,
      Map<ProcessKey, PageLedger> previous,
      Map<ProcessKey, PageLedger> ledgers,
      Cancellation cancellation)
      throws IOException {
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
  }

  private RoundStats stats(
      int round,
      Instant startTime,
      long freezingNanos,
      long frozenNanos,
      long memdumpMicros,
      long writeNanos,
      RoundCounters c) {
    return new RoundStats(
        round,
        tracker.kind(),
        startTime,
        freezingNanos / 1000,
        frozenNanos / 1000,
        memdumpMicros,
        writeNanos / 1000,
        c.pagesScanned,
        c.pagesParent,
        c.pagesWritten,
        c.pagesVanished,
        c.pagesUnreadable,
        c.pagesViaProcMem,
        c.bytesWritten,
        c.mappings,
        c.processes,
        c.processesExited,
        -1);
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
