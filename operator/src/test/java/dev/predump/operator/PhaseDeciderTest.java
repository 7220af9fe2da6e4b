package dev.predump.operator;

import static dev.predump.operator.Fixtures.BOUNDS;
import static dev.predump.operator.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.predump.api.v1alpha1.AgentOutcome;
import dev.predump.api.v1alpha1.AgentResult;
import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpPhase;
import dev.predump.api.v1alpha1.PreDumpReason;
import dev.predump.api.v1alpha1.Timestamps;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PhaseDeciderTest {

  private final PhaseDecider decider = new PhaseDecider(BOUNDS);

  private Step decide(PreDump pd, boolean withPod, Instant leaseRenewed, Instant now) {
    return decider.decide(
        new Observation(
            pd,
            withPod ? Fixtures.pod("Running", "node-a") : null,
            leaseRenewed == null ? null : Fixtures.lease("node-a", leaseRenewed),
            now));
  }

  @Test
  void pendingWithPodAndAgentDispatches() {
    Step step = decide(Fixtures.preDump("p"), true, T0, T0.plusSeconds(1));
    assertThat(step).isInstanceOf(Step.Dispatch.class);
    Resolution.Resolved target = ((Step.Dispatch) step).target();
    assertThat(target.nodeName()).isEqualTo("node-a");
    assertThat(target.podUID()).isEqualTo(Fixtures.POD_UID);
    assertThat(target.containers())
        .extracting("containerID")
        .containsExactly("containerd://app-id");
  }

  @Test
  void missingPodWaitsThenFails() {
    Step early = decide(Fixtures.preDump("p"), false, T0, T0.plusSeconds(10));
    assertThat(early)
        .isInstanceOfSatisfying(
            Step.Wait.class,
            w -> {
              assertThat(w.reason()).isEqualTo(PreDumpReason.PodNotFound);
              assertThat(w.after()).isEqualTo(Duration.ofSeconds(50).plus(PhaseDecider.MARGIN));
            });
    Step late = decide(Fixtures.preDump("p"), false, T0, T0.plusSeconds(60));
    assertThat(late)
        .isInstanceOfSatisfying(
            Step.Fail.class, f -> assertThat(f.reason()).isEqualTo(PreDumpReason.PodNotFound));
  }

  @Test
  void missingAgentWaitsForGraceFromCreationThenFails() {
    assertThat(decide(Fixtures.preDump("p"), true, null, T0.plusSeconds(29)))
        .isInstanceOfSatisfying(
            Step.Wait.class, w -> assertThat(w.reason()).isEqualTo(PreDumpReason.WaitingForAgent));
    assertThat(decide(Fixtures.preDump("p"), true, null, T0.plusSeconds(30)))
        .isInstanceOfSatisfying(
            Step.Fail.class, f -> assertThat(f.reason()).isEqualTo(PreDumpReason.NoAgentOnNode));
  }

  @Test
  void agentThatWentStaleWhileQueuedGetsTheWholeGrace() {
    // Created at T0, Lease last renewed at T0+100s: stale from T0+130s, fails at T0+160s.
    Instant renewed = T0.plusSeconds(100);
    assertThat(decide(Fixtures.preDump("p"), true, renewed, T0.plusSeconds(150)))
        .isInstanceOf(Step.Wait.class);
    assertThat(decide(Fixtures.preDump("p"), true, renewed, T0.plusSeconds(160)))
        .isInstanceOf(Step.Fail.class);
  }

  @Test
  void runningFailsWhenTheAgentIsSilent() {
    PreDump pd = Fixtures.running("r", "node-a", T0);
    pd.getStatus().setAgentHeartbeatTime(Timestamps.micros(T0.plusSeconds(20)));
    assertThat(decide(pd, true, T0, T0.plusSeconds(79)))
        .isInstanceOfSatisfying(
            Step.Run.class,
            r -> assertThat(r.after()).isEqualTo(Duration.ofSeconds(1).plus(PhaseDecider.MARGIN)));
    assertThat(decide(pd, true, T0, T0.plusSeconds(80)))
        .isInstanceOfSatisfying(
            Step.Fail.class, f -> assertThat(f.reason()).isEqualTo(PreDumpReason.AgentLost));
  }

  @Test
  void runningTimesOutAfterTimeoutPlusGrace() {
    PreDump pd = Fixtures.running("r", "node-a", T0);
    pd.getSpec().setTimeout("10m");
    pd.getStatus().setAgentHeartbeatTime(Timestamps.micros(T0.plusSeconds(629)));
    assertThat(decide(pd, true, T0, T0.plusSeconds(629))).isInstanceOf(Step.Run.class);
    assertThat(decide(pd, true, T0, T0.plusSeconds(630)))
        .isInstanceOfSatisfying(
            Step.Fail.class, f -> assertThat(f.reason()).isEqualTo(PreDumpReason.TimedOut));
  }

  @Test
  void runningFailsWhenThePodIsReplaced() {
    PreDump pd = Fixtures.running("r", "node-a", T0);
    var pod = Fixtures.pod("Running", "node-a");
    pod.getMetadata().setUid("11111111-2222-3333-4444-555555555555");
    Step step =
        decider.decide(new Observation(pd, pod, Fixtures.lease("node-a", T0), T0.plusSeconds(1)));
    assertThat(step)
        .isInstanceOfSatisfying(
            Step.Fail.class, f -> assertThat(f.reason()).isEqualTo(PreDumpReason.PodReplaced));
  }

  @Test
  void agentOutcomeDecidesTheEnd() {
    PreDump pd = Fixtures.running("r", "node-a", T0);
    AgentOutcome outcome = new AgentOutcome();
    outcome.setResult(AgentResult.Completed);
    outcome.setReason(PreDumpReason.NotConverging);
    outcome.setTime(Timestamps.seconds(T0.plusSeconds(42)));
    pd.getStatus().setAgentOutcome(outcome);
    assertThat(decide(pd, true, T0, T0.plusSeconds(43)))
        .isInstanceOfSatisfying(
            Step.Succeed.class,
            s -> {
              assertThat(s.reason()).isEqualTo(PreDumpReason.NotConverging);
              assertThat(s.at()).isEqualTo(T0.plusSeconds(42));
            });
    outcome.setResult(AgentResult.Failed);
    outcome.setReason(PreDumpReason.FreezeBudgetExceeded);
    assertThat(decide(pd, true, T0, T0.plusSeconds(43)))
        .isInstanceOfSatisfying(
            Step.Fail.class,
            f -> assertThat(f.reason()).isEqualTo(PreDumpReason.FreezeBudgetExceeded));
    outcome.setResult(AgentResult.Cancelled);
    outcome.setReason(null);
    assertThat(decide(pd, true, T0, T0.plusSeconds(43)))
        .isInstanceOfSatisfying(
            Step.Fail.class, f -> assertThat(f.reason()).isEqualTo(PreDumpReason.Cancelled));
  }

  @Test
  void finishedAppliesTheTtl() {
    PreDump pd = Fixtures.running("r", "node-a", T0);
    pd.getStatus().setPhase(PreDumpPhase.Succeeded);
    pd.getStatus().setCompletionTime(Timestamps.seconds(T0.plusSeconds(100)));
    assertThat(decide(pd, true, T0, T0.plusSeconds(200))).isEqualTo(new Step.Finished(null));
    pd.getSpec().getRetention().setTtlSecondsAfterFinished(60);
    Step.Finished before = (Step.Finished) decide(pd, true, T0, T0.plusSeconds(150));
    assertThat(before.expired()).isFalse();
    assertThat(before.recheck()).contains(Duration.ofSeconds(10));
    assertThat(((Step.Finished) decide(pd, true, T0, T0.plusSeconds(160))).expired()).isTrue();
  }
}
