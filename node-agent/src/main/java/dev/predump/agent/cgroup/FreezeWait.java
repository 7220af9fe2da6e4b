package dev.predump.agent.cgroup;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/** Polls a freezer file until a condition holds, with a short backoff. */
final class FreezeWait {

  // A freeze usually completes within tens of microseconds to a few milliseconds, and every
  // microsecond spent waiting is frozen time of the container: start polling at 20 µs and back off
  // to 1 ms so a slow freeze does not burn a core.
  private static final long FIRST_PAUSE_NANOS = 20_000;
  private static final long LONGEST_PAUSE_NANOS = 1_000_000;

  /** A check that reads the kernel. */
  interface Check {
    boolean holds() throws IOException;
  }

  /** Something to redo now and then while waiting. */
  interface Nudge {
    void run() throws IOException;
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
      Duration timeout,
      Duration nudgeEvery,
      Nudge nudge)
      throws IOException {
    boolean held;
    try {
      held = until(frozen, timeout, nudgeEvery, nudge);
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
   * Waits until {@code check} holds or {@code timeout} passes; calls {@code nudge} every {@code
   * nudgeEvery} of waiting. Returns whether the check held.
   */
  static boolean until(Check check, Duration timeout, Duration nudgeEvery, Nudge nudge)
      throws IOException {
    long begin = System.nanoTime();
    long deadline = begin + timeout.toNanos();
    long nextNudge = begin + nudgeEvery.toNanos();
    long pause = FIRST_PAUSE_NANOS;
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
      LockSupport.parkNanos(Math.min(pause, deadline - now));
      pause = Math.min(pause * 2, LONGEST_PAUSE_NANOS);
    }
  }
}
