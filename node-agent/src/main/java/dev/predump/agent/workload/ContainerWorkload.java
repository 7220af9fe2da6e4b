package dev.predump.agent.workload;

import dev.predump.agent.cgroup.Cgroup;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A real workload process in real cgroups named as the kubelet's cgroupfs driver names a
 * container's: {@code <scratch>/kubepods/<qos>/pod<uid>/<id>}, below a fresh scratch cgroup of the
 * v2 hierarchy (else the v1 freezer). What the agent's tests, the end-to-end suite and {@code demo
 * --cluster} stand a container in. Closing thaws, kills and removes everything, and so does a
 * shutdown hook for any not closed when the JVM exits (Ctrl-C of the demo).
 */
public final class ContainerWorkload implements AutoCloseable {
  private static final Set<ContainerWorkload> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  for (ContainerWorkload w : LIVE) {
                    try {
                      w.close();
                    } catch (IOException | RuntimeException e) {
                      // Best effort at exit.
                    }
                  }
                },
                "container-workload-reaper"));
  }

  /** The uid of the pod that holds it. */
  public final String podUid = UUID.randomUUID().toString();

  /** The container id: 64 hex digits, as containerd's. */
  public final String id = (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");

  private final Deque<ScratchCgroup> cgroups = new ArrayDeque<>();
  private WorkloadProcess process;

  private ContainerWorkload() {}

  /**
   * Creates the cgroups below {@code predump-<label>-<hex>} for QoS class {@code qos} ({@code
   * burstable}, {@code besteffort}) and starts the workload in the leaf.
   */
  public static ContainerWorkload start(String label, String qos, WorkloadSpec spec)
      throws IOException {
    ContainerWorkload w = new ContainerWorkload();
    LIVE.add(w);
    // Held while starting: a shutdown hook's close waits for a start under way, then undoes it.
    synchronized (w) {
      w.build(label, qos, spec);
    }
    return w;
  }

  private void build(String label, String qos, WorkloadSpec spec) throws IOException {
    try {
      String scratch =
          "predump-" + label + "-" + Long.toHexString(System.nanoTime()).toLowerCase(Locale.ROOT);
      ScratchCgroup cg = ScratchCgroup.create(scratch);
      cgroups.push(cg);
      for (String name : new String[] {"kubepods", qos, "pod" + podUid, id}) {
        cg = cg.child(name);
        cgroups.push(cg);
      }
      process = WorkloadProcess.start(spec);
      cg.add(process.pid());
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
  }

  /** The container id as a Pod's container status spells it. */
  public String containerId() {
    return "containerd://" + id;
  }

  /** The container's own cgroup. */
  public Path cgroup() {
    return cgroups.peek().path();
  }

  public WorkloadProcess process() {
    return process;
  }

  /** Whether the container's cgroup is frozen now. */
  public boolean isFrozen() throws IOException {
    return Cgroup.at(cgroup()).freezer().isFrozen();
  }

  @Override
  public synchronized void close() throws IOException {
    LIVE.remove(this);
    if (!cgroups.isEmpty()) {
      try {
        // A frozen process cannot die: thaw first, whatever happened.
        Cgroup.at(cgroup()).freezer().thaw();
      } catch (IOException | RuntimeException e) {
        // Never frozen or already removed: the kill below still works.
      }
    }
    if (process != null) {
      process.close();
      process = null;
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
