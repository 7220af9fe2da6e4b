package dev.predump.api.v1alpha1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @ParameterizedTest
  @CsvSource({
    "0s, 0",
    "1ns, 1",
    "250us, 250000",
    "250ms, 250000000",
    "1.5s, 1500000000",
    "5m, 300000000000",
    "1h30m, 5400000000000",
    "2h45m30.5s, 9930500000000",
    "100ms100ms, 200000000",
    "0.0000000001s, 0",
    "24h, 86400000000000",
  })
  void parsesGoDurations(String text, long nanos) {
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofNanos(nanos));
    assertThat(Durations.isValid(text)).isTrue();
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"5", "-5s", "5 s", "5S", "1d", "µs", "5µs", ".5s", "5.s", "1h-30m", "s"})
  void rejectsWhatThePatternRejects(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid duration \"" + text + "\"")
        .hasMessageContaining("\"250ms\"");
    assertThat(Durations.isValid(text)).isFalse();
    if (text != null) {
      assertThat(text).doesNotMatch(PreDumpRules.DURATION);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"2562048h", "9999999999999h", "9223372036.854775808s"})
  void rejectsDurationsBeyondGoRange(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too long");
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0s",
    "7, 7ns",
    "1500, 1.5us",
    "250000000, 250ms",
    "1000000000, 1s",
    "1500000000, 1.5s",
    "300000000000, 5m0s",
    "5400000000000, 1h30m0s",
    "9930500000000, 2h45m30.5s",
  })
  void formatsLikeGo(long nanos, String text) {
    assertThat(Durations.format(Duration.ofNanos(nanos))).isEqualTo(text);
    assertThat(Durations.parse(text)).isEqualTo(Duration.ofNanos(nanos));
  }

  @Test
  void rejectsNegativeDurationsWhenFormatting() {
    assertThatThrownBy(() -> Durations.format(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void defaultsParse() {
    assertThat(Durations.parse(PreDumpRules.FREEZE_BUDGET_DEFAULT))
        .isEqualTo(Duration.ofMillis(100));
    assertThat(Durations.parse(PreDumpRules.TIMEOUT_DEFAULT)).isEqualTo(Duration.ofMinutes(30));
    assertThat(Durations.parse(PreDumpRules.INTERVAL_DEFAULT)).isZero();
  }
}
