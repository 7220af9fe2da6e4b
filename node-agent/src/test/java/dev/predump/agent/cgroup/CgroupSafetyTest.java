package dev.predump.agent.cgroup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CgroupSafetyTest {

  private static final Path POD = Path.of("/sys/fs/cgroup/kubepods/pod1");
  private static final Optional<Path> AGENT = Optional.of(Path.of("/sys/fs/cgroup/kubepods/agent"));

  @Test
  void aForeignPopulatedCgroupIsFreezable() {
    assertThat(CgroupSafety.refusal(POD.resolve("c1"), false, Set.of(10, 11), 7, AGENT)).isEmpty();
  }

  @Test
  void theRootIsRefused() {
    assertThat(CgroupSafety.refusal(Path.of("/sys/fs/cgroup"), true, Set.of(1, 7), 7, AGENT))
        .hasValueSatisfying(m -> assertThat(m).contains("root cgroup"));
  }

  @Test
  void aCgroupContainingTheAgentIsRefused() {
    assertThat(CgroupSafety.refusal(POD, false, Set.of(10, 7), 7, Optional.empty()))
        .hasValueSatisfying(m -> assertThat(m).contains("contains the agent itself (pid 7)"));
  }

  @Test
  void theAgentsCgroupAndItsAncestorsAreRefused() {
    assertThat(
            CgroupSafety.refusal(Path.of("/sys/fs/cgroup/kubepods"), false, Set.of(10), 7, AGENT))
        .hasValueSatisfying(m -> assertThat(m).contains("ancestor"));
    assertThat(CgroupSafety.refusal(AGENT.get(), false, Set.of(10), 7, AGENT))
        .hasValueSatisfying(m -> assertThat(m).contains("agent's own cgroup"));
    // A sibling whose name merely starts the same is not an ancestor.
    assertThat(
            CgroupSafety.refusal(
                Path.of("/sys/fs/cgroup/kubepods/age"), false, Set.of(10), 7, AGENT))
        .isEmpty();
  }

  @Test
  void anEmptyCgroupIsRefused() {
    assertThat(CgroupSafety.refusal(POD, false, Set.of(), 7, AGENT))
        .hasValueSatisfying(m -> assertThat(m).contains("has no processes"));
  }
}
