package dev.predump.operator;

import static dev.predump.operator.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpReason;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetResolverTest {

  @Test
  void unscheduledPodWaits() {
    Resolution r = TargetResolver.resolve(Fixtures.preDump("p"), Fixtures.pod("Pending", null));
    assertThat(r)
        .isEqualTo(
            new Resolution.Unresolved(
                PreDumpReason.PodNotRunning, "Pod web-0 is not scheduled yet", false));
  }

  @Test
  void terminatedPodFailsAtOnce() {
    Resolution r = TargetResolver.resolve(Fixtures.preDump("p"), Fixtures.pod("Succeeded", "n"));
    assertThat(r)
        .isInstanceOfSatisfying(
            Resolution.Unresolved.class,
            u -> {
              assertThat(u.reason()).isEqualTo(PreDumpReason.PodNotRunning);
              assertThat(u.permanent()).isTrue();
            });
  }

  @Test
  void unknownContainerNamesWhatThePodHas() {
    PreDump pd = Fixtures.preDump("p");
    pd.getSpec().setContainers(List.of("db"));
    assertThat(TargetResolver.resolve(pd, Fixtures.pod("Running", "n")))
        .isEqualTo(
            new Resolution.Unresolved(
                PreDumpReason.ContainerNotFound,
                "Pod web-0 has no container db (it has app)",
                true));
  }

  @Test
  void restartedContainerEndsTheRun() {
    PreDump pd = Fixtures.running("r", "n", T0);
    var pod = Fixtures.pod("Running", "n");
    pod.getStatus().getContainerStatuses().get(0).setContainerID("containerd://new-id");
    assertThat(TargetResolver.recheck(pd, pod))
        .hasValueSatisfying(u -> assertThat(u.reason()).isEqualTo(PreDumpReason.TargetExited));
    assertThat(TargetResolver.recheck(pd, Fixtures.pod("Running", "n"))).isEmpty();
  }
}
