package dev.predump.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimestampsTest {

  private static final Instant T = Instant.parse("2026-01-02T15:04:05.123456789Z");

  @Test
  void secondsLikeMetav1Time() {
    assertThat(Timestamps.seconds(T)).isEqualTo("2026-01-02T15:04:05Z");
  }

  @Test
  void microsLikeMetav1MicroTime() {
    assertThat(Timestamps.micros(T)).isEqualTo("2026-01-02T15:04:05.123456Z");
  }

  @Test
  void parsesUtcAndOffsets() {
    assertThat(Timestamps.parse("2026-01-02T15:04:05Z"))
        .isEqualTo(Instant.parse("2026-01-02T15:04:05Z"));
    assertThat(Timestamps.parse("2026-01-02T16:04:05+01:00"))
        .isEqualTo(Instant.parse("2026-01-02T15:04:05Z"));
    assertThat(Timestamps.parse(Timestamps.micros(T)))
        .isEqualTo(Instant.parse("2026-01-02T15:04:05.123456Z"));
  }

  @Test
  void rejectsNonsense() {
    assertThatThrownBy(() -> Timestamps.parse("yesterday"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("\"yesterday\"");
    assertThatThrownBy(() -> Timestamps.parse(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
