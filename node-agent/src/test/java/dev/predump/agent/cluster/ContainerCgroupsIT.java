package dev.predump.agent.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.predump.agent.workload.ScratchCgroup;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Container ID → cgroup on this host's real hierarchies, with cgroups named as kubelets name them.
 */
class ContainerCgroupsIT {
  private static final ContainerCgroups HOST = new ContainerCgroups(Path.of("/sys/fs/cgroup"));

  @Test
  void systemdDriverNamesInTheV2Hierarchy() throws Exception {
    Optional<Path> v2 = ScratchCgroup.v2Root();
    if (v2.isEmpty()) {
      System.err.println("SKIPPED systemdDriverNamesInTheV2Hierarchy: no cgroup v2 hierarchy");
    }
    assumeTrue(v2.isPresent(), "no cgroup v2 hierarchy on this host");
    String uid = UUID.randomUUID().toString();
    String id = UUID.randomUUID().toString().replace("-", "");
    try (ScratchCgroup top =
            ScratchCgroup.create(v2.get().resolve("predump-it-kubepods.slice"), true);
        ScratchCgroup qos = top.child("predump-it-kubepods-burstable.slice");
        ScratchCgroup pod =
            qos.child("predump-it-kubepods-burstable-pod" + uid.replace('-', '_') + ".slice");
        ScratchCgroup container = pod.child("cri-containerd-" + id + ".scope")) {
      assertThat(HOST.find("containerd://" + id, uid)).contains(container.path());
    }
  }

  @Test
  void cgroupfsDriverNamesInTheV1Freezer() throws Exception {
    Optional<Path> v1 = ScratchCgroup.v1FreezerRoot();
    boolean pureV2 = HOST.hierarchies().contains(Path.of("/sys/fs/cgroup"));
    if (v1.isEmpty() || pureV2) {
      System.err.println(
          "SKIPPED cgroupfsDriverNamesInTheV1Freezer: "
              + (v1.isEmpty() ? "no cgroup v1 freezer" : "pure v2 host, v1 is not searched"));
    }
    assumeTrue(v1.isPresent(), "no cgroup v1 freezer on this host");
    assumeTrue(!pureV2, "pure v2 host: v1 is not searched");
    String uid = UUID.randomUUID().toString();
    String id = UUID.randomUUID().toString().replace("-", "");
    try (ScratchCgroup top = ScratchCgroup.create(v1.get().resolve("predump-it-kubepods"), false);
        ScratchCgroup pod = top.child("pod" + uid);
        ScratchCgroup container = pod.child(id)) {
      assertThat(HOST.find("docker://" + id, uid)).contains(container.path());
    }
  }
}
