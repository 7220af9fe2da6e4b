package dev.predump.agent.proc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcStatusTest {

  @Test
  void nsPidOfAProcessInTheInitialNamespaceIsItsPid() {
    assertThat(ProcStatus.parseNsPid(Fixtures.text("bash-status.txt"))).isEqualTo(11753);
  }

  @Test
  void nsPidIsTheInnermostOfSeveralLevels() {
    assertThat(ProcStatus.parseNsPid(Fixtures.text("edge-status-nested.txt"))).isEqualTo(1);
  }

  @Test
  void fieldsAreFoundByName() {
    String status = Fixtures.text("bash-status.txt");

    assertThat(ProcStatus.field(status, "Name").trim()).isEqualTo("bash");
    assertThat(ProcStatus.field(status, "PPid").trim()).isEqualTo("11751");
  }

  @Test
  void kernelWithoutNspidIsReported() {
    assertThatThrownBy(() -> ProcStatus.parseNsPid("Name:\tsh\nPid:\t5\n"))
        .hasMessageContaining("NSpid:");
  }
}
