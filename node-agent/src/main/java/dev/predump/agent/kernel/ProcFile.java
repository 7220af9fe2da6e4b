package dev.predump.agent.kernel;

import jnr.ffi.Pointer;

/** An open file under {@code /proc/PID/}; owns the descriptor, which never leaves the package. */
final class ProcFile extends OpenFile {

  private final int pid;

  private ProcFile(int pid, String path, int fd) {
    super(path, fd);
    this.pid = pid;
  }

  /** Opens {@code /proc/<pid>/<name>}; {@code pid} 0 means {@code /proc/self}. */
  static ProcFile open(int pid, String name, int flags) throws KernelException {
    String path = "/proc/" + (pid == 0 ? "self" : Integer.toString(pid)) + "/" + name;
    return new ProcFile(pid, path, LibC.open(path, flags, pid));
  }

  int pid() {
    return pid;
  }

  /** pread into native memory: bytes read (0 at end), or {@code -errno}. */
  long pread(Pointer buf, long count, long offset) {
    return LibC.pread(descriptor(), buf, count, offset);
  }

  /** ioctl with a pointer argument: the result, or {@code -errno}. */
  int ioctl(long request, Pointer arg) {
    return LibC.ioctl(descriptor(), request, arg);
  }

  void write(byte[] data) throws KernelException {
    LibC.write(descriptor(), data, path());
  }
}
