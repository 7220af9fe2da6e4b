package dev.predump.agent.kernel;

/** Decodes a waitpid(2) status word (the W* macros of glibc). */
record WaitStatus(int raw) {

  static final int PTRACE_EVENT_STOP = 128;

  boolean exited() {
    return (raw & 0x7f) == 0;
  }

  boolean killed() {
    int low = raw & 0x7f;
    return low != 0 && low != 0x7f;
  }

  boolean stopped() {
    return (raw & 0xff) == 0x7f;
  }

  int stopSignal() {
    return (raw >> 8) & 0xff;
  }

  /** The PTRACE_EVENT_* of a ptrace stop; 0 for a signal-delivery stop. */
  int event() {
    return (raw >> 16) & 0xff;
  }
}
