package dev.predump.agent.cgroup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/** Refuses freezes that could never be undone or that would freeze nothing. */
public final class CgroupSafety {

  private CgroupSafety() {}

  /**
   * Throws {@link UnsafeFreezeException} for: the root cgroup, a cgroup that contains the agent
   * itself, an ancestor of the agent's own cgroup, and a cgroup without processes.
   */
  public static void checkFreezable(Cgroup cgroup) throws IOException {
    long self = ProcessHandle.current().pid();
    Optional<String> refusal =
        refusal(
            cgroup.path(),
            cgroup.isRoot(),
            cgroup.processes(),
            self,
            agentCgroup(cgroup.version(), self));
    if (refusal.isPresent()) {
      throw new UnsafeFreezeException(refusal.get());
    }
  }

  /** Why freezing a cgroup with these facts is refused, if it is. */
  static Optional<String> refusal(
      Path cgroup, boolean root, Set<Integer> pids, long agentPid, Optional<Path> agentCgroup) {
    if (root) {
      return Optional.of(
          "Refusing to freeze " + cgroup + ": it is the root cgroup, every process of the host");
    }
    if (pids.contains((int) agentPid)) {
      return Optional.of(
          "Refusing to freeze "
              + cgroup
              + ": it contains the agent itself (pid "
              + agentPid
              + "), which could then never thaw it");
    }
    if (agentCgroup.isPresent() && agentCgroup.get().startsWith(cgroup)) {
      return Optional.of(
          "Refusing to freeze "
              + cgroup
              + ": it is the agent's own cgroup or an ancestor of it ("
              + agentCgroup.get()
              + ")");
    }
    if (pids.isEmpty()) {
      return Optional.of(
          "Refusing to freeze " + cgroup + ": it has no processes (has the container exited?)");
    }
    return Optional.empty();
  }

  // The agent's cgroup in the same hierarchy; unknown (empty) when that hierarchy is not mounted
  // here, in which case the pid check above still protects the agent.
  private static Optional<Path> agentCgroup(CgroupVersion version, long self) {
    try {
      return Optional.of(Cgroup.ofProcess((int) self, version).path());
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
