package dev.predump.agent.engine;

import dev.predump.agent.kernel.PtraceStopper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bare process that does not own a cgroup: all its threads are stopped with ptrace, as CRIU does
 * without --freeze-cgroup. If this JVM dies, the kernel detaches and the process runs on.
 */
final class PtraceTarget implements Target {
  private final int pid;

  PtraceTarget(int pid) {
    this.pid = pid;
  }

  @Override
  public String description() {
    return "pid " + pid;
  }

  @Override
  public String cgroupPath() {
    return "";
  }

  @Override
  public int targetPid() {
    return pid;
  }

  @Override
  public StoppedTarget stop(Duration timeout) throws IOException {
    long t0 = System.nanoTime();
    PtraceStopper.StoppedProcess stopped = PtraceStopper.stop(pid, timeout);
    long freezing = System.nanoTime() - t0;
    AtomicLong resumedAt = new AtomicLong();
    return new StoppedTarget() {
      @Override
      public Set<Integer> processes() {
        return Files.exists(Path.of("/proc", Integer.toString(pid))) ? Set.of(pid) : Set.of();
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
      public void resume() {
        stopped.resume();
        resumedAt.compareAndSet(0, System.nanoTime());
      }
    };
  }

  @Override
  public void close() {}
}
