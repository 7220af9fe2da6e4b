package dev.predump.agent.engine;

import java.time.Duration;
import java.time.Instant;

/**
 * Lets a caller stop a run between two copy chunks: a cancel request (PreDump deleted, Ctrl-C) or
 * the overall deadline. Checked by the copy loop, so a round stops within one chunk.
 */
public final class Cancellation {
  private volatile String reason;
  private final Instant deadline;

  public Cancellation(Instant deadline) {
    this.deadline = deadline;
  }

  /** No deadline. */
  public static Cancellation never() {
    return new Cancellation(Instant.now().plus(Duration.ofDays(36500)));
  }

  /** Asks the run to stop as soon as possible. */
  public void cancel(String why) {
    synchronized (this) {
      this.reason = why;
      notifyAll();
    }
  }

  /** Waits up to {@code pause}, returning early when cancelled or at the deadline. */
  public synchronized void pause(Duration pause) throws InterruptedException {
    long until = System.nanoTime() + pause.toNanos();
    while (reason == null && !timedOut()) {
      long left = until - System.nanoTime();
      if (left <= 0) {
        return;
      }
      Duration toDeadline = Duration.between(Instant.now(), deadline);
      long waitMillis = Math.max(1, Math.min(left / 1_000_000, toDeadline.toMillis()));
      wait(waitMillis);
    }
  }

  public boolean cancelled() {
    return reason != null;
  }

  public boolean timedOut() {
    return Instant.now().isAfter(deadline);
  }

  public Instant deadline() {
    return deadline;
  }

  /** Throws when cancelled or past the deadline. */
  public void check() throws RunStoppedException {
    if (reason != null) {
      throw new RunStoppedException(StopReason.CANCELLED, "cancelled: " + reason);
    }
    if (timedOut()) {
      throw new RunStoppedException(StopReason.TIMED_OUT, "timed out at " + deadline);
    }
  }
}
