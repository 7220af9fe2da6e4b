package dev.predump.agent.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Container ID → cgroup directory, against fixture trees of the layouts kubelets create. */
class ContainerCgroupsTest {
  private static final String ID = "4f1c0ffee0ddba11";
  private static final String UID = "6a2b1c3d-1111-2222-3333-444455556666";
  private static final String UID_ = UID.replace('-', '_');

  @TempDir Path root;

  private Path dir(String relative) throws IOException {
    return Files.createDirectories(root.resolve(relative));
  }

  private void pureV2() throws IOException {
    Files.writeString(root.resolve("cgroup.controllers"), "cpu memory pids\n");
  }

  @Test
  void systemdDriverContainerdOnPureV2() throws IOException {
    pureV2();
    Path expected =
        dir(
            "kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod"
                + UID_
                + ".slice/cri-containerd-"
                + ID
                + ".scope");
    assertThat(new ContainerCgroups(root).find("containerd://" + ID, UID)).contains(expected);
  }

  @Test
  void cgroupfsDriverOnV1FreezerOfAHybridHost() throws IOException {
    Path expected = dir("freezer/kubepods/burstable/pod" + UID + "/" + ID);
    dir("unified/kubepods/burstable/pod" + UID + "/" + ID);
    assertThat(new ContainerCgroups(root).find("containerd://" + ID, UID)).contains(expected);
  }

  @Test
  void hybridHostWithoutV1FreezerEntryFallsBackToUnified() throws IOException {
    dir("freezer/kubepods");
    Path expected =
        dir("unified/kubepods.slice/kubepods-pod" + UID_ + ".slice/docker-" + ID + ".scope");
    assertThat(new ContainerCgroups(root).find("docker://" + ID, UID)).contains(expected);
  }

  @Test
  void crioScopeIsChosenNotItsConmonScope() throws IOException {
    pureV2();
    String pod =
        "kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod" + UID_ + ".slice/";
    dir(pod + "crio-conmon-" + ID + ".scope");
    Path expected = dir(pod + "crio-" + ID + ".scope");
    assertThat(new ContainerCgroups(root).find("cri-o://" + ID, UID)).contains(expected);
  }

  @Test
  void prefersTheCgroupBelowThePodOfThatUid() throws IOException {
    pureV2();
    dir("elsewhere/" + ID);
    Path expected = dir("kubepods/pod" + UID + "/" + ID);
    assertThat(new ContainerCgroups(root).find("containerd://" + ID, UID)).contains(expected);
    assertThat(new ContainerCgroups(root).find("containerd://" + ID, null)).isPresent();
  }

  @Test
  void unknownContainerIsNotFound() throws IOException {
    pureV2();
    dir("kubepods/pod" + UID + "/someoneelse");
    assertThat(new ContainerCgroups(root).find("containerd://" + ID, UID)).isEmpty();
  }

  @Test
  void bareIdDropsTheRuntimePrefixAndRejectsPaths() {
    assertThat(ContainerCgroups.bareId("containerd://abc")).isEqualTo("abc");
    assertThat(ContainerCgroups.bareId("cri-o://abc")).isEqualTo("abc");
    assertThat(ContainerCgroups.bareId("abc")).isEqualTo("abc");
    assertThatThrownBy(() -> ContainerCgroups.bareId("containerd://../x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ContainerCgroups.bareId("docker://"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
