package dev.predump.operator;

import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpReason;
import dev.predump.api.v1alpha1.TargetContainer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Resolves a PreDump's spec against its pod: the node, the pod UID and the runtime IDs of the
 * chosen containers; and, while it runs, checks that the pod is still the one it started on. Pure.
 */
public final class TargetResolver {

  private TargetResolver() {}

  /** Resolves a Pending PreDump's target from its pod (null when the pod does not exist). */
  public static Resolution resolve(PreDump preDump, Pod pod) {
    String podName = preDump.getSpec().getPodName();
    String namespace = preDump.getMetadata().getNamespace();
    if (pod == null) {
      return waiting(
          PreDumpReason.PodNotFound, "Pod " + podName + " not found in namespace " + namespace);
    }
    String pinned = preDump.getSpec().getPodUID();
    if (pinned != null && !pinned.equals(pod.getMetadata().getUid())) {
      return failed(
          PreDumpReason.PodReplaced,
          "Pod "
              + podName
              + " has UID "
              + pod.getMetadata().getUid()
              + ", not spec.podUID "
              + pinned);
    }
    Optional<String> ended = ended(pod);
    if (ended.isPresent()) {
      return failed(PreDumpReason.PodNotRunning, ended.get());
    }
    List<String> all = pod.getSpec().getContainers().stream().map(Container::getName).toList();
    List<String> chosen =
        preDump.getSpec().getContainers().isEmpty() ? all : preDump.getSpec().getContainers();
    for (String name : chosen) {
      if (!all.contains(name)) {
        return failed(
            PreDumpReason.ContainerNotFound,
            "Pod "
                + podName
                + " has no container "
                + name
                + " (it has "
                + String.join(", ", all)
                + ")");
      }
    }
    String node = pod.getSpec().getNodeName();
    if (node == null || node.isEmpty()) {
      return waiting(PreDumpReason.PodNotRunning, "Pod " + podName + " is not scheduled yet");
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if (!"Running".equals(phase)) {
      return waiting(
          PreDumpReason.PodNotRunning,
          "Pod " + podName + " is " + (phase == null ? "not started" : phase) + ", not Running");
    }
    List<TargetContainer> targets = new ArrayList<>();
    for (String name : chosen) {
      Optional<ContainerStatus> status = containerStatus(pod, name);
      if (status.isEmpty()
          || status.get().getState() == null
          || status.get().getState().getRunning() == null
          || isBlank(status.get().getContainerID())) {
        return waiting(
            PreDumpReason.PodNotRunning,
            "Container " + name + " of pod " + podName + " is not running");
      }
      targets.add(new TargetContainer(name, status.get().getContainerID()));
    }
    return new Resolution.Resolved(node, pod.getMetadata().getUid(), targets);
  }

  /**
   * Checks a Running PreDump's pod against what was resolved at dispatch: the same pod (UID), still
   * running, with the same containers (IDs). Empty when all holds.
   */
  public static Optional<Resolution.Unresolved> recheck(PreDump preDump, Pod pod) {
    String podName = preDump.getSpec().getPodName();
    if (pod == null) {
      return Optional.of(
          failed(
              PreDumpReason.PodNotFound, "Pod " + podName + " was deleted while the rounds ran"));
    }
    String started = preDump.getStatus().getPodUID();
    if (started != null && !started.equals(pod.getMetadata().getUid())) {
      return Optional.of(
          failed(
              PreDumpReason.PodReplaced,
              "Pod "
                  + podName
                  + " was replaced while the rounds ran: UID "
                  + pod.getMetadata().getUid()
                  + ", started on "
                  + started));
    }
    Optional<String> ended = ended(pod);
    if (ended.isPresent()) {
      return Optional.of(failed(PreDumpReason.TargetExited, ended.get()));
    }
    for (TargetContainer target : preDump.getStatus().getContainers()) {
      String now =
          containerStatus(pod, target.getName()).map(ContainerStatus::getContainerID).orElse(null);
      if (!Objects.equals(now, target.getContainerID())) {
        return Optional.of(
            failed(
                PreDumpReason.TargetExited,
                "Container "
                    + target.getName()
                    + " of pod "
                    + podName
                    + " restarted while the rounds ran ("
                    + target.getContainerID()
                    + " is now "
                    + now
                    + ")"));
      }
    }
    return Optional.empty();
  }

  /** Why the pod can never run the rounds (terminated or being deleted), if so. */
  private static Optional<String> ended(Pod pod) {
    String name = pod.getMetadata().getName();
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      return Optional.of("Pod " + name + " is being deleted");
    }
    String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
    if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
      return Optional.of("Pod " + name + " has terminated (phase " + phase + ")");
    }
    return Optional.empty();
  }

  private static Optional<ContainerStatus> containerStatus(Pod pod, String name) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return Optional.empty();
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(s -> name.equals(s.getName()))
        .findFirst();
  }

  /** The names of the targets, for messages. */
  static String names(List<TargetContainer> containers) {
    return containers.stream().map(TargetContainer::getName).collect(Collectors.joining(", "));
  }

  private static boolean isBlank(String s) {
    return s == null || s.isBlank();
  }

  private static Resolution.Unresolved waiting(PreDumpReason reason, String message) {
    return new Resolution.Unresolved(reason, message, false);
  }

  private static Resolution.Unresolved failed(PreDumpReason reason, String message) {
    return new Resolution.Unresolved(reason, message, true);
  }
}
