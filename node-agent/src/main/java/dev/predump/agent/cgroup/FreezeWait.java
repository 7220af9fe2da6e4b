package dev.predump.agent.cgroup;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Waits until a freezer file says the freeze is complete, with a pause between checks that either
 * sleeps (cgroup v1) or waits for the kernel to signal the file (cgroup v2).
 */
final class FreezeWait {

  /** A check that reads the kernel. */
  interface Check {
    boolean holds() throws IOException;
  }

  /** Something to redo now and then while waiting. */
  interface Nudge {
    void run() throws IOException;
  }

  /** The wait between two checks; returns within {@code maxNanos}. */
  interface Pause {
    /** Called once before the first check of each wait. */
    void reset();

    void pause(long maxNanos) throws IOException;
  }

  /**
   * Sleeps between checks for a file the kernel does not signal: 20 µs first, doubling up to 1 ms.
   * A freeze usually completes within a millisecond and every microsecond spent waiting is frozen
   * time of the container; the cap keeps a slow freeze from burning a core.
   */
  static final class Backoff implements Pause {
    private static final long FIRST_PAUSE_NANOS = 20_000;
    private static final long LONGEST_PAUSE_NANOS = 1_000_000;
    private long next = FIRST_PAUSE_NANOS;

    @Override
    public void reset() {
      next = FIRST_PAUSE_NANOS;
    }

    @Override
    public void pause(long maxNanos) {
      LockSupport.parkNanos(Math.min(next, maxNanos));
      next = Math.min(next * 2, LONGEST_PAUSE_NANOS);
    }
  }

  private FreezeWait() {}

  /**
   * Waits until {@code frozen} holds; when it throws or {@code timeout} passes, thaws through
   * {@code freezer} and throws ({@link FreezeTimeoutException} for the timeout): a half-frozen
   * cgroup is never left behind.
   */
  static void frozenOrThawed(
      Freezer freezer,
      Cgroup cgroup,
      Check frozen,
      Pause pause,
      Duration timeout,
      Duration nudgeEvery,
      Nudge nudge)
      throws IOException {
    boolean held;
    try {
      held = until(frozen, pause, timeout, nudgeEvery, nudge);
    } catch (IOException | RuntimeException e) {
      thawAfter(freezer, e);
      throw e;
    }
    if (!held) {
      FreezeTimeoutException timedOut =
          new FreezeTimeoutException(
              cgroup + " did not freeze within " + timeout.toMillis() + " ms; thawed it again");
      thawAfter(freezer, timedOut);
      throw timedOut;
    }
  }

  private static void thawAfter(Freezer freezer, Exception failure) {
    try {
      freezer.thaw();
    } catch (IOException e) {
      failure.addSuppressed(e);
    }
  }

  /**
   * Waits until {@code check} holds or {@code timeout} passes, pausing with {@code pause} between
   * checks; calls {@code nudge} every {@code nudgeEvery} of waiting. Returns whether the check
   * held.
   */
  static boolean until(Check check, Pause pause, Duration timeout, Duration nudgeEvery, Nudge nudge)
      throws IOException {
    long begin = System.nanoTime();
    long deadline = begin + timeout.toNanos();
    long nextNudge = begin + nudgeEvery.toNanos();
    pause.reset();
    while (true) {
      if (check.holds()) {
        return true;
      }
      long now = System.nanoTime();
      if (now - deadline >= 0) {
        return false;
      }
      if (now - nextNudge >= 0) {
        nudge.run();
        nextNudge = now + nudgeEvery.toNanos();
      }
      pause.pause(deadline - now);
    }
  }
}
