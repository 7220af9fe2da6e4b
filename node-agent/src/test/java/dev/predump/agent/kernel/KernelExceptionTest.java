package dev.predump.agent.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KernelExceptionTest {

  @Test
  void namesTheCallAndTheErrno() {
    KernelException e = new KernelException("ptrace PTRACE_SEIZE thread 7", LibC.EPERM);
    assertThat(e.getMessage())
        .isEqualTo("ptrace PTRACE_SEIZE thread 7 failed: EPERM (operation not permitted)");
    assertThat(e.errno()).isEqualTo(1);
    assertThat(e.call()).isEqualTo("ptrace PTRACE_SEIZE thread 7");
    assertThat(e.isNoSuchProcess()).isFalse();
    assertThat(new KernelException("x", 999).getMessage()).endsWith("errno 999");
  }

  @Test
  void aMissingProcessIsRecognisable() {
    KernelException e = new NoSuchProcessException(42, "open /proc/42/mem");
    assertThat(e.isNoSuchProcess()).isTrue();
    assertThat(e.errno()).isEqualTo(LibC.ESRCH);
    assertThat(e.getMessage())
        .isEqualTo("process 42 does not exist or has exited (open /proc/42/mem)");
    assertThat(((NoSuchProcessException) e).pid()).isEqualTo(42);
  }
}
