package dev.predump.agent.engine;

import dev.predump.agent.cgroup.Cgroup;
import dev.predump.agent.cgroup.CgroupSafety;
import dev.predump.agent.cgroup.Freezer;
import dev.predump.agent.cgroup.ThawGuard;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A container: all processes of a cgroup, stopped together with the cgroup freezer. A watchdog
 * process thaws the cgroup if this JVM dies or hangs while it is frozen.
 */
final class CgroupTarget implements Target {
  /** How long past the freeze budget the watchdog waits before it thaws on its own. */
  static final Duration GUARD_MARGIN = Duration.ofSeconds(1);

  private final Cgroup cgroup;
  private final Freezer freezer;
  private final ThawGuard guard;

  private CgroupTarget(Cgroup cgroup, ThawGuard guard) {
    this.cgroup = cgroup;
    this.freezer = cgroup.freezer();
    this.guard = guard;
  }

  /** Checks that the cgroup may be frozen and starts its thaw guard. */
  static CgroupTarget open(Cgroup cgroup) throws IOException {
    CgroupSafety.checkFreezable(cgroup);
    // A cgroup left frozen by an agent that died before its guard could act must not be taken
    // as the container's normal state.
    if (cgroup.freezer().isFrozen()) {
      throw new IOException(
          "cgroup "
              + cgroup.path()
              + " is already frozen by someone else; refusing to take over its freezer");
    }
    CgroupTarget target = new CgroupTarget(cgroup, ThawGuard.start(cgroup));
    try {
      // A first command over the guard's pipe (harmless while disarmed) and a rehearsal of the
      // freezer's reads and waits: in a cold JVM each costs milliseconds the first time, which
      // round 1 would otherwise spend with the container frozen.
      target.guard.disarm();
      target.freezer.rehearse();
    } catch (IOException | RuntimeException e) {
      target.close();
      throw e;
    }
    return target;
  }

  @Override
  public String description() {
    return "cgroup " + cgroup.path();
  }

  @Override
  public String cgroupPath() {
    return cgroup.path().toString();
  }

  @Override
  public int targetPid() {
    return 0;
  }

  @Override
  public StoppedTarget stop(Duration timeout) throws IOException {
    guard.arm(timeout.plus(GUARD_MARGIN));
    long t0 = System.nanoTime();
    try {
      freezer.freeze(timeout);
    } catch (IOException | RuntimeException e) {
      thawQuietly(e);
      throw e;
    }
    long freezing = System.nanoTime() - t0;
    AtomicBoolean resumed = new AtomicBoolean();
    AtomicLong resumedAt = new AtomicLong();
    return new StoppedTarget() {
      @Override
      public Set<Integer> processes() throws IOException {
        return cgroup.processes();
      }

      @Override
      public long freezingNanos() {
        return freezing;
      }

      @Override
      public long stopRequestedNanos() {
        return t0;
      }

      @Override
      public long resumedNanos() {
        return resumedAt.get();
      }

      @Override
      public void resume() throws IOException {
        if (resumed.compareAndSet(false, true)) {
          freezer.thaw();
          resumedAt.set(System.nanoTime());
          guard.disarm();
        }
      }
    };
  }

  private void thawQuietly(Exception cause) {
    try {
      freezer.thaw();
      guard.disarm();
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      freezer.thaw();
    } finally {
      guard.close();
    }
  }
}
