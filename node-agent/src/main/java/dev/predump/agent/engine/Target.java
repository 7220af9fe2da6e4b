package dev.predump.agent.engine;

import java.io.IOException;
import java.time.Duration;

/** What a run copies: the processes of a container's cgroup, or one bare process. */
public interface Target extends AutoCloseable {

  /** For messages and the manifest: "cgroup /sys/fs/cgroup/..." or "pid 1234". */
  String description();

  /** The cgroup path, or empty for a bare process. */
  String cgroupPath();

  /** The process the user named, or 0 for a cgroup. */
  int targetPid();

  /**
   * Stops every process of the target. Past {@code timeout} it gives up, resumes whatever it
   * stopped and throws.
   */
  StoppedTarget stop(Duration timeout) throws IOException;

  /** Releases what the target holds (its thaw guard). Never leaves anything stopped. */
  @Override
  void close() throws IOException;
}
