package dev.predump.agent.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WaitStatusTest {

  @Test
  void decodesAnExit() {
    WaitStatus s = new WaitStatus(3 << 8);
    assertThat(s.exited()).isTrue();
    assertThat(s.killed()).isFalse();
    assertThat(s.stopped()).isFalse();
  }

  @Test
  void decodesADeathBySignal() {
    WaitStatus s = new WaitStatus(9);
    assertThat(s.killed()).isTrue();
    assertThat(s.exited()).isFalse();
    assertThat(s.stopped()).isFalse();
  }

  @Test
  void decodesAPtraceInterruptStop() {
    // SIGTRAP | PTRACE_EVENT_STOP << 8, as waitpid reports PTRACE_INTERRUPT.
    WaitStatus s = new WaitStatus((WaitStatus.PTRACE_EVENT_STOP << 16) | (5 << 8) | 0x7f);
    assertThat(s.stopped()).isTrue();
    assertThat(s.killed()).isFalse();
    assertThat(s.event()).isEqualTo(WaitStatus.PTRACE_EVENT_STOP);
    assertThat(s.stopSignal()).isEqualTo(5);
  }

  @Test
  void decodesASignalDeliveryStop() {
    WaitStatus s = new WaitStatus((10 << 8) | 0x7f);
    assertThat(s.stopped()).isTrue();
    assertThat(s.event()).isZero();
    assertThat(s.stopSignal()).isEqualTo(10);
  }
}
