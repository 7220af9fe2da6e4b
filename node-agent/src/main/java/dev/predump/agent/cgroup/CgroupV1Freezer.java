package dev.predump.agent.cgroup;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Freezer of a cgroup v1 freezer directory: {@code freezer.state} takes FROZEN or THAWED and reads
 * FREEZING until every task has stopped.
 */
public final class CgroupV1Freezer implements Freezer {

  // A v1 cgroup can stay FREEZING when a task escapes the first pass (runc works around the same
  // thing); writing FROZEN again walks the tasks again and costs nothing for stopped ones.
  private static final Duration NUDGE_EVERY = Duration.ofMillis(10);

  private final Cgroup cgroup;
  private final Path state;
  // Made here, not in freeze(): linking a lambda the first time costs milliseconds in a cold JVM,
  // and in freeze() the container would be frozen meanwhile.
  private final FreezeWait.Check frozenCheck;
  private final FreezeWait.Nudge askAgain;
  // freezer.state is not signalled by the kernel: sleep between checks.
  private final FreezeWait.Backoff backoff = new FreezeWait.Backoff();

  CgroupV1Freezer(Cgroup cgroup) {
    this.cgroup = cgroup;
    this.state = cgroup.path().resolve(Cgroup.V1_STATE);
    this.frozenCheck = () -> state() == FreezerState.FROZEN;
    this.askAgain = () -> CgroupFiles.write(state, "FROZEN");
  }

  @Override
  public void freeze(Duration timeout) throws IOException {
    CgroupFiles.write(state, "FROZEN");
    FreezeWait.frozenOrThawed(this, cgroup, frozenCheck, backoff, timeout, NUDGE_EVERY, askAgain);
  }

  @Override
  public void thaw() throws IOException {
    CgroupFiles.write(state, "THAWED");
  }

  @Override
  public FreezerState state() throws IOException {
    String value = CgroupFiles.read(state).trim();
    try {
      return FreezerState.valueOf(value);
    } catch (IllegalArgumentException e) {
      throw new IOException("Unexpected value '" + value + "' in " + state, e);
    }
  }

  @Override
  public String toString() {
    return "v1 freezer of " + cgroup.path();
  }
}
