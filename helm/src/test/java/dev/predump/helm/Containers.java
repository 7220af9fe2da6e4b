package dev.predump.helm;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.stream.Collectors;

/** Lookups in a rendered pod spec, with messages that name what is missing. */
final class Containers {

  private Containers() {}

  static Container only(PodSpec pod) {
    if (pod.getContainers().size() != 1) {
      throw new AssertionError("Expected one container, got " + pod.getContainers());
    }
    return pod.getContainers().get(0);
  }

  static Optional<EnvVar> env(Container container, String name) {
    return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst();
  }

  /** The literal value of an environment variable. */
  static String envValue(Container container, String name) {
    return env(container, name)
        .map(EnvVar::getValue)
        .orElseThrow(() -> new NoSuchElementException("No env " + name + " in " + container));
  }

  /** The downward API field an environment variable is taken from. */
  static String envField(Container container, String name) {
    return env(container, name)
        .map(e -> e.getValueFrom().getFieldRef().getFieldPath())
        .orElseThrow(() -> new NoSuchElementException("No env " + name + " in " + container));
  }

  static Volume volume(PodSpec pod, String name) {
    return pod.getVolumes().stream()
        .filter(v -> v.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("No volume " + name));
  }

  static VolumeMount mount(Container container, String volume) {
    return container.getVolumeMounts().stream()
        .filter(m -> m.getName().equals(volume))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("No mount of volume " + volume));
  }

  /** Mount path by volume name. */
  static Map<String, String> mounts(Container container) {
    return container.getVolumeMounts().stream()
        .collect(Collectors.toMap(VolumeMount::getName, VolumeMount::getMountPath));
  }

  /** The containerPort of a named port. */
  static int port(Container container, String name) {
    return container.getPorts().stream()
        .filter(p -> name.equals(p.getName()))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException("No port " + name))
        .getContainerPort();
  }
}
