package dev.predump.agent.proc;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UptimeTest {

  @Test
  void secondsAndCentisecondsBecomeMicroseconds() {
    assertThat(Uptime.parseMicros("508.18 919.55\n")).isEqualTo(508_180_000L);
    assertThat(Uptime.parseMicros("123.45 1.00\n")).isEqualTo(123_450_000L);
    assertThat(Uptime.parseMicros("0.07 0.00\n")).isEqualTo(70_000L);
  }

  @Test
  void otherPrecisionsAreTolerated() {
    assertThat(Uptime.parseMicros("12 1")).isEqualTo(12_000_000L);
    assertThat(Uptime.parseMicros("12.3456789 1")).isEqualTo(12_345_678L);
  }
}
