package dev.predump.agent.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds a container's cgroup directory from its runtime ID ({@code containerd://<id>}, {@code
 * cri-o://<id>}, {@code docker://<id>}) by searching the host's cgroup hierarchies, for the systemd
 * driver ({@code .../kubepods-burstable-pod<uid>.slice/cri-containerd-<id>.scope}) and the cgroupfs
 * driver ({@code kubepods/burstable/pod<uid>/<id>}).
 */
public final class ContainerCgroups {
  /**
   * Scope prefixes of the runtimes under the systemd driver; conmon's scope is not the container.
   */
  private static final List<String> SCOPE_PREFIXES =
      List.of("cri-containerd-", "crio-", "docker-", "libpod-");

  /** Deep enough for kubepods/QoS/pod/container below a nested systemd slice. */
  private static final int MAX_DEPTH = 12;

  private final Path cgroupRoot;

  /** Searches the hierarchies mounted under {@code cgroupRoot} (normally /sys/fs/cgroup). */
  public ContainerCgroups(Path cgroupRoot) {
    this.cgroupRoot = cgroupRoot;
  }

  /** The bare ID of a runtime-prefixed container ID. */
  public static String bareId(String containerId) {
    int sep = containerId.indexOf("://");
    String id = sep < 0 ? containerId : containerId.substring(sep + 3);
    if (id.isEmpty() || id.contains("/")) {
      throw new IllegalArgumentException("Invalid container ID \"" + containerId + "\"");
    }
    return id;
  }

  /**
   * The hierarchies to search, in order: pure v2 at the root; on a hybrid host the v1 freezer first
   * (where runtimes freeze there) and then the unified v2 tree.
   */
  List<Path> hierarchies() {
    List<Path> result = new ArrayList<>();
    if (Files.exists(cgroupRoot.resolve("cgroup.controllers"))) {
      result.add(cgroupRoot);
      return result;
    }
    for (String sub : List.of("freezer", "unified")) {
      Path dir = cgroupRoot.resolve(sub);
      if (Files.isDirectory(dir)) {
        result.add(dir);
      }
    }
    return result;
  }

  /**
   * The container's cgroup directory, preferring one below its pod's cgroup when {@code podUid} is
   * known; empty when no hierarchy has it.
   */
  public Optional<Path> find(String containerId, String podUid) throws IOException {
    String id = bareId(containerId);
    for (Path hierarchy : hierarchies()) {
      Optional<Path> found = findIn(hierarchy, id, podUid);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  static Optional<Path> findIn(Path hierarchy, String id, String podUid) throws IOException {
    List<Path> matches;
    try (Stream<Path> dirs = Files.walk(hierarchy, MAX_DEPTH)) {
      matches =
          dirs.filter(d -> isContainerDir(d.getFileName(), id)).filter(Files::isDirectory).toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    if (podUid != null && !podUid.isBlank()) {
      Optional<Path> inPod = matches.stream().filter(m -> underPod(m, podUid)).findFirst();
      if (inPod.isPresent()) {
        return inPod;
      }
    }
    return matches.stream().findFirst();
  }

  static boolean isContainerDir(Path name, String id) {
    if (name == null) {
      return false;
    }
    String n = name.toString();
    if (n.equals(id)) {
      return true;
    }
    for (String prefix : SCOPE_PREFIXES) {
      if (n.equals(prefix + id + ".scope") || n.equals(prefix + id)) {
        return true;
      }
    }
    return false;
  }

  /** Under {@code pod<uid>} (cgroupfs) or {@code ...-pod<uid with _>.slice} (systemd). */
  static boolean underPod(Path dir, String podUid) {
    String dashed = "pod" + podUid;
    String underscored = "pod" + podUid.replace('-', '_');
    for (Path p = dir.getParent(); p != null && p.getFileName() != null; p = p.getParent()) {
      String n = p.getFileName().toString();
      if (n.equals(dashed) || n.endsWith("-" + underscored + ".slice")) {
        return true;
      }
    }
    return false;
  }
}
