package dev.predump.agent.kernel;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Runs the calling thread under SCHED_FIFO at priority 1, the lowest real-time priority, while a
 * target is frozen, and restores its policy after.
 *
 * <p>Why: on a busy node the freezing thread competes for a CPU with everything else, and every
 * moment it waits the container stays frozen. At normal priority it is preempted right after it
 * thaws (by the container's own threads it just woke) and kept from running when the freeze
 * completes (by the JIT, by other processes). A real-time thread is preempted by neither. The
 * window is bounded by the freeze budget and the thread sleeps in the kernel while it waits, so it
 * takes no CPU from anyone for longer than the window's reads; the kernel's real-time throttling
 * bounds it anyway. Children do not inherit it (SCHED_RESET_ON_FORK).
 *
 * <p>It needs CAP_SYS_NICE (the agent is privileged). Where the kernel refuses (no capability, or a
 * cgroup with no real-time budget under CONFIG_RT_GROUP_SCHED), the window runs at normal priority
 * and the log says so once.
 */
public final class RealtimeWindow implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(RealtimeWindow.class.getName());
  private static final AtomicBoolean WARNED = new AtomicBoolean();
  private static final int PRIORITY = 1;

  private final int previousPolicy;
  private boolean raised;

  private RealtimeWindow(int previousPolicy, boolean raised) {
    this.previousPolicy = previousPolicy;
    this.raised = raised;
  }

  /** Raises the calling thread; a refusal leaves it as it was (see the class comment). */
  public static RealtimeWindow enter() {
    int previous = LibC.scheduler();
    if (previous < 0) {
      refused("sched_getscheduler", -previous);
      return new RealtimeWindow(previous, false);
    }
    int policy = previous & ~LibC.SCHED_RESET_ON_FORK;
    if (policy == LibC.SCHED_FIFO || policy == LibC.SCHED_RR) {
      // Someone runs the agent real-time already (chrt): nothing to raise, nothing to restore.
      return new RealtimeWindow(previous, false);
    }
    int r = LibC.setScheduler(LibC.SCHED_FIFO | LibC.SCHED_RESET_ON_FORK, PRIORITY);
    if (r < 0) {
      refused("sched_setscheduler(SCHED_FIFO)", -r);
      return new RealtimeWindow(previous, false);
    }
    return new RealtimeWindow(previous, true);
  }

  /** A window at normal priority, for runs that asked for none. */
  public static RealtimeWindow none() {
    return new RealtimeWindow(0, false);
  }

  /** Whether the thread runs real-time now. */
  public boolean raised() {
    return raised;
  }

  /** Restores the policy the thread had (normal, batch or idle; priority 0 for all of them). */
  @Override
  public void close() {
    if (raised) {
      raised = false;
      // Lowering needs no privilege; a failure would leave this thread real-time until the next
      // window tries again, so say it.
      int r = LibC.setScheduler(previousPolicy & ~LibC.SCHED_RESET_ON_FORK, 0);
      if (r < 0) {
        LOG.warning(
            "Cannot restore the scheduling policy of the freezing thread: "
                + KernelException.describe(-r));
      }
    }
  }

  private static void refused(String call, int errno) {
    if (WARNED.compareAndSet(false, true)) {
      LOG.warning(
          call
              + " refused ("
              + KernelException.describe(errno)
              + "): frozen windows run at normal priority and may last longer on a busy node");
    }
  }
}
