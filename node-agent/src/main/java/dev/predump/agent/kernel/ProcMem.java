package dev.predump.agent.kernel;

import jnr.ffi.Pointer;

/**
 * Reads another process's memory with {@code pread} on {@code /proc/PID/mem}.
 *
 * <p>Unlike process_vm_readv, this goes through FOLL_FORCE, so it also reads mappings without
 * PROT_READ. Opened lazily: most copies never need it.
 */
final class ProcMem implements AutoCloseable {

  private final int pid;
  private ProcFile file;

  ProcMem(int pid) {
    this.pid = pid;
  }

  /**
   * Reads up to {@code count} bytes at {@code vaddr}: the bytes read (a short count stops at the
   * first page that failed), 0 when the process has no memory any more (exited or zombie), or
   * {@code -errno} when the first page failed.
   */
  long read(Pointer buf, long count, long vaddr) throws KernelException {
    if (file == null) {
      file = ProcFile.open(pid, "mem", LibC.O_RDONLY);
    }
    return file.pread(buf, count, vaddr);
  }

  @Override
  public void close() {
    if (file != null) {
      file.close();
      file = null;
    }
  }
}
