package dev.predump.localcluster;

import dev.predump.agent.cgroup.Cgroup;
import dev.predump.agent.workload.ScratchCgroup;
import dev.predump.agent.workload.WorkloadProcess;
import dev.predump.agent.workload.WorkloadSpec;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
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
public final class Workload implements AutoCloseable {
  /** The uid of the pod that holds it. */
  public final String podUid = UUID.randomUUID().toString();

  /** The container id (64 hex digits, as containerd's). */
  public final String id = UUID.randomUUID().toString().replace("-", "") + "e2e0";

  private final Deque<ScratchCgroup> cgroups = new ArrayDeque<>();
  private WorkloadProcess process;

  /** A backstop for a JVM that exits without its cleanup (Ctrl-C): thaw, kill, remove. */
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
                "local-cluster-workload-reaper"));
  }

  /**
   * Starts the workload in a new scratch cgroup tree {@code predump-<label>-<hex>} under the v2
   * hierarchy (else the v1 freezer).
   */
  public static Workload start(String label, WorkloadSpec spec) throws IOException {
    Workload w = new Workload();
    LIVE.add(w);
    try {
      String scratch =
          "predump-" + label + "-" + Long.toHexString(System.nanoTime()).toLowerCase(Locale.ROOT);
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

  /** The container id as a Pod's container status spells it. */
  public String containerId() {
    return "containerd://" + id;
  }

  /** The container's own cgroup. */
  public Path cgroup() {
    return cgroups.peek().path();
  }

  /**
   * A Running pod on {@code node} whose one container, {@code app}, is this workload, as the
   * kubelet would report it (the API server has no kubelet to write the status).
   */
  public Pod runningPod(String name, String namespace, String node) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withUid(podUid)
        .endMetadata()
        .withNewSpec()
        .withNodeName(node)
        .addNewContainer()
        .withName("app")
        .withImage("busybox")
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase("Running")
        .withContainerStatuses(
            new ContainerStatusBuilder()
                .withName("app")
                .withContainerID(containerId())
                .withNewState()
                .withNewRunning()
                .withStartedAt("2026-01-01T00:00:00Z")
                .endRunning()
                .endState()
                .build())
        .endStatus()
        .build();
  }

  public WorkloadProcess process() {
    return process;
  }

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
