package dev.predump.agent.engine;

import dev.predump.agent.cgroup.Cgroup;
import dev.predump.agent.cgroup.CgroupSafety;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/** Builds the right {@link Target} for what the user named. */
public final class Targets {
  private Targets() {}

  /** All processes of the cgroup at {@code dir}, stopped with its freezer. */
  public static Target cgroup(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("cgroup not found: " + dir);
    }
    return CgroupTarget.open(Cgroup.at(dir));
  }

  /**
   * One process. When it owns its cgroup (the cgroup holds only it and its descendants, and not
   * this agent), the cgroup freezer stops it; otherwise ptrace stops its threads, so that no
   * process outside the target is ever frozen.
   */
  public static Target process(int pid) throws IOException {
    if (!Files.isDirectory(Path.of("/proc", Integer.toString(pid)))) {
      throw new IOException("no such process: " + pid);
    }
    if (pid == ProcessHandle.current().pid()) {
      throw new IOException("refusing to dump this agent's own process " + pid);
    }
    Cgroup own = ownedCgroup(pid);
    if (own != null) {
      return CgroupTarget.open(own);
    }
    return new PtraceTarget(pid);
  }

  private static Cgroup ownedCgroup(int pid) {
    try {
      Cgroup cgroup = Cgroup.ofProcess(pid);
      Set<Integer> members = cgroup.processes();
      if (members.isEmpty() || !descendantsAndSelf(pid).containsAll(members)) {
        return null;
      }
      long self = ProcessHandle.current().pid();
      if (members.contains((int) self)) {
        return null;
      }
      CgroupSafety.checkFreezable(cgroup);
      return cgroup;
    } catch (IOException | RuntimeException e) {
      // No usable freezer for this process's cgroup: ptrace works everywhere.
      return null;
    }
  }

  /** The process and all its descendants, from the kernel's children lists. */
  static Set<Integer> descendantsAndSelf(int pid) {
    Set<Integer> result = new HashSet<>();
    ProcessHandle.of(pid)
        .ifPresent(
            h -> {
              result.add(pid);
              h.descendants().forEach(d -> result.add((int) d.pid()));
            });
    return result;
  }
}
