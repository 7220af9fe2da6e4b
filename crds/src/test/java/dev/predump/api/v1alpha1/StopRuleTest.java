package dev.predump.api.v1alpha1;

import static dev.predump.api.v1alpha1.PreDumpReason.Converged;
import static dev.predump.api.v1alpha1.PreDumpReason.MaxRoundsReached;
import static dev.predump.api.v1alpha1.PreDumpReason.NotConverging;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StopRuleTest {

  private static final long MIB = 1024 * 1024;

  @Test
  void noRoundsNoDecision() {
    assertThat(StopRule.decide(policy(8, 64 * MIB, 20), List.of())).isEmpty();
  }

  @Test
  void firstRoundNeverConverges() {
    assertThat(StopRule.decide(policy(8, 64 * MIB, 20), List.of(MIB))).isEmpty();
  }

  @Test
  void convergesBelowTheThreshold() {
    RoundPolicy p = policy(8, 64 * MIB, 20);
    assertThat(StopRule.decide(p, List.of(900 * MIB, 64 * MIB))).isEmpty();
    assertThat(StopRule.decide(p, List.of(900 * MIB, 64 * MIB - 1))).contains(Converged);
  }

  @Test
  void zeroThresholdNeverConverges() {
    assertThat(StopRule.decide(policy(8, 0, 20), List.of(900 * MIB, 0L))).isEmpty();
  }

  @Test
  void notConvergingFromTheThirdRound() {
    RoundPolicy p = policy(8, MIB, 20);
    // Round 2 may be larger than round 1 (a partial first round); growth counts from round 3.
    assertThat(StopRule.decide(p, List.of(100 * MIB, 300 * MIB))).isEmpty();
    assertThat(StopRule.decide(p, List.of(100 * MIB, 300 * MIB, 360 * MIB))).isEmpty();
    assertThat(StopRule.decide(p, List.of(100 * MIB, 300 * MIB, 360 * MIB + 1)))
        .contains(NotConverging);
  }

  @Test
  void zeroToleranceStopsAtTheFirstRoundThatGrows() {
    RoundPolicy p = policy(8, MIB, 0);
    assertThat(StopRule.decide(p, List.of(9 * MIB, 5 * MIB, 5 * MIB))).isEmpty();
    assertThat(StopRule.decide(p, List.of(9 * MIB, 5 * MIB, 5 * MIB + 1))).contains(NotConverging);
  }

  @Test
  void stopsAtMaxRounds() {
    RoundPolicy p = policy(3, MIB, 20);
    assertThat(StopRule.decide(p, List.of(90 * MIB, 50 * MIB))).isEmpty();
    assertThat(StopRule.decide(p, List.of(90 * MIB, 50 * MIB, 40 * MIB)))
        .contains(MaxRoundsReached);
    assertThat(StopRule.decide(policy(1, MIB, 20), List.of(90 * MIB))).contains(MaxRoundsReached);
  }

  @Test
  void convergedWinsOverMaxRounds() {
    assertThat(StopRule.decide(policy(2, 64 * MIB, 20), List.of(900 * MIB, MIB)))
        .isEqualTo(Optional.of(Converged));
  }

  @Test
  void nullPolicyAndFieldsTakeDefaults() {
    RoundPolicy empty = new RoundPolicy();
    empty.setMax(null);
    empty.setConvergeBelow(null);
    empty.setMaxGrowthPercent(null);
    List<Long> eightRounds =
        List.of(
            9L * MIB * 100,
            900 * MIB,
            800 * MIB,
            700 * MIB,
            650 * MIB,
            600 * MIB,
            550 * MIB,
            500 * MIB);
    assertThat(StopRule.decide(empty, eightRounds)).contains(MaxRoundsReached);
    assertThat(StopRule.decide(null, eightRounds)).contains(MaxRoundsReached);
    assertThat(StopRule.decide(null, List.of(900 * MIB, 63 * MIB))).contains(Converged);
  }

  @Test
  void growthArithmeticDoesNotOverflow() {
    assertThat(StopRule.grewTooMuch(Long.MAX_VALUE / 2, Long.MAX_VALUE, 1000)).isFalse();
    assertThat(StopRule.grewTooMuch(Long.MAX_VALUE / 2, Long.MAX_VALUE, 0)).isTrue();
  }

  private static RoundPolicy policy(int max, long convergeBelow, int growthPercent) {
    RoundPolicy p = new RoundPolicy();
    p.setMax(max);
    p.setConvergeBelow(convergeBelow);
    p.setMaxGrowthPercent(growthPercent);
    return p;
  }
}
