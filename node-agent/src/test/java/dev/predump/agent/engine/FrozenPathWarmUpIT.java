package dev.predump.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The warm-up reads this process's own /proc files; it never stops anything. */
class FrozenPathWarmUpIT {

  @Test
  void runsItsPassesWithinAGenerousBudgetAndStopsAtATinyOne() {
    assertThat(FrozenPathWarmUp.run(Duration.ofSeconds(30))).isEqualTo(FrozenPathWarmUp.PASSES);
    assertThat(FrozenPathWarmUp.run(Duration.ZERO)).isZero();
  }
}
