package dev.predump.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StopPolicyTest {
  private static final long MIB = 1 << 20;

  @Test
  void roundOneNeverCountsAsConvergedEvenWhenSmall() {
    StopPolicy p = new StopPolicy(8, MIB, 0);
    assertThat(p.afterRound(1, 4096, 0)).isEmpty();
  }

  @Test
  void convergesOnceALaterRoundWritesLessThanTheThreshold() {
    StopPolicy p = new StopPolicy(8, MIB, 0);
    assertThat(p.afterRound(2, MIB - 1, 100 * MIB)).contains(StopReason.CONVERGED);
    assertThat(p.afterRound(2, MIB, 100 * MIB)).isEmpty();
  }

  @Test
  void stopsAtMaxRounds() {
    StopPolicy p = new StopPolicy(3, 0, -1);
    assertThat(p.afterRound(2, 10 * MIB, 20 * MIB)).isEmpty();
    assertThat(p.afterRound(3, 10 * MIB, 20 * MIB)).contains(StopReason.MAX_ROUNDS);
  }

  @Test
  void zeroGrowthStopsAtAnyGrowth() {
    StopPolicy p = new StopPolicy(10, 0, 0);
    assertThat(p.afterRound(3, 10 * MIB, 10 * MIB)).isEmpty();
    assertThat(p.afterRound(3, 10 * MIB + 1, 10 * MIB)).contains(StopReason.NOT_CONVERGING);
  }

  @Test
  void convergedWinsOverNotConvergingWhichWinsOverMaxRounds() {
    StopPolicy p = new StopPolicy(3, MIB, 0);
    assertThat(p.afterRound(3, MIB - 1, 0)).contains(StopReason.CONVERGED);
    assertThat(p.afterRound(3, 5 * MIB, 2 * MIB)).contains(StopReason.NOT_CONVERGING);
    assertThat(p.afterRound(3, 2 * MIB, 5 * MIB)).contains(StopReason.MAX_ROUNDS);
  }

  @Test
  void growthToleranceAllowsThatMuchAboveThePreviousRound() {
    StopPolicy p = new StopPolicy(10, 0, 20);
    assertThat(p.afterRound(4, 12 * MIB, 10 * MIB)).isEmpty();
    assertThat(p.afterRound(4, 12 * MIB + 1, 10 * MIB)).contains(StopReason.NOT_CONVERGING);
  }

  @Test
  void roundTwoIsNeverJudgedAgainstTheFullFirstRound() {
    StopPolicy p = new StopPolicy(10, 0, 0);
    assertThat(p.afterRound(2, 500 * MIB, 100 * MIB)).isEmpty();
  }

  @Test
  void negativeGrowthNeverStopsForGrowth() {
    StopPolicy p = new StopPolicy(10, 0, -1);
    assertThat(p.afterRound(5, 100 * MIB, MIB)).isEmpty();
  }

  @Test
  void growthIsComparedWithoutOverflow() {
    assertThat(new StopPolicy(10, 0, 1000).afterRound(3, Long.MAX_VALUE, Long.MAX_VALUE / 2))
        .isEmpty();
    assertThat(new StopPolicy(10, 0, 0).afterRound(3, Long.MAX_VALUE, Long.MAX_VALUE / 2))
        .contains(StopReason.NOT_CONVERGING);
  }

  @Test
  void convergeBelowZeroNeverConverges() {
    assertThat(new StopPolicy(8, 0, -1).afterRound(2, 0, 900 * MIB)).isEmpty();
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> new StopPolicy(0, 0, 0)).hasMessageContaining("at least 1");
    assertThatThrownBy(() -> new StopPolicy(1, -1, 0)).hasMessageContaining("negative");
  }
}
