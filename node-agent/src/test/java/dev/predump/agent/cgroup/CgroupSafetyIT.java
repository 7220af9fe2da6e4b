package dev.predump.agent.cgroup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Refusals on real hierarchies; nothing here is ever frozen. */
class CgroupSafetyIT {

  @RegisterExtension final CgroupSandbox sandbox = new CgroupSandbox();

  @ParameterizedTest
  @EnumSource(CgroupVersion.class)
  void theRootIsRefused(CgroupVersion version) throws IOException {
    Cgroup root = Cgroup.at(CgroupSandbox.hierarchyOrSkip(version).mountPoint());

    assertThat(root.isRoot()).isTrue();
    assertThatThrownBy(() -> CgroupSafety.checkFreezable(root))
        .isInstanceOf(UnsafeFreezeException.class)
        .hasMessageContaining("root cgroup");
  }

  @ParameterizedTest
  @EnumSource(CgroupVersion.class)
  void theAgentsOwnCgroupAndItsAncestorsAreRefused(CgroupVersion version) throws IOException {
    Cgroup parent = sandbox.create(version, "agent-pod");
    Cgroup own = sandbox.create(version, "agent-pod/agent");
    long self = ProcessHandle.current().pid();
    CgroupMounts.Mount mount = CgroupSandbox.hierarchyOrSkip(version);
    try {
      // Only membership changes: the sandbox moves this JVM back even if an assertion fails.
      CgroupSandbox.moveInto(own, self);

      assertThatThrownBy(() -> CgroupSafety.checkFreezable(own))
          .isInstanceOf(UnsafeFreezeException.class)
          .hasMessageContaining("contains the agent itself (pid " + self + ")");
      assertThatThrownBy(() -> CgroupSafety.checkFreezable(parent))
          .isInstanceOf(UnsafeFreezeException.class)
          .hasMessageContaining("contains the agent itself");
    } finally {
      CgroupSandbox.moveInto(Cgroup.at(mount.mountPoint()), self);
    }
  }

  @ParameterizedTest
  @EnumSource(CgroupVersion.class)
  void anEmptyCgroupIsRefusedAndAPopulatedOneAccepted(CgroupVersion version) throws IOException {
    Cgroup empty = sandbox.create(version, "empty");
    Cgroup populated = sandbox.create(version, "populated");
    sandbox.sleeper(populated);

    assertThatThrownBy(() -> CgroupSafety.checkFreezable(empty))
        .isInstanceOf(UnsafeFreezeException.class)
        .hasMessageContaining("has no processes");
    assertThatCode(() -> CgroupSafety.checkFreezable(populated)).doesNotThrowAnyException();
  }
}
