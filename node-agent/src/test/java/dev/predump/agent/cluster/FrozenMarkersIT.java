package dev.predump.agent.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.predump.agent.cgroup.Cgroup;
import dev.predump.agent.engine.StoppedTarget;
import dev.predump.agent.engine.Target;
import dev.predump.agent.engine.Targets;
import dev.predump.agent.workload.ContainerWorkload;
import dev.predump.agent.workload.WorkloadSpec;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restart safety: markers follow the freezes, and a new agent thaws what an old one left frozen.
 */
class FrozenMarkersIT {
  @TempDir Path state;

  @Test
  void markedTargetLeavesAMarkerExactlyWhileFrozen() throws Exception {
    FrozenMarkers markers = new FrozenMarkers(state);
    try (ContainerWorkload c =
            ContainerWorkload.start(
                "agent-it", "burstable", new WorkloadSpec(4 << 20, 4, 0, false, 5));
        Target target = new MarkedTarget(Targets.cgroup(c.cgroup()), markers)) {
      assertThat(markers.marked()).isEmpty();
      StoppedTarget stopped = target.stop(Duration.ofSeconds(2));
      assertThat(markers.marked()).containsExactly(c.cgroup());
      stopped.resume();
      assertThat(markers.marked()).isEmpty();
      assertThat(Cgroup.at(c.cgroup()).freezer().isFrozen()).isFalse();
    }
  }

  @Test
  void thawAllThawsACgroupAPreviousAgentLeftFrozen() throws Exception {
    FrozenMarkers markers = new FrozenMarkers(state);
    try (ContainerWorkload c =
        ContainerWorkload.start(
            "agent-it", "burstable", new WorkloadSpec(4 << 20, 4, 0, false, 5))) {
      // What an agent killed between freeze and thaw (its thaw guard killed too) leaves behind.
      markers.mark(c.cgroup());
      Cgroup.at(c.cgroup()).freezer().freeze(Duration.ofSeconds(2));
      assertThat(Cgroup.at(c.cgroup()).freezer().isFrozen()).isTrue();
      markers.mark(state.resolve("a-cgroup-that-is-gone"));

      assertThat(new FrozenMarkers(state).thawAll()).containsExactly(c.cgroup());

      assertThat(Cgroup.at(c.cgroup()).freezer().isFrozen()).isFalse();
      assertThat(markers.marked()).isEmpty();
      assertThat(c.process().check()).isTrue();
    }
  }
}
