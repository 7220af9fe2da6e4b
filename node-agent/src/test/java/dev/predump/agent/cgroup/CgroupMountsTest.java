package dev.predump.agent.cgroup;

import static dev.predump.agent.cgroup.CgroupFixtures.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CgroupMountsTest {

  @Test
  void hybridHostHasTheV1FreezerAndV2Unified() throws IOException {
    CgroupMounts mounts = CgroupMounts.parse(text("mountinfo-hybrid.txt"));

    assertThat(mounts.v1Freezer().orElseThrow().mountPoint())
        .isEqualTo(Path.of("/sys/fs/cgroup/freezer"));
    assertThat(mounts.v2().orElseThrow().mountPoint()).isEqualTo(Path.of("/sys/fs/cgroup/unified"));
    assertThat(mounts.isMountPoint(Path.of("/sys/fs/cgroup/freezer/"))).isTrue();
    assertThat(mounts.isMountPoint(Path.of("/sys/fs/cgroup/cpu"))).isFalse();
    assertThat(mounts.v1Freezer().orElseThrow().resolve("/kubepods/pod1/c1"))
        .isEqualTo(Path.of("/sys/fs/cgroup/freezer/kubepods/pod1/c1"));
    assertThat(mounts.v2().orElseThrow().resolve("/")).isEqualTo(Path.of("/sys/fs/cgroup/unified"));
  }

  @Test
  void pureV2HostHasV2AtSysFsCgroup() {
    CgroupMounts mounts = CgroupMounts.parse(text("mountinfo-pure-v2.txt"));

    assertThat(mounts.v2().orElseThrow().mountPoint()).isEqualTo(Path.of("/sys/fs/cgroup"));
    assertThat(mounts.v1Freezer()).isEmpty();
    assertThat(mounts.of(CgroupVersion.V1)).isEmpty();
  }

  @Test
  void mountShowingASubtreeResolvesRelativeToItsRoot() throws IOException {
    CgroupMounts.Mount mount =
        CgroupMounts.parse(text("mountinfo-container.txt")).v2().orElseThrow();

    assertThat(mount.mountPoint()).isEqualTo(Path.of("/host/cgroup root"));
    assertThat(mount.root()).isEqualTo("/kubepods.slice/pod one");
    assertThat(mount.resolve("/kubepods.slice/pod one/ctr"))
        .isEqualTo(Path.of("/host/cgroup root/ctr"));
    assertThatThrownBy(() -> mount.resolve("/system.slice"))
        .hasMessageContaining("lies outside the part of the V2 hierarchy");
  }

  @Test
  void pathsOutsideTheCgroupNamespaceAreRefused() {
    CgroupMounts.Mount mount =
        new CgroupMounts.Mount(CgroupVersion.V2, Path.of("/sys/fs/cgroup"), "/");

    assertThatThrownBy(() -> mount.resolve("/../../system.slice"))
        .hasMessageContaining("outside this cgroup namespace");
  }
}
