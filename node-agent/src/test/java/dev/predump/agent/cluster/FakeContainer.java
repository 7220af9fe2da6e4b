package dev.predump.agent.cluster;

import dev.predump.agent.cgroup.Cgroup;
import dev.predump.agent.workload.ScratchCgroup;
import dev.predump.agent.workload.WorkloadProcess;
import dev.predump.agent.workload.WorkloadSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.UUID;

/**
 * A real workload process in a real cgroup named as the cgroupfs driver names a container's ({@code
 * <scratch>/kubepods/burstable/pod<uid>/<id>}); closing kills it and removes the cgroups.
 */
final class FakeContainer implements AutoCloseable {
  final String podUid = UUID.randomUUID().toString();
  final String id = UUID.randomUUID().toString().replace("-", "") + "c0ffee";
  private final Deque<ScratchCgroup> cgroups = new ArrayDeque<>();
  private WorkloadProcess workload;

  /** Creates the cgroups below a fresh scratch cgroup and starts the workload in the leaf. */
  static FakeContainer start(long bytes) throws IOException {
    FakeContainer c = new FakeContainer();
    try {
      String scratch =
          "predump-agent-it-" + Long.toHexString(System.nanoTime()).toLowerCase(Locale.ROOT);
      ScratchCgroup cg = ScratchCgroup.create(scratch);
      c.cgroups.push(cg);
      for (String name : new String[] {"kubepods", "burstable", "pod" + c.podUid, c.id}) {
        cg = cg.child(name);
        c.cgroups.push(cg);
      }
      c.workload = WorkloadProcess.start(new WorkloadSpec(bytes, 4, 0, false, 5));
      cg.add(c.workload.pid());
      return c;
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  String containerId() {
    return "containerd://" + id;
  }

  Path cgroup() {
    return cgroups.peek().path();
  }

  WorkloadProcess workload() {
    return workload;
  }

  @Override
  public void close() throws IOException {
    if (!cgroups.isEmpty()) {
      // A frozen process cannot die: thaw first, whatever the test left behind.
      try {
        Cgroup.at(cgroup()).freezer().thaw();
      } catch (IOException | RuntimeException e) {
        // Removed or never frozen: the kill below still works.
      }
    }
    if (workload != null) {
      workload.close();
    }
    IOException failure = null;
    while (!cgroups.isEmpty()) {
      try {
        cgroups.pop().close();
      } catch (IOException e) {
        failure = e;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
