package dev.predump.agent.engine;

import java.io.IOException;
import java.util.Set;

/**
 * A target while it is stopped. {@link #resume} is idempotent and may be called from any thread.
 */
public interface StoppedTarget extends AutoCloseable {

  /** Host pids of every process of the target, enumerated while stopped. */
  Set<Integer> processes() throws IOException;

  /** How long stopping took, nanoseconds. */
  long freezingNanos();

  /**
   * When the stop was requested ({@link System#nanoTime}): the frozen window opens here, after
   * whatever preparation (arming the thaw guard, writing a marker) came before.
   */
  long stopRequestedNanos();

  /**
   * When the target ran again ({@link System#nanoTime}), taken right after the thaw and before any
   * bookkeeping that follows it; 0 while it is stopped.
   */
  long resumedNanos();

  /** Lets the target run again. */
  void resume() throws IOException;

  @Override
  default void close() throws IOException {
    resume();
  }
}
