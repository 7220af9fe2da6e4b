package dev.predump.agent.engine;

import dev.predump.agent.cgroup.Cgroup;
import dev.predump.agent.cgroup.Freezer;
import dev.predump.agent.proc.Uptime;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * Runs the code of the frozen window (reading maps, stat, status and uptime, parsing them, and the
 * freezer's reads and waits) on this process and its own cgroup, which are never stopped, so that
 * the JIT has compiled it before a target is frozen: in a cold JVM round 1 otherwise keeps its
 * target frozen several times longer than later rounds ({@code predump bench --only coldstart}
 * measures both).
 */
public final class FrozenPathWarmUp {
  /**
   * Passes: 100 took most of the gain in the bench's cold-start runs; 300 took a little more (1–2
   * ms) for about 25 MiB more peak RSS of parsing garbage.
   */
  static final int PASSES = 100;

  private FrozenPathWarmUp() {}

  /**
   * Collects this process {@value #PASSES} times, or until {@code budget} is spent. Nothing with
   * {@code -Dpredump.noWarmUp=true} (the bench's cold-start comparison).
   *
   * @return the passes run
   */
  public static int run(Duration budget) {
    if (Boolean.getBoolean("predump.noWarmUp")) {
      return 0;
    }
    long deadline = System.nanoTime() + budget.toNanos();
    // Never with soft-dirty: that would clear this process's own bits.
    FrozenCollector collector = new FrozenCollector(KernelPages.live(), false);
    int pid = (int) ProcessHandle.current().pid();
    Set<Integer> self = new TreeSet<>(Set.of(pid));
    FrozenCollector.Snapshot snapshot = new FrozenCollector.Snapshot();
    BooleanSupplier neverSpent = () -> false;
    Freezer own = ownFreezer(pid);
    int passes = 0;
    try {
      while (passes < PASSES && System.nanoTime() < deadline) {
        Uptime.dumpUptimeMicros();
        collector.capture(self, snapshot, neverSpent);
        collector.parse(snapshot);
        own = rehearse(own);
        passes++;
      }
    } catch (IOException | RuntimeException e) {
      // A warm-up that cannot read /proc changes nothing: the rounds will say what is wrong.
    }
    return passes;
  }

  /** The freezer of this process's cgroup, only ever read; null where there is none to read. */
  private static Freezer ownFreezer(int pid) {
    try {
      Cgroup own = Cgroup.ofProcess(pid);
      return own.isRoot() ? null : own.freezer();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** Reads and waits the way a freeze does; a freezer that cannot be read is dropped. */
  private static Freezer rehearse(Freezer freezer) {
    if (freezer == null) {
      return null;
    }
    try {
      freezer.rehearse();
      return freezer;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
