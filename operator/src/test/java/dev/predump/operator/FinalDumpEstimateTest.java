package dev.predump.operator;

import static dev.predump.operator.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.predump.api.v1alpha1.PreDumpStatus;
import dev.predump.api.v1alpha1.Timestamps;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FinalDumpEstimateTest {

  private static final long MIB = 1L << 20;

  @Test
  void noRoundsNoEstimate() {
    assertThat(FinalDumpEstimate.of(new PreDumpStatus())).isEqualTo(FinalDumpEstimate.NONE);
    assertThat(FinalDumpEstimate.of(null)).isEqualTo(FinalDumpEstimate.NONE);
  }

  @Test
  void firstRoundHasNoRateSoItsDirtySetIsTheEstimate() {
    PreDumpStatus s = new PreDumpStatus();
    s.getRounds().add(Fixtures.round(1, T0, Duration.ofSeconds(2), 500 * MIB, null));
    // 500 MiB at 100 MiB/s = 5000 ms, plus the 3 ms freeze.
    assertThat(FinalDumpEstimate.of(s)).isEqualTo(new FinalDumpEstimate(500 * MIB, 5003L));
  }

  @Test
  void dirtyRateTimesTimeSinceTheLastFreeze() {
    PreDumpStatus s = new PreDumpStatus();
    s.getRounds().add(Fixtures.round(1, T0, Duration.ofSeconds(2), 500 * MIB, null));
    s.getRounds()
        .add(Fixtures.round(2, T0.plusSeconds(2), Duration.ofMillis(500), 40 * MIB, 20 * MIB));
    // Completed 0.5 s after its freeze: 20 MiB/s * 0.5 s = 10 MiB; 100 ms at 100 MiB/s + 3 ms.
    assertThat(FinalDumpEstimate.of(s)).isEqualTo(new FinalDumpEstimate(10 * MIB, 103L));
    // A later heartbeat moves the estimate on: 20 MiB/s * 3 s = 60 MiB.
    s.setAgentHeartbeatTime(Timestamps.micros(T0.plusSeconds(5)));
    assertThat(FinalDumpEstimate.of(s).bytes()).isEqualTo(60 * MIB);
  }

  @Test
  void neverMoreThanTheFirstFullRound() {
    PreDumpStatus s = new PreDumpStatus();
    s.getRounds().add(Fixtures.round(1, T0, Duration.ofSeconds(2), 100 * MIB, null));
    s.getRounds()
        .add(Fixtures.round(2, T0.plusSeconds(2), Duration.ofSeconds(1), 90 * MIB, 90 * MIB));
    s.setAgentHeartbeatTime(Timestamps.micros(T0.plusSeconds(3600)));
    assertThat(FinalDumpEstimate.of(s).bytes()).isEqualTo(100 * MIB);
  }

  @Test
  void unknownThroughputLeavesMillisUnknown() {
    PreDumpStatus s = new PreDumpStatus();
    var r = Fixtures.round(1, T0, Duration.ofSeconds(2), MIB, null);
    r.setThroughputBytesPerSecond(null);
    s.getRounds().add(r);
    assertThat(FinalDumpEstimate.of(s)).isEqualTo(new FinalDumpEstimate(MIB, null));
  }
}
