package dev.predump.api.v1alpha1;

import static dev.predump.api.v1alpha1.ConditionStatus.False;
import static dev.predump.api.v1alpha1.ConditionStatus.True;
import static dev.predump.api.v1alpha1.ConditionStatus.Unknown;
import static dev.predump.api.v1alpha1.ConditionType.CONVERGED;
import static dev.predump.api.v1alpha1.ConditionType.PROGRESSING;
import static dev.predump.api.v1alpha1.ConditionType.READY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {

  private static final Instant T0 = Instant.parse("2026-01-02T15:04:05.900Z");
  private static final Instant T1 = T0.plusSeconds(30);

  @Test
  void addsAMissingCondition() {
    List<Condition> conditions =
        Conditions.set(null, READY, Unknown, PreDumpReason.Resolving, "Looking up pod", 1, T0);

    assertThat(conditions)
        .containsExactly(
            new Condition(
                READY, Unknown, "Resolving", "Looking up pod", "2026-01-02T15:04:05Z", 1L));
  }

  @Test
  void keepsTheTransitionTimeWhileTheStatusStays() {
    List<Condition> before =
        Conditions.set(
            null, PROGRESSING, True, PreDumpReason.WaitingForAgent, "Handed to agent", 1, T0);

    List<Condition> after =
        Conditions.set(
            before, PROGRESSING, True, PreDumpReason.RoundsRunning, "Round 3 done", 2, T1);

    Condition progressing = Conditions.find(after, PROGRESSING).orElseThrow();
    assertThat(progressing.getLastTransitionTime()).isEqualTo(Timestamps.seconds(T0));
    assertThat(progressing.getReason()).isEqualTo("RoundsRunning");
    assertThat(progressing.getMessage()).isEqualTo("Round 3 done");
    assertThat(progressing.getObservedGeneration()).isEqualTo(2L);
  }

  @Test
  void movesTheTransitionTimeWhenTheStatusChanges() {
    List<Condition> before =
        Conditions.set(null, READY, Unknown, PreDumpReason.RoundsRunning, "Running", 1, T0);

    List<Condition> after =
        Conditions.set(before, READY, False, PreDumpReason.TimedOut, "Timeout 30m passed", 1, T1);

    assertThat(Conditions.find(after, READY).orElseThrow().getLastTransitionTime())
        .isEqualTo(Timestamps.seconds(T1));
  }

  @Test
  void sameInputGivesAnEqualListSoNoPatchIsNeeded() {
    List<Condition> once =
        Conditions.set(null, CONVERGED, True, PreDumpReason.Converged, "12 MiB dirty", 3, T0);

    List<Condition> twice =
        Conditions.set(once, CONVERGED, True, PreDumpReason.Converged, "12 MiB dirty", 3, T1);

    assertThat(twice).isEqualTo(once);
  }

  @Test
  void replacesInPlaceAndKeepsTheOthers() {
    List<Condition> conditions = new ArrayList<>();
    conditions = Conditions.set(conditions, READY, Unknown, PreDumpReason.Resolving, "", 1, T0);
    conditions = Conditions.set(conditions, PROGRESSING, True, PreDumpReason.Resolving, "", 1, T0);
    conditions = Conditions.set(conditions, CONVERGED, Unknown, PreDumpReason.Resolving, "", 1, T0);

    conditions =
        Conditions.set(conditions, PROGRESSING, False, PreDumpReason.Converged, "done", 1, T1);

    assertThat(conditions)
        .extracting(Condition::getType)
        .containsExactly(READY, PROGRESSING, CONVERGED);
    assertThat(Conditions.statusOf(conditions, PROGRESSING)).isEqualTo(False);
    assertThat(Conditions.statusOf(conditions, READY)).isEqualTo(Unknown);
  }

  @Test
  void neverModifiesItsInput() {
    List<Condition> input =
        Conditions.set(null, READY, Unknown, PreDumpReason.Resolving, "Looking up pod", 1, T0);
    List<Condition> copy = List.copyOf(input);
    Condition original = input.get(0);
    String originalText = original.toString();

    List<Condition> output =
        Conditions.set(input, READY, True, PreDumpReason.Converged, "Chain ready", 2, T1);

    assertThat(input).isEqualTo(copy);
    assertThat(original.toString()).isEqualTo(originalText);
    assertThat(output.get(0)).isNotSameAs(original);
  }

  @Test
  void queries() {
    List<Condition> conditions =
        Conditions.set(null, READY, True, PreDumpReason.Converged, "Chain ready", 1, T0);

    assertThat(Conditions.isTrue(conditions, READY)).isTrue();
    assertThat(Conditions.isTrue(conditions, CONVERGED)).isFalse();
    assertThat(Conditions.statusOf(conditions, CONVERGED)).isEqualTo(Unknown);
    assertThat(Conditions.find(null, READY)).isEmpty();
    assertThat(ConditionStatus.of(true)).isEqualTo(True);
    assertThat(ConditionStatus.of(false)).isEqualTo(False);
  }

  @Test
  void requiresTypeStatusAndReason() {
    assertThatThrownBy(() -> Conditions.set(null, READY, True, null, "m", 1, T0))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("reason");
  }
}
