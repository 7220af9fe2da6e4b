package dev.predump.agent.cluster;

import dev.predump.agent.engine.StoppedTarget;
import dev.predump.agent.engine.Target;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/** A cgroup target that leaves a {@link FrozenMarkers} marker while it may be frozen. */
final class MarkedTarget implements Target {
  private final Target delegate;
  private final Path cgroup;
  private final FrozenMarkers markers;

  MarkedTarget(Target delegate, FrozenMarkers markers) {
    this.delegate = delegate;
    this.cgroup = Path.of(delegate.cgroupPath());
    this.markers = markers;
  }

  @Override
  public String description() {
    return delegate.description();
  }

  @Override
  public String cgroupPath() {
    return delegate.cgroupPath();
  }

  @Override
  public int targetPid() {
    return delegate.targetPid();
  }

  @Override
  public StoppedTarget stop(Duration timeout) throws IOException {
    markers.mark(cgroup);
    StoppedTarget stopped;
    try {
      stopped = delegate.stop(timeout);
    } catch (IOException | RuntimeException e) {
      // The delegate thawed before throwing.
      markers.clear(cgroup);
      throw e;
    }
    return new StoppedTarget() {
      @Override
      public Set<Integer> processes() throws IOException {
        return stopped.processes();
      }

      @Override
      public long freezingNanos() {
        return stopped.freezingNanos();
      }

      @Override
      public long stopRequestedNanos() {
        return stopped.stopRequestedNanos();
      }

      @Override
      public long resumedNanos() {
        return stopped.resumedNanos();
      }

      @Override
      public void resume() throws IOException {
        stopped.resume();
        markers.clear(cgroup);
      }
    };
  }

  @Override
  public void close() throws IOException {
    try {
      delegate.close();
    } finally {
      markers.clear(cgroup);
    }
  }
}
