package dev.predump.e2e;

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
 * A real workload process in a real cgroup named as the kubelet's cgroupfs driver names a
 * container's: {@code <scratch>/kubepods/besteffort/pod<uid>/<id>}. Closing thaws, kills and
 * removes everything.
 */
final class Workload implements AutoCloseable {
  final String podUid = UUID.randomUUID().toString();
  final String id = UUID.randomUUID().toString().replace("-", "") + "e2e0";
  private final Deque<ScratchCgroup> cgroups = new ArrayDeque<>();
  private WorkloadProcess process;

  /** A backstop for a test JVM that exits without its tests' cleanup: thaw, kill, remove. */
  private static final java.util.Set<Workload> LIVE =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (Workload w : LIVE) {
                    try {
                      w.close();
                    } catch (IOException | RuntimeException e) {
                      // Best effort at exit.
                    }
                  }
                },
                "e2e-workload-reaper"));
  }

  static Workload start(WorkloadSpec spec) throws IOException {
    Workload w = new Workload();
    LIVE.add(w);
    try {
      String scratch =
          "predump-e2e-" + Long.toHexString(System.nanoTime()).toLowerCase(Locale.ROOT);
      ScratchCgroup cg = ScratchCgroup.create(scratch);
      w.cgroups.push(cg);
      for (String name : new String[] {"kubepods", "besteffort", "pod" + w.podUid, w.id}) {
        cg = cg.child(name);
        w.cgroups.push(cg);
      }
      w.process = WorkloadProcess.start(spec);
      cg.add(w.process.pid());
      return w;
    } catch (IOException | RuntimeException e) {
      w.close();
      throw e;
    }
  }

  String containerId() {
    return "containerd://" + id;
  }

  Path cgroup() {
    return cgroups.peek().path();
  }

  WorkloadProcess process() {
    return process;
  }

  boolean isFrozen() throws IOException {
    return Cgroup.at(cgroup()).freezer().isFrozen();
  }

  @Override
  public void close() throws IOException {
    LIVE.remove(this);
    if (!cgroups.isEmpty()) {
      try {
        // A frozen process cannot die: thaw first, whatever happened.
        Cgroup.at(cgroup()).freezer().thaw();
      } catch (IOException | RuntimeException e) {
        // Never frozen or already removed.
      }
    }
    if (process != null) {
      process.close();
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
