package dev.predump.agent.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcStatTest {

  @Test
  void parsesACapturedStatLine() {
    ProcStat.Fields stat = ProcStat.parse(Fixtures.text("bash-stat.txt"));

    assertThat(stat.pid()).isEqualTo(11753);
    assertThat(stat.comm()).isEqualTo("bash");
    assertThat(stat.state()).isEqualTo('S');
    assertThat(stat.ppid()).isEqualTo(11751);
    assertThat(stat.processGroup()).isEqualTo(11751);
    assertThat(stat.session()).isEqualTo(2915);
    assertThat(stat.startTimeTicks()).isEqualTo(81950);
    assertThat(stat.cpuTicks()).isZero();
  }

  @Test
  void commWithSpacesAndParenthesesIsParsedFromTheLastParenthesis() {
    ProcStat.Fields stat = ProcStat.parse(Fixtures.text("edge-stat.txt"));

    assertThat(stat.pid()).isEqualTo(4242);
    assertThat(stat.comm()).isEqualTo("x) (y z");
    assertThat(stat.state()).isEqualTo('S');
    assertThat(stat.ppid()).isEqualTo(1);
    assertThat(stat.userTicks()).isEqualTo(7);
    assertThat(stat.systemTicks()).isEqualTo(3);
    assertThat(stat.cpuTicks()).isEqualTo(10);
    assertThat(stat.startTimeTicks()).isEqualTo(123456);
  }

  @Test
  void truncatedLineIsRefused() {
    assertThatThrownBy(() -> ProcStat.parse("12 (sh) S 1 2 3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fields");
    assertThatThrownBy(() -> ProcStat.parse("garbage"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("(comm)");
  }
}
