package dev.predump.agent.cgroup;

import java.io.IOException;
import java.time.Duration;

/** Stops and resumes every process of a cgroup at once; one implementation per cgroup version. */
public interface Freezer {

  /**
   * Requests the freeze and waits until the kernel reports every process stopped. Past {@code
   * timeout} it thaws again and throws {@link FreezeTimeoutException}: a half-frozen container is
   * never left behind.
   */
  void freeze(Duration timeout) throws IOException;

  /** Resumes the cgroup; harmless when it is not frozen. */
  void thaw() throws IOException;

  /** What the kernel reports right now. */
  FreezerState state() throws IOException;

  /**
   * Goes through the reads and waits of a freeze without freezing anything, so that a cold JVM has
   * run that code before a container is frozen and waits on it.
   */
  default void rehearse() throws IOException {
    state();
  }

  /** Whether the kernel reports the cgroup fully frozen (by us or by a frozen ancestor). */
  default boolean isFrozen() throws IOException {
    return state() == FreezerState.FROZEN;
  }
}
