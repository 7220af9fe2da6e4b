package dev.predump.localcluster;

import dev.predump.agent.workload.ContainerWorkload;
import dev.predump.agent.workload.WorkloadProcess;
import dev.predump.agent.workload.WorkloadSpec;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A container of the local cluster: a {@link ContainerWorkload} (a real workload in cgroups named
 * as the kubelet names a container's, {@code <scratch>/kubepods/besteffort/pod<uid>/<id>}), the
 * Running pod the kubelet would report for it. Closing (or this JVM's exit, Ctrl-C included) thaws,
 * kills and removes it.
 */
public final class Workload implements AutoCloseable {
  /** The uid of the pod that holds it. */
  public final String podUid;

  /** The container id (64 hex digits, as containerd's). */
  public final String id;

  private final ContainerWorkload container;

  private Workload(ContainerWorkload container) {
    this.container = container;
    this.podUid = container.podUid;
    this.id = container.id;
  }

  /**
   * Starts the workload in a new scratch cgroup tree {@code predump-<label>-<hex>} under the v2
   * hierarchy (else the v1 freezer).
   */
  public static Workload start(String label, WorkloadSpec spec) throws IOException {
    return new Workload(ContainerWorkload.start(label, "besteffort", spec));
  }

  /** The container id as a Pod's container status spells it. */
  public String containerId() {
    return container.containerId();
  }

  /** The container's own cgroup. */
  public Path cgroup() {
    return container.cgroup();
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
    return container.process();
  }

  /** Whether the container's cgroup is frozen now. */
  public boolean isFrozen() throws IOException {
    return container.isFrozen();
  }

  @Override
  public void close() throws IOException {
    container.close();
  }
}
