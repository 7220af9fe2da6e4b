package dev.predump.operator;

import static dev.predump.operator.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.predump.api.v1alpha1.ConditionStatus;
import dev.predump.api.v1alpha1.ConditionType;
import dev.predump.api.v1alpha1.Conditions;
import dev.predump.api.v1alpha1.PreDump;
import dev.predump.api.v1alpha1.PreDumpPhase;
import dev.predump.api.v1alpha1.PreDumpReason;
import dev.predump.api.v1alpha1.PreDumpStatus;
import dev.predump.api.v1alpha1.StatusWriter;
import dev.predump.api.v1alpha1.TargetContainer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusAggregatorTest {

  @Test
  void waitKeepsPendingWithTheReasonOnAllConditions() {
    PreDump pd = Fixtures.preDump("p");
    PreDumpStatus s =
        StatusAggregator.desired(
            pd,
            new Step.Wait(
                PreDumpReason.ConcurrencyLimit, "Waiting for a slot", Duration.ofSeconds(5)),
            T0);
    assertThat(s.getPhase()).isEqualTo(PreDumpPhase.Pending);
    assertThat(s.getObservedGeneration()).isEqualTo(1L);
    assertThat(s.getMessage()).isEqualTo("Waiting for a slot");
    assertThat(Conditions.statusOf(s.getConditions(), ConditionType.PROGRESSING))
        .isEqualTo(ConditionStatus.False);
    assertThat(Conditions.statusOf(s.getConditions(), ConditionType.READY))
        .isEqualTo(ConditionStatus.Unknown);
    assertThat(s.getConditions())
        .allSatisfy(c -> assertThat(c.getReason()).isEqualTo("ConcurrencyLimit"));
    assertThat(s.getNodeName()).isNull();
  }

  @Test
  void dispatchRecordsTheTargetAndStart() {
    Resolution.Resolved target =
        new Resolution.Resolved(
            "node-a", Fixtures.POD_UID, List.of(new TargetContainer("app", "containerd://x")));
    PreDumpStatus s =
        StatusAggregator.desired(Fixtures.preDump("p"), new Step.Dispatch(target), T0);
    assertThat(s.getPhase()).isEqualTo(PreDumpPhase.Running);
    assertThat(s.getNodeName()).isEqualTo("node-a");
    assertThat(s.getPodUID()).isEqualTo(Fixtures.POD_UID);
    assertThat(s.getContainers()).containsExactly(new TargetContainer("app", "containerd://x"));
    assertThat(s.getStartTime()).isEqualTo("2026-01-01T10:00:00Z");
    assertThat(
            Conditions.find(s.getConditions(), ConditionType.PROGRESSING).orElseThrow().getReason())
        .isEqualTo("WaitingForAgent");
  }

  @Test
  void roundsTurnIntoProgressAndEstimatesWithoutTouchingAgentFields() {
    PreDump pd = Fixtures.running("r", "node-a", T0);
    pd.getStatus().getRounds().add(Fixtures.round(1, T0, Duration.ofSeconds(2), 1L << 30, null));
    pd.getStatus().setLatestRound(1);
    PreDumpStatus s =
        StatusAggregator.desired(pd, new Step.Run(Duration.ofSeconds(60)), T0.plusSeconds(3));
    assertThat(s.getMessage()).startsWith("Round 1 done on node node-a");
    assertThat(s.getEstimatedFinalDumpBytes()).isEqualTo(1L << 30);
    assertThat(StatusWriter.AGENT.sameOwnFields(pd.getStatus(), s)).isTrue();
    assertThat(
            Conditions.find(s.getConditions(), ConditionType.PROGRESSING).orElseThrow().getReason())
        .isEqualTo("RoundsRunning");
  }

  @Test
  void sameStepTwiceNeedsNoPatchAndKeepsTransitionTimes() {
    PreDump pd = Fixtures.running("r", "node-a", T0);
    Step run = new Step.Run(Duration.ofSeconds(60));
    pd.setStatus(StatusAggregator.desired(pd, run, T0));
    PreDumpStatus again = StatusAggregator.desired(pd, run, T0.plusSeconds(30));
    assertThat(StatusWriter.OPERATOR.sameOwnFields(pd.getStatus(), again)).isTrue();
  }

  @Test
  void succeededWithoutConvergingSaysWhy() {
    PreDump pd = Fixtures.running("r", "node-a", T0);
    PreDumpStatus s =
        StatusAggregator.desired(
            pd,
            new Step.Succeed(PreDumpReason.MaxRoundsReached, "8 rounds", T0.plusSeconds(9)),
            T0.plusSeconds(10));
    assertThat(s.getPhase()).isEqualTo(PreDumpPhase.Succeeded);
    assertThat(s.getCompletionTime()).isEqualTo("2026-01-01T10:00:09Z");
    assertThat(Conditions.statusOf(s.getConditions(), ConditionType.READY))
        .isEqualTo(ConditionStatus.True);
    assertThat(Conditions.statusOf(s.getConditions(), ConditionType.CONVERGED))
        .isEqualTo(ConditionStatus.False);
    assertThat(
            Conditions.find(s.getConditions(), ConditionType.CONVERGED).orElseThrow().getReason())
        .isEqualTo("MaxRoundsReached");
  }

  @Test
  void failedKeepsAnEarlierCompletionTime() {
    PreDump pd = Fixtures.running("r", "node-a", T0);
    pd.getStatus().setCompletionTime("2026-01-01T09:00:00Z");
    PreDumpStatus s =
        StatusAggregator.desired(pd, new Step.Fail(PreDumpReason.AgentLost, "gone", T0), T0);
    assertThat(s.getPhase()).isEqualTo(PreDumpPhase.Failed);
    assertThat(s.getCompletionTime()).isEqualTo("2026-01-01T09:00:00Z");
    assertThat(Conditions.statusOf(s.getConditions(), ConditionType.READY))
        .isEqualTo(ConditionStatus.False);
  }

  @Test
  void errorOnlyChangesProgressingReasonAndMessage() {
    PreDump pd = Fixtures.running("r", "node-a", T0);
    pd.setStatus(StatusAggregator.desired(pd, new Step.Run(Duration.ofSeconds(1)), T0));
    PreDumpStatus s = StatusAggregator.afterError(pd, "boom", T0.plusSeconds(5));
    assertThat(s.getPhase()).isEqualTo(PreDumpPhase.Running);
    assertThat(s.getMessage()).isEqualTo("boom");
    var progressing = Conditions.find(s.getConditions(), ConditionType.PROGRESSING).orElseThrow();
    assertThat(progressing.getStatus()).isEqualTo(ConditionStatus.True);
    assertThat(progressing.getReason()).isEqualTo("InternalError");
  }
}
