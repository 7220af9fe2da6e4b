package dev.predump.agent.kernel;

/** The target process does not exist, has exited, or is a zombie (it has no memory left). */
public final class NoSuchProcessException extends KernelException {

  private static final long serialVersionUID = 1L;

  private final int pid;

  public NoSuchProcessException(int pid, String call) {
    this(pid, call, "process " + pid + " does not exist or has exited (" + call + ")");
  }

  public NoSuchProcessException(int pid, String call, String message) {
    super(call, LibC.ESRCH, message);
    this.pid = pid;
  }

  /** The pid that was asked for. */
  public int pid() {
    return pid;
  }

  @Override
  public boolean isNoSuchProcess() {
    return true;
  }
}
