package dev.predump.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConvertersTest {
  @Test
  void sizes() {
    assertThat(Sizes.parse("4096")).isEqualTo(4096);
    assertThat(Sizes.parse("64K")).isEqualTo(64 * 1024);
    assertThat(Sizes.parse("256M")).isEqualTo(256L << 20);
    assertThat(Sizes.parse("1G")).isEqualTo(1L << 30);
    assertThat(Sizes.parse("1GiB")).isEqualTo(1L << 30);
    assertThat(Sizes.parse("1.5g")).isEqualTo(3L << 29);
    assertThatThrownBy(() -> Sizes.parse("lots")).hasMessageContaining("not a size");
  }

  @Test
  void humanSizes() {
    assertThat(Sizes.human(512)).isEqualTo("512 B");
    assertThat(Sizes.human(3L << 29)).isEqualTo("1.5 GiB");
  }

  @Test
  void durations() {
    DurationConverter c = new DurationConverter();
    assertThat(c.convert("250ms")).isEqualTo(Duration.ofMillis(250));
    assertThat(c.convert("250")).isEqualTo(Duration.ofMillis(250));
    assertThat(c.convert("5s")).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.convert("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(c.convert("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.convert("1h")).isEqualTo(Duration.ofHours(1));
    assertThatThrownBy(() -> c.convert("soon")).hasMessageContaining("not a duration");
  }
}
