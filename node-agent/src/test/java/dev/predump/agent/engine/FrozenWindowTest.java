package dev.predump.agent.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The frozen window a round reports runs from the first stop request to the last thaw: the guard's
 * arming before and its disarming after are not time the targets spent frozen.
 */
class FrozenWindowTest {

  private static StoppedTarget stopped(long requested, long resumed) {
    return new StoppedTarget() {
      @Override
      public Set<Integer> processes() {
        return Set.of();
      }

      @Override
      public long freezingNanos() {
        return 0;
      }

      @Override
      public long stopRequestedNanos() {
        return requested;
      }

      @Override
      public long resumedNanos() {
        return resumed;
      }

      @Override
      public void resume() {}
    };
  }

  @Test
  void opensAtTheFirstStopRequestAndClosesAtTheLastThaw() {
    List<StoppedTarget> two = List.of(stopped(1_000, 9_000), stopped(1_500, 7_000));

    assertThat(RoundRunner.windowOpened(two, 0)).isEqualTo(1_000);
    assertThat(RoundRunner.windowClosed(two)).isEqualTo(9_000);
  }

  @Test
  void aTargetThatHasNotSaidWhenItResumedClosesTheWindowNow() {
    long before = System.nanoTime();
    long closed = RoundRunner.windowClosed(List.of(stopped(1_000, 0)));

    assertThat(closed).isGreaterThanOrEqualTo(before);
    assertThat(RoundRunner.windowOpened(List.of(), 42)).isEqualTo(42);
  }
}
